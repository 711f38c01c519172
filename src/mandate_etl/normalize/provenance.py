"""Given the paragraphs a record is made of, return its provenance columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mandate_etl.models import Paragraph, Provenance, SourceFile, SourceRef

Span = tuple[int, int]  # (first, last) character, 1-based and inclusive


def provenance_of(
    source: SourceFile,
    year: int,
    paragraphs: Sequence[Paragraph],
    fallback: SourceRef | None = None,
    span: Span | None = None,
) -> dict[str, Any]:
    """Return the provenance columns of a record made of `paragraphs` (or found at `fallback`).

    Paragraphs of one cell give "paragraphs 3-7"; paragraphs over several cells name the
    first one only, in the locator and in the numbers alike. A record that begins or ends
    inside a paragraph gives its `span`: from character `span[0]` of the first paragraph to
    character `span[1]` of the last, written ", characters 120-245" after the paragraphs.
    """
    first = paragraphs[0].ref if paragraphs else fallback
    last = paragraphs[-1].ref if paragraphs else fallback
    if first is None or last is None:
        return _columns(source, year, "", SourceRef(file=source.path), None)
    last_paragraph = last.paragraph if first.same_cell(last) else first.paragraph
    locator = first.span_locator(last)
    if span is not None:
        locator += f", characters {span[0]}-{span[1]}"
    return _columns(source, year, locator, first, last_paragraph, span)


def _columns(
    source: SourceFile,
    year: int,
    locator: str,
    first: SourceRef,
    last_paragraph: int | None,
    span: Span | None = None,
) -> dict[str, Any]:
    """Return the provenance columns, checked against the `Provenance` model."""
    return Provenance(
        report_year=year,
        source_file=source.path,
        source_sha256=source.sha256,
        source_locator=locator,
        source_page=first.page,
        source_table=first.table,
        source_row=first.row,
        source_column=first.column,
        source_paragraph_first=first.paragraph,
        source_paragraph_last=last_paragraph,
        source_char_start=span[0] if span else None,
        source_char_end=span[1] if span else None,
    ).model_dump()


def columns_of(record: Provenance) -> dict[str, Any]:
    """Return the provenance columns of `record`, to give another record the same place."""
    return record.model_dump(include=set(Provenance.model_fields))
