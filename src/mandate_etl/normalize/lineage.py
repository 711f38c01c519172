"""Given an extracted report and what the rules placed, return its lineage: one row per paragraph.

The one place where a paragraph's disposition is decided: a placed paragraph takes its
placement, any other one is `empty` or `residue` here, with the reason. A paragraph holding
items typed inline ("… y 7) …") is placed in parts, one row per character span; the parts must
tile it. Rows come out in document order (page, table, row, column, paragraph, character).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mandate_etl.errors import NormalizeError
from mandate_etl.models import Cell, ExtractedReport, LineageRecord, Paragraph
from mandate_etl.normalize.provenance import provenance_of
from mandate_etl.normalize.results import Note, Placement, Ruled, note

Position = tuple[int, int, int, int, int]


def assemble_lineage(
    report: ExtractedReport, year: int, placements: Iterable[Placement]
) -> Ruled[tuple[LineageRecord, ...]]:
    """Return one lineage row per non-empty paragraph of `report`, in document order.

    Raise NormalizeError when two rules placed the same paragraph: each has one disposition.
    """
    placed: dict[Position, list[Placement]] = {}
    for placement in placements:
        position = placement.paragraph.ref.document_order()
        parts = placed.setdefault(position, [])
        if parts and (placement.span is None or any(p.span is None for p in parts)):
            raise NormalizeError("paragraph placed twice", location=placement.paragraph.ref.locator())
        parts.append(placement)
    notes: list[Note] = []
    chosen: list[Placement] = []
    for row in report.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                if not paragraph.full_text:
                    continue  # nothing written: no lineage row
                known = placed.get(paragraph.ref.document_order())
                if known is None:
                    leftover, found = _leftover(cell, paragraph)
                    known = [leftover]
                    notes.extend(found)
                chosen.extend(known)
            if cell.has_nested_table:
                notes.append(_nested_table_note(cell))
    chosen.sort(key=lambda p: (p.paragraph.ref.document_order(), p.span[0] if p.span else 0))
    records = tuple(_record(report, year, p) for p in chosen)
    return Ruled(records, notes=tuple(notes))


def _leftover(cell: Cell, p: Paragraph) -> tuple[Placement, Sequence[Note]]:
    """Return the placement of a paragraph no rule placed: white space is empty, the rest residue."""
    if not p.full_text.strip():
        return Placement(p, "empty"), ()
    if p.nested:
        return Placement(p, "residue", reason="text of a table nested in a cell"), ()
    if cell.role is None:
        return Placement(p, "residue", reason="text in a column outside the report's five"), ()
    residue = note("warning", "W-RESIDUE", "text not placed by any rule; kept as residue", p)
    return Placement(p, "residue", reason="not placed by any rule"), (residue,)


def _nested_table_note(cell: Cell) -> Note:
    """Return the warning for a cell that holds a nested table."""
    return note(
        "warning", "W-CELL-NESTED-TABLE", "cell holds a nested table; its text is kept as residue", cell.ref
    )


def _record(report: ExtractedReport, year: int, placement: Placement) -> LineageRecord:
    """Return the lineage row of one placed paragraph."""
    paragraph, span = placement.paragraph, placement.span
    return LineageRecord(
        **provenance_of(report.source, year, [paragraph], span=span),
        text=paragraph.full_text[span[0] - 1 : span[1]] if span else paragraph.full_text,
        disposition=placement.disposition,
        target_table=placement.target_table,
        target_id=placement.target_id,
        reason=placement.reason,
    )


def lost_paragraphs(report: ExtractedReport, lineage: Sequence[LineageRecord]) -> list[Note]:
    """Return an E-LOST error for each non-empty paragraph of `report` not covered exactly once.

    A paragraph has one lineage row, or rows whose character spans tile it from its first
    character to its last. The invariant "nothing is lost", checked after the fact rather
    than hoped for.
    """
    rows: dict[Position, list[LineageRecord]] = {}
    for r in lineage:
        rows.setdefault(r.document_order(), []).append(r)
    notes = []
    for row in report.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                found = rows.get(p.ref.document_order(), [])
                if p.full_text and not _covers(found, len(p.full_text)):
                    message = (
                        f"paragraph has {len(found)} lineage rows that do not cover it once: "
                        "its text would be lost or doubled"
                    )
                    notes.append(note("error", "E-LOST", message, p))
    return notes


def _covers(rows: Sequence[LineageRecord], length: int) -> bool:
    """True when `rows` are one whole-paragraph row, or spans tiling characters 1..`length`."""
    if len(rows) == 1 and rows[0].source_char_start is None:
        return True
    spans = sorted((r.source_char_start, r.source_char_end) for r in rows)
    if not spans or any(start is None or end is None for start, end in spans):
        return False
    ends = [0] + [end for _, end in spans if end is not None]
    starts = [start for start, _ in spans if start is not None] + [length + 1]
    return all(start == end + 1 for start, end in zip(starts, ends, strict=True))
