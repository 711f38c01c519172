"""The report cache: what comes back is what went in, and nothing damaged or stale is trusted."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from mandate_etl.cache import RULES_VERSION, ReportCache, data_sha256, file_sha256, pipeline_key
from mandate_etl.models import NormalizedReport


@pytest.fixture
def cache(tmp_path: Path) -> ReportCache:
    return ReportCache.under(tmp_path / "out")


def test_a_stored_report_comes_back_equal(cache: ReportCache, report_2010_docx: NormalizedReport) -> None:
    key = cache.key(report_2010_docx.source.sha256, report_2010_docx.source.path, 2010)
    assert cache.get(key) is None
    cache.put(key, report_2010_docx)
    assert cache.get(key) == report_2010_docx


def test_entries_are_arrow_ipc_never_pickle(cache: ReportCache, report_2010_pdf: NormalizedReport) -> None:
    cache.put("k" * 64, report_2010_pdf)
    data = cache.path("k" * 64).read_bytes()
    assert data.startswith(b"ARROW1")
    assert cache.get("k" * 64) == report_2010_pdf


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage"])
def test_a_damaged_entry_is_a_miss_and_removed(
    cache: ReportCache, report_2010_docx: NormalizedReport, damage: str
) -> None:
    cache.put("a" * 64, report_2010_docx)
    path = cache.path("a" * 64)
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) - 100]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"ARROW1" + b"\0" * 200)
    path.write_bytes(bytes(data))
    assert cache.get("a" * 64) is None
    assert not path.exists()


def test_an_entry_under_another_key_is_not_trusted(cache: ReportCache, report_2010_docx) -> None:
    cache.put("b" * 64, report_2010_docx)
    moved = cache.path("c" * 64)
    moved.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(cache.path("b" * 64), moved)
    assert cache.get("c" * 64) is None


def test_the_key_changes_with_bytes_path_year_and_pipeline(cache: ReportCache) -> None:
    base = cache.key("0" * 64, "raw/2010/a.docx", 2010)
    assert base == cache.key("0" * 64, "raw/2010/a.docx", 2010)
    others = {
        cache.key("1" * 64, "raw/2010/a.docx", 2010),
        cache.key("0" * 64, "raw/2010/b.docx", 2010),
        cache.key("0" * 64, "raw/2010/a.docx", None),
        ReportCache(cache.root, pipeline_key(rules_version="other")).key("0" * 64, "raw/2010/a.docx", 2010),
    }
    assert base not in others and len(others) == 4


def test_the_pipeline_key_follows_rules_version_and_reference_data() -> None:
    assert pipeline_key() == pipeline_key()
    assert pipeline_key(rules_version=RULES_VERSION + "-next") != pipeline_key()
    assert pipeline_key(data_hash="0" * 64) != pipeline_key()


def test_the_data_hash_changes_when_a_reference_file_changes(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("mandate_etl.data"))), folder)
    assert data_sha256(folder) == data_sha256()
    countries = folder / "countries.json"
    countries.write_text(countries.read_text(encoding="utf-8").replace("México", "Mexico"), encoding="utf-8")
    data_sha256.cache_clear()
    assert data_sha256(folder) != data_sha256()


def test_a_year_is_unchanged_only_for_the_same_inputs_and_untouched_outputs(
    cache: ReportCache, tmp_path: Path
) -> None:
    table = tmp_path / "out" / "offices" / "2010.parquet"
    table.parent.mkdir(parents=True)
    table.write_bytes(b"x")
    inputs = [("raw/2010/a.docx", "k1"), ("raw/2010/b.pdf", "k2")]
    assert not cache.year_unchanged(2010, inputs)
    cache.stamp_year(2010, inputs, [table])
    assert cache.year_unchanged(2010, list(reversed(inputs)))
    assert not cache.year_unchanged(2010, inputs[:1])
    assert not cache.year_unchanged(2010, [("raw/2010/a.docx", "k1"), ("raw/2010/b.pdf", "k3")])
    assert not cache.year_unchanged(2011, inputs)
    table.write_bytes(b"yy")  # rewritten by someone else
    assert not cache.year_unchanged(2010, inputs)
    cache.stamp_year(2010, inputs, [table])
    cache.forget_year(2010)
    assert not cache.year_unchanged(2010, inputs)


def test_clear_removes_every_entry(cache: ReportCache, report_2010_docx) -> None:
    cache.put("d" * 64, report_2010_docx)
    cache.put("e" * 64, report_2010_docx)
    assert cache.clear() == 2
    assert cache.get("d" * 64) is None
    assert cache.clear() == 0


def test_file_sha256_is_the_sha256_of_the_bytes(tmp_path: Path, report_2010_docx) -> None:
    from tests.conftest import RAW_2010_DOCX

    assert file_sha256(RAW_2010_DOCX) == report_2010_docx.source.sha256
