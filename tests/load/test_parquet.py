"""Writing Parquet: contract columns, deterministic bytes, whole years after a kill."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd

from mandate_etl.load import atomic, load_year
from mandate_etl.load.atomic import recover
from mandate_etl.load.parquet import year_path
from mandate_etl.models import TABLE_NAMES, NormalizedReport
from mandate_etl.normalize import assemble_year


def digest(path: Path) -> str:
    """Return the sha256 of the file at `path`."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_writes_six_tables_that_pandas_reads(tmp_path: Path, report_2010_docx: NormalizedReport) -> None:
    load_year(tmp_path, assemble_year(2010, [report_2010_docx]))
    for name in TABLE_NAMES:
        assert year_path(tmp_path, name, 2010).exists()
    activities = pd.read_parquet(tmp_path / "activities")
    assert len(activities) == 81
    assert set(activities["section"]) == {"carried_out", "planned"}
    assert (activities["report_year"] == 2010).all()
    offices = pd.read_parquet(tmp_path / "offices")
    assert offices["source_page"].isna().all()  # Word has no pages
    assert list(offices["office_id"])[:2] == ["oim-mexico", "oim-ecuador"]


def test_rewrites_byte_identical_parquet(tmp_path: Path, report_2010_docx: NormalizedReport) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    load_year(first, assemble_year(2010, [report_2010_docx]))
    load_year(second, assemble_year(2010, [report_2010_docx]))
    for name in TABLE_NAMES:
        assert digest(year_path(first, name, 2010)) == digest(year_path(second, name, 2010))


def test_recover_rolls_a_journal_forward(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    final, tmp = tmp_path / "t" / "2010.parquet", tmp_path / "t" / ".tmp-2010.parquet"
    final.write_text("old")
    tmp.write_text("new")
    (tmp_path / ".journal-2010.json").write_text(f'[["{tmp}", "{final}"]]')
    recover(tmp_path)
    assert final.read_text() == "new"
    assert not tmp.exists()
    assert not list(tmp_path.glob(".journal-*"))


def test_recover_drops_temporary_files_without_a_journal(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    final, tmp = tmp_path / "t" / "2010.parquet", tmp_path / "t" / ".tmp-2010.parquet"
    final.write_text("old")
    tmp.write_text("half")
    recover(tmp_path)
    assert final.read_text() == "old"
    assert not tmp.exists()


KILLER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from mandate_etl.load import load_year
    from mandate_etl.models import TABLE_NAMES
    from mandate_etl.normalize import assemble_year
    from mandate_etl.pipeline import run_file
    report = run_file(Path(sys.argv[1]), 2010, "raw/2010/informe-organismos-2010.docx")
    tables = assemble_year(2010, [report])
    smaller = tables.model_copy(update={name: tables.table(name)[:3] for name in TABLE_NAMES})
    print("ready", flush=True)
    while True:
        load_year(Path(sys.argv[2]), smaller)
        load_year(Path(sys.argv[2]), tables)
    """
)


def test_a_run_killed_mid_write_leaves_whole_years(
    tmp_path: Path, report_2010_docx: NormalizedReport
) -> None:
    out = tmp_path / "out"
    load_year(out, assemble_year(2010, [report_2010_docx]))
    full = report_2010_docx.counts()
    raw = Path(__file__).resolve().parents[2] / "raw" / "2010" / "informe-organismos-2010.docx"
    for delay in (0.05, 0.13, 0.29, 0.41, 0.53, 0.77):
        proc = subprocess.Popen([sys.executable, "-c", KILLER, str(raw), str(out)], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        recover(out)
        counts = {name: len(pd.read_parquet(year_path(out, name, 2010))) for name in TABLE_NAMES}
        assert counts in (full, {name: 3 for name in TABLE_NAMES})  # one whole version, never a mix
        assert not list(out.rglob(".tmp-*"))


def test_recover_from_another_working_directory(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    (out / "t").mkdir(parents=True)
    final, tmp = out / "t" / "2010.parquet", out / "t" / ".tmp-2010.parquet"
    final.write_text("old")
    tmp.write_text("new")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(atomic, "_roll_forward", lambda journal: None)  # the run dies once the journal is in
    atomic.replace_all(Path("out"), "2010", [(Path("out/t/.tmp-2010.parquet"), Path("out/t/2010.parquet"))])
    monkeypatch.undo()
    monkeypatch.chdir("/")  # the next run starts elsewhere, with --out given another way
    recover(out)
    assert final.read_text() == "new"
    assert not tmp.exists()
