"""`mandate-etl diff` on a second year built from the 2010 report (see year2011.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.analysis.test_datapackage import frictionless
from tests.analysis.year2011 import OPS_NEW_PRIORITY
from typer.testing import CliRunner

import mandate_etl
from mandate_etl.cli import app

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "2010"
runner = CliRunner()


def golden(name: str) -> dict[str, dict[str, str]]:
    """Return golden table `name` by its first column."""
    with (GOLDEN / f"{name}.csv").open(encoding="utf-8") as handle:
        return {r[next(iter(r))]: r for r in csv.DictReader(handle)}


def test_diff_lists_every_change_of_the_built_year(two_years: Path) -> None:
    mandates, offices = golden("mandates"), golden("offices")
    ops_1 = (
        mandate_etl.read_tables(two_years, 2010)
        .mandates.set_index("mandate_id")
        .loc["institutional:OPS:1", "text"]
    )
    assert ops_1 == mandates["institutional:OPS:1"]["text"]
    expected = [
        "2010 -> 2011",
        "Offices added (1)",
        "  + oim-chile: Oficina de la OIM en CHILE",
        "Offices removed (1)",
        f"  - oacdh: {offices['oacdh']['name']}",
        "Assignments gained (1)",
        "  + ops: institutional:OPS:3",
        "Assignments lost (7)",
        "  - oim-mexico: program:76",
        *(
            f"  - oim-{o}: institutional:OIM:8"
            for o in ("mexico", "ecuador", "peru", "colombia", "argentina", "washington-dc")
        ),
        "Mandates new (1)",
        f"  + institutional:OPS:3: {OPS_NEW_PRIORITY[:60]}…",
        "Mandates dropped (3)",
        *(
            f"  - {m}: {mandates[m]['text'][:60]}…"
            for m in ("program:77", "program:78", "institutional:OIM:8")
        ),
        "Mandate texts changed (1)",
        "  ~ institutional:OPS:1",
        f"    2010: {ops_1}",
        f"    2011: {ops_1.replace('Adelantar', 'Impulsar', 1)}",
        "Activities per office, where changed (2)",
        "  oim-mexico: 5 -> 4 (-1)",
        "  oim-chile: 0 -> 3 (+3)",
        "Activities linked per mandate, where changed (1)",
        "  program:66: 2 -> 3 (+1)",
    ]
    result = runner.invoke(app, ["diff", "2010", "2011", "--out", str(two_years)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == expected


def test_diff_as_json(two_years: Path) -> None:
    result = runner.invoke(app, ["diff", "2010", "2011", "--out", str(two_years), "--format", "json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)
    assert (changes["year_a"], changes["year_b"]) == (2010, 2011)
    assert changes["offices_added"] == [{"office_id": "oim-chile", "name": "Oficina de la OIM en CHILE"}]
    assert [m["mandate_id"] for m in changes["mandate_texts_changed"]] == ["institutional:OPS:1"]
    assert changes["mandate_texts_changed"][0]["text_b"].startswith("Impulsar acciones")
    assert changes["activities_per_mandate"] == [{"id": "program:66", "count_a": 2, "count_b": 3}]


def test_diff_of_a_year_not_extracted_is_a_usage_error(two_years: Path) -> None:
    result = runner.invoke(app, ["diff", "2010", "2012", "--out", str(two_years)])
    assert result.exit_code == 2
    assert "no tables for 2012 (years present: 2010, 2011)" in result.output
    assert (
        runner.invoke(app, ["diff", "2010", "2011", "--out", str(two_years), "--format", "xml"]).exit_code
        == 2
    )


def test_coverage_2011_names_the_program_items_no_office_covers(two_years: Path) -> None:
    coverage = mandate_etl.read_tables(two_years, 2011).coverage
    nobody = coverage[coverage["office_id"].isna()]
    assert list(nobody["mandate_id"]) == ["program:77", "program:78"]  # only the removed OACDH had them
    assert list(nobody["source_locator"]) == ["item 77", "item 78"]
    assert (nobody[["activities", "explicit", "repaired", "inferred"]] == 0).all().all()


def test_the_two_year_package_validates(two_years: Path) -> None:
    report = json.loads(frictionless(two_years / "datapackage.json").stdout)
    assert report["valid"], json.dumps(report)[:3000]
    assert len(report["tasks"]) == 14
