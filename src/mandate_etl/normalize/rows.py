"""Given the extracted rows, return the office rows with their identity and organization.

Whether a row is a header, a group or a body row was decided by the extractor
(`extract/rows.py`); this module takes `Row.kind` as given.
"""

from __future__ import annotations

from dataclasses import dataclass

from mandate_etl.models import ColumnRole, ExtractedReport, Row
from mandate_etl.normalize.offices import OfficeIdentity, identify_office, organization_in
from mandate_etl.normalize.results import Note, Placement, Ruled, note, place
from mandate_etl.reference import Organization
from mandate_etl.text import fold_whitespace


@dataclass(frozen=True)
class OfficeRow:
    """A body row that names an office, with what its name tells."""

    row: Row
    name: str
    identity: OfficeIdentity
    organization: Organization | None


def office_rows(report: ExtractedReport) -> Ruled[list[OfficeRow]]:
    """Return the office rows in order, with the placements of header, group and refused rows."""
    group: tuple[str, Organization] | None = None
    offices: list[OfficeRow] = []
    seen: dict[str, OfficeRow] = {}
    placements: list[Placement] = []
    notes: list[Note] = []
    for row in report.rows:
        paragraphs = [p for c in row.cells for p in c.paragraphs]
        if row.kind == "header":
            placements += place(paragraphs, "header")
        elif row.kind == "group":
            text = " ".join(p.full_text for p in paragraphs)
            group = organization_in(text)
            placements += place(paragraphs, "group", reason=None if group else "names no known organization")
            if group is None:
                notes.append(
                    note(
                        "warning",
                        "W-GROUP-UNKNOWN",
                        "group row names no known organization",
                        row.ref,
                        quote=text,
                    )
                )
        else:
            office = _office_row(row, group)
            if office.value is not None and office.value.identity.office_id in seen:
                first = seen[office.value.identity.office_id].row.ref.locator()
                message = f"office reported twice in one year (first at {first})"
                found = note("error", "E-OFFICE-DUPLICATE", message, row.ref, office.value.name)
                office = _refused(row, found, "office reported twice in one year")
            placements += office.placements
            notes += office.notes
            if office.value is not None:
                seen[office.value.identity.office_id] = office.value
                offices.append(office.value)
    return Ruled(offices, tuple(placements), tuple(notes))


def _office_row(row: Row, group: tuple[str, Organization] | None) -> Ruled[OfficeRow | None]:
    """Return the office of a body row, or None (with a note) when it has no usable name."""
    name_cell = row.cell(ColumnRole.OFFICE)
    name = fold_whitespace(" ".join(p.full_text for p in name_cell.paragraphs)) if name_cell else ""
    if all(c.is_empty for c in row.cells):
        return _refused(row, note("warning", "W-ROW-EMPTY", "empty row", row.ref), "empty row")
    if not name:
        quote = " ".join(p.full_text for c in row.cells for p in c.paragraphs)
        found = note(
            "error", "E-ROW-NO-OFFICE", "row without an office name in column 1", row.ref, quote=quote
        )
        return _refused(row, found, "row without an office name")
    identity = identify_office(name, group)
    org = organization_in(name) or group
    office = OfficeRow(row, name, identity, org[1] if org else None)
    if identity.doubt is None:
        return Ruled(office)
    message = f"office not in the reference data: {identity.doubt}; stored as {identity.office_id}"
    return Ruled(office, notes=(note("warning", "W-OFFICE-UNKNOWN", message, row.ref, name, name),))


def _refused(row: Row, found: Note, reason: str) -> Ruled[OfficeRow | None]:
    """Return no office, the note `found`, and every paragraph of `row` as residue (or empty)."""
    placements = tuple(
        Placement(p, "empty" if not p.full_text.strip() else "residue", reason=reason)
        for cell in row.cells
        for p in cell.paragraphs
    )
    return Ruled(None, placements, (found,))
