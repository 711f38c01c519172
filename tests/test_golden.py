"""The 2010 Word report against the golden tables written by hand in tests/golden/2010/.

The golden files are written and edited by hand from the source (tests/golden/2010/README.md);
nothing here can write them: a golden file made from the pipeline's output could not fail.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mandate_etl.models import NormalizedReport

GOLDEN = Path(__file__).parent / "golden" / "2010"


def read_golden(name: str) -> list[dict[str, str]]:
    """Return the rows of golden CSV `name` as dicts of strings."""
    with (GOLDEN / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def check(name: str, actual: list[dict[str, str]]) -> None:
    """Assert `actual` equals golden `name` row by row."""
    expected = read_golden(name)
    for i, (exp, act) in enumerate(zip(expected, actual, strict=False)):
        assert act == exp, f"{name}.csv row {i + 2}"
    assert len(actual) == len(expected), f"{name}.csv: {len(actual)} rows, golden has {len(expected)}"


def _s(value: object) -> str:
    """Return a CSV cell: empty for None."""
    return "" if value is None else str(value)


def test_offices(report_2010_docx: NormalizedReport) -> None:
    check(
        "offices",
        [
            {
                "office_id": o.office_id,
                "name": o.name,
                "organization": _s(o.organization),
                "organization_name": _s(o.organization_name),
                "country_code": _s(o.country_code),
                "office_kind": o.office_kind,
            }
            for o in report_2010_docx.offices
        ],
    )


def test_mandates(report_2010_docx: NormalizedReport) -> None:
    check(
        "mandates",
        [
            {
                "mandate_id": m.mandate_id,
                "scheme": m.scheme,
                "organization": _s(m.organization),
                "number": str(m.number),
                "text": m.text,
                "variant_count": str(m.variant_count),
                "occurrence_count": str(m.occurrence_count),
            }
            for m in report_2010_docx.mandates
        ],
    )


def test_office_mandates(report_2010_docx: NormalizedReport) -> None:
    order = {m.mandate_id: i for i, m in enumerate(report_2010_docx.mandates)}
    offices = {o.office_id: i for i, o in enumerate(report_2010_docx.offices)}
    pairs = sorted(
        report_2010_docx.office_mandates, key=lambda p: (offices[p.office_id], order[p.mandate_id])
    )
    check("office_mandates", [{"office_id": p.office_id, "mandate_id": p.mandate_id} for p in pairs])


def test_activities(report_2010_docx: NormalizedReport) -> None:
    links: dict[str, list[str]] = {}
    for link in report_2010_docx.activity_mandates:
        if link.link != "inferred":  # the links written in the report; inferred ones: links.csv
            links.setdefault(link.activity_id, []).append(f"{link.mandate_id}={link.link}")
    check(
        "activities",
        [
            {
                "office_id": a.office_id,
                "section": a.section,
                "seq": str(a.seq),
                "heading": _s(a.heading),
                "lead_in": _s(a.lead_in),
                "text": a.text,
                "links": ";".join(sorted(links.get(a.activity_id, []))),
            }
            for a in report_2010_docx.activities
        ],
    )


@pytest.mark.parametrize(
    ("table", "count"),
    [
        ("offices", 9),
        ("mandates", 26),
        ("office_mandates", 121),
        ("activities", 81),  # 82 before issue 10: one lead-in less (2), one inline item more (1)
        ("activity_mandates", 37),  # the lead-in under "7.5. CAPACITACIÓN" held one repaired link
    ],
)
def test_counts_match_the_issue(report_2010_docx: NormalizedReport, table: str, count: int) -> None:
    rows = report_2010_docx.table(table)
    if table == "activity_mandates":  # the links written in the report; inferred ones: links.csv
        rows = tuple(row for row in rows if getattr(row, "link", None) != "inferred")
    assert len(rows) == count
