"""Round trip through PDF where lines break words and pages break sentences.

An office column so narrow that long words are cut at its edge ("COLOM" + "BIA") must give the
office names whole; a paragraph that a page break cuts before a number ("2.500"), before
punctuation (" . Con …") or after an inline list number ("ejes 1)") must come back as one
paragraph, wherever the break falls in it.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.roundtrip.expected import assert_report_matches
from tests.roundtrip.model import ActivityItem, GroupSpec, OfficeSpec, ReportSpec, ReportStyle
from tests.roundtrip.strategies import sentence_of
from tests.roundtrip.write_pdf import write_pdf

from mandate_etl.pipeline import run_file

# a sentence whose lines may start with a number that is no list item, with punctuation, or
# after an inline list number: printed long enough that a page break falls inside it
TRICKY = (
    "Se atendió a 2.500 familias en la frontera y el índice subió 2.5 puntos en el periodo "
    "(ver el informe anual) . Con el objetivo de apoyar a los migrantes se dieron talleres "
    "en tres ejes 1) prevención, 2) asistencia y 3) protección de las víctimas, y 1.250 "
    "personas recibieron orientación , información y apoyo jurídico en la región."
)
SETTINGS = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
    database=None,
)


def office(
    name: str, office_id: str, kind: str, code: str | None, *items: ActivityItem, organization: str = "OIM"
) -> OfficeSpec:
    """Return an office row with a few Program mandates and the given activities."""
    return OfficeSpec(
        name=name,
        organization=organization,
        kind=kind,
        office_id=office_id,
        country_code=code,
        mandates=(66, 70),
        carried_out=tuple(items),
    )


def narrow_office_report() -> ReportSpec:
    """Return three offices with long names in an office column too narrow for their words."""
    item = ActivityItem(sentence_of(1, 2, 3, 3, 0))
    offices = (
        office("Oficina de la OIM en COLOMBIA", "oim-colombia", "country", "CO", item),
        office("Oficina Regional de la OIM en Washington, D.C.", "oim-washington-dc", "regional", None, item),
        office("Oficina de la OIM en Argentina", "oim-argentina", "country", "AR", item),
    )
    return ReportSpec(2010, (GroupSpec("OIM", offices),), ReportStyle(office_twips=1000))


def test_narrow_office_column_cuts_words(tmp_path: Path) -> None:
    """The office column really is printed with words cut at its edge."""
    path = write_pdf(narrow_office_report(), tmp_path / "narrow.pdf")
    with pdfplumber.open(path) as pdf:
        words = {w["text"] for page in pdf.pages for w in page.extract_words()}
    assert "COLOMBIA" not in words and "Washington," not in words


def test_narrow_office_column_gives_whole_names(tmp_path: Path) -> None:
    """Office names cut mid-word by a narrow column come back whole, with their known ids."""
    spec = narrow_office_report()
    report = run_file(write_pdf(spec, tmp_path / "narrow.pdf"), spec.year, infer=False)
    assert_report_matches(spec, report, header_rows=None)


def page_break_report(lead: int) -> ReportSpec:
    """Return one office whose long TRICKY paragraph follows `lead` short activities."""
    fillers = tuple(ActivityItem(sentence_of(i % 8, i % 6, i % 5, i % 4, i % 4)) for i in range(lead))
    tricky = ActivityItem(" ".join([TRICKY] * 3))
    row = office("Oficina de la OIM en Chile", "oim-chile", "country", "CL", *fillers, tricky)
    return ReportSpec(2010, (GroupSpec("OIM", (row,)),), ReportStyle(font_size=12))


@SETTINGS
@given(lead=st.integers(min_value=0, max_value=14))
def test_paragraph_cut_anywhere_by_a_page_break_comes_back_whole(lead: int, tmp_path_factory) -> None:
    """Wherever the page break falls in the long paragraph, it is one activity again."""
    spec = page_break_report(lead)
    path = write_pdf(spec, tmp_path_factory.mktemp("pdf") / "breaks.pdf")
    report = run_file(path, spec.year, infer=False)
    assert_report_matches(spec, report, header_rows=None)


@pytest.mark.parametrize("lead", [0, 6, 12])
def test_tricky_paragraph_spans_a_page_break(lead: int, tmp_path: Path) -> None:
    """The long paragraph really is printed across a page break: it ends on a later page than
    the one it starts on."""
    path = write_pdf(page_break_report(lead), tmp_path / "breaks.pdf")
    with pdfplumber.open(path) as pdf:
        texts = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    starts = [i for i, text in enumerate(texts) if TRICKY[:12] in text]
    ends = [i for i, text in enumerate(texts) if TRICKY[-22:] in text]
    assert starts and ends and min(starts) < max(ends)
