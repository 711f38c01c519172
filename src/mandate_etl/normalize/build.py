"""Given an extracted report, build every record of the six tables (and the findings).

Each rule returns its values, placements and notes (`results.Ruled`); this module composes
them: it makes the records, places the paragraphs each record is made of, and hands every
placement to `lineage.assemble_lineage`, which decides each paragraph's disposition once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mandate_etl.models import (
    Activity,
    ActivityMandate,
    ColumnRole,
    ExtractedReport,
    Mandate,
    MandateOccurrence,
    NormalizedReport,
    Office,
    OfficeMandate,
    Paragraph,
    SourceFile,
)
from mandate_etl.models.tables import Section
from mandate_etl.normalize.activities import ActivityItem, OfficeScope, activity_items
from mandate_etl.normalize.coverage import coverage_records
from mandate_etl.normalize.infer import Candidate
from mandate_etl.normalize.lineage import assemble_lineage, lost_paragraphs
from mandate_etl.normalize.links import inferred_records, unlinked_notes
from mandate_etl.normalize.mandates import MandateItem, institutional_items, program_items
from mandate_etl.normalize.provenance import columns_of, provenance_of
from mandate_etl.normalize.results import Note, Placement, Ruled, note, place
from mandate_etl.normalize.rows import OfficeRow, office_rows
from mandate_etl.normalize.title import title_years
from mandate_etl.normalize.year import mandate_table
from mandate_etl.reference import catalogue_keys
from mandate_etl.text import fold_key

SECTIONS: tuple[tuple[ColumnRole, Section], ...] = (
    (ColumnRole.CARRIED_OUT, "carried_out"),
    (ColumnRole.PLANNED, "planned"),
)
ACTIVITY_ID_HEX = 16
YEAR_MISMATCH_ADVICE = " (its folder's): move the file to its year's folder, or pass --year"
YEAR_GIVEN = " (given by --year)"


@dataclass
class _Collected:
    """What the rules returned so far, in the order they ran (private to `build_report`)."""

    placements: list[Placement] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def take(self, ruled: Ruled[Any]) -> None:
        """Keep the placements and notes of one rule's result."""
        self.placements += ruled.placements
        self.notes += ruled.notes


def build_report(report: ExtractedReport, year: int, infer: bool = True) -> NormalizedReport:
    """Return the NormalizedReport of `report` for `year`; `infer` False writes only the links
    written in the report (explicit and repaired), no inferred ones."""
    out = _Collected()
    out.notes += check_year(report, year)
    offices = office_rows(report)
    out.take(offices)
    if not offices.value and not any(n.severity == "error" for n in offices.notes):
        out.notes.append(_no_offices(report))  # nothing to load, and no other error says why
    written = {}
    for office in offices.value:
        mandates = mandates_of(office)
        out.take(mandates)
        written[office.identity.office_id] = mandates.value
    occurrences = _occurrences(report.source, year, offices.value, written)
    out.placements += _mandate_placements(written)
    activities, links = [], []
    program_texts = tuple(dict.fromkeys(fold_key(o.text) for o in occurrences if o.scheme == "program"))
    for office in offices.value:
        scope = _scope(office, written[office.identity.office_id], program_texts)
        for role, section in SECTIONS:
            cell = office.row.cell(role)
            items = activity_items(_own_paragraphs(cell.paragraphs if cell else ()), scope)
            out.take(items)
            records = activity_records(report.source, year, office, section, items.value)
            activities += records.value[0]
            links += records.value[1]
            out.placements += records.placements
    # inferred links name only mandates assigned (written) in the office rows: the table stands
    mandate_records = mandate_table(occurrences, activities, links)
    if infer:
        links += inferred_records(activities, links, _candidates(occurrences, mandate_records))
    names = {o.identity.office_id: o.name for o in offices.value}
    out.notes += unlinked_notes(activities, links, names)
    out.placements += _office_placements(offices.value)
    lineage = assemble_lineage(report, year, out.placements)
    out.notes += lineage.notes
    out.notes += lost_paragraphs(report, lineage.value)
    office_records = [_office_record(report.source, year, o) for o in offices.value]
    office_mandates = [
        OfficeMandate(**columns_of(o), office_id=o.office_id, mandate_id=o.mandate_id) for o in occurrences
    ]
    return NormalizedReport(
        source=report.source,
        report_year=year,
        offices=tuple(office_records),
        mandates=tuple(mandate_records),
        office_mandates=tuple(office_mandates),
        activities=tuple(activities),
        activity_mandates=tuple(links),
        lineage=lineage.value,
        coverage=tuple(coverage_records(year, office_records, office_mandates, activities, links)),
        findings=report.findings + tuple(n.finding(report.source.path) for n in out.notes),
        occurrences=tuple(occurrences),
    )


def _candidates(
    occurrences: Sequence[MandateOccurrence], mandates: Sequence[Mandate]
) -> dict[str, list[Candidate]]:
    """Return, per office_id, the mandates assigned to it with their texts (as the mandates table
    writes them), the candidates of its inferred links."""
    texts = {m.mandate_id: m.text for m in mandates}
    candidates: dict[str, list[Candidate]] = {}
    for o in occurrences:
        candidates.setdefault(o.office_id, []).append(Candidate(o.mandate_id, texts[o.mandate_id]))
    return candidates


def _own_paragraphs(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """Return the paragraphs of a cell that are not inside a nested table."""
    return [p for p in paragraphs if not p.nested]


def mandates_of(office: OfficeRow) -> Ruled[list[MandateItem]]:
    """Return the Program and institutional mandates written in an office row, each id once."""
    program = office.row.cell(ColumnRole.PROGRAM)
    institutional = office.row.cell(ColumnRole.INSTITUTIONAL)
    org = office.organization.acronym if office.organization else office.identity.organization
    found = program_items(_own_paragraphs(program.paragraphs), office.name) if program else Ruled([])
    items = found.value + (
        institutional_items(_own_paragraphs(institutional.paragraphs), org) if institutional else []
    )
    placements, notes = list(found.placements), list(found.notes)
    unique: dict[str, MandateItem] = {}
    for item in items:
        if item.mandate_id not in unique:
            unique[item.mandate_id] = item
            continue
        message = f"{item.mandate_id} written twice in one row"
        notes.append(note("warning", "W-MANDATE-REPEATED", message, item.paragraphs[0], office.name))
        placements += place(item.paragraphs, "duplicate_mandate", reason="mandate written twice in one row")
    return Ruled(list(unique.values()), tuple(placements), tuple(notes))


def _occurrences(
    source: SourceFile, year: int, offices: Sequence[OfficeRow], written: dict[str, list[MandateItem]]
) -> list[MandateOccurrence]:
    """Return every mandate as written in an office row, offices in order."""
    return [
        MandateOccurrence(
            **provenance_of(source, year, item.paragraphs),
            mandate_id=item.mandate_id,
            scheme=item.id.scheme,
            organization=item.id.organization,
            number=item.number,
            office_id=office.identity.office_id,
            text=item.text,
        )
        for office in offices
        for item in written[office.identity.office_id]
    ]


def _mandate_placements(written: dict[str, list[MandateItem]]) -> list[Placement]:
    """Return the placements of the paragraphs of every mandate written in an office row."""
    return [
        placement
        for items in written.values()
        for item in items
        for placement in place(item.paragraphs, "mandate", "mandates", item.mandate_id)
    ]


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


def activity_records(
    source: SourceFile, year: int, office: OfficeRow, section: Section, items: Sequence[ActivityItem]
) -> Ruled[tuple[list[Activity], list[ActivityMandate]]]:
    """Return the Activity and ActivityMandate records of one cell's items, and their placements."""
    office_id = office.identity.office_id
    seen: set[str] = set()
    activities: list[Activity] = []
    links: list[ActivityMandate] = []
    placements: list[Placement] = []
    for seq, item in enumerate(items, start=1):
        activity_id = activity_id_of(year, office_id, section, item.text, seen)
        provenance = provenance_of(source, year, item.paragraphs, span=item.span)
        activities.append(
            Activity(
                **provenance,
                activity_id=activity_id,
                office_id=office_id,
                section=section,
                seq=seq,
                heading=item.heading,
                lead_in=item.lead_in,
                text=item.text,
            )
        )
        links += [
            ActivityMandate(
                **provenance, activity_id=activity_id, mandate_id=mandate_id, link=kind, score=score
            )
            for mandate_id, kind, score in item.links.values()
        ]
        placements += item.placements(activity_id)
        placements += place(item.heading_paragraphs, "heading", "activities", activity_id)
        placements += place(item.lead_in_paragraphs, "lead_in", "activities", activity_id)
    return Ruled((activities, links), tuple(placements))


def activity_id_of(year: int, office_id: str, section: str, text: str, seen: set[str]) -> str:
    """Return the stable id of an activity: a hash of year, office, section and text."""
    base = f"{year}|{office_id}|{section}|{text}"
    candidate, n = base, 1
    while (digest := hashlib.sha256(candidate.encode("utf-8")).hexdigest()[:ACTIVITY_ID_HEX]) in seen:
        n += 1
        candidate = f"{base}|{n}"
    seen.add(digest)
    return digest


def _office_record(source: SourceFile, year: int, office: OfficeRow) -> Office:
    """Return the Office record of an office row."""
    cell = office.row.cell(ColumnRole.OFFICE)
    paragraphs = [p for p in cell.paragraphs if p.full_text.strip()] if cell else []
    identity = office.identity
    return Office(
        **provenance_of(source, year, paragraphs, office.row.ref),
        office_id=identity.office_id,
        name=office.name,
        organization=identity.organization,
        organization_name=identity.organization_name,
        country_code=identity.country_code,
        office_kind=identity.office_kind,
    )


def _office_placements(offices: Sequence[OfficeRow]) -> list[Placement]:
    """Return the placements of the office-name paragraphs."""
    placements: list[Placement] = []
    for office in offices:
        cell = office.row.cell(ColumnRole.OFFICE)
        placements += place(cell.paragraphs if cell else (), "office", "offices", office.identity.office_id)
    return placements


def check_year(report: ExtractedReport, year: int) -> list[Note]:
    """Return an error when the document's title names a year other than `year`.

    A misfiled submission must fail; `allow_year_mismatch` makes it a warning when the year
    was given on purpose (--year).
    """
    years, line = title_years(report)
    if years and year not in years:
        message = f"title names {', '.join(map(str, years))} but the report year is {year}"
        return [note("error", "E-YEAR-MISMATCH", message + YEAR_MISMATCH_ADVICE, None, quote=line)]
    return []


def _no_offices(report: ExtractedReport) -> Note:
    """Return the error for a report table without a single office row."""
    where = report.rows[0].ref.model_copy(update={"row": None}) if report.rows else None
    return note("error", "E-NO-OFFICES", "the report table has no office row; nothing to load", where)


def allow_year_mismatch(report: NormalizedReport) -> NormalizedReport:
    """Return `report` with E-YEAR-MISMATCH as the warning W-YEAR-MISMATCH: --year gave the year."""
    findings = tuple(
        f.model_copy(
            update={
                "severity": "warning",
                "code": "W-YEAR-MISMATCH",
                "message": f.message.removesuffix(YEAR_MISMATCH_ADVICE) + YEAR_GIVEN,
            }
        )
        if f.code == "E-YEAR-MISMATCH"
        else f
        for f in report.findings
    )
    return report.model_copy(update={"findings": findings})
