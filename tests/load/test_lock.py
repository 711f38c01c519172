"""Two runs into one output folder: the lock makes them take turns; temporaries stay apart."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from tests.roundtrip.model import GroupSpec
from tests.roundtrip.strategies import example_every_feature
from tests.roundtrip.write_docx import write_docx

from mandate_etl.errors import OutputLockedError
from mandate_etl.load import output_lock
from mandate_etl.load.atomic import recover, temporary_path
from mandate_etl.models import TABLE_NAMES
from mandate_etl.normalize.coverage import program_catalogue
from mandate_etl.pipeline import ReadOptions, extract_to

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TRIALS = 30
YEARS = (2010, 2011)


def two_archives(tmp_path: Path) -> tuple[Path, Path]:
    """Return two raw/ folders holding different reports for the same years."""
    spec = example_every_feature()
    mexico, peru, acnur = spec.offices()
    roots = []
    for name, offices in (("a", (mexico,)), ("b", (peru, acnur))):
        for year in YEARS:
            path = tmp_path / name / "raw" / str(year) / f"{name}.docx"
            path.parent.mkdir(parents=True)
            write_docx(replace(spec, year=year, groups=(GroupSpec("OIM", offices),)), path)
        roots.append(tmp_path / name / "raw")
    return roots[0], roots[1]


def assert_every_year_whole_and_as_the_manifest_says(out: Path) -> None:
    """Assert each year's six tables come from the one file the manifest says was used."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    for year in YEARS:
        (entry,) = [e for e in manifest if e["report_year"] == year and e["used"]]
        for table in TABLE_NAMES:
            frame = pd.read_parquet(out / table / f"{year}.parquet")
            assert len(frame) == entry["rows"][table], (year, table)
            catalogue = program_catalogue()  # coverage rows of items no office covers come from it
            assert set(frame["source_file"]) - {catalogue.path} <= {entry["path"]}, (year, table)
            assert set(frame["source_sha256"]) - {catalogue.sha256} <= {entry["sha256"]}, (year, table)
        assert entry["rows"]["lineage"] > 0


def test_two_runs_into_one_folder_never_mix_a_year(tmp_path: Path) -> None:
    first, second = two_archives(tmp_path)
    out = tmp_path / "out"
    context = multiprocessing.get_context("fork")
    options = ReadOptions(isolate=False)
    for _ in range(TRIALS):
        runs = [
            context.Process(target=extract_to, args=([raw], out), kwargs={"options": options})
            for raw in (first, second)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=120)
        assert [run.exitcode for run in runs] == [0, 0]
        assert_every_year_whole_and_as_the_manifest_says(out)
        assert not list(out.rglob(".tmp-*")) and not list(out.glob(".journal-*"))


def test_no_wait_fails_at_once_while_another_run_holds_the_lock(tmp_path: Path) -> None:
    with output_lock(tmp_path), pytest.raises(OutputLockedError) as caught, output_lock(tmp_path, wait=False):
        pass
    assert str(caught.value) == (
        f"{tmp_path}: another run (pid {os.getpid()}) is writing here; not waiting (--no-wait)"
    )
    with output_lock(tmp_path, wait=False):  # free again once the holder is done
        pass


def test_temporary_names_differ_per_write_and_carry_the_writer(tmp_path: Path) -> None:
    final = tmp_path / "offices" / "2010.parquet"
    names = {temporary_path(final).name for _ in range(100)}
    assert len(names) == 100
    assert all(n.startswith(f".tmp-{os.getpid()}-") and n.endswith("-2010.parquet") for n in names)


def test_recovery_removes_dead_runs_temporaries_never_a_live_runs(tmp_path: Path) -> None:
    (tmp_path / "offices").mkdir()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        mine = tmp_path / "offices" / f".tmp-{live.pid}-0a1b2c3d-2010.parquet"
        theirs = tmp_path / "offices" / f".tmp-{dead.pid}-0a1b2c3d-2010.parquet"
        old_style = tmp_path / "offices" / ".tmp-2010.parquet"  # from a version without ids
        for path in (mine, theirs, old_style):
            path.write_bytes(b"half")
        recover(tmp_path)
        assert mine.exists() and not theirs.exists() and not old_style.exists()
    finally:
        live.kill()
        live.wait()
