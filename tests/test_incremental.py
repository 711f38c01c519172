"""Incremental runs: a cached re-run writes the same bytes as a fresh one; a changed file, rule
version or reference file re-reads what it should and nothing else; a damaged cache entry is
read again; a year none of whose inputs changed is not rewritten."""

from __future__ import annotations

import importlib.util
import shutil
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import mandate_etl.cache as cache_module
import mandate_etl.pipeline as pipeline
from mandate_etl.cache import ReportCache
from mandate_etl.pipeline import FileOutcome, RunResult, extract_to

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_archive.py"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Return raw/ holding four synthetic submissions, Word and PDF, in 2010 and 2011."""
    spec = importlib.util.spec_from_file_location("make_archive", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    raw = tmp_path_factory.mktemp("archive") / "raw"
    module.make_archive(4, [2010, 2011], 0.5, 5, raw)
    (raw / "archive.json").unlink()
    return raw


@pytest.fixture(scope="module")
def fresh(archive: Path, tmp_path_factory) -> dict[str, bytes]:
    """Return the outputs of a run without the cache."""
    out = tmp_path_factory.mktemp("fresh") / "out"
    result = extract_to([archive], out, cache=False)
    assert not result.rejected and result.from_cache == 0
    assert not (out / ".cache" / "reports").exists()
    return outputs(out)


def outputs(out: Path) -> dict[str, bytes]:
    """Return relative path -> bytes of every output file (the cache left out, and the DuckDB
    file: it holds views by absolute path)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and not p.name.startswith(".") and p.suffix != ".duckdb"
    }


def stamps(out: Path) -> dict[str, int]:
    """Return relative path -> mtime_ns of every Parquet output."""
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in sorted(out.rglob("*.parquet"))}


def read_again(result: RunResult) -> list[str]:
    """Return the files a run read (not taken from the cache)."""
    return sorted(Path(o.display).name for o in result.outcomes if not o.cached)


def run(archive: Path, out: Path, **kwargs) -> tuple[RunResult, list[FileOutcome]]:
    """Return a run's result and the outcomes it reported as they came."""
    seen: list[FileOutcome] = []
    result = extract_to([archive], out, on_file=seen.append, **kwargs)
    assert not result.rejected
    return result, seen


def test_a_cached_rerun_writes_the_bytes_of_a_fresh_run(archive: Path, fresh, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, _ = run(archive, out)
    assert first.from_cache == 0 and outputs(out) == fresh
    again, seen = run(archive, out)
    assert again.unchanged == {2010: 2, 2011: 2} and seen == [] and again.from_cache == 4
    assert outputs(out) == fresh
    for year in (2010, 2011):  # the years are written again, every report from the cache
        ReportCache.under(out).forget_year(year)
    rewritten, seen = run(archive, out)
    assert [o.cached for o in seen] == [True] * 4 and rewritten.unchanged == {}
    assert outputs(out) == fresh


def test_a_changed_file_rereads_it_and_rewrites_its_year_only(archive: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(archive, raw)
    out = tmp_path / "out"
    run(raw, out)
    before = stamps(out)
    word = next(p for p in sorted((raw / "2011").iterdir()) if p.suffix == ".docx")
    with zipfile.ZipFile(word, "a") as package:  # new bytes, same report
        package.writestr("customXml/extra.xml", "<x/>")
    result, _ = run(raw, out)
    assert read_again(result) == [word.name]
    assert result.unchanged == {2010: 2}
    after = stamps(out)
    assert {k for k in after if after[k] != before[k]} == {k for k in after if k.endswith("/2011.parquet")}


def test_a_rule_version_bump_rereads_every_file_and_picks_up_the_rule(
    archive: Path, fresh, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "out"
    run(archive, out)
    original = pipeline.normalize_report

    def changed_rule(extracted, year, *options):
        report = original(extracted, year, *options)
        return report.model_copy(
            update={
                "activities": tuple(a.model_copy(update={"text": a.text.upper()}) for a in report.activities)
            }
        )

    monkeypatch.setattr(pipeline, "normalize_report", changed_rule)
    stale, _ = run(archive, out)  # the same rules version: the cache stands
    assert stale.unchanged == {2010: 2, 2011: 2} and outputs(out) == fresh
    monkeypatch.setattr(cache_module, "RULES_VERSION", "bumped-for-test")
    bumped, _ = run(archive, out)
    assert len(read_again(bumped)) == 4 and bumped.unchanged == {}
    assert outputs(out) != fresh
    texts = pq.read_table(out / "activities").column("text").to_pylist()
    assert texts and all(t == t.upper() for t in texts)


def test_a_changed_reference_file_rereads_every_file(
    archive: Path, fresh, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "out"
    run(archive, out)
    monkeypatch.setattr(cache_module, "data_sha256", lambda folder=None: "0" * 64)
    result, _ = run(archive, out)
    assert len(read_again(result)) == 4 and result.unchanged == {}
    assert outputs(out) == fresh


def test_a_damaged_entry_is_read_again_never_trusted(archive: Path, fresh, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(archive, out)
    entries = sorted((out / ".cache" / "reports").rglob("*.arrow"))
    assert len(entries) == 4
    data = bytearray(entries[0].read_bytes())
    data[100] ^= 0xFF
    entries[0].write_bytes(bytes(data))
    for year in (2010, 2011):
        ReportCache.under(out).forget_year(year)
    result, seen = run(archive, out)
    assert sum(not o.cached for o in seen) == 1
    assert outputs(out) == fresh


def test_an_output_changed_by_hand_makes_its_year_written_again(archive: Path, fresh, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(archive, out)
    (out / "offices" / "2010.parquet").unlink()
    result, _ = run(archive, out)
    assert result.unchanged == {2011: 2}
    assert outputs(out) == fresh


def test_a_run_keeps_no_tables_of_the_years_it_wrote(archive: Path, tmp_path: Path) -> None:
    result, _ = run(archive, tmp_path / "out", cache=False)
    assert all(o.report is not None and o.report.lineage == () for o in result.outcomes)
    assert sum(load.rows["lineage"] for load in result.loads) > 0


def test_a_lost_worker_is_one_rejected_file(tmp_path: Path) -> None:
    pending = pipeline.PendingFile(tmp_path / "2010" / "a.docx", "raw/2010/a.docx", 2010)
    outcome = pipeline._lost_outcome(pending, RuntimeError("gone"))
    assert not outcome.ok
    assert outcome.rejection() == "raw/2010/a.docx: the worker reading it was lost (RuntimeError)"


def test_a_rerun_refuses_again_a_file_its_year_refused(tmp_path: Path) -> None:
    """A file refused when its year was assembled (an office reported differently by another
    file) is refused again by a re-run from the cache, never hidden by an unchanged year."""
    report = Path(__file__).resolve().parent.parent / "raw" / "2010" / "informe-organismos-2010.docx"
    year = tmp_path / "raw" / "2010"
    year.mkdir(parents=True)
    shutil.copy(report, year / "a.docx")
    with zipfile.ZipFile(report) as src, zipfile.ZipFile(year / "b.docx", "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"Chiapas", b"Chiapaz")
            dst.writestr(item, data)
    out = tmp_path / "out"
    for attempt in range(2):
        result = extract_to([tmp_path / "raw"], out)
        assert [Path(o.display).name for o in result.rejected] == ["b.docx"], attempt
        assert "E-OFFICE-DUPLICATE" in result.rejected[0].rejection()
    assert result.from_cache == 2 and not result.unchanged
