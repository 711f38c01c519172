"""Given one year's records, write `<out>/<table>/<year>.parquet` for every table, atomically."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from mandate_etl.load.arrow_schema import records_to_table
from mandate_etl.load.atomic import fsync, remove_temporaries, replace_all, temporary_path
from mandate_etl.models import TABLES, Tables

COMPRESSION = "zstd"


def year_path(out: Path, table: str, year: int) -> Path:
    """Return the Parquet file of `table` for `year` under `out`."""
    return out / table / f"{year}.parquet"


def write_year(out: Path, year: int, tables: Tables) -> dict[str, Path]:
    """Write all tables of `year` (empty ones too) and swap them in as one step.

    When any step fails, this run's temporary files are removed and the old year stays whole.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for model in TABLES:
            final = year_path(out, model.table_name, year)
            final.parent.mkdir(parents=True, exist_ok=True)
            staged.append((temporary_path(final), final))
            table = records_to_table(model, tables.table(model.table_name))
            pq.write_table(table, staged[-1][0], compression=COMPRESSION, write_statistics=True)
            fsync(staged[-1][0])
    except BaseException:
        remove_temporaries([tmp for tmp, _ in staged])
        raise
    replace_all(out, str(year), staged)
    return {final.parent.name: final for _, final in staged}
