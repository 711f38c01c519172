"""Given the outputs folder, return every table as a typed pandas DataFrame.

Types come from the pydantic models: enumerations are categoricals holding all their values
(so `inferred` is a category even in a year without inferred links), integers are nullable
`Int64`, strings are pandas strings. Columns a later version adds (e.g. `evidence`) are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mandate_etl.analysis.files import available_years
from mandate_etl.errors import AnalysisError
from mandate_etl.load.arrow_schema import unwrap_optional
from mandate_etl.models import TABLES
from mandate_etl.models.tables import Record

SCALAR_DTYPES: dict[type, Any] = {int: "Int64", float: "Float64", bool: "boolean", str: pd.StringDtype()}


@dataclass(frozen=True, repr=False)
class Tables:
    """The output tables, one DataFrame each: `t.activities`, `t["activities"]`."""

    offices: pd.DataFrame
    mandates: pd.DataFrame
    office_mandates: pd.DataFrame
    activities: pd.DataFrame
    activity_mandates: pd.DataFrame
    lineage: pd.DataFrame
    coverage: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        """Return the table called `name`."""
        if name not in self.names():
            raise KeyError(name)
        frame: pd.DataFrame = getattr(self, name)
        return frame

    def __repr__(self) -> str:
        """Return the table names and their row counts (not the frames themselves)."""
        return "Tables(" + ", ".join(f"{n}: {len(self[n])} rows" for n in self.names()) + ")"

    @classmethod
    def names(cls) -> list[str]:
        """Return the table names, in the order of the models."""
        return [f.name for f in fields(cls)]


def pandas_dtype(annotation: Any) -> Any:
    """Return the pandas dtype of a model field annotation (`Literal[...]` -> categorical)."""
    inner, _ = unwrap_optional(annotation)
    if get_origin(inner) is Literal:
        return pd.CategoricalDtype(list(get_args(inner)))
    return SCALAR_DTYPES[inner]


def model_dtypes(model: type[Record]) -> dict[str, Any]:
    """Return column -> pandas dtype of every field of `model`."""
    return {name: pandas_dtype(info.annotation) for name, info in model.model_fields.items()}


def read_tables(path: str | Path = "outputs", years: int | Iterable[int] | None = None) -> Tables:
    """Return the tables under `path` (all years, or only `years`) as typed DataFrames."""
    root = Path(path)
    found = available_years(root) if root.is_dir() else []
    if not found:
        raise AnalysisError("no tables found; run `mandate-etl extract raw/ --out DIR` first", file=str(root))
    wanted = found if years is None else sorted({years} if isinstance(years, int) else set(years))
    missing = [y for y in wanted if y not in found]
    if missing:
        raise AnalysisError(
            f"no tables for {', '.join(map(str, missing))} (years present: {', '.join(map(str, found))})",
            file=str(root),
        )
    by_name = {model.table_name: read_table(root, model, wanted) for model in TABLES}
    return Tables(**by_name)


def typed(column: pd.Series, dtype: Any) -> pd.Series:
    """Return `column` as `dtype`; categories in the model's order (`astype` keeps a file's order,
    as unordered categoricals with the same values compare equal)."""
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.Series(pd.Categorical(column.astype(object), dtype=dtype), index=column.index)
    return column.astype(dtype)


def read_table(root: Path, model: type[Record], years: Iterable[int]) -> pd.DataFrame:
    """Return one table over `years` with the model's dtypes, extra columns kept at the end."""
    files = [root / model.table_name / f"{y}.parquet" for y in years]
    parts = [pq.read_table(f) for f in files if f.exists()]
    frame = pa.concat_tables(parts, promote_options="default").to_pandas() if parts else pd.DataFrame()
    dtypes = model_dtypes(model)
    for name, dtype in dtypes.items():
        frame[name] = typed(frame[name] if name in frame else pd.Series(pd.NA, index=frame.index), dtype)
    extra = [c for c in frame.columns if c not in dtypes]
    return frame[[*dtypes, *extra]].reset_index(drop=True)
