"""Coverage: per office and mandate, the activities linked by kind and by section."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from mandate_etl.models import Activity, ActivityMandate, NormalizedReport, Office, OfficeMandate
from mandate_etl.models.tables import LinkKind, Section
from mandate_etl.normalize.coverage import Catalogue, coverage_records, program_catalogue

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "2010"
PROVENANCE = {"source_file": "raw/2099/a.docx", "source_sha256": "0" * 64, "source_page": None}
CATALOGUE = Catalogue((66, 67, 68), "mandate_etl/data/program_mandates.json", "c" * 64)


def record(model, locator: str, **fields):  # type: ignore[no-untyped-def]
    """Return a `model` record of year 2099 at `locator`."""
    return model(report_year=2099, **PROVENANCE, source_locator=locator, **fields)


def office(office_id: str, row: int) -> Office:
    return record(
        Office,
        f"table 1, row {row}, column 1",
        office_id=office_id,
        name=office_id,
        organization="OIM",
        organization_name=None,
        country_code=None,
        office_kind="country",
    )


def assignment(office_id: str, mandate_id: str, paragraph: int) -> OfficeMandate:
    locator = f"table 1, row 3, column 2, paragraph {paragraph}"
    return record(OfficeMandate, locator, office_id=office_id, mandate_id=mandate_id)


def activity(activity_id: str, office_id: str, section: Section) -> Activity:
    fields = {"office_id": office_id, "section": section, "seq": 1, "heading": None, "text": "x"}
    return record(Activity, f"activity {activity_id}", activity_id=activity_id, **fields)


def link(activity_id: str, mandate_id: str, kind: LinkKind) -> ActivityMandate:
    score = {"explicit": 1.0, "repaired": 0.9, "inferred": 0.5}[kind]
    fields = {"mandate_id": mandate_id, "link": kind, "score": score}
    return record(ActivityMandate, f"link {activity_id}", activity_id=activity_id, **fields)


def counts(row) -> tuple:  # type: ignore[no-untyped-def]
    return (
        row.office_id,
        row.mandate_id,
        row.assigned,
        row.activities,
        row.explicit,
        row.repaired,
        row.inferred,
        row.carried_out,
        row.planned,
    )


def it_counts_links_by_kind_and_section_and_lists_what_no_office_covers() -> None:
    rows = coverage_records(
        2099,
        [office("b", 4), office("a", 3)],
        [
            assignment("a", "program:66", 1),
            assignment("a", "institutional:OIM:1", 2),
            assignment("b", "program:66", 1),
        ],
        [activity("x1", "a", "carried_out"), activity("x2", "a", "planned"), activity("x3", "b", "planned")],
        [
            link("x1", "program:66", "explicit"),
            link("x2", "program:66", "inferred"),
            link("x2", "institutional:OIM:1", "repaired"),
            link("x3", "program:67", "explicit"),  # b is not assigned 67 but reports on it
        ],
        CATALOGUE,
    )
    assert [counts(r) for r in rows] == [
        ("b", "program:66", True, 0, 0, 0, 0, 0, 0),
        ("b", "program:67", False, 1, 1, 0, 0, 0, 1),
        ("a", "program:66", True, 2, 1, 0, 1, 1, 1),
        ("a", "institutional:OIM:1", True, 1, 0, 1, 0, 0, 1),
        (None, "program:68", False, 0, 0, 0, 0, 0, 0),
    ]
    assert rows[0].source_locator == "table 1, row 3, column 2, paragraph 1"  # where it is assigned
    assert rows[1].source_locator == "link x3"  # where it is linked, as nothing assigns it
    assert (rows[4].source_file, rows[4].source_sha256, rows[4].source_locator) == (
        "mandate_etl/data/program_mandates.json",
        "c" * 64,
        "item 68",
    )


def it_gives_every_program_item_a_row_when_nothing_is_reported() -> None:
    rows = coverage_records(2099, [], [], [], [], CATALOGUE)
    assert [(r.office_id, r.mandate_id, r.report_year) for r in rows] == [
        (None, "program:66", 2099),
        (None, "program:67", 2099),
        (None, "program:68", 2099),
    ]


def it_reads_the_shipped_catalogue() -> None:
    catalogue = program_catalogue()
    assert catalogue.numbers == (60, *range(66, 81))
    assert len(catalogue.sha256) == 64


def test_2010_coverage_matches_the_golden_links(report_2010_docx: NormalizedReport) -> None:
    """Each golden office_mandates pair is one assigned row; its counts are the golden links (the
    links written in the report: inferred ones are measured against links.csv)."""
    rows = coverage_records(
        2010,
        report_2010_docx.offices,
        report_2010_docx.office_mandates,
        report_2010_docx.activities,
        [link for link in report_2010_docx.activity_mandates if link.link != "inferred"],
    )
    with (GOLDEN / "office_mandates.csv").open(encoding="utf-8") as handle:
        pairs = [(r["office_id"], r["mandate_id"]) for r in csv.DictReader(handle)]
    with (GOLDEN / "activities.csv").open(encoding="utf-8") as handle:
        expected: Counter[tuple[str, str, str]] = Counter()
        for a in csv.DictReader(handle):
            for item in filter(None, a["links"].split(";")):
                mandate_id, kind = item.split("=")
                expected[(a["office_id"], mandate_id, kind)] += 1
                expected[(a["office_id"], mandate_id, a["section"])] += 1
    assert sorted((r.office_id, r.mandate_id) for r in rows if r.assigned) == sorted(pairs)
    assert [r for r in rows if not r.assigned] == []  # 2010: every link is to an assigned mandate
    for r in rows:
        assert (r.explicit, r.repaired, r.inferred) == tuple(
            expected[(r.office_id, r.mandate_id, kind)] for kind in ("explicit", "repaired", "inferred")
        )
        assert (r.carried_out, r.planned) == tuple(
            expected[(r.office_id, r.mandate_id, section)] for section in ("carried_out", "planned")
        )
        assert r.activities == r.explicit + r.repaired + r.inferred == r.carried_out + r.planned
    colombia_75 = next(r for r in rows if (r.office_id, r.mandate_id) == ("oim-colombia", "program:75"))
    # 3 trainings carried out, 3 planned axes (their lead-in "Apoyo técnico …:" is no activity)
    assert (colombia_75.repaired, colombia_75.carried_out, colombia_75.planned) == (6, 3, 3)
