"""The 2010 report saved by LibreOffice as .doc, .odt and .rtf reads to the .docx's tables."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from tests.conftest import RAW_2010_DOCX, REPO_ROOT, run_cli

from mandate_etl.errors import ExtractError, UnsafeInputError
from mandate_etl.extract import convert, extract_report
from mandate_etl.extract.isolate import extract_isolated
from mandate_etl.models import NormalizedReport
from mandate_etl.pipeline import run_file

FORMATS = REPO_ROOT / "tests" / "fixtures" / "formats"
DISPLAY = "tests/fixtures/formats/informe-organismos-2010"
TABLES = ["offices", "mandates", "office_mandates", "activities", "activity_mandates"]
MIB = 1024**2
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) missing: install Debian package libreoffice-writer-nogui",
)


def without_provenance(report: NormalizedReport, table: str) -> list[dict[str, object]]:
    """Return the rows of `table` without any provenance column (every `source_*`)."""
    return [
        {k: v for k, v in r.model_dump().items() if not k.startswith("source_")} for r in report.table(table)
    ]


@pytest.fixture(scope="module")
def converted() -> dict[str, NormalizedReport]:
    """Return the 2010 report read from each fixture format, in the isolated worker."""
    return {
        fmt: run_file(FORMATS / f"informe-organismos-2010.{fmt}", 2010, f"{DISPLAY}.{fmt}", isolate=True)
        for fmt in ("doc", "odt", "rtf")
    }


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
@pytest.mark.parametrize("table", TABLES)
def test_tables_equal_the_docx_tables(
    converted: dict[str, NormalizedReport], report_2010_docx: NormalizedReport, fmt: str, table: str
) -> None:
    assert without_provenance(converted[fmt], table) == without_provenance(report_2010_docx, table)
    assert len(converted[fmt].table(table)) == len(report_2010_docx.table(table)) > 0


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
def test_lineage_equals_the_docx_but_for_spaces_and_empty_paragraphs(
    converted: dict[str, NormalizedReport], report_2010_docx: NormalizedReport, fmt: str
) -> None:
    # LibreOffice drops trailing spaces and two empty paragraphs of the 2010 file on saving
    def placed(report: NormalizedReport) -> list[tuple[object, ...]]:
        return [
            (r.disposition, " ".join(r.text.split()), r.target_table, r.target_id, r.reason)
            for r in report.lineage
            if r.disposition != "empty"
        ]

    assert placed(converted[fmt]) == placed(report_2010_docx)
    assert len(converted[fmt].lineage) == len(report_2010_docx.lineage) - 2


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
def test_provenance_names_the_original_file(converted: dict[str, NormalizedReport], fmt: str) -> None:
    report = converted[fmt]
    original = FORMATS / f"informe-organismos-2010.{fmt}"
    assert report.source.format == fmt
    assert report.source.path == f"{DISPLAY}.{fmt}"
    assert report.source.size == original.stat().st_size
    assert {o.source_file for o in report.offices} == {f"{DISPLAY}.{fmt}"}
    assert {a.source_sha256 for a in report.activities} == {report.source.sha256}
    assert not list(FORMATS.glob(".~lock*"))  # LibreOffice left nothing beside the submission


@needs_soffice
def test_conversion_leaves_no_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    report = extract_isolated(FORMATS / "informe-organismos-2010.rtf", "x.rtf")
    assert report.rows and list(tmp_path.iterdir()) == []


@needs_soffice
def test_a_conversion_past_its_deadline_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "CONVERT_TIMEOUT_S", 0.05)
    with pytest.raises(UnsafeInputError) as caught:
        extract_isolated(FORMATS / "informe-organismos-2010.doc", "x.doc")
    assert str(caught.value) == "x.doc: LibreOffice took longer than 0.05 s to convert; refused"


@needs_soffice
def test_libreoffice_is_stopped_before_the_worker_and_leaves_no_process(tmp_path: Path) -> None:
    # a 2 s worker leaves LibreOffice 0.1 s (2 s are kept to stop it and answer): it is
    # refused by its own deadline, not by the worker's, and its process group is gone
    with pytest.raises(UnsafeInputError) as caught:
        extract_isolated(FORMATS / "informe-organismos-2010.doc", "x.doc", timeout=2.0)
    assert caught.value.reason == "LibreOffice took longer than 0.1 s to convert; refused"
    assert not [p for p in Path("/proc").glob("[0-9]*/cmdline") if b"mandate-etl-convert-" in _read(p)]


def _read(path: Path) -> bytes:
    """Return a /proc file's bytes, or none when its process has gone."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


@needs_soffice
def test_a_conversion_past_its_memory_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "CONVERT_MEMORY_LIMIT", 256 * MIB)  # measured need: 384-512 MiB
    with pytest.raises(ExtractError) as caught:
        extract_isolated(FORMATS / "informe-organismos-2010.odt", "x.odt")
    assert caught.value.reason.startswith("LibreOffice could not convert the .odt file (exit status ")
    assert "\n" not in str(caught.value)


@needs_soffice
def test_libreoffice_has_its_own_memory_cap_beside_the_workers() -> None:
    # the worker may add 64 MiB to its start size; LibreOffice alone needs over 384 MiB
    report = extract_isolated(FORMATS / "informe-organismos-2010.doc", "x.doc", memory_limit=64 * MIB)
    assert report.source.format == "doc"
    assert len(report.rows) == len(extract_report(RAW_2010_DOCX).rows)


def test_without_soffice_the_file_gets_one_line_and_exit_1(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "2010"
    folder.mkdir(parents=True)
    shutil.copy(FORMATS / "informe-organismos-2010.doc", folder / "informe.doc")
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    out = str(tmp_path / "out")
    path_without_soffice = {**os.environ, "PATH": str(empty_bin)}
    proc = run_cli("extract", str(tmp_path / "raw"), "--out", out, cwd=tmp_path, env=path_without_soffice)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "raw/2010/informe.doc: reading .doc needs LibreOffice: "
        "install the Debian package libreoffice-writer-nogui"
    )
