"""Given the mandates written in office rows, return the `mandates` table; and a year's tables.

The one place that decides a mandate's canonical text and its variant and occurrence counts,
for one file (`build.py`) and for all the files of a year (`assemble_year`) alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from mandate_etl.models import (
    Activity,
    ActivityMandate,
    Mandate,
    MandateId,
    MandateOccurrence,
    NormalizedReport,
    Tables,
)
from mandate_etl.normalize.coverage import coverage_records
from mandate_etl.normalize.provenance import columns_of
from mandate_etl.reference import catalogue
from mandate_etl.text import canonical_text, text_sha256


def assemble_year(year: int, reports: Sequence[NormalizedReport]) -> Tables:
    """Return the tables of `year` from its reports: their rows, a mandate written in several once,
    and the coverage of the whole year."""
    occurrences = [o for r in reports for o in r.occurrences]
    activities = [a for r in reports for a in r.activities]
    links = [link for r in reports for link in r.activity_mandates]
    offices = [o for r in reports for o in r.offices]
    office_mandates = [m for r in reports for m in r.office_mandates]
    return Tables(
        report_year=year,
        offices=tuple(offices),
        mandates=tuple(mandate_table(occurrences, activities, links)),
        office_mandates=tuple(office_mandates),
        activities=tuple(activities),
        activity_mandates=tuple(links),
        lineage=tuple(row for r in reports for row in r.lineage),
        coverage=tuple(coverage_records(year, offices, office_mandates, activities, links)),
    )


def mandate_table(
    occurrences: Sequence[MandateOccurrence],
    activities: Sequence[Activity],
    links: Sequence[ActivityMandate],
) -> list[Mandate]:
    """Return one Mandate per id: those written in office rows, then those only activities name.

    A written mandate's text is its most frequent spelling; its place is its first occurrence.
    """
    by_id: dict[str, list[MandateOccurrence]] = {}
    for occurrence in occurrences:
        by_id.setdefault(occurrence.mandate_id, []).append(occurrence)
    written = [_written(found) for found in sorted(by_id.values(), key=lambda found: _order(found[0]))]
    return written + _referenced_only(set(by_id), activities, links)


def _written(found: Sequence[MandateOccurrence]) -> Mandate:
    """Return the Mandate of the occurrences of one id, in the order written."""
    first = found[0]
    text, variants = canonical_text([o.text for o in found])
    return Mandate(
        **columns_of(first),
        mandate_id=first.mandate_id,
        scheme=first.scheme,
        organization=first.organization,
        number=first.number,
        text=text,
        text_sha256=text_sha256(text),
        variant_count=variants,
        occurrence_count=len({o.office_id for o in found}),
    )


def _order(occurrence: MandateOccurrence) -> tuple[int, str, int]:
    """Return the sort key of mandates: Program first, then by organization and number."""
    return (0 if occurrence.scheme == "program" else 1, occurrence.organization or "", occurrence.number)


def _referenced_only(
    written: set[str], activities: Sequence[Activity], links: Sequence[ActivityMandate]
) -> list[Mandate]:
    """Return catalogue mandates that activities name but no office row writes (occurrence 0).

    So that every link of `activity_mandates` finds its mandate; the text is the catalogue's,
    the place the first activity that names it.
    """
    where = {a.activity_id: a for a in activities}
    extra: dict[str, Mandate] = {}
    for link in links:
        mandate_id = MandateId.parse(link.mandate_id)
        if mandate_id.scheme != "program" or link.mandate_id in written or link.mandate_id in extra:
            continue
        text = catalogue()[mandate_id.number]
        extra[link.mandate_id] = Mandate(
            **columns_of(where[link.activity_id]),
            mandate_id=link.mandate_id,
            scheme="program",
            organization=None,
            number=mandate_id.number,
            text=text,
            text_sha256=text_sha256(text),
            variant_count=0,
            occurrence_count=0,
        )
    return sorted(extra.values(), key=lambda m: m.number)
