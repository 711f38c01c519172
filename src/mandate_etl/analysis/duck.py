"""Given the outputs folder, create DuckDB views over its Parquet files, and run queries on them.

One view per table, named after it, over `<out>/<table>/*.parquet` (all years). Joins are on ids
only: in the views, the provenance columns and the few other names several tables share (`text`,
`organization`) carry the table's prefix (`activity_source_locator`, `mandate_text`), so a
`NATURAL JOIN` or `USING (report_year, activity_id)` never matches or duplicates them. Two ready
joins sit beside them: `activity_links` (each activity with its office and its mandates, one row
per link; an unlinked activity once, its mandate columns null) and `coverage` (the table).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from mandate_etl.errors import AnalysisError
from mandate_etl.load.arrow_schema import arrow_schema
from mandate_etl.load.atomic import write_bytes_atomically
from mandate_etl.models import TABLES, ActivityMandate
from mandate_etl.models.tables import Record

if TYPE_CHECKING:  # pandas is imported by DuckDB when a result is asked for as a DataFrame
    import pandas as pd

DATABASE_NAME = "mandate_etl.duckdb"
JOIN_KEYS = ("report_year", "office_id", "mandate_id", "activity_id")
PREFIX = {
    "offices": "office",
    "mandates": "mandate",
    "office_mandates": "assignment",
    "activities": "activity",
    "activity_mandates": "link",
    "lineage": "lineage",
    "coverage": "coverage",
}
DUCKDB_TYPES = {pa.int64(): "BIGINT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN"}

ACTIVITY_LINKS = """
create or replace view activity_links as
select a.report_year, a.office_id, o.name as office_name, o.office_organization as organization,
       a.activity_id, a.section, a.seq, a.heading, a.activity_text,
       l.mandate_id, m.scheme, m.number, m.mandate_text,
       l.* exclude (report_year, activity_id, mandate_id, {link_provenance}),
       om.office_id is not null as assigned,
       a.activity_source_file, a.activity_source_locator, a.activity_source_page
from activities a
join offices o on o.report_year = a.report_year and o.office_id = a.office_id
left join activity_mandates l on l.report_year = a.report_year and l.activity_id = a.activity_id
left join mandates m on m.report_year = l.report_year and m.mandate_id = l.mandate_id
left join office_mandates om
  on om.report_year = a.report_year and om.office_id = a.office_id and om.mandate_id = l.mandate_id
order by a.report_year, a.office_id, a.section, a.seq, m.scheme desc, m.number
"""


def shared_names() -> set[str]:
    """Return the column names that are not join keys and occur in more than one table."""
    counts = Counter(name for model in TABLES for name in model.model_fields)
    provenance = set(Record.model_fields) - {"report_year"}
    return provenance | {n for n, c in counts.items() if c > 1 and n not in JOIN_KEYS}


def view_names(model: type[Record]) -> dict[str, str]:
    """Return column -> view column of `model`'s table (shared names prefixed)."""
    shared = shared_names()
    prefix = PREFIX[model.table_name]
    return {n: f"{prefix}_{n}" if n in shared else n for n in model.model_fields}


def table_view_sql(out: Path, model: type[Record]) -> str:
    """Return the statement that creates the view of `model`'s table over its Parquet files."""
    renames = ", ".join(f"{old} as {new}" for old, new in view_names(model).items() if old != new)
    files = sorted((out / model.table_name).glob("*.parquet"))
    if not files:  # an empty view of the right columns, so queries still bind
        schema = arrow_schema(model)
        columns = ", ".join(
            f"cast(null as {DUCKDB_TYPES.get(schema.field(old).type, 'VARCHAR')}) as {new}"
            for old, new in view_names(model).items()
        )
        return f"create or replace view {model.table_name} as select {columns} where false"
    glob = _sql_string(str((out / model.table_name).resolve() / "*.parquet"))
    source = f"read_parquet({glob}, union_by_name = true)"
    return f"create or replace view {model.table_name} as select * rename ({renames}) from {source}"


def create_views(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """Create the table views and the ready joins over the Parquet files under `out`."""
    for model in TABLES:
        con.execute(table_view_sql(out, model))
    prefixed = [new for old, new in view_names(ActivityMandate).items() if old != new]
    con.execute(ACTIVITY_LINKS.format(link_provenance=", ".join(prefixed)))


def build_database(out: Path) -> Path:
    """Write `<out>/mandate_etl.duckdb` holding the views (absolute paths to the Parquet files)."""
    final = out / DATABASE_NAME

    def write(tmp: Path) -> None:
        tmp.unlink(missing_ok=True)
        with duckdb.connect(str(tmp)) as con:
            create_views(con, out)

    write_bytes_atomically(final, write)
    return final


def run_query(out: Path, query: str) -> pd.DataFrame:
    """Return the result of `query` over the views of `out` (an in-memory database, never stale)."""
    if not out.is_dir():
        raise AnalysisError("no such outputs folder; run `mandate-etl extract` first", file=str(out))
    with duckdb.connect() as con:
        create_views(con, out)
        try:
            relation = con.sql(query)
            if relation is None:  # a statement without a result
                import pandas as pd

                return pd.DataFrame()
            frame: pd.DataFrame = relation.df()
            return frame
        except duckdb.Error as exc:
            raise AnalysisError(str(exc).splitlines()[0]) from None


def _sql_string(text: str) -> str:
    """Return `text` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
