"""`mandate-etl extract --no-cache / --executor`, `mandate-etl cache clear`."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import RAW_2010_DOCX
from typer.testing import CliRunner

from mandate_etl.cli import app

runner = CliRunner()


def raw_2010(tmp_path: Path) -> Path:
    """Return tmp_path/raw/ with a copy of the 2010 Word report."""
    folder = tmp_path / "raw" / "2010"
    folder.mkdir(parents=True)
    shutil.copy(RAW_2010_DOCX, folder / "informe.docx")
    return tmp_path / "raw"


def test_the_final_line_says_how_many_were_read_and_taken_from_the_cache(tmp_path: Path) -> None:
    raw, out = raw_2010(tmp_path), str(tmp_path / "out")
    first = runner.invoke(app, ["extract", str(raw), "--out", out])
    assert first.exit_code == 0, first.output
    assert "1 read, 0 from cache, 0 rejected" in first.output
    again = runner.invoke(app, ["extract", str(raw), "--out", out])
    assert "0 read, 1 from cache, 0 rejected" in again.output
    assert "unchanged, not rewritten: 2010 (1 files, all from the cache)" in again.output
    # what was found in the year is said again, from the manifest: nothing was read to find it
    warned = [line for line in first.output.splitlines() if "W-MANDATE-PASTED" in line]
    assert len(warned) == 1
    assert "2010/informe.docx: 1 warning (unchanged since written)\n" + warned[0] + "\n" in again.output
    forced = runner.invoke(app, ["extract", str(raw), "--out", out, "--no-cache"])
    assert "1 read, 0 from cache, 0 rejected" in forced.output


def test_cache_clear_makes_the_next_run_read_every_file(tmp_path: Path) -> None:
    raw, out = raw_2010(tmp_path), str(tmp_path / "out")
    runner.invoke(app, ["extract", str(raw), "--out", out])
    cleared = runner.invoke(app, ["cache", "clear", "--out", out])
    assert cleared.exit_code == 0 and "1 cached reports removed" in cleared.output
    again = runner.invoke(app, ["extract", str(raw), "--out", out])
    assert "1 read, 0 from cache" in again.output


def test_a_wrong_executor_is_a_usage_error(tmp_path: Path) -> None:
    raw, out = raw_2010(tmp_path), str(tmp_path / "out")
    no_scheduler = runner.invoke(app, ["extract", str(raw), "--out", out, "--executor", "dask"])
    assert no_scheduler.exit_code == 2 and "--scheduler ADDRESS" in no_scheduler.output
    unknown = runner.invoke(app, ["extract", str(raw), "--out", out, "--executor", "spark"])
    assert unknown.exit_code == 2 and "--executor must be local or dask" in unknown.output
