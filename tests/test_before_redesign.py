"""The 2010 Word and PDF runs write the same tables as before the normalize redesign.

A regression check against tests/fixtures/before_redesign/ (see its README): every column that
existed then is equal, row by row; the lineage as a set of rows (its order is now document order).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import REPO_ROOT

BEFORE = REPO_ROOT / "tests" / "fixtures" / "before_redesign"
TABLES = ("offices", "mandates", "office_mandates", "activities", "activity_mandates", "lineage")
UNORDERED = {"lineage"}


@pytest.fixture(scope="module", params=["docx", "pdf"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Return (format, output folder) of `mandate-etl extract` run on the 2010 file."""
    fmt = request.param
    out = tmp_path_factory.mktemp(f"out-{fmt}")
    source = Path("raw") / "2010" / f"informe-organismos-2010.{fmt}"
    subprocess.run(
        [sys.executable, "-m", "mandate_etl", "extract", str(source), "--out", str(out), "--year", "2010"],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    return fmt, out


def _comparable(frame: pd.DataFrame, columns: list[str], ordered: bool) -> pd.DataFrame:
    """Return `frame` restricted to `columns`, sorted by all of them when order does not count."""
    frame = frame[columns]
    if not ordered:
        frame = frame.sort_values(columns, na_position="first")
    return frame.reset_index(drop=True)


@pytest.mark.parametrize("table", TABLES)
def test_table_equals_the_one_before_the_redesign(written: tuple[str, Path], table: str) -> None:
    fmt, out = written
    before = pd.read_parquet(BEFORE / fmt / f"{table}.parquet")
    after = pd.read_parquet(out / table / "2010.parquet")
    columns = list(before.columns)
    assert set(columns) <= set(after.columns), f"{table}: a column went missing"
    for column in columns:  # enumerations became categories since (a storage type, same values)
        if isinstance(after[column].dtype, pd.CategoricalDtype):
            after[column] = after[column].astype(before[column].dtype)
    ordered = table not in UNORDERED
    pd.testing.assert_frame_equal(
        _comparable(after, columns, ordered), _comparable(before, columns, ordered), check_dtype=True
    )
