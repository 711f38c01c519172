"""Round trip through Word: a report spec written as .docx comes back as the same records.

Extract level: every cell's paragraphs come back with their Word list labels ("1)", "•").
Pipeline level: the normalized tables equal those docs/rules.md derives from the spec.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from tests.roundtrip.expected import assert_report_matches, docx_header_rows
from tests.roundtrip.model import WORD_BULLET, GroupSpec, ReportSpec, header_paragraphs
from tests.roundtrip.strategies import EXAMPLES, reports
from tests.roundtrip.write_docx import read_back_cells, top_level_blocks, write_docx

from mandate_etl.extract import extract_report
from mandate_etl.models import NormalizedReport
from mandate_etl.pipeline import run_file

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def is_unambiguous(spec: ReportSpec) -> bool:
    """False for a spec holding an agency row with nothing else written: that row names an
    organization and no place, so it IS a group row typed unmerged (docs/rules.md; pinned by
    the test below), not the office the spec meant."""
    return not any(
        o.kind == "agency" and not (o.mandates or o.priorities or o.carried_out or o.planned)
        for o in spec.offices()
    )


def written_rows(spec: ReportSpec) -> list[tuple[str, list[list[tuple[str, str | None]]]]]:
    """Return (kind, cells as (text, label) lists) of each row the extractor should read."""
    header = ("header", [[(p.text, p.label) for p in cell] for cell in header_paragraphs(spec.style)])
    rows = [header]
    for index, block in enumerate(top_level_blocks(spec)):
        if index and index == spec.style.split_before and spec.style.repeat_header:
            rows.append(header)
        if isinstance(block, GroupSpec):
            rows.append(("group", [[(block.written(), None)]]))
        else:
            rows.append(("body", [[(p.text, p.label) for p in c] for c in read_back_cells(block)]))
    return rows


def read_rows(path: Path) -> list[tuple[str, list[list[tuple[str, str | None]]]]]:
    """Return (kind, cells as (text, label) lists) of each row extracted from `path`."""
    report = extract_report(path)
    return [(row.kind, [[(p.text, p.label) for p in c.paragraphs] for c in row.cells]) for row in report.rows]


def run_pipeline(path: Path, year: int) -> NormalizedReport:
    """Return the NormalizedReport of `path`."""
    return run_file(path, year, infer=False)  # the spec writes its links; inference: tests/normalize


def assert_round_trip(spec: ReportSpec, path: Path) -> None:
    """Write `spec` to `path` and assert the pipeline returns the expected tables."""
    report = run_pipeline(write_docx(spec, path), spec.year)
    assert_report_matches(spec, report, docx_header_rows(spec))


@SETTINGS
@given(spec=reports())
def test_extracted_cells_equal_written_paragraphs(spec: ReportSpec, tmp_path_factory) -> None:
    """Every row, cell and paragraph (text and Word list label) comes back as written."""
    assume(is_unambiguous(spec))
    path = write_docx(spec, tmp_path_factory.mktemp("docx") / "report.docx")
    assert read_rows(path) == written_rows(spec)


@SETTINGS
@given(spec=reports())
def test_pipeline_returns_the_spec(spec: ReportSpec, tmp_path_factory) -> None:
    """The normalized tables of a written spec equal the tables the rules derive from it."""
    assume(is_unambiguous(spec))
    assert_round_trip(spec, tmp_path_factory.mktemp("docx") / "report.docx")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_extracts_as_written(name: str, tmp_path: Path) -> None:
    """A fixed report's rows come back as written."""
    spec = EXAMPLES[name]()
    path = write_docx(spec, tmp_path / f"{name}.docx")
    assert read_rows(path) == written_rows(spec)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_round_trip(name: str, tmp_path: Path) -> None:
    """A fixed report comes back from the pipeline as the rules say."""
    assert_round_trip(EXAMPLES[name](), tmp_path / f"{name}.docx")


def test_auto_numbered_priorities_get_their_labels(tmp_path: Path) -> None:
    """Word auto-numbered priorities read back as "1)", "2)", "3)" with the text unchanged."""
    path = write_docx(EXAMPLES["every_feature"](), tmp_path / "r.docx")
    mexico = extract_report(path).rows[2]
    labelled = [(p.label, p.text[:18]) for p in mexico.cells[2].paragraphs if p.label]
    assert labelled == [
        ("1)", "Fortalecer la gobe"),
        ("2)", "Proteger los derec"),
        ("3)", "Combatir la trata "),
    ]


def test_numbering_restarts_in_each_cell(tmp_path: Path) -> None:
    """Each office's numbered list starts at 1) again."""
    path = write_docx(EXAMPLES["every_feature"](), tmp_path / "r.docx")
    rows = extract_report(path).rows
    peru = next(r for r in rows if r.cells[0].paragraphs[0].text == "Oficina de la OIM en Perú")
    assert [p.label for p in peru.cells[2].paragraphs] == ["1)", "2)"]


def test_symbol_bullets_read_as_bullets(tmp_path: Path) -> None:
    """Word bullets drawn with Symbol U+F0B7 come back labelled "•", text without the bullet."""
    path = write_docx(EXAMPLES["drifted_layout"](), tmp_path / "r.docx")
    washington = extract_report(path).rows[2]
    labels = [(p.label, p.text[:13]) for p in washington.cells[3].paragraphs]
    assert labels == [
        (None, "7.2. Se coord"),
        (None, "TRATA DE PERS"),
        (WORD_BULLET, "Se realizaron"),
        (WORD_BULLET, "Se organizaro"),
        (None, "75. (4) La of"),
    ]


def test_split_table_without_header_continues_the_report(tmp_path: Path) -> None:
    """A second table with no header row is read as the rest of the report."""
    path = write_docx(EXAMPLES["drifted_layout"](), tmp_path / "r.docx")
    report = extract_report(path)
    assert report.tables_seen == 2
    assert [r.kind for r in report.rows] == ["header", "group", "body", "body", "group", "body"]


def test_vertically_merged_office_is_one_row(tmp_path: Path) -> None:
    """An office cell merged over two rows makes one office row holding both rows' content."""
    path = write_docx(EXAMPLES["every_feature"](), tmp_path / "r.docx")
    rows = extract_report(path).rows
    assert [r.kind for r in rows] == ["header", "group", "body", "header", "body", "body"]
    assert [p.text[:4] for p in rows[2].cells[1].paragraphs] == ["66. ", "", "68. ", "", "70. ", ""]


def test_dotted_reference_to_an_unassigned_mandate_is_a_warning(tmp_path: Path) -> None:
    """ "7.4." in an office without mandate 74 links nothing and warns where it is written."""
    spec = EXAMPLES["drifted_layout"]()
    report = run_pipeline(write_docx(spec, tmp_path / "r.docx"), spec.year)
    assert [(f.severity, f.location, f.office) for f in report.findings if f.severity != "info"] == [
        ("warning", "table 1, row 4, column 4, paragraph 1", "Oficina en Costa Rica")
    ]


def test_an_agency_row_with_nothing_written_is_an_organization_heading(tmp_path: Path) -> None:
    """A row that names an organization and no place, with every other cell empty, is a group
    row typed without merging (docs/rules.md): it is no office, so a report of nothing else
    has no office and is refused (E-NO-OFFICES), never an office invented or dropped in silence."""
    from tests.roundtrip.model import OfficeSpec, OfficeStyle, ReportStyle

    office = OfficeSpec(
        name="Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados (ACNUR)",
        organization="ACNUR",
        kind="agency",
        office_id="acnur",
        country_code=None,
        mandates=(),
        priorities=(),
        carried_out=(),
        planned=(),
        style=OfficeStyle(
            program="space",
            priorities="word_number",
            blank_lines=False,
            trailing_space=False,
            whitespace_tail=False,
            continued=False,
        ),
    )
    spec = ReportSpec(
        year=2010,
        groups=(GroupSpec(organization="ACNUR", offices=(office,)),),
        style=ReportStyle(
            header=0,
            split_before=None,
            repeat_header=False,
            symbol_bullets=False,
            font_size=9,
            office_twips=None,
        ),
    )
    report = run_pipeline(write_docx(spec, tmp_path / "agency.docx"), 2010)
    assert report.offices == ()
    assert [f.code for f in report.findings if f.severity == "error"] == ["E-NO-OFFICES"]
