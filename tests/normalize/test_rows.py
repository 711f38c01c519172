"""office_rows: the office rows of a report, with the placements and notes it returns."""

from __future__ import annotations

from tests.normalize.helpers import ACTIVITY, office, report, row

from mandate_etl.normalize.rows import office_rows
from mandate_etl.reference import catalogue

MANDATE = f"66. {catalogue()[66]}"


def it_reads_the_offices_under_their_group_row() -> None:
    result = office_rows(
        report(
            row(2, ["Organización Internacional para las Migraciones (OIM)"], kind="group"),
            office(3, "Oficina en Chile", [MANDATE], [ACTIVITY]),
        )
    )
    assert [(o.name, o.identity.office_id, o.row.ref.row) for o in result.value] == [
        ("Oficina en Chile", "oim-chile", 3)
    ]
    assert [(p.paragraph.text, p.disposition) for p in result.placements] == [
        ("Organización Internacional para las Migraciones (OIM)", "group")
    ]
    assert result.notes == ()


def it_places_a_header_row_and_takes_the_row_kind_as_given() -> None:
    header = row(1, ["Organismo"], ["Mandatos"], kind="header")
    result = office_rows(report(header))
    assert result.value == []
    assert [p.disposition for p in result.placements] == ["header", "header"]


def it_refuses_a_second_row_of_the_same_office_and_places_it_as_residue() -> None:
    first = office(2, "Oficina de la OIM en Chile", [MANDATE], [ACTIVITY])
    second = office(3, "Oficina de la OIM en CHILE", [MANDATE], [ACTIVITY])
    result = office_rows(report(first, second))
    assert [o.row.ref.row for o in result.value] == [2]
    assert [(n.code, n.ref.locator() if n.ref else "") for n in result.notes] == [
        ("E-OFFICE-DUPLICATE", "table 1, row 3")
    ]
    assert {(p.paragraph.ref.row, p.disposition) for p in result.placements} == {(3, "residue"), (3, "empty")}
    assert all(p.reason == "office reported twice in one year" for p in result.placements)


def it_notes_a_group_row_that_names_no_organization() -> None:
    result = office_rows(report(row(2, ["Otras oficinas"], kind="group")))
    assert [n.code for n in result.notes] == ["W-GROUP-UNKNOWN"]
    assert [(p.disposition, p.reason) for p in result.placements] == [
        ("group", "names no known organization")
    ]
