"""The format-neutral grid both extractors build before rows are classified.

A `GridTable` is what one Word table or one PDF page's table looks like: rows of cells with
their grid column and span. `grid_to_rows` (in `rows.py`) turns the grid tables of one file
into the report's rows. Private to `extract/`.
"""

from __future__ import annotations

from dataclasses import dataclass

from mandate_etl.models import Paragraph, SourceRef


@dataclass
class GridCell:
    """A cell once, however many grid columns or rows it spans (0-based `column`).

    `joins_paragraph` is set when the cell's first paragraph is the end of the last paragraph
    of the same column in the row it continues (a paragraph broken by a page break).
    """

    column: int
    span: int
    paragraphs: list[Paragraph]
    ref: SourceRef
    has_nested_table: bool = False
    joins_paragraph: bool = False

    def text(self) -> str:
        """Return the cell's paragraphs joined by newlines."""
        return "\n".join(p.full_text for p in self.paragraphs)


@dataclass
class GridRow:
    """One row of a grid table.

    `continues_previous` is set when the row carries on the row above it: a Word row whose
    first cell is a vertical-merge continuation, or a PDF row at the top of a page whose first
    cell is empty. Each cell's `joins_paragraph` says whether its first paragraph ends the
    previous fragment's last one (a paragraph broken by the page break).
    """

    cells: list[GridCell]
    ref: SourceRef
    continues_previous: bool = False


@dataclass
class GridTable:
    """One table of the file: its rows and the number of grid columns."""

    rows: list[GridRow]
    columns: int
    ref: SourceRef
    page: int | None = None
