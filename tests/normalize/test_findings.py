"""Validation findings: each rule fires on a small report built by hand, with its location."""

from __future__ import annotations

from tests.normalize.helpers import ACTIVITY, codes, office, report, row

from mandate_etl.normalize import allow_year_mismatch, normalize_report
from mandate_etl.normalize.lineage import lost_paragraphs
from mandate_etl.reference import catalogue


def test_a_clean_office_has_no_findings() -> None:
    assert (
        codes(report(office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [ACTIVITY]))) == []
    )


def test_row_without_an_office_name_is_an_error() -> None:
    found = codes(report(office(2, "", [f"66. {catalogue()[66]}"], [ACTIVITY])))
    assert found == [("error", "E-ROW-NO-OFFICE", "table 1, row 2")]


def test_an_office_reported_twice_is_an_error() -> None:
    first = office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [ACTIVITY])
    second = office(3, "Oficina de la OIM en  CHILE", [f"67. {catalogue()[67]}"], [ACTIVITY])
    assert codes(report(first, second)) == [("error", "E-OFFICE-DUPLICATE", "table 1, row 3")]


def test_a_mandate_number_outside_the_catalogue_is_an_error_and_mints_no_mandate() -> None:
    extracted = report(
        office(
            2,
            "Oficina de la OIM en Chile",
            [f"66. {catalogue()[66]}", "81. Un mandato que no existe", "en el programa."],
            [],
        )
    )
    assert codes(extracted) == [("error", "E-MANDATE-UNKNOWN", "table 1, row 2, column 2, paragraph 2")]
    normalized = normalize_report(extracted, 2099)
    assert [m.mandate_id for m in normalized.mandates] == ["program:66"]
    assert [m.mandate_id for m in normalized.office_mandates] == ["program:66"]
    residue = [(r.source_paragraph_first, r.reason) for r in normalized.lineage if r.disposition == "residue"]
    assert residue == [
        (2, "Program mandate number not in the catalogue"),
        (3, "Program mandate number not in the catalogue"),
    ]


def test_a_mandate_text_that_differs_from_the_catalogue_shows_both() -> None:
    extracted = report(office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[75]}"], []))
    (finding,) = normalize_report(extracted, 2099).findings
    assert finding.code == "W-MANDATE-TEXT"
    assert "it reads like item 75" in finding.message
    assert catalogue()[66][:40] in finding.message
    assert finding.quote is not None and finding.quote.startswith(catalogue()[75][:40])


def test_an_activity_referring_to_an_unassigned_mandate_is_a_warning() -> None:
    extracted = report(
        office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [f"70. {ACTIVITY}"])
    )
    assert codes(extracted) == [
        ("warning", "W-ACTIVITY-MANDATE-UNASSIGNED", "table 1, row 2, column 4, paragraph 1")
    ]
    normalized = normalize_report(extracted, 2099)
    assert [(link.mandate_id, link.link) for link in normalized.activity_mandates] == [
        ("program:70", "explicit")
    ]
    named = normalized.mandates[-1]  # the link finds its mandate: the catalogue's, written nowhere
    assert (named.mandate_id, named.occurrence_count, named.variant_count) == ("program:70", 0, 0)
    assert named.text == catalogue()[70]
    assert named.source_locator == "table 1, row 2, column 4, paragraph 1"


def test_an_empty_row_is_a_warning() -> None:
    chile = office(3, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [])
    assert codes(report(row(2, [""], [""], [""], [""], [""]), chile)) == [
        ("warning", "W-ROW-EMPTY", "table 1, row 2")
    ]
    assert codes(report(row(2, [""], [""], [""], [""], [""]))) == [
        ("warning", "W-ROW-EMPTY", "table 1, row 2"),
        ("error", "E-NO-OFFICES", "table 1"),
    ]


def test_a_nested_table_is_a_warning_and_its_text_residue() -> None:
    nested = row(
        2,
        ["Oficina de la OIM en Chile"],
        [f"66. {catalogue()[66]}"],
        [""],
        [ACTIVITY, "Celda anidada"],
        [""],
        nested=4,
    )
    found = codes(report(nested))
    assert ("warning", "W-CELL-NESTED-TABLE", "table 1, row 2, column 4") in found
    lineage = normalize_report(report(nested), 2099).lineage
    assert {r.disposition for r in lineage if r.text == "Celda anidada"} == {"residue"}


def test_a_title_naming_another_year_is_an_error_unless_the_year_was_given() -> None:
    extracted = report(
        office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], []),
        preamble=("Matriz de actividades — 2010",),
    )
    assert codes(extracted, 2011) == [("error", "E-YEAR-MISMATCH", "")]
    assert codes(extracted, 2010) == []
    given = allow_year_mismatch(normalize_report(extracted, 2011)).findings
    assert [(f.severity, f.code, f.message) for f in given] == [
        ("warning", "W-YEAR-MISMATCH", "title names 2010 but the report year is 2011 (given by --year)")
    ]


def test_a_report_without_an_office_row_is_an_error() -> None:
    header = row(1, ["Organismo / Oficina"], ["Mandatos del Programa"], kind="header")
    group = row(2, ["Organización Internacional para las Migraciones (OIM)"], kind="group")
    assert codes(report(header, group)) == [("error", "E-NO-OFFICES", "table 1")]
    assert codes(report()) == [("error", "E-NO-OFFICES", "")]


def test_a_paragraph_without_exactly_one_lineage_row_is_lost() -> None:
    extracted = report(office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [ACTIVITY]))
    lineage = normalize_report(extracted, 2099).lineage
    assert lost_paragraphs(extracted, lineage) == []
    lost = lost_paragraphs(extracted, [r for r in lineage if r.source_column != 4])
    assert [(n.severity, n.code, n.ref.locator() if n.ref else "") for n in lost] == [
        ("error", "E-LOST", "table 1, row 2, column 4, paragraph 1")
    ]
    doubled = lost_paragraphs(extracted, [*lineage, lineage[0]])
    assert [n.code for n in doubled] == ["E-LOST"]


def test_an_introduction_before_numbered_priorities_is_not_priority_1() -> None:
    extracted = report(
        row(
            2,
            ["Oficina de la OIM en Chile"],
            [f"66. {catalogue()[66]}"],
            ["Prioridades institucionales de la OIM:", "1) Proteger los derechos.", "2) Combatir la trata."],
            [""],
            [""],
        )
    )
    normalized = normalize_report(extracted, 2099)
    assert [(m.mandate_id, m.text) for m in normalized.mandates if m.scheme == "institutional"] == [
        ("institutional:OIM:1", "Proteger los derechos."),
        ("institutional:OIM:2", "Combatir la trata."),
    ]
    assert [(f.code, f.location) for f in normalized.findings] == [
        ("W-RESIDUE", "table 1, row 2, column 3, paragraph 1")
    ]


def test_two_spellings_of_one_office_are_a_duplicate() -> None:
    first = office(2, "OIM México", [f"66. {catalogue()[66]}"], [ACTIVITY])
    second = office(3, "Oficina de la OIM en los Estados Unidos Mexicanos", [f"67. {catalogue()[67]}"], [])
    normalized = normalize_report(report(first, second), 2099)
    assert [o.office_id for o in normalized.offices] == ["oim-mexico"]
    found = [(f.code, f.location) for f in normalized.findings if f.severity != "info"]
    assert found == [("E-OFFICE-DUPLICATE", "table 1, row 3")]


def test_an_office_outside_the_reference_data_is_a_warning_quoting_its_name() -> None:
    normalized = normalize_report(report(office(2, "Oficina de la OIM en COLOMB IA", [], [ACTIVITY])), 2099)
    (finding,) = [f for f in normalized.findings if f.severity != "info"]
    assert (finding.severity, finding.code, finding.location, finding.quote) == (
        "warning",
        "W-OFFICE-UNKNOWN",
        "table 1, row 2",
        "Oficina de la OIM en COLOMB IA",
    )
    assert "«IA»" in finding.message and "oim-colomb-ia" in finding.message


def test_a_finding_carries_its_place_as_numbers() -> None:
    extracted = report(
        office(2, "Oficina de la OIM en Chile", [f"66. {catalogue()[66]}"], [f"70. {ACTIVITY}"])
    )
    (finding,) = normalize_report(extracted, 2099).findings
    assert (
        finding.location,
        finding.page,
        finding.table,
        finding.row,
        finding.column,
        finding.paragraph,
    ) == (
        "table 1, row 2, column 4, paragraph 1",
        None,
        1,
        2,
        4,
        1,
    )
