"""After a load: the files that describe all the tables on disk, for analysts and their tools."""

from __future__ import annotations

from pathlib import Path

from mandate_etl.errors import AnalysisError


def write_analyst_files(out: Path) -> list[Path]:
    """Write `<out>/mandate_etl.duckdb` (views) and `<out>/datapackage.json`; return their paths."""
    import duckdb  # imported here so that starting the command line stays quick

    from mandate_etl.analysis.datapackage import write_datapackage
    from mandate_etl.analysis.duck import build_database

    try:
        return [build_database(out), write_datapackage(out)]
    except (OSError, duckdb.Error) as exc:
        raise AnalysisError(f"cannot write the views or the data package ({exc})", file=str(out)) from None
