"""Given one year's records, write `<out>/<table>/<year>.parquet` for every table, atomically."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow.parquet as pq

from mandate_etl.load.arrow_schema import records_to_table
from mandate_etl.load.atomic import fsync, replace_all, temporary_path
from mandate_etl.models import TABLES
from mandate_etl.models.tables import Record

COMPRESSION = "zstd"


def year_path(out: Path, table: str, year: int) -> Path:
    """Return the Parquet file of `table` for `year` under `out`."""
    return out / table / f"{year}.parquet"


def write_year(out: Path, year: int, tables: Mapping[str, Sequence[Record]]) -> dict[str, Path]:
    """Write all six tables of `year` (empty ones too) and swap them in as one step."""
    staged = []
    written = {}
    for model in TABLES:
        final = year_path(out, model.table_name, year)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = temporary_path(final)
        table = records_to_table(model, tables.get(model.table_name, ()))
        pq.write_table(table, tmp, compression=COMPRESSION, write_statistics=True)
        fsync(tmp)
        staged.append((tmp, final))
        written[model.table_name] = final
    replace_all(out, str(year), staged)
    return written
