"""The pipeline over folders of submissions: years, duplicates, rejections, manifest."""

from __future__ import annotations

import json
import os
import shutil
import signal
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import RAW_2010_DOCX, RAW_2010_PDF, report_of_year
from tests.roundtrip.model import GroupSpec, ReportSpec
from tests.roundtrip.strategies import example_every_feature
from tests.roundtrip.write_docx import write_docx

from mandate_etl import pipeline
from mandate_etl.pipeline import discover_inputs, extract_to, year_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def make_raw(tmp_path: Path, files: dict[str, bytes | Path]) -> Path:
    """Return a raw/ folder under tmp_path holding `files` (relative path -> bytes or a file to copy)."""
    raw = tmp_path / "raw"
    for rel, content in files.items():
        target = raw / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy(content, target)
        else:
            target.write_bytes(content)
    return raw


def test_discovers_every_file_of_a_year_folder_but_office_lock_files(tmp_path: Path) -> None:
    raw = make_raw(
        tmp_path,
        {
            "2010/a.docx": b"x",
            "2010/b.PDF": b"x",
            "2010/notes.txt": b"x",
            "2010/~$a.docx": b"x",
            "2011/c.docx": b"x",
        },
    )
    assert [p.name for p in discover_inputs([raw])] == ["a.docx", "b.PDF", "notes.txt", "c.docx"]
    assert [p.name for p in discover_inputs([raw / "2010" / "notes.txt"])] == ["notes.txt"]


def test_reads_the_year_from_the_folder_or_the_option(tmp_path: Path) -> None:
    assert year_of(tmp_path / "raw" / "2011" / "x.docx", "x", None) == 2011
    assert year_of(tmp_path / "raw" / "2011" / "x.docx", "x", 2012) == 2012


def test_a_file_outside_a_year_folder_takes_the_year_of_its_title_and_says_so(tmp_path: Path) -> None:
    shutil.copy(RAW_2010_DOCX, tmp_path / "report.docx")
    result = extract_to([tmp_path / "report.docx"], tmp_path / "out")
    (outcome,) = result.outcomes
    assert outcome.ok and outcome.year == 2010
    (warning,) = [f for f in outcome.warnings() if f.code == "W-YEAR-TITLE"]
    assert warning.message == "report year 2010 read from the title (no raw/<year>/ folder, no --year)"
    assert warning.quote is not None and "2010" in warning.quote
    assert len(pd.read_parquet(tmp_path / "out" / "offices" / "2010.parquet")) == 9


def test_a_file_outside_a_year_folder_without_a_year_in_its_title_is_rejected(tmp_path: Path) -> None:
    write_docx(example_every_feature(), tmp_path / "report.docx")  # a table, no title line
    result = extract_to([tmp_path / "report.docx"], tmp_path / "out")
    (rejected,) = result.rejected
    assert rejected.rejection() == (
        f"{tmp_path}/report.docx: report year unknown: put the file under raw/<year>/ or pass --year"
    )
    assert not (tmp_path / "out" / "offices").exists()


def test_a_rejected_file_keeps_other_years_and_is_in_the_manifest(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, {"2010/informe.docx": RAW_2010_DOCX, "2011/roto.docx": b"PK\x03\x04broken"})
    out = tmp_path / "out"
    result = extract_to([raw], out)
    assert [o.display.rsplit("/", 1)[-1] for o in result.rejected] == ["roto.docx"]
    assert len(pd.read_parquet(out / "offices" / "2010.parquet")) == 9
    assert not (out / "offices" / "2011.parquet").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert [(e["report_year"], e["status"]) for e in manifest] == [(2010, "ok"), (2011, "rejected")]
    assert manifest[1]["error"].startswith("raw/2011/roto.docx: not a readable zip archive")
    assert manifest[0]["path"] == "raw/2010/informe.docx"  # from raw/ on, wherever the run starts
    assert manifest[0]["rows"]["activities"] == 81


def test_a_rerun_rewrites_only_the_years_it_read(tmp_path: Path) -> None:
    report_2011 = write_docx(replace(example_every_feature(), year=2011), tmp_path / "informe-2011.docx")
    raw = make_raw(tmp_path, {"2010/informe.docx": RAW_2010_DOCX, "2011/informe.docx": report_2011})
    out = tmp_path / "out"
    assert not extract_to([raw], out).rejected
    stamp = (out / "offices" / "2010.parquet").stat().st_mtime_ns
    extract_to([raw / "2011"], out)
    assert (out / "offices" / "2010.parquet").stat().st_mtime_ns == stamp
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert [e["report_year"] for e in manifest] == [2010, 2011]


def test_the_same_report_twice_in_a_year_is_kept_once(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, {"2010/informe.docx": RAW_2010_DOCX, "2010/informe.pdf": RAW_2010_PDF})
    out = tmp_path / "out"
    result = extract_to([raw], out)
    assert not result.rejected
    pdf = next(o for o in result.outcomes if o.display.endswith(".pdf"))
    assert pdf.duplicate_of is not None and pdf.duplicate_of.endswith("2010/informe.docx")
    assert len(pd.read_parquet(out / "offices" / "2010.parquet")) == 9
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert [(e["format"], e["status"], e["used"]) for e in manifest] == [
        ("docx", "ok", True),
        ("pdf", "ok", False),
    ]


def test_a_rerun_over_the_same_inputs_writes_identical_bytes(tmp_path: Path) -> None:
    raw = make_raw(tmp_path, {"2010/informe.docx": RAW_2010_DOCX})
    first, second = tmp_path / "first", tmp_path / "second"
    extract_to([raw], first)
    extract_to([raw], second)
    # the DuckDB file holds views by absolute path (and DuckDB's own block layout): not compared,
    # nor .lock (the pid of its last holder), nor the cache
    files = sorted(
        p.relative_to(first)
        for p in first.rglob("[!.]*")
        if p.is_file() and p.suffix != ".duckdb" and ".cache" not in p.parts
    )
    assert len(files) == 9  # seven tables, manifest.json, datapackage.json
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def _two_files_of_one_year(tmp_path: Path) -> tuple[Path, ReportSpec]:
    """Return raw/ holding one report split over two Word files (Mexico; Peru and ACNUR)."""
    spec = example_every_feature()
    mexico, peru, acnur = spec.offices()
    folder = tmp_path / "raw" / "2010"
    folder.mkdir(parents=True)
    write_docx(replace(spec, groups=(GroupSpec("OIM", (mexico,)),)), folder / "a.docx")
    write_docx(replace(spec, groups=(GroupSpec("OIM", (peru, acnur)),)), folder / "b.docx")
    return tmp_path / "raw", spec


def test_two_files_of_one_year_make_one_year_with_mandates_counted_over_both(tmp_path: Path) -> None:
    raw, _ = _two_files_of_one_year(tmp_path)
    result = extract_to([raw], tmp_path / "out")
    assert not result.rejected and not any(o.duplicate_of for o in result.outcomes)
    offices = pd.read_parquet(tmp_path / "out" / "offices" / "2010.parquet")
    assert list(offices["office_id"]) == ["oim-mexico", "oim-peru", "acnur"]
    mandates = pd.read_parquet(tmp_path / "out" / "mandates" / "2010.parquet").set_index("mandate_id")
    assert (
        mandates.loc["institutional:OIM:1", "occurrence_count"],
        mandates.loc["institutional:OIM:1", "variant_count"],
    ) == (2, 1)
    assert (
        mandates.loc["institutional:OIM:2", "occurrence_count"],
        mandates.loc["institutional:OIM:2", "variant_count"],
    ) == (2, 2)
    assert mandates.index.is_unique


def test_a_second_file_reporting_an_office_differently_is_an_error_not_a_copy(tmp_path: Path) -> None:
    raw, spec = _two_files_of_one_year(tmp_path)
    mexico = spec.offices()[0]
    shorter = replace(mexico, carried_out=mexico.carried_out[:1], name="Oficina de la OIM en México")
    write_docx(replace(spec, groups=(GroupSpec("OIM", (shorter,)),)), raw / "2010" / "c.docx")
    result = extract_to([raw], tmp_path / "out")
    (rejected,) = result.rejected
    assert rejected.display == "raw/2010/c.docx"
    (error,) = rejected.errors()
    assert (error.code, error.office) == ("E-OFFICE-DUPLICATE", "Oficina de la OIM en México")
    assert error.message == "office oim-mexico is also reported, differently, in raw/2010/a.docx"


def test_two_jobs_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    raw = make_raw(
        tmp_path,
        {
            "2010/informe.docx": RAW_2010_DOCX,
            "2011/informe.docx": report_of_year(2011),
            "2011/vacio.pdf": b"",
        },
    )
    (raw / "2012").mkdir()
    write_docx(example_every_feature(), raw / "2012" / "spec.docx")
    one, two = tmp_path / "one", tmp_path / "two"
    first = extract_to([raw], one, jobs=1, cache=False)  # every file read, not taken from the cache
    second = extract_to([raw], two, jobs=2, cache=False)
    assert [o.display for o in first.outcomes] == [o.display for o in second.outcomes]
    assert [o.display for o in second.rejected] == ["raw/2011/vacio.pdf"]
    files = sorted(p.relative_to(one) for p in one.rglob("[!.]*") if p.is_file() and p.suffix != ".duckdb")
    assert len(files) == 3 * 7 + 2  # seven tables a year, manifest.json, datapackage.json
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_a_worker_killed_mid_file_in_a_parallel_run_is_one_rejection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = make_raw(
        tmp_path,
        {
            "2010/informe.docx": RAW_2010_DOCX,
            "2011/informe.docx": report_of_year(2011),
            "2012/crash.docx": report_of_year(2012),
        },
    )
    real = pipeline.read_submission

    def crash_on_2012(path, year, *rest):  # type: ignore[no-untyped-def]
        if year == 2012:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path, year, *rest)

    monkeypatch.setattr(pipeline, "read_submission", crash_on_2012)  # forked workers inherit it
    result = extract_to([raw], tmp_path / "out", jobs=2)
    assert [o.rejection() for o in result.rejected] == [
        "raw/2012/crash.docx: the reader crashed (signal SIGSEGV)"
    ]
    assert [load.year for load in result.loads] == [2010, 2011]
