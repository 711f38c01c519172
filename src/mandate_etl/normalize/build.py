"""Given an extracted report, build every record of the six tables (and the findings)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import TypedDict

from mandate_etl.models import (
    Activity,
    ActivityMandate,
    ColumnRole,
    ExtractedReport,
    Mandate,
    NormalizedReport,
    Office,
    OfficeMandate,
    Paragraph,
)
from mandate_etl.models.tables import Section
from mandate_etl.normalize.activities import ActivityItem, OfficeScope, activity_items
from mandate_etl.normalize.context import Context, catalogue, catalogue_keys
from mandate_etl.normalize.mandates import (
    MandateItem,
    institutional_items,
    program_items,
    tally_mandates,
)
from mandate_etl.normalize.rows import OfficeRow, office_rows
from mandate_etl.text import canonical_text, fold_key, text_sha256

SECTIONS: tuple[tuple[ColumnRole, Section], ...] = (
    (ColumnRole.CARRIED_OUT, "carried_out"),
    (ColumnRole.PLANNED, "planned"),
)
ACTIVITY_ID_HEX = 16


def build_report(report: ExtractedReport, year: int) -> NormalizedReport:
    """Return the NormalizedReport of `report` for `year`."""
    ctx = Context(report.source, year)
    check_year(report, year, ctx)
    offices = office_rows(report, ctx)
    written = {o.identity.office_id: _mandates_of(o, ctx) for o in offices}
    mandates, office_mandates = _mandate_records(offices, written, ctx)
    program_texts = tuple(dict.fromkeys(fold_key(m.text) for m in mandates if m.scheme == "program"))
    activities: list[Activity] = []
    links: list[ActivityMandate] = []
    for office in offices:
        scope = _scope(office, written[office.identity.office_id], program_texts)
        for role, section in SECTIONS:
            cell = office.row.cell(role)
            items = activity_items(_own_paragraphs(cell.paragraphs if cell else ()), scope, ctx)
            _activity_records(office, section, items, ctx, activities, links)
    mandates += _referenced_only(mandates, activities, links, ctx)
    _mark_offices(offices, ctx)
    _mark_leftovers(report, ctx)
    return NormalizedReport(
        source=report.source,
        report_year=year,
        offices=tuple(_office_record(o, ctx) for o in offices),
        mandates=tuple(mandates),
        office_mandates=tuple(office_mandates),
        activities=tuple(activities),
        activity_mandates=tuple(links),
        lineage=ctx.lineage.records(),
        findings=tuple(ctx.findings),
        mandate_spellings=tuple((item.mandate_id, item.text) for items in written.values() for item in items),
    )


def _own_paragraphs(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Return the paragraphs of a cell that are not inside a nested table."""
    return [p for p in paragraphs if not p.nested]


def _mandates_of(office: OfficeRow, ctx: Context) -> list[MandateItem]:
    """Return the Program and institutional mandates written in an office row, each id once."""
    program = office.row.cell(ColumnRole.PROGRAM)
    institutional = office.row.cell(ColumnRole.INSTITUTIONAL)
    org = office.organization.acronym if office.organization else office.identity.organization
    items = program_items(_own_paragraphs(program.paragraphs), ctx, office.name) if program else []
    if institutional:
        items += institutional_items(_own_paragraphs(institutional.paragraphs), org)
    unique: dict[str, MandateItem] = {}
    for item in items:
        if item.mandate_id in unique:
            ctx.find(
                "warning",
                "W-MANDATE-REPEATED",
                f"{item.mandate_id} written twice in one row",
                item.paragraphs[0],
                office.name,
            )
            for p in item.paragraphs:
                ctx.lineage.mark(p, "duplicate_mandate", reason="mandate written twice in one row")
            continue
        unique[item.mandate_id] = item
    return list(unique.values())


def _mandate_records(
    offices: Sequence[OfficeRow], written: dict[str, list[MandateItem]], ctx: Context
) -> tuple[list[Mandate], list[OfficeMandate]]:
    """Return the year's mandates (each once) and the office-mandate pairs."""
    pairs = [(o.identity.office_id, item) for o in offices for item in written[o.identity.office_id]]
    tallies = tally_mandates(pairs)
    mandates = []
    for mandate_id, tally in sorted(tallies.items(), key=lambda kv: _mandate_order(kv[1].first)):
        text, variants = canonical_text(tally.texts)
        first = tally.first
        mandates.append(
            Mandate(
                **_provenance(ctx, first.paragraphs),
                mandate_id=mandate_id,
                scheme=first.scheme,
                organization=first.organization,
                number=first.number,
                text=text,
                text_sha256=text_sha256(text),
                variant_count=variants,
                occurrence_count=len(tally.offices),
            )
        )
    office_mandates = []
    for office_id, item in pairs:
        office_mandates.append(
            OfficeMandate(
                **_provenance(ctx, item.paragraphs), office_id=office_id, mandate_id=item.mandate_id
            )
        )
        for p in item.paragraphs:
            ctx.lineage.mark(p, "mandate", "mandates", item.mandate_id)
    return mandates, office_mandates


def _referenced_only(
    mandates: Sequence[Mandate],
    activities: Sequence[Activity],
    links: Sequence[ActivityMandate],
    ctx: Context,
) -> list[Mandate]:
    """Return catalogue mandates that activities name but no office row writes (occurrence 0).

    So that every link of `activity_mandates` finds its mandate; the text is the catalogue's.
    """
    written = {m.mandate_id for m in mandates}
    where = {a.activity_id: a for a in activities}
    extra: dict[str, Mandate] = {}
    for link in links:
        number = int(link.mandate_id.split(":")[1]) if link.mandate_id.startswith("program:") else None
        if number is None or link.mandate_id in written or link.mandate_id in extra:
            continue
        text = catalogue()[number]
        activity = where[link.activity_id]
        extra[link.mandate_id] = Mandate(
            **activity.model_dump(include=set(Provenance.__annotations__)),
            mandate_id=link.mandate_id,
            scheme="program",
            organization=None,
            number=number,
            text=text,
            text_sha256=text_sha256(text),
            variant_count=0,
            occurrence_count=0,
        )
    return sorted(extra.values(), key=lambda m: m.number)


def _mandate_order(item: MandateItem) -> tuple[int, str, int]:
    """Return the sort key of mandates: Program first, then by organization and number."""
    return (0 if item.scheme == "program" else 1, item.organization or "", item.number)


def _scope(office: OfficeRow, items: Sequence[MandateItem], program_texts: tuple[str, ...]) -> OfficeScope:
    """Return what the activities of `office` are linked and checked against."""
    catalogue_texts = tuple(catalogue_keys().values())
    org = office.organization.acronym if office.organization else office.identity.organization
    return OfficeScope(
        office_name=office.name,
        organization=org,
        assigned=frozenset(i.mandate_id for i in items),
        mandate_texts=tuple(dict.fromkeys(catalogue_texts + program_texts)),
    )


def _activity_records(
    office: OfficeRow,
    section: Section,
    items: Sequence[ActivityItem],
    ctx: Context,
    activities: list[Activity],
    links: list[ActivityMandate],
) -> None:
    """Append the Activity and ActivityMandate records of one cell's items; mark their lineage."""
    office_id = office.identity.office_id
    seen: set[str] = set()
    for seq, item in enumerate(items, start=1):
        activity_id = activity_id_of(ctx.year, office_id, section, item.text, seen)
        provenance = _provenance(ctx, item.paragraphs)
        activities.append(
            Activity(
                **provenance,
                activity_id=activity_id,
                office_id=office_id,
                section=section,
                seq=seq,
                heading=item.heading,
                text=item.text,
            )
        )
        for mandate_id, kind, score in item.links.values():
            links.append(
                ActivityMandate(
                    **provenance, activity_id=activity_id, mandate_id=mandate_id, link=kind, score=score
                )
            )
        for p in item.paragraphs:
            ctx.lineage.mark(p, "activity", "activities", activity_id)
        for p in item.heading_paragraphs:
            ctx.lineage.mark(p, "heading", "activities", activity_id)


def activity_id_of(year: int, office_id: str, section: str, text: str, seen: set[str]) -> str:
    """Return the stable id of an activity: a hash of year, office, section and text."""
    base = f"{year}|{office_id}|{section}|{text}"
    candidate, n = base, 1
    while (digest := hashlib.sha256(candidate.encode("utf-8")).hexdigest()[:ACTIVITY_ID_HEX]) in seen:
        n += 1
        candidate = f"{base}|{n}"
    seen.add(digest)
    return digest


def _office_record(office: OfficeRow, ctx: Context) -> Office:
    """Return the Office record of an office row."""
    cell = office.row.cell(ColumnRole.OFFICE)
    paragraphs = [p for p in cell.paragraphs if p.full_text.strip()] if cell else []
    identity = office.identity
    return Office(
        **_provenance(ctx, paragraphs, office.row.ref.locator()),
        office_id=identity.office_id,
        name=office.name,
        organization=identity.organization,
        organization_name=identity.organization_name,
        country_code=identity.country_code,
        office_kind=identity.office_kind,
    )


def _mark_offices(offices: Sequence[OfficeRow], ctx: Context) -> None:
    """Record the office-name paragraphs in the lineage."""
    for office in offices:
        cell = office.row.cell(ColumnRole.OFFICE)
        for p in cell.paragraphs if cell else ():
            ctx.lineage.mark(p, "office", "offices", office.identity.office_id)


def _mark_leftovers(report: ExtractedReport, ctx: Context) -> None:
    """Record every paragraph no rule placed: white space as empty, the rest as residue."""
    for row in report.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                if ctx.lineage.is_marked(p) or not p.full_text:
                    continue
                if not p.full_text.strip():
                    ctx.lineage.mark(p, "empty")
                elif p.nested:
                    ctx.lineage.mark(p, "residue", reason="text of a table nested in a cell")
                elif cell.role is None:
                    ctx.lineage.mark(p, "residue", reason="text in a column outside the report's five")
                else:
                    ctx.lineage.mark(p, "residue", reason="not placed by any rule")
                    ctx.find("warning", "W-RESIDUE", "text not placed by any rule; kept as residue", p)
            if cell.has_nested_table:
                ctx.find(
                    "warning",
                    "W-CELL-NESTED-TABLE",
                    "cell holds a nested table; its text is kept as residue",
                    cell.ref,
                )


class Provenance(TypedDict):
    """The provenance columns every record carries."""

    report_year: int
    source_file: str
    source_sha256: str
    source_locator: str
    source_page: int | None


def _provenance(ctx: Context, paragraphs: Sequence[Paragraph], fallback: str = "") -> Provenance:
    """Return the provenance columns of a record made of `paragraphs`."""
    first = paragraphs[0].ref if paragraphs else None
    last = paragraphs[-1].ref if paragraphs else None
    return Provenance(
        report_year=ctx.year,
        source_file=ctx.source.path,
        source_sha256=ctx.source.sha256,
        source_locator=first.span_locator(last) if first and last else fallback,
        source_page=first.page if first else None,
    )


YEAR_IN_TEXT = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


def check_year(report: ExtractedReport, year: int, ctx: Context) -> None:
    """Record a finding when the document's title names a year other than `year`."""
    for line in report.preamble[:3]:
        years = {int(y) for y in YEAR_IN_TEXT.findall(line)}
        if years and year not in years:
            ctx.find(
                "warning",
                "W-YEAR-MISMATCH",
                f"title names {', '.join(map(str, sorted(years)))} but the report year is {year}",
                None,
                quote=line,
            )
            return
