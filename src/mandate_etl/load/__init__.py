"""Load stage: one year's normalized reports into Parquet files and the manifest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mandate_etl.errors import LoadError
from mandate_etl.load.atomic import recover
from mandate_etl.load.manifest import ManifestEntry, write_manifest
from mandate_etl.load.merge import merge_reports
from mandate_etl.load.parquet import write_year
from mandate_etl.models import NormalizedReport
from mandate_etl.normalize.coverage import year_coverage

__all__ = ["LoadInfo", "load_year", "recover_outputs", "write_manifest", "ManifestEntry"]


@dataclass(frozen=True)
class LoadInfo:
    """What one year's load wrote."""

    year: int
    files: dict[str, Path]
    rows: dict[str, int]


def recover_outputs(out: Path) -> None:
    """Finish or clean up what an interrupted earlier run left in `out`."""
    recover(out)


def load_year(out: Path, year: int, reports: Sequence[NormalizedReport]) -> LoadInfo:
    """Write the six tables of `year` from `reports` (all of that year), replacing the old ones."""
    tables = merge_reports(reports)
    tables["coverage"] = list(year_coverage(year, tables))  # derived from the merged year
    try:
        files = write_year(out, year, tables)
    except OSError as exc:
        raise LoadError(f"cannot write outputs ({exc.strerror or exc})", file=str(out)) from None
    return LoadInfo(year, files, {name: len(rows) for name, rows in tables.items()})
