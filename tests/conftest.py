"""Shared test setup: `tests.*` helper packages importable; the 2010 submission read once."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # pytest puts tests/ on the path, not the repository root
    sys.path.insert(0, str(REPO_ROOT))

from mandate_etl.models import NormalizedReport  # noqa: E402
from mandate_etl.pipeline import run_file  # noqa: E402

RAW_2010_DOCX = REPO_ROOT / "raw" / "2010" / "informe-organismos-2010.docx"
RAW_2010_PDF = REPO_ROOT / "raw" / "2010" / "informe-organismos-2010.pdf"
DISPLAY_DOCX = "raw/2010/informe-organismos-2010.docx"
DISPLAY_PDF = "raw/2010/informe-organismos-2010.pdf"


@pytest.fixture(scope="session")
def report_2010_docx() -> NormalizedReport:
    """Return the normalized 2010 Word report."""
    return run_file(RAW_2010_DOCX, 2010, DISPLAY_DOCX)


@pytest.fixture(scope="session")
def report_2010_pdf() -> NormalizedReport:
    """Return the normalized 2010 PDF report."""
    return run_file(RAW_2010_PDF, 2010, DISPLAY_PDF)


def run_cli(
    *args: str | bytes, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Return the finished `python -m mandate_etl ARGS` run in `cwd`, as a user runs it (a
    bytes argument is passed as is: a file name that is not UTF-8)."""
    return subprocess.run(
        [sys.executable, "-m", "mandate_etl", *args],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )


@cache
def report_of_year(year: int) -> Path:
    """Return the 2010 Word report with its title naming `year` (written once per session).

    A test that files the report under another year's folder uses it: a title naming another
    year than the folder is E-YEAR-MISMATCH, a misfiled submission.
    """
    import docx  # only the tests that file the report elsewhere need python-docx here

    document = docx.Document(str(RAW_2010_DOCX))
    for paragraph in document.paragraphs:  # the title and lines above the table, not the table
        for run in paragraph.runs:
            run.text = run.text.replace("2010", str(year))
    target = Path(tempfile.mkdtemp(prefix=f"report-{year}-")) / "informe.docx"
    document.save(str(target))
    return target
