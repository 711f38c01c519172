"""DuckDB views over the Parquet files: one per table, joins on ids only, ready joins."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from mandate_etl.analysis.duck import DATABASE_NAME, create_views, run_query
from mandate_etl.errors import AnalysisError
from mandate_etl.models import TABLES


@pytest.fixture
def con(outputs_2010: Path) -> duckdb.DuckDBPyConnection:
    """Return a read-only connection to the database the extract wrote."""
    return duckdb.connect(str(outputs_2010 / DATABASE_NAME), read_only=True)


def scalar(con: duckdb.DuckDBPyConnection, query: str) -> object:
    row = con.execute(query).fetchone()
    assert row is not None
    return row[0]


def test_one_view_per_table_and_the_ready_joins(con: duckdb.DuckDBPyConnection) -> None:
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    assert views == {m.table_name for m in TABLES} | {"activity_links"}
    counts = {name: scalar(con, f"select count(*) from {name}") for name in sorted(views)}
    assert counts == {
        "activities": 81,
        "activity_links": 92,  # 37 links, and the 55 unlinked activities once each
        "activity_mandates": 37,
        "coverage": 121,
        "lineage": 268,
        "mandates": 26,
        "office_mandates": 121,
        "offices": 9,
    }


def test_natural_joins_match_on_ids_only(con: duckdb.DuckDBPyConnection) -> None:
    chain = "activities natural join activity_mandates natural join mandates natural join offices"
    assert scalar(con, f"select count(*) from {chain}") == 37
    assigned = "offices natural join office_mandates natural join mandates"
    assert scalar(con, f"select count(*) from {assigned}") == 121
    columns = [r[0] for r in con.execute("describe activities").fetchall()]
    assert "activity_source_locator" in columns and "source_locator" not in columns
    assert "activity_text" in columns and "text" not in columns


def test_activity_links_carry_office_mandate_and_link(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        """select office_id, section, seq, mandate_id, scheme, number, link, score, assigned
           from activity_links where office_id = 'oim-colombia' and section = 'carried_out' and seq = 13
           order by mandate_id"""
    ).fetchall()
    assert rows == [("oim-colombia", "carried_out", 13, "program:75", "program", 75, "repaired", 0.9, True)]
    unlinked = scalar(con, "select count(*) from activity_links where mandate_id is null")
    assert unlinked == 55


def test_the_file_database_answers_from_another_directory(outputs_2010: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir("/")
    with duckdb.connect(str(outputs_2010 / DATABASE_NAME), read_only=True) as con:
        assert scalar(con, "select count(*) from offices") == 9


def test_evidence_column_and_empty_tables_keep_the_views(outputs_2010: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(outputs_2010, out)
    shutil.rmtree(out / "coverage")
    with duckdb.connect() as con:
        create_views(con, out)
        columns = [r[0] for r in con.execute("describe activity_links").fetchall()]
        assert columns[columns.index("link") : columns.index("link") + 3] == ["link", "score", "evidence"]
        assert scalar(con, "select count(*) from coverage") == 0


def test_run_query_and_its_errors(outputs_2010: Path) -> None:
    frame = run_query(outputs_2010, "select office_id from offices order by office_id limit 2")
    assert list(frame["office_id"]) == ["acnur", "oacdh"]
    with pytest.raises(AnalysisError, match="^Catalog Error: Table with name nowhere does not exist"):
        run_query(outputs_2010, "select * from nowhere")
    with pytest.raises(AnalysisError, match="no such outputs folder"):
        run_query(outputs_2010 / "missing", "select 1")
