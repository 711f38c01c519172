"""`mandate-etl extract` / `validate` as users run them: exit codes, one line per problem."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import RAW_2010_DOCX, REPO_ROOT, run_cli
from typer.testing import CliRunner

from mandate_etl.cli import app

runner = CliRunner()


def year_folder(tmp_path: Path, year: int = 2010) -> Path:
    """Return tmp_path/raw/<year>/ holding a copy of the 2010 Word report."""
    folder = tmp_path / "raw" / str(year)
    folder.mkdir(parents=True)
    shutil.copy(RAW_2010_DOCX, folder / "informe.docx")
    return folder


def test_extract_writes_the_tables_and_exits_0(tmp_path: Path) -> None:
    year_folder(tmp_path)
    result = runner.invoke(app, ["extract", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2010: offices 9, mandates 26, office_mandates 121, activities 82" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".lock",  # the output lock stays: removing it would let two runs lock two files
        "activities",
        "activity_mandates",
        "coverage",
        "datapackage.json",
        "lineage",
        "mandate_etl.duckdb",
        "mandates",
        "manifest.json",
        "office_mandates",
        "offices",
    ]


def test_validate_prints_findings_with_their_location(tmp_path: Path) -> None:
    year_folder(tmp_path)
    result = runner.invoke(app, ["validate", str(tmp_path / "raw")])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "W-MANDATE-PASTED" in x)
    assert line.endswith(
        "table 1, row 7, column 5, paragraph 1: warning W-MANDATE-PASTED: Program mandate "
        "text pasted into an activity column (11 paragraphs from here); not read as activities "
        "[Oficina de la OIM en Argentina] «66. Establecer centros de información, de recursos "
        "o de atención integral dirig…»"
    )


def test_validate_strict_fails_on_warnings_and_json_lists_findings(tmp_path: Path) -> None:
    year_folder(tmp_path)
    result = runner.invoke(app, ["validate", str(tmp_path / "raw"), "--strict", "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    findings = document["findings"]
    assert {f["code"] for f in findings} == {"W-MANDATE-PASTED"}
    assert findings[0]["office"] == "Oficina de la OIM en Argentina"
    assert (findings[0]["table"], findings[0]["row"], findings[0]["column"], findings[0]["paragraph"]) == (
        1,
        7,
        5,
        1,
    )
    assert findings[0]["page"] is None  # a Word file has no pages
    assert document["summary"] == {
        "files": 1,
        "errors": 0,
        "warnings": 1,
        "by_code": {"W-MANDATE-PASTED": 1},
    }


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["extract", str(tmp_path / "missing"), "--out", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 2  # no input in the folder


def test_a_bad_file_is_one_line_and_exit_1_without_traceback(tmp_path: Path) -> None:
    folder = year_folder(tmp_path, 2011)
    (folder / "vacio.pdf").write_bytes(b"")
    proc = run_cli("extract", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "raw/2011/vacio.pdf: empty file (0 bytes)" in proc.stderr.splitlines()
    assert "2011: written without raw/2011/vacio.pdf (rejected)" in proc.stderr.splitlines()
    assert (tmp_path / "out" / "offices" / "2011.parquet").exists()  # the good file of the year still loads


def test_make_validate_fails_on_a_broken_submission(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "2012"
    folder.mkdir(parents=True)
    shutil.copy(
        REPO_ROOT / "tests" / "fixtures" / "corpus" / "docx2python__merged_cells.docx",
        folder / "informe.docx",
    )
    proc = subprocess.run(
        ["make", "-s", "-C", str(REPO_ROOT), "validate", f"RAW={tmp_path / 'raw'}/"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "informe.docx: error E-LAYOUT-COLUMNS: no table with the report's columns" in proc.stdout


def test_a_file_slower_than_the_timeout_is_refused(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    shutil.copy(REPO_ROOT / "raw" / "2010" / "informe-organismos-2010.pdf", folder / "informe.pdf")
    result = runner.invoke(app, ["validate", str(folder / "informe.pdf"), "--timeout", "1"])
    assert result.exit_code == 1
    assert "informe.pdf: error E-UNSAFE: parsing took longer than 1 s; refused" in result.output
