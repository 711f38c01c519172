"""The raw report table, as the extractors hand it to the normalizer.

Both extractors (Word and PDF) produce this same model, so the normalizer never knows which
format a submission came in. No python-docx or pdfplumber object ever appears here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import StringConstraints

from mandate_etl.models.base import FrozenModel
from mandate_etl.models.findings import Finding
from mandate_etl.models.source import SourceRef


class ColumnRole(StrEnum):
    """The five columns of the report template, found by their header words."""

    OFFICE = "office"
    PROGRAM = "program"
    INSTITUTIONAL = "institutional"
    CARRIED_OUT = "carried_out"
    PLANNED = "planned"


RowKind = Literal["header", "group", "body"]
# The name of an input format; the readers in `extract/registry.py` define which exist
# (docx, doc, odt, rtf, pdf). Models cannot import the extract stage, so the set lives there.
Format = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$")]


class SourceFile(FrozenModel):
    """The submission file: its path relative to the working directory, hash and format."""

    path: str
    sha256: str
    format: Format
    size: int


class Paragraph(FrozenModel):
    """One paragraph of a cell.

    `text` is the paragraph's own characters, as written. `label` is a list number or bullet
    that Word draws from numbering.xml and that the text itself does not hold ("1)", "•", "-");
    a typed "1) " or a printed PDF bullet stays in `text` and `label` is None.
    """

    text: str
    label: str | None = None
    level: int = 0
    nested: bool = False
    ref: SourceRef

    @property
    def full_text(self) -> str:
        """Return the paragraph as a reader sees it: label, a space, then the text."""
        return f"{self.label} {self.text}" if self.label else self.text


class Cell(FrozenModel):
    """One cell (a merged cell once), with its paragraphs in reading order."""

    column: int
    span: int = 1
    role: ColumnRole | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    has_nested_table: bool = False
    ref: SourceRef

    @property
    def is_empty(self) -> bool:
        """True when no paragraph holds anything but white space."""
        return all(not p.full_text.strip() for p in self.paragraphs)


class Row(FrozenModel):
    """One row of the report table; a row continued across pages or merges is one row."""

    kind: RowKind
    cells: tuple[Cell, ...]
    ref: SourceRef

    def cell(self, role: ColumnRole) -> Cell | None:
        """Return the cell playing `role`, or None when the row has none."""
        return next((c for c in self.cells if c.role == role), None)


class ExtractedReport(FrozenModel):
    """Everything an extractor read from one submission; `findings` are what the reader could
    not read with confidence (a PDF line end that may or may not end a paragraph)."""

    source: SourceFile
    rows: tuple[Row, ...]
    header_texts: tuple[str, ...] = ()
    preamble: tuple[str, ...] = ()
    tables_seen: int = 1
    pages: int | None = None
    findings: tuple[Finding, ...] = ()
