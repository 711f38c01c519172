"""Given the extracted rows, return the office rows with their identity and organization."""

from __future__ import annotations

from dataclasses import dataclass

from mandate_etl.models import ColumnRole, ExtractedReport, Row
from mandate_etl.normalize.context import Context
from mandate_etl.normalize.offices import (
    PLACE_SEPARATOR,
    OfficeIdentity,
    Organization,
    identify_office,
    organization_in,
    organizations,
)
from mandate_etl.text import fold_key, fold_whitespace


@dataclass
class OfficeRow:
    """A body row that names an office, with what its name tells."""

    row: Row
    name: str
    identity: OfficeIdentity
    organization: Organization | None


def office_rows(report: ExtractedReport, ctx: Context) -> list[OfficeRow]:
    """Return the office rows in order; header and group rows are recorded in the lineage."""
    group: tuple[str, Organization] | None = None
    offices: list[OfficeRow] = []
    seen: dict[str, OfficeRow] = {}
    for row in report.rows:
        paragraphs = [p for c in row.cells for p in c.paragraphs]
        if row.kind == "header":
            for p in paragraphs:
                ctx.lineage.mark(p, "header")
        elif row.kind == "group" or _reads_as_group(row):
            text = " ".join(p.full_text for p in paragraphs)
            group = organization_in(text)
            for p in paragraphs:
                ctx.lineage.mark(p, "group", reason=None if group else "names no known organization")
            if group is None:
                ctx.find(
                    "warning", "W-GROUP-UNKNOWN", "group row names no known organization", row.ref, quote=text
                )
        else:
            office = _office_row(row, group, ctx)
            if office is None:
                continue
            if office.identity.office_id in seen:
                first = seen[office.identity.office_id].row.ref.locator()
                ctx.find(
                    "error",
                    "E-OFFICE-DUPLICATE",
                    f"office reported twice in one year (first at {first})",
                    row.ref,
                    office.name,
                )
                _mark_row_residue(row, ctx, "office reported twice in one year")
                continue
            seen[office.identity.office_id] = office
            offices.append(office)
    return offices


def _reads_as_group(row: Row) -> bool:
    """True when a row that is not merged across still only names an organization.

    Its first cell holds an organization's full name ("Organización Internacional para las
    Migraciones (OIM)"), no place, and every other cell is empty: a group row typed without
    merging its cells.
    """
    name_cell = row.cell(ColumnRole.OFFICE)
    if (
        name_cell is None
        or name_cell.is_empty
        or any(not c.is_empty for c in row.cells if c is not name_cell)
    ):
        return False
    key = fold_key(" ".join(p.full_text for p in name_cell.paragraphs))
    names_org = any(fold_key(name) in key for org in organizations() for name in org.names)
    return names_org and not PLACE_SEPARATOR.search(key)


def _office_row(row: Row, group: tuple[str, Organization] | None, ctx: Context) -> OfficeRow | None:
    """Return the office of a body row, or None (with a finding) when it has no usable name."""
    name_cell = row.cell(ColumnRole.OFFICE)
    name = fold_whitespace(" ".join(p.full_text for p in name_cell.paragraphs)) if name_cell else ""
    if all(c.is_empty for c in row.cells):
        ctx.find("warning", "W-ROW-EMPTY", "empty row", row.ref)
        _mark_row_residue(row, ctx, "empty row")
        return None
    if not name:
        ctx.find(
            "error",
            "E-ROW-NO-OFFICE",
            "row without an office name in column 1",
            row.ref,
            quote=" ".join(p.full_text for c in row.cells for p in c.paragraphs),
        )
        _mark_row_residue(row, ctx, "row without an office name")
        return None
    identity = identify_office(name, group)
    org = organization_in(name) or group
    return OfficeRow(row, name, identity, org[1] if org else None)


def _mark_row_residue(row: Row, ctx: Context, reason: str) -> None:
    """Record every paragraph of `row` as residue with `reason`."""
    for cell in row.cells:
        for p in cell.paragraphs:
            ctx.lineage.mark(p, "empty" if not p.full_text.strip() else "residue", reason=reason)
