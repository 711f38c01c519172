"""The five questions of the README, run as written, answered as the golden tables say."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

import mandate_etl
from mandate_etl.analysis.duck import run_query

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "2010"
QUESTIONS = [
    "select office_id, count(*) filter (where assigned) as assigned, count(*) filter (where activities > 0) "
    "as reported_on, sum(explicit)::int as explicit, sum(repaired)::int as repaired, sum(inferred)::int as "
    "inferred from coverage where report_year = 2010 and office_id is not null group by office_id "
    "order by office_id",
    "select office_id, section, seq, link, activity_source_locator from activity_links "
    "where report_year = 2010 and mandate_id = 'program:75' order by section, seq",
    "select office_id, count(*) as unlinked from activity_links where report_year = 2010 "
    "and mandate_id is null group by office_id order by unlinked desc, office_id",
    "select mandate_id from coverage where report_year = 2010 and mandate_id like 'program:%' group by "
    "mandate_id having sum(activities) = 0 order by mandate_id",
    "select office_id, count(activity_id) filter (where section = 'carried_out') as carried_out, "
    "count(activity_id) filter (where section = 'planned') as planned from offices left join activities "
    "using (report_year, office_id) where report_year = 2010 group by office_id order by office_id",
]


def golden(name: str) -> list[dict[str, str]]:
    with (GOLDEN / f"{name}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def links(activity: dict[str, str]) -> list[tuple[str, str]]:
    """Return the (mandate_id, link) pairs of a golden activity."""
    return [tuple(item.split("=")) for item in filter(None, activity["links"].split(";"))]  # type: ignore[misc]


def answer(out: Path, number: int) -> list[tuple]:
    """Return the rows of README question `number` (1-based) as tuples."""
    return [tuple(r) for r in run_query(out, QUESTIONS[number - 1]).itertuples(index=False)]


@pytest.mark.parametrize("query", QUESTIONS)
def test_the_readme_holds_the_query(query: str) -> None:
    assert f'mandate-etl sql "{query}"' in (ROOT / "README.md").read_text(encoding="utf-8")


def test_1_which_mandates_each_office_covers_and_how(outputs_2010: Path) -> None:
    assigned = Counter(r["office_id"] for r in golden("office_mandates"))
    kinds: Counter[tuple[str, str]] = Counter()
    reported: dict[str, set[str]] = {}
    for a in golden("activities"):
        for mandate_id, kind in links(a):
            kinds[(a["office_id"], kind)] += 1
            reported.setdefault(a["office_id"], set()).add(mandate_id)
    expected = [
        (o, assigned[o], len(reported.get(o, ())), kinds[(o, "explicit")], kinds[(o, "repaired")], 0)
        for o in sorted(assigned)
    ]
    assert answer(outputs_2010, 1) == expected
    by_pandas = (
        mandate_etl.read_tables(outputs_2010)
        .coverage.groupby("office_id")[["assigned", "explicit", "repaired", "inferred"]]
        .sum()
    )
    assert [(o, *map(int, row)) for o, row in by_pandas.iterrows()] == [
        (e[0], e[1], *e[3:]) for e in expected
    ]


def test_2_activities_on_program_75(outputs_2010: Path) -> None:
    expected = [
        (a["office_id"], a["section"], int(a["seq"]), kind)
        for a in golden("activities")
        for mandate_id, kind in links(a)
        if mandate_id == "program:75"
    ]
    rows = answer(outputs_2010, 2)
    assert [r[:4] for r in rows] == expected
    assert all(r[4].startswith("table 1, row 6, column ") for r in rows)


def test_3_unlinked_activities_per_office(outputs_2010: Path) -> None:
    counts = Counter(a["office_id"] for a in golden("activities") if not a["links"])
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    assert answer(outputs_2010, 3) == expected
    assert sum(counts.values()) == 55


def test_4_program_mandates_without_activity(outputs_2010: Path) -> None:
    program = {m["mandate_id"] for m in golden("mandates") if m["scheme"] == "program"}
    linked = {mandate_id for a in golden("activities") for mandate_id, _ in links(a)}
    assert answer(outputs_2010, 4) == [(m,) for m in sorted(program - linked)]


def test_5_activities_per_office_and_section(outputs_2010: Path) -> None:
    counts = Counter((a["office_id"], a["section"]) for a in golden("activities"))
    offices = sorted(o["office_id"] for o in golden("offices"))
    expected = [(o, counts[(o, "carried_out")], counts[(o, "planned")]) for o in offices]
    assert answer(outputs_2010, 5) == expected
