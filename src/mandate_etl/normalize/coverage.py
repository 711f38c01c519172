"""Given one year's offices, assignments, activities and links, return its coverage rows.

A Program mandate is covered by an office when the office lists it in its row (assigned) or
reports an activity linked to it. Each covered (office, mandate) pair gets a row counting the
linked activities by link kind and by section; each Program catalogue item that no office covers
gets a row with a null office and zero counts, so "who works on item 72?" has an answer even when
the answer is nobody.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mandate_etl.models import (
    PROVENANCE_COLUMNS,
    Activity,
    ActivityMandate,
    Coverage,
    MandateId,
    Office,
    OfficeMandate,
)
from mandate_etl.models.tables import Record

CATALOGUE_FILE = "program_mandates.json"
CATALOGUE_PATH = f"mandate_etl/data/{CATALOGUE_FILE}"  # how the package names it wherever installed
PROVENANCE = PROVENANCE_COLUMNS


@dataclass(frozen=True)
class Catalogue:
    """The Program's items, as the provenance of coverage rows no office fills."""

    numbers: tuple[int, ...]
    path: str
    sha256: str


@cache
def program_catalogue() -> Catalogue:
    """Return the Program catalogue shipped in `mandate_etl/data/`."""
    raw = resources.files("mandate_etl.data").joinpath(CATALOGUE_FILE).read_bytes()
    numbers = tuple(m["number"] for m in json.loads(raw)["mandates"])
    return Catalogue(numbers, CATALOGUE_PATH, hashlib.sha256(raw).hexdigest())


def coverage_records(
    year: int,
    offices: Sequence[Office],
    office_mandates: Sequence[OfficeMandate],
    activities: Sequence[Activity],
    activity_mandates: Sequence[ActivityMandate],
    catalogue: Catalogue | None = None,
) -> list[Coverage]:
    """Return the coverage rows of `year`: offices in table order, each with its assigned
    mandates (as listed), then the mandates it only links to, then the uncovered Program items."""
    catalogue = catalogue or program_catalogue()
    activity_by_id = {a.activity_id: a for a in activities}
    links: dict[tuple[str, str], list[ActivityMandate]] = {}
    for link in activity_mandates:
        activity = activity_by_id.get(link.activity_id)
        if activity is not None:
            links.setdefault((activity.office_id, link.mandate_id), []).append(link)
    sources: dict[tuple[str, str], tuple[Record, bool]] = {}
    for pair in office_mandates:
        sources.setdefault((pair.office_id, pair.mandate_id), (pair, True))
    for key, found in links.items():
        sources.setdefault(key, (found[0], False))
    rank = {o.office_id: i for i, o in enumerate(offices)}
    ordered = sorted(sources, key=lambda k: (rank.get(k[0], len(rank)), not sources[k][1]))
    rows = [_row(year, key, *sources[key], links.get(key, []), activity_by_id) for key in ordered]
    covered = {mandate_id for _, mandate_id in sources}
    rows += [
        _uncovered(year, n, catalogue) for n in catalogue.numbers if str(MandateId.program(n)) not in covered
    ]
    return rows


def _row(
    year: int,
    key: tuple[str, str],
    source: Record,
    assigned: bool,
    links: Sequence[ActivityMandate],
    activities: dict[str, Activity],
) -> Coverage:
    """Return the coverage row of one (office, mandate) pair, with the provenance of `source`."""
    kinds = Counter(link.link for link in links)
    sections = Counter(activities[link.activity_id].section for link in links)
    return Coverage(
        report_year=year,
        **{name: getattr(source, name) for name in PROVENANCE},
        office_id=key[0],
        mandate_id=key[1],
        assigned=assigned,
        activities=len({link.activity_id for link in links}),
        explicit=kinds["explicit"],
        repaired=kinds["repaired"],
        inferred=kinds["inferred"],
        carried_out=sections["carried_out"],
        planned=sections["planned"],
    )


def _uncovered(year: int, number: int, catalogue: Catalogue) -> Coverage:
    """Return the row of Program item `number` that no office covers (provenance: the catalogue)."""
    provenance: dict[str, object] = dict.fromkeys(PROVENANCE)
    provenance.update(
        source_file=catalogue.path, source_sha256=catalogue.sha256, source_locator=f"item {number}"
    )
    return Coverage.model_validate(
        {
            "report_year": year,
            **provenance,
            "office_id": None,
            "mandate_id": str(MandateId.program(number)),
            "assigned": False,
            **dict.fromkeys(("activities", "explicit", "repaired", "inferred", "carried_out", "planned"), 0),
        }
    )
