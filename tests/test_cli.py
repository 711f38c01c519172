"""`mandate-etl extract` / `validate` as users run them: exit codes, one line per problem."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import RAW_2010_DOCX, REPO_ROOT, report_of_year, run_cli
from tests.test_inputs import make_special_files
from typer.testing import CliRunner

from mandate_etl import __version__, pipeline
from mandate_etl.cli import app
from mandate_etl.errors import LoadError
from mandate_etl.load import check_writable, output_lock
from mandate_etl.pipeline import ReadOptions, extract_to

runner = CliRunner()


def year_folder(tmp_path: Path, year: int = 2010, *, retitled: bool = True) -> Path:
    """Return tmp_path/raw/<year>/ holding a copy of the 2010 Word report, its title naming
    `year` unless not `retitled` (then a folder of another year is E-YEAR-MISMATCH)."""
    folder = tmp_path / "raw" / str(year)
    folder.mkdir(parents=True)
    shutil.copy(report_of_year(year) if retitled else RAW_2010_DOCX, folder / "informe.docx")
    return folder


def test_extract_writes_the_tables_and_exits_0(tmp_path: Path) -> None:
    year_folder(tmp_path)
    result = runner.invoke(app, ["extract", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2010: offices 9, mandates 26, office_mandates 121, activities 81" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".cache",  # the reports read, for the next run (mandate-etl cache clear removes it)
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
    findings = [f for f in document["findings"] if f["severity"] != "info"]
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
        "infos": 8,  # I-ACTIVITY-UNLINKED, one per office with activities that write no number
        "by_code": {"I-ACTIVITY-UNLINKED": 8, "W-MANDATE-PASTED": 1},
    }


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["extract", str(tmp_path / "missing"), "--out", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path)]).exit_code == 2  # no input in the folder


def test_a_bad_file_is_one_line_and_exit_1_without_traceback(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    (folder / "vacio.pdf").write_bytes(b"")
    proc = run_cli("extract", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "raw/2010/vacio.pdf: empty file (0 bytes)" in proc.stderr.splitlines()
    assert "2010: written without raw/2010/vacio.pdf (rejected)" in proc.stderr.splitlines()
    assert (tmp_path / "out" / "offices" / "2010.parquet").exists()  # the good file of the year still loads


def test_make_validate_fails_on_a_broken_submission(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "2012"
    folder.mkdir(parents=True)
    shutil.copy(
        REPO_ROOT / "tests" / "fixtures" / "corpus" / "docx2python__merged_cells.docx",
        folder / "informe.docx",
    )
    proc = subprocess.run(
        # the current interpreter's scripts; "-o" keeps make from (re)building a .venv inside the test
        [
            "make",
            "-s",
            "-C",
            str(REPO_ROOT),
            "-o",
            ".venv/.installed",
            f"BIN={Path(sys.executable).parent}",
            "validate",
            f"RAW={tmp_path / 'raw'}/",
        ],
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


# --- Hostile and careless use (issue 8): each case is one line, an exit code, and no
# existing year touched. `seeded_out` holds a year 2009 written before the case runs.


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an output folder holding the year 2009 (the 2010 report retitled 2009)."""
    root = tmp_path_factory.mktemp("seed")
    folder = root / "raw" / "2009"
    folder.mkdir(parents=True)
    shutil.copy(report_of_year(2009), folder / "informe.docx")
    extract_to([root / "raw"], root / "out", options=ReadOptions(isolate=False))
    return root / "out"


@pytest.fixture
def seeded_out(tmp_path: Path, seeded_template: Path) -> Path:
    """Return a copy of the seeded output folder under tmp_path."""
    return Path(shutil.copytree(seeded_template, tmp_path / "out"))


def year_2009(out: Path) -> dict[str, bytes]:
    """Return the bytes of every 2009 Parquet file, and the manifest's 2009 entries."""
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/2009.parquet"))}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    files["manifest"] = json.dumps([e for e in manifest if e["report_year"] == 2009]).encode()
    assert len(files) == 8  # seven tables and the manifest's entries
    return files


def assert_one_line(stderr: str, line: str) -> None:
    """Assert `line` is a whole line of `stderr` and no traceback was printed."""
    assert line in stderr.splitlines(), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr


@pytest.mark.parametrize(
    ("option", "value", "complaint"),
    [
        ("--year", "-5", "Invalid value for '--year': Input should be greater than or equal to 1990"),
        ("--year", "99999999999", "Invalid value for '--year': Input should be less than or equal to 2100"),
        ("--timeout", "inf", "Invalid value for '--timeout': must be more than 0 and at most 86400 seconds"),
        ("--timeout", "nan", "Invalid value for '--timeout': must be more than 0 and at most 86400 seconds"),
        ("--timeout", "0", "Invalid value for '--timeout': must be more than 0 and at most 86400 seconds"),
        ("--memory", "1", "Invalid value for '--memory'"),
    ],
)
def test_numbers_out_of_bounds_are_usage_errors(
    tmp_path: Path, seeded_out: Path, option: str, value: str, complaint: str
) -> None:
    year_folder(tmp_path)
    before = year_2009(seeded_out)
    result = runner.invoke(app, ["extract", str(tmp_path / "raw"), "--out", str(seeded_out), option, value])
    assert result.exit_code == 2
    assert complaint in result.output
    assert "Traceback" not in result.output
    assert year_2009(seeded_out) == before
    assert not (seeded_out / "offices" / "2010.parquet").exists()


def test_out_on_a_file_is_a_usage_error(tmp_path: Path) -> None:
    year_folder(tmp_path)
    (tmp_path / "taken").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "raw"), "--out", str(tmp_path / "taken")])
    assert result.exit_code == 2
    assert_one_line(result.output, f"mandate-etl: --out {tmp_path}/taken is a file, not a folder")
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine"


def test_out_empty_is_a_usage_error_not_the_current_folder(tmp_path: Path) -> None:
    year_folder(tmp_path)
    proc = run_cli("extract", "raw", "--out", "", cwd=tmp_path)
    assert proc.returncode == 2
    assert_one_line(proc.stderr, "mandate-etl: --out is empty; name the output folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_out_on_a_read_only_file_system_is_a_usage_error(tmp_path: Path, seeded_out: Path) -> None:
    year_folder(tmp_path)
    before = year_2009(seeded_out)
    command = [sys.executable, "-m", "mandate_etl", "extract", "raw", "--out", str(seeded_out)]
    if os.geteuid() != 0:  # permissions stop an ordinary user
        seeded_out.chmod(0o555)
        proc = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
        seeded_out.chmod(0o755)
    else:  # root ignores permissions: make the folder a read-only mount in a private namespace
        if not shutil.which("unshare"):
            pytest.skip("needs unshare (Debian package util-linux) to mount a read-only folder as root")
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
        proc = subprocess.run(
            ["unshare", "-m", "sh", "-c", script, "sh", str(seeded_out), *command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        if "mount" in proc.stderr and proc.returncode not in (0, 1, 2):
            pytest.skip(f"cannot mount here: {proc.stderr.strip()}")
    assert proc.returncode == 2, proc.stderr
    assert_one_line(
        proc.stderr, f"mandate-etl: --out {seeded_out} is not writable ({seeded_out} is read-only)"
    )
    assert year_2009(seeded_out) == before


def test_version_and_help_without_type_tags() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"mandate-etl {__version__}\n")
    help_text = runner.invoke(app, ["extract", "--help"]).output
    assert "<bool>" not in help_text
    assert "--no-wait" in help_text and "--memory MIB" in help_text


def test_a_fifo_given_by_name_is_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "2011"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.docx")
    proc = run_cli("validate", "raw/2011/pipe.docx", cwd=tmp_path, timeout=60)  # never opened: no hang
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "raw/2011/pipe.docx: error E-NOT-FILE: a named pipe (FIFO), not a regular file; not read"
    ]


def test_files_that_are_not_regular_are_one_line_each_and_the_year_is_still_written(
    tmp_path: Path, seeded_out: Path
) -> None:
    folder = year_folder(tmp_path, 2011)
    reasons = make_special_files(folder)
    before = year_2009(seeded_out)
    proc = run_cli("extract", "raw", "--out", str(seeded_out), cwd=tmp_path, timeout=120)
    assert proc.returncode == 1
    for name, reason in reasons.items():
        assert_one_line(proc.stderr, f"raw/2011/{name}: {reason}")
    assert_one_line(
        proc.stderr,
        "2011: offices 9, mandates 26, office_mandates 121, activities 81, activity_mandates 99, "
        "lineage 268, coverage 121",
    )
    assert proc.stderr.splitlines()[-1].startswith("6 read, 0 from cache, 5 rejected in ")
    assert year_2009(seeded_out) == before


def test_names_that_are_not_utf8_or_hold_a_newline_are_printed_escaped_on_one_line(
    tmp_path: Path, seeded_out: Path
) -> None:
    folder = tmp_path / "raw" / "2011"
    folder.mkdir(parents=True)
    os.mkfifo(os.path.join(os.fsencode(folder), b"caf\xe9.docx"))
    os.mkfifo(folder / "new\nline.docx")
    (folder / "esc\x1b[31m.pdf").write_bytes(b"")
    before = year_2009(seeded_out)
    proc = run_cli("extract", b"raw/2011/caf\xe9.docx", "raw", "--out", str(seeded_out), cwd=tmp_path)
    assert proc.returncode == 1
    assert_one_line(proc.stderr, "raw/2011/caf\\xe9.docx: a named pipe (FIFO), not a regular file; not read")
    assert_one_line(
        proc.stderr, "raw/2011/new\\nline.docx: a named pipe (FIFO), not a regular file; not read"
    )
    assert_one_line(proc.stderr, "raw/2011/esc\\x1b[31m.pdf: empty file (0 bytes)")
    assert "\x1b" not in proc.stderr
    assert year_2009(seeded_out) == before


def test_a_report_under_an_undecodable_name_is_read_and_recorded_under_its_escaped_name(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "raw" / "2011"
    folder.mkdir(parents=True)
    shutil.copy(report_of_year(2011), os.path.join(os.fsencode(folder), b"inf\xf3rme.docx"))
    proc = run_cli("extract", "raw", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    offices = pd.read_parquet(tmp_path / "out" / "offices" / "2011.parquet")
    assert set(offices["source_file"]) == {"raw/2011/inf\\xf3rme.docx"}


def test_a_link_in_a_year_folder_takes_that_year_not_its_targets(tmp_path: Path) -> None:
    target = tmp_path / "archive" / "2012" / "informe.docx"
    target.parent.mkdir(parents=True)
    shutil.copy(report_of_year(2011), target)
    (tmp_path / "raw" / "2011").mkdir(parents=True)
    (tmp_path / "raw" / "2011" / "informe.docx").symlink_to(target)
    result = runner.invoke(app, ["extract", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "offices" / "2011.parquet").exists()
    assert not (tmp_path / "out" / "offices" / "2012.parquet").exists()
    offices = pd.read_parquet(tmp_path / "out" / "offices" / "2011.parquet")
    assert set(offices["source_file"]) == {"raw/2011/informe.docx"}


def hostile_numbering(target: Path) -> Path:
    """Write the 2010 report with list numbering starting at a 25-digit number; return `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(report_of_year(2011)) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/numbering.xml":
                data = re.sub(rb'<w:start w:val="\d+"/>', b'<w:start w:val="' + b"9" * 25 + b'"/>', data)
            out.writestr(info, data)
    return target


def test_a_hostile_file_is_its_own_line_and_the_other_years_are_written(
    tmp_path: Path, seeded_out: Path
) -> None:
    hostile_numbering(tmp_path / "raw" / "2011" / "hostile.docx")
    year_folder(tmp_path, 2012)
    before = year_2009(seeded_out)
    proc = run_cli("extract", "raw", "--out", str(seeded_out), cwd=tmp_path)
    lines = [x for x in proc.stderr.splitlines() if x.startswith("raw/2011/hostile.docx: ")]
    if proc.returncode == 0:  # a reader that bounds numbering may read it; then it must be whole
        assert (seeded_out / "offices" / "2011.parquet").exists()
    else:
        assert proc.returncode == 1
        assert len(lines) == 1, proc.stderr
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
        assert not (seeded_out / "offices" / "2011.parquet").exists()
    assert_one_line(
        proc.stderr,
        "2012: offices 9, mandates 26, office_mandates 121, activities 81, activity_mandates 99, "
        "lineage 268, coverage 121",
    )
    assert year_2009(seeded_out) == before


def test_a_value_too_large_for_its_column_is_refused_with_its_place(report_2010_docx) -> None:
    mandate = report_2010_docx.mandates[3]
    huge = report_2010_docx.model_copy(
        update={"mandates": (*report_2010_docx.mandates[:3], mandate.model_copy(update={"number": 10**20}))}
    )
    with pytest.raises(LoadError) as caught:
        check_writable(huge)
    assert caught.value.location == mandate.source_locator
    assert caught.value.reason.startswith("a value of mandates cannot be stored (OverflowError")


def test_an_unexpected_failure_of_one_file_is_its_line_and_debug_shows_the_trace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year_folder(tmp_path, 2010)
    year_folder(tmp_path, 2011)
    real = pipeline.normalize_report

    def trip_on_2011(report, year, *options):  # type: ignore[no-untyped-def]
        if year == 2011:
            raise ValueError("a rule tripped")
        return real(report, year, *options)

    monkeypatch.setattr(pipeline, "normalize_report", trip_on_2011)  # forked workers inherit it
    result = runner.invoke(app, ["extract", str(tmp_path / "raw"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert_one_line(result.output, "raw/2011/informe.docx: cannot normalize (ValueError: a rule tripped)")
    assert (tmp_path / "out" / "offices" / "2010.parquet").exists()

    def broken_year(out, tables):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "load_year", broken_year)
    manifest = (tmp_path / "out" / "manifest.json").read_bytes()
    again = ["extract", str(tmp_path / "raw" / "2010"), "--out", str(tmp_path / "out"), "--no-cache"]
    result = runner.invoke(app, again)  # --no-cache: an unchanged year would not be written at all
    assert result.exit_code == 1
    assert_one_line(result.output, f"{tmp_path}/out: 2010 cannot be written (RuntimeError: disk on fire)")
    assert (tmp_path / "out" / "manifest.json").read_bytes() == manifest  # still says what 2010 holds
    result = runner.invoke(app, [*again, "--debug"])
    assert isinstance(result.exception, RuntimeError)  # --debug lets it through, with its trace


def test_extract_prints_each_files_warnings_first_three_or_all_with_v(tmp_path: Path) -> None:
    folder = year_folder(tmp_path, 2011, retitled=False)  # the 2010 report given --year 2011: a warning
    result = runner.invoke(app, ["extract", str(folder), "--out", str(tmp_path / "out"), "--year", "2011"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    start = lines.index("raw/2011/informe.docx: 2 warnings")
    assert lines[start + 1].startswith("  raw/2011/informe.docx: warning W-YEAR-MISMATCH: ")
    assert "W-MANDATE-PASTED" in lines[start + 2]


def test_a_second_run_waits_for_the_lock_or_fails_at_once_with_no_wait(
    tmp_path: Path, seeded_out: Path
) -> None:
    year_folder(tmp_path, 2011)
    before = year_2009(seeded_out)
    with output_lock(seeded_out):
        proc = run_cli("extract", "raw", "--out", str(seeded_out), "--no-wait", cwd=tmp_path)
        assert proc.returncode == 1
        assert_one_line(
            proc.stderr,
            f"{seeded_out}: another run (pid {os.getpid()}) is writing here; not waiting (--no-wait)",
        )
        waiting = subprocess.Popen(
            [sys.executable, "-m", "mandate_etl", "extract", "raw", "--out", str(seeded_out)],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stderr is not None
        first = waiting.stderr.readline().rstrip("\n")
        assert (
            first
            == f"{seeded_out}: another run (pid {os.getpid()}) is writing here; waiting for it to finish"
        )
        assert not (seeded_out / "offices" / "2011.parquet").exists()
    assert waiting.wait(timeout=120) == 0
    assert (seeded_out / "offices" / "2011.parquet").exists()
    assert year_2009(seeded_out) == before


def test_a_file_that_is_no_report_is_told_so_before_its_year(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path / "notes.txt")])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path}/notes.txt: error E-FORMAT: not a Word or PDF file (judged by content; "
        "accepted: .docx, .doc, .odt, .rtf, .pdf)"
    ]
