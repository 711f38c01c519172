"""Submissions a real report never is are refused, and never replace a year already written.

Each case is built by the test from the 2010 Word file (XML surgery with python-docx).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import docx
from tests.conftest import RAW_2010_DOCX
from typer.testing import CliRunner

from mandate_etl.cli import app

runner = CliRunner()


def tables_digest(out: Path) -> dict[str, str]:
    """Return table/file -> sha256 of every Parquet file under `out`."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.glob("*/*.parquet"))
    }


def header_only(target: Path) -> Path:
    """Write the 2010 report with every row of its table but the header removed; return `target`."""
    document = docx.Document(str(RAW_2010_DOCX))
    table = document.tables[0]
    for row in table.rows[1:]:
        row._tr.getparent().remove(row._tr)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def extract(raw: Path, out: Path, *options: str) -> tuple[int, str]:
    """Return (exit code, output) of `mandate-etl extract raw --out out`."""
    result = runner.invoke(app, ["extract", str(raw), "--out", str(out), *options])
    return result.exit_code, result.output


def test_a_report_without_offices_is_refused_and_keeps_the_year(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "2010").mkdir(parents=True)
    shutil.copy(RAW_2010_DOCX, raw / "2010" / "informe.docx")
    assert extract(raw, out)[0] == 0
    before = tables_digest(out)
    assert before
    (raw / "2010" / "informe.docx").unlink()
    header_only(raw / "2010" / "informe.docx")
    code, output = extract(raw, out)
    assert code == 1
    assert "informe.docx: table 1: error E-NO-OFFICES: the report table has no office row" in output
    assert tables_digest(out) == before


def test_a_report_filed_under_another_year_is_refused(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "2011").mkdir(parents=True)
    shutil.copy(RAW_2010_DOCX, raw / "2011" / "informe.docx")
    code, output = extract(raw, out)
    assert code == 1
    assert (
        "error E-YEAR-MISMATCH: title names 2010 but the report year is 2011 (its folder's): move the file"
        in output
    )
    assert not (out / "offices" / "2011.parquet").exists()


def test_a_year_given_on_purpose_overrides_the_title_with_a_warning(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    (raw / "2011").mkdir(parents=True)
    shutil.copy(RAW_2010_DOCX, raw / "2011" / "informe.docx")
    code, _ = extract(raw / "2011" / "informe.docx", out, "--year", "2011")
    assert code == 0
    (entry,) = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert any(
        "warning W-YEAR-MISMATCH: title names 2010 but the report year is 2011 (given by --year)" in w
        for w in entry["warnings"]
    )


def edited(target: Path, old: str, new: str) -> Path:
    """Write the 2010 report with the first paragraph that starts with `old` starting with `new`."""
    document = docx.Document(str(RAW_2010_DOCX))
    paragraph = next(
        p
        for row in document.tables[0].rows
        for cell in row.cells
        for p in cell.paragraphs
        if p.text.startswith(old)
    )
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = new + paragraph.text[len(old) :]
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def test_a_mandate_number_outside_the_catalogue_is_refused_and_mints_nothing(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    edited(raw / "2010" / "informe.docx", "66. Establecer", "81. Establecer")
    code, output = extract(raw, out)
    assert code == 1
    assert (
        "informe.docx: table 1, row 3, column 2, paragraph 1: error E-MANDATE-UNKNOWN: Program mandate 81"
        in output
    )
    assert not (out / "mandates" / "2010.parquet").exists()


def test_an_office_name_broken_mid_word_is_a_warning_in_validate_and_the_manifest(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    edited(raw / "2010" / "informe.docx", "Oficina de la OIM en COLOMBIA", "Oficina de la OIM en COLOMB IA")
    result = runner.invoke(app, ["validate", str(raw)])
    line = "informe.docx: table 1, row 6: warning W-OFFICE-UNKNOWN: office not in the reference data"
    assert line in result.output and "«IA»" in result.output
    assert extract(raw, out)[0] == 0
    (entry,) = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert any("W-OFFICE-UNKNOWN" in w and "oim-colomb-ia" in w for w in entry["warnings"])
