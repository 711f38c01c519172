"""Given an extracted report and what the rules placed, return its lineage: one row per paragraph.

The one place where a paragraph's disposition is decided: a placed paragraph takes its
placement, any other one is `empty` or `residue` here, with the reason. Rows come out in
document order (page, table, row, column, paragraph).
"""

from __future__ import annotations

from collections import Counter
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
    placed: dict[Position, Placement] = {}
    for placement in placements:
        position = placement.paragraph.ref.document_order()
        if position in placed:
            raise NormalizeError("paragraph placed twice", location=placement.paragraph.ref.locator())
        placed[position] = placement
    notes: list[Note] = []
    chosen = []
    for row in report.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                if not paragraph.full_text:
                    continue  # nothing written: no lineage row
                known = placed.get(paragraph.ref.document_order())
                if known is None:
                    known, found = _leftover(cell, paragraph)
                    notes.extend(found)
                chosen.append(known)
            if cell.has_nested_table:
                notes.append(_nested_table_note(cell))
    chosen.sort(key=lambda p: p.paragraph.ref.document_order())
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
    paragraph = placement.paragraph
    return LineageRecord(
        **provenance_of(report.source, year, [paragraph]),
        text=paragraph.full_text,
        disposition=placement.disposition,
        target_table=placement.target_table,
        target_id=placement.target_id,
        reason=placement.reason,
    )


def lost_paragraphs(report: ExtractedReport, lineage: Sequence[LineageRecord]) -> list[Note]:
    """Return an E-LOST error for each non-empty paragraph of `report` without exactly one lineage row.

    The invariant "nothing is lost", checked after the fact rather than hoped for.
    """
    rows = Counter(r.document_order() for r in lineage)
    notes = []
    for row in report.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                count = rows[p.ref.document_order()]
                if p.full_text and count != 1:
                    message = f"paragraph has {count} lineage rows, not 1: its text would be lost or doubled"
                    notes.append(note("error", "E-LOST", message, p))
    return notes
