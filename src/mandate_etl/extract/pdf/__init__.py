"""Given a PDF file, return its report table (pdfplumber objects stay in this package)."""

from __future__ import annotations

from pathlib import Path

from mandate_etl.errors import (
    EncryptedPdfError,
    ExtractError,
    LostTextError,
    NoTextLayerError,
    UndecodableTextError,
)
from mandate_etl.extract.pdf.continuation import mark_continuations
from mandate_etl.extract.pdf.document import iter_pages, open_pdf
from mandate_etl.extract.pdf.layout import Line
from mandate_etl.extract.pdf.tables import PageTable
from mandate_etl.extract.pdf.vocabulary import Doubt, reference_words, resolve_cuts
from mandate_etl.extract.rows import grid_to_report
from mandate_etl.models import ExtractedReport, Finding, SourceFile, SourceRef
from mandate_etl.models.findings import place_of

__all__ = ["read_pdf", "EncryptedPdfError", "NoTextLayerError", "UndecodableTextError"]

UNDECODABLE_SHARE = 0.005  # a real report's fonts map every glyph; 0.5% unmapped is a broken map


def read_pdf(path: Path, source: SourceFile) -> ExtractedReport:
    """Return the report table of the PDF at `path`; raise ExtractError when unreadable."""
    pages: list[list[PageTable]] = []
    words = chars = undecodable = 0
    preamble: list[str] = []
    known: set[str] = set()
    with open_pdf(path, source.path) as pdf:
        for page in iter_pages(pdf, source.path):
            pages.append(page.tables)
            words += page.word_count
            chars, undecodable = chars + page.char_count, undecodable + page.undecodable
            known |= page.inner
            if not any(pages[:-1]) and page.tables:
                preamble = _preamble(page.outside, page.tables[0])
    if not pages:
        raise ExtractError("PDF has no pages", file=source.path)
    if not words:
        raise NoTextLayerError("no text layer; OCR is not supported", file=source.path)
    if undecodable > UNDECODABLE_SHARE * chars:
        raise UndecodableTextError(
            f"{undecodable} of {chars} characters have no text (the PDF's fonts carry no text map); "
            "send the Word file",
            file=source.path,
        )
    tables = [t.grid for page_tables in pages for t in page_tables]
    known_words = frozenset(known | reference_words())
    doubts = resolve_cuts(tables, known_words)
    mark_continuations(pages, known_words)
    report = grid_to_report(tables, source, preamble, pages=len(pages))
    refuse_lost_text(pages, len(report.header_texts), source.path)
    columns = len(report.header_texts)
    findings = unsure_breaks(pages, columns, source.path) + unsure_cuts(doubts, columns, source.path)
    return report.model_copy(update={"findings": findings})


def unsure_breaks(pages: list[list[PageTable]], columns: int, display: str) -> tuple[Finding, ...]:
    """Return a W-TEXT-BREAK-UNSURE warning for each paragraph of a report table (one with the
    report's `columns`) begun at a line end the page leaves open: read so, but not provable."""
    message = (
        "a sentence ends at the cell's edge, where a paragraph end leaves no mark; the "
        "list's lead-in after it was read as a paragraph of its own"
    )
    return tuple(
        _unsure(message, paragraph.text, paragraph.ref, display)
        for page_tables in pages
        for table in page_tables
        if table.grid.columns == columns
        for paragraph in table.unsure
    )


def unsure_cuts(doubts: list[Doubt], columns: int, display: str) -> tuple[Finding, ...]:
    """Return a W-TEXT-BREAK-UNSURE warning for each line end of a report table (one with the
    report's `columns`) read as a cut word or a space with no evidence either way."""
    message = (
        "a word cut at the cell's edge: neither the joined word nor both pieces are known "
        "words; read as quoted"
    )
    return tuple(
        _unsure(message, doubt.quote, doubt.paragraph.ref, display)
        for doubt in doubts
        if doubt.table.columns == columns
    )


def _unsure(message: str, quote: str, ref: SourceRef, display: str) -> Finding:
    """Return the W-TEXT-BREAK-UNSURE warning of a line end read as `quote` at `ref`."""
    return Finding(
        severity="warning",
        code="W-TEXT-BREAK-UNSURE",
        message=message,
        file=display,
        quote=quote,
        **place_of(ref),
    )


def refuse_lost_text(pages: list[list[PageTable]], columns: int, display: str) -> None:
    """Raise LostTextError naming the first place in a report table (one with the report's
    `columns`) where printed text would be in no paragraph."""
    for page_tables in pages:
        for table in page_tables:
            if table.lost and table.grid.columns == columns:
                row, column, text = table.lost[0]
                raise LostTextError(
                    f"{table.grid.ref.locator()}, row {row}, column {column}: text printed across "
                    f"the cell's edge cannot be placed in a cell: «{text}»",
                    file=display,
                )


def _preamble(lines: list[Line], table: PageTable) -> list[str]:
    """Return the texts of the lines printed above the first table."""
    return [line.text for line in lines if line.bottom <= table.bbox[1]]
