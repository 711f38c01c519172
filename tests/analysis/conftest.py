"""The 2010 outputs, written once per session by the real pipeline, for the analyst tools."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.analysis.year2011 import build_2011
from tests.conftest import RAW_2010_DOCX
from typer.testing import CliRunner

from mandate_etl.cli import app
from mandate_etl.pipeline import ReadOptions, extract_to


@pytest.fixture(scope="session")
def outputs_2010(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an outputs folder holding the 2010 Word report's tables (do not modify it), with
    the links written in the report only (--no-infer): the analyses' figures are read from them."""
    out = tmp_path_factory.mktemp("outputs")
    result = extract_to([RAW_2010_DOCX], out, options=ReadOptions(isolate=False, infer=False))
    assert not result.rejected
    return out


@pytest.fixture(scope="session")
def two_years(outputs_2010: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an outputs folder holding 2010 and the 2011 built from it (extract --year 2011)."""
    root = tmp_path_factory.mktemp("two-years")
    out = root / "outputs"
    shutil.copytree(outputs_2010, out)
    docx = build_2011(RAW_2010_DOCX, root / "informe-2011.docx")
    result = CliRunner().invoke(
        app, ["extract", str(docx), "--year", "2011", "--out", str(out), "--no-infer"]
    )
    assert result.exit_code == 0, result.output
    return out
