"""mandate_table and assemble_year: one mandates row per id, counted over every file of a year."""

from __future__ import annotations

from tests.normalize.helpers import ACTIVITY, SOURCE, office, report

from mandate_etl.models import MandateOccurrence
from mandate_etl.normalize import assemble_year, normalize_report
from mandate_etl.normalize.year import mandate_table
from mandate_etl.reference import catalogue


def occurrence(mandate_id: str, office_id: str, text: str, row: int) -> MandateOccurrence:
    """Return an occurrence of a Program mandate in table row `row`."""
    return MandateOccurrence(
        report_year=2099,
        source_file=SOURCE.path,
        source_sha256=SOURCE.sha256,
        source_locator=f"table 1, row {row}, column 2, paragraph 1",
        source_row=row,
        mandate_id=mandate_id,
        scheme="program",
        organization=None,
        number=int(mandate_id.split(":")[1]),
        office_id=office_id,
        text=text,
    )


def it_takes_the_most_frequent_spelling_and_counts_spellings_and_offices() -> None:
    table = mandate_table(
        [
            occurrence("program:67", "a", "Texto b", 2),
            occurrence("program:66", "a", "Texto “a”", 2),
            occurrence("program:66", "b", "Texto a", 3),
            occurrence("program:66", "c", "Texto a", 4),
        ],
        [],
        [],
    )
    assert [(m.mandate_id, m.text, m.variant_count, m.occurrence_count, m.source_row) for m in table] == [
        ("program:66", "Texto a", 2, 3, 2),
        ("program:67", "Texto b", 1, 1, 2),
    ]


def it_assembles_a_year_from_two_files_counting_mandates_over_both() -> None:
    chile = normalize_report(
        report(office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [])), 2099
    )
    peru = normalize_report(
        report(office(2, "Oficina de la OIM en Perú", [f"66. {catalogue()[66]}"], [f"70. {ACTIVITY}"])), 2099
    )
    year = assemble_year(2099, [chile, peru])
    assert [o.office_id for o in year.offices] == ["oim-chile", "oim-peru"]
    assert [(m.mandate_id, m.occurrence_count, m.variant_count) for m in year.mandates] == [
        ("program:66", 2, 1),
        ("program:70", 0, 0),  # named by an activity only: the catalogue's text
    ]
    assert year.counts() == {
        "offices": 2,
        "mandates": 2,
        "office_mandates": 2,
        "activities": 1,
        "activity_mandates": 1,
        "lineage": 5,
        "coverage": 17,  # 66 for both offices, 70 (linked, not assigned) for Perú, 14 items uncovered
    }
