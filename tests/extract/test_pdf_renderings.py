"""The 2010 report printed on other paper, in other fonts and column widths gives the Word tables.

The renderings under `tests/fixtures/renderings/` were printed by LibreOffice from the 2010 .docx
(`scripts/render_variants.py`, see the README there); no LibreOffice runs here. Run this file as
a script to print the parity table (rendering, pages, rows equal / rows).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from mandate_etl.models import PROVENANCE_COLUMNS, NormalizedReport
from mandate_etl.pipeline import run_file

REPO = Path(__file__).resolve().parents[2]
RENDERINGS = REPO / "tests" / "fixtures" / "renderings"
DOCX_2010 = REPO / "raw" / "2010" / "informe-organismos-2010.docx"
TABLES = ("offices", "mandates", "office_mandates", "activities", "activity_mandates")
PROVENANCE = set(PROVENANCE_COLUMNS)
NAMES = sorted(p.stem for p in RENDERINGS.glob("*.pdf"))
# renderings the reader does not yet give whole (issue 7): each test on them is a strict xfail,
# so that one fixed turns the suite red until it is taken off this list
NOT_YET: dict[str, str] = {}


def rows_of(report: NormalizedReport, table: str) -> list[str]:
    """Return the rows of `table` without provenance, each as sorted JSON."""
    return [
        json.dumps(r.model_dump(exclude=PROVENANCE), sort_keys=True, default=str) for r in report.table(table)
    ]


@cache
def word_report() -> NormalizedReport:
    """Return the normalized 2010 Word report."""
    return run_file(DOCX_2010, 2010)


@cache
def rendering_report(name: str) -> NormalizedReport:
    """Return the normalized report of the rendering `name`."""
    return run_file(RENDERINGS / f"{name}.pdf", 2010)


def parity(name: str) -> tuple[int, int]:
    """Return (rows equal to the Word file's, rows of the larger side) over the five tables."""
    equal = total = 0
    for table in TABLES:
        want, got = rows_of(word_report(), table), rows_of(rendering_report(name), table)
        equal += sum((Counter(want) & Counter(got)).values())
        total += max(len(want), len(got))
    return equal, total


def marked(name: str) -> object:
    """Return the pytest param of rendering `name`, a strict xfail while it is NOT_YET whole."""
    reason = NOT_YET.get(name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(name, marks=marks, id=name)


def test_renderings_cover_the_variations() -> None:
    """Letter, A4 and Legal; portrait and landscape; three font families; two narrow office
    columns; narrow and wide margins: at least ten renderings."""
    joined = " ".join(NAMES)
    assert len(NAMES) >= 10
    for part in (
        "letter",
        "a4",
        "legal",
        "portrait",
        "landscape",
        "carlito",
        "sans",
        "serif",
        "narrow-office",
        "narrow-margins",
        "wide-margins",
    ):
        assert part in joined, part
    assert sum("narrow-office" in n for n in NAMES) >= 2


@pytest.mark.parametrize("name", [marked(n) for n in NAMES])
def test_rendering_gives_the_word_tables(name: str) -> None:
    """Every table of the rendering equals the Word file's, all columns but provenance."""
    for table in TABLES:
        assert rows_of(rendering_report(name), table) == rows_of(word_report(), table), table


@pytest.mark.parametrize("name", NAMES)
def test_no_unknown_office_id_without_a_warning(name: str) -> None:
    """An office id the Word file does not have (its ids come from the reference data) is
    named by a W-OFFICE-UNKNOWN finding, never written in silence."""
    known = {o.office_id for o in word_report().offices}
    report = rendering_report(name)
    warned = " ".join(
        f"{f.office} {f.quote} {f.message}" for f in report.findings if f.code == "W-OFFICE-UNKNOWN"
    )
    silent = [
        o.office_id
        for o in report.offices
        if o.office_id not in known and o.office_id not in warned and o.name not in warned
    ]
    assert silent == []


def test_a_paragraph_end_the_page_does_not_show_is_named() -> None:
    """On the narrow-margins rendering "… de los Migrantes." fills its line to the cell's edge
    and the lead-in "Algunas … son:" follows with no gap: read as two paragraphs (the Word
    file's), and named by one W-TEXT-BREAK-UNSURE warning with its place and the lead-in."""
    report = rendering_report("letter-landscape-narrow-margins-serif-9")
    unsure = [f for f in report.findings if f.code == "W-TEXT-BREAK-UNSURE"]
    assert [(f.severity, f.page, f.row, f.column, f.paragraph) for f in unsure] == [("warning", 15, 3, 4, 2)]
    assert (
        unsure[0].quote
        == "Algunas de las actividades más importantes emprendidas por ACNUR, en este sentido, son:"
    )


def print_parity_table() -> None:
    """Print rendering, pages, rows equal / rows for every committed rendering."""
    print(f"| {'rendering':48} | pages | rows equal / rows |")
    print(f"|{'-' * 50}|-------|-------------------|")
    for name in NAMES:
        equal, total = parity(name)
        with pdfplumber.open(RENDERINGS / f"{name}.pdf") as pdf:
            pages = len(pdf.pages)
        print(f"| {name:48} | {pages:5} | {equal:5} / {total:<5} {100 * equal / total:5.1f}% |")


if __name__ == "__main__":
    sys.exit(print_parity_table())
