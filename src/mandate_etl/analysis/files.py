"""Where the tables of each year lie under an outputs folder (no pandas: the load step uses it)."""

from __future__ import annotations

from pathlib import Path


def available_years(path: Path) -> list[int]:
    """Return the years that have at least one table file under `path`."""
    return sorted({int(p.stem) for p in path.glob("*/*.parquet") if p.stem.isdigit()})
