"""`mandate-etl sql`: a table, CSV or JSON on stdout; one line and exit 1 on a query error."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mandate_etl.cli import app

runner = CliRunner()
QUERY = "select office_id, office_kind from offices where report_year = 2010 order by office_id limit 3"


def sql(outputs: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["sql", *args, "--out", str(outputs)])


def test_sql_prints_a_table(outputs_2010: Path) -> None:
    result = sql(outputs_2010, QUERY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "    office_id office_kind",
        "        acnur      agency",
        "        oacdh      agency",
        "oim-argentina     country",
    ]


def test_sql_as_csv_and_json(outputs_2010: Path) -> None:
    csv_result = sql(outputs_2010, QUERY, "--format", "csv")
    assert csv_result.stdout == "office_id,office_kind\nacnur,agency\noacdh,agency\noim-argentina,country\n"
    json_result = sql(outputs_2010, QUERY, "--format", "json")
    assert json.loads(json_result.stdout)[2] == {"office_id": "oim-argentina", "office_kind": "country"}


def test_a_query_error_is_one_line_and_exit_1(outputs_2010: Path) -> None:
    result = sql(outputs_2010, "select nothing from offices")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith('mandate-etl sql: Binder Error: Referenced column "nothing" not found')


def test_usage_errors_exit_2(outputs_2010: Path, tmp_path: Path) -> None:
    assert sql(outputs_2010, QUERY, "--format", "xml").exit_code == 2
    missing = sql(tmp_path, QUERY)
    assert missing.exit_code == 2
    assert "no tables; run `mandate-etl extract raw/ --out" in missing.output
