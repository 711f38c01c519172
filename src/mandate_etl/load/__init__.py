"""Load stage: one year's tables into Parquet files, and the manifest. It only writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mandate_etl.errors import LoadError
from mandate_etl.load.arrow_schema import records_to_table
from mandate_etl.load.atomic import recover
from mandate_etl.load.lock import output_lock
from mandate_etl.load.manifest import ManifestEntry, write_manifest
from mandate_etl.load.parquet import write_year
from mandate_etl.models import TABLES, NormalizedReport, Tables
from mandate_etl.models.tables import Record

__all__ = [
    "LoadInfo",
    "load_year",
    "check_writable",
    "output_lock",
    "recover_outputs",
    "write_manifest",
    "ManifestEntry",
]


@dataclass(frozen=True)
class LoadInfo:
    """What one year's load wrote."""

    year: int
    files: dict[str, Path]
    rows: dict[str, int]


def recover_outputs(out: Path) -> None:
    """Finish or clean up what an interrupted earlier run left in `out` (hold its lock)."""
    recover(out)


def check_writable(report: NormalizedReport) -> None:
    """Return when every record of `report` fits its table's Arrow schema; raise LoadError
    naming the table and the record's place (a number too large for the column, say).

    Run on one file before its year is assembled, so one file's bad value rejects that file,
    not its whole year.
    """
    for model in TABLES:
        records = report.table(model.table_name)
        try:
            records_to_table(model, records)
        except Exception:  # Arrow's conversion errors have no common class
            raise _unwritable(model.table_name, records, report.source.path) from None


def _unwritable(table: str, records: Sequence[Record], file: str) -> LoadError:
    """Return the LoadError naming the first record of `records` that cannot be converted."""
    model = next(m for m in TABLES if m.table_name == table)
    for record in records:
        try:
            records_to_table(model, [record])
        except Exception as exc:
            reason = f"{type(exc).__name__}: {str(exc)[:200]}"
            return LoadError(
                f"a value of {table} cannot be stored ({reason})", file=file, location=record.source_locator
            )
    return LoadError(f"{table} cannot be stored", file=file)


def load_year(out: Path, tables: Tables) -> LoadInfo:
    """Write the tables of one year (`normalize.assemble_year`), replacing the old ones."""
    try:
        files = write_year(out, tables.report_year, tables)
    except OSError as exc:
        raise LoadError(f"cannot write outputs ({exc.strerror or exc})", file=str(out)) from None
    return LoadInfo(tables.report_year, files, tables.counts())
