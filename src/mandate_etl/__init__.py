"""mandate_etl: yearly report submissions (Word, PDF) into analysis-ready Parquet."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["read_tables"]


def __getattr__(name: str) -> Any:
    """Return `read_tables` on first use, so the command line does not import pandas to start."""
    if name == "read_tables":
        from mandate_etl.analysis.tables import read_tables

        return read_tables
    raise AttributeError(f"module 'mandate_etl' has no attribute {name!r}")
