"""Every file of the real-world corpus is extracted or rejected in one clear line, in time.

The expected outcome of each file is reasoned from its MANIFEST `kind_note`: none of these files
is the report template, so each is rejected; the reason says what is wrong with it.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from mandate_etl.errors import (
    ExtractError,
    MandateEtlError,
    TableNotFoundError,
    UnsupportedFormatError,
)
from mandate_etl.extract.isolate import extract_isolated
from mandate_etl.models import ExtractedReport

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
DISPLAY_ROOT = "tests/fixtures/corpus"
TIMEOUT_S = 60.0  # per file; the slowest (a 3.4 MB scan with 6 pages) reads in a few seconds
MEMORY_LIMIT = 1024**3

NO_TABLE = "no table found"  # the file holds no table at all
NOT_REPORT = "no table with the report's columns"  # tables, but not the report's five columns
ENCRYPTED = "encrypted"
NO_TEXT = "no text layer"

# file -> (error class, start of the reason); None would mean "extracted".
EXPECTED: dict[str, tuple[type[MandateEtlError], str] | None] = {
    # PDF: ruled or borderless tables that are not the report
    "camelot__row_span_1.pdf": (TableNotFoundError, NOT_REPORT),
    "camelot__tableception.pdf": (TableNotFoundError, NOT_REPORT),
    "camelot__tabula__12s0324.pdf": (TableNotFoundError, NOT_REPORT),
    "camelot__tabula__arabic.pdf": (TableNotFoundError, NOT_REPORT),
    "camelot__tabula__spanning_cells.pdf": (TableNotFoundError, NOT_REPORT),
    "camelot__vertical_header.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfminer__f1040nr.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfminer__zen_of_python_corrupted.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfplumber__WARN-Report-for-7-1-2015-to-03-25-2016.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfplumber__federal-register-2020-17221.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfplumber__issue-336-example.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfplumber__issue-67-example.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfplumber__nics-background-checks-2015-11-rotated.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfplumber__nics-background-checks-2015-11.pdf": (TableNotFoundError, NOT_REPORT),
    "pdfplumber__senate-expenditures.pdf": (TableNotFoundError, NOT_REPORT),
    # PDF: text but no ruled table (a budget page, "Hello world", a scan's noisy OCR layer, ...)
    "camelot__tabula__rotated_page.pdf": (TableNotFoundError, NO_TABLE),
    "pdfminer__issue-1113-evil-xobjects.pdf": (TableNotFoundError, NO_TABLE),
    "pdfminer__issue-886-xref-stream-widths.pdf": (TableNotFoundError, NO_TABLE),
    "pdfplumber__malformed-from-issue-932.pdf": (TableNotFoundError, NO_TABLE),
    "pdfplumber__pr-136-example.pdf": (TableNotFoundError, NO_TABLE),
    # PDF: files that cannot be read at all
    "pdfplumber__empty.pdf": (UnsupportedFormatError, "empty file"),
    "pdfplumber__issue-297-example.pdf": (ExtractError, "PDF has no pages"),
    "camelot__health_protected.pdf": (ExtractError, ENCRYPTED),
    "pdfminer__encryption__aes-256-r6.pdf": (ExtractError, ENCRYPTED),
    "pdfplumber__password-example.pdf": (ExtractError, ENCRYPTED),
    # the empty user password opens it, and then its pages yield no text at all
    "pdfminer__encryption__encrypted_doc_no_id.pdf": (ExtractError, NO_TEXT),
    "camelot__image.pdf": (ExtractError, NO_TEXT),
    "pdfminer__pdf-with-jbig2.pdf": (ExtractError, NO_TEXT),
    # Word: tables that are not the report (nested, merged, forms, CJK)
    "docx2python__240-DOP-1013A-Lay-Down-Tubulars.docx": (TableNotFoundError, NOT_REPORT),
    "docx2python__Weekly-Schedule.docx": (TableNotFoundError, NOT_REPORT),
    "docx2python__checked_boxes.docx": (TableNotFoundError, NOT_REPORT),
    "docx2python__example.docx": (TableNotFoundError, NOT_REPORT),
    "docx2python__invalid_tag_name.docx": (TableNotFoundError, NOT_REPORT),
    "docx2python__libreoffice_conversion.docx": (TableNotFoundError, NOT_REPORT),
    "docx2python__merged_cells.docx": (TableNotFoundError, NOT_REPORT),
    "python-docx__tbl-cell-access.docx": (TableNotFoundError, NOT_REPORT),
    # Word: read (Pages, Google Docs, a main part found only through relationships), no table
    "docx2python__created-in-pages-bulleted-lists.docx": (TableNotFoundError, NO_TABLE),
    "docx2python__example_numbering.docx": (TableNotFoundError, NO_TABLE),
    "docx2python__renamed_document_xml.docx": (TableNotFoundError, NO_TABLE),
    "docx2python__test-docx2python-conversion-google_docs.docx": (TableNotFoundError, NO_TABLE),
    "python-docx__having-images.docx": (TableNotFoundError, NO_TABLE),
    # Word: refused with the way out
    "docx2python__strict.docx": (ExtractError, "Strict Open XML document is not supported"),
}


def manifest_files() -> list[str]:
    """Return the file names listed in the corpus MANIFEST.tsv."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return [row["file"] for row in csv.DictReader(handle, delimiter="\t")]


def test_every_corpus_file_has_an_expected_outcome() -> None:
    files = manifest_files()
    assert sorted(files) == sorted(EXPECTED)
    assert all((CORPUS / name).is_file() for name in files)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_ends_as_expected(name: str, capfd: pytest.CaptureFixture[str]) -> None:
    display = f"{DISPLAY_ROOT}/{name}"
    started = time.monotonic()
    try:
        outcome: ExtractedReport | MandateEtlError = extract_isolated(
            CORPUS / name, display, timeout=TIMEOUT_S, memory_limit=MEMORY_LIMIT
        )
    except MandateEtlError as error:
        outcome = error
    assert time.monotonic() - started < TIMEOUT_S
    assert "Traceback" not in capfd.readouterr().err
    expected = EXPECTED[name]
    if expected is None:
        assert isinstance(outcome, ExtractedReport), outcome
        return
    error_class, reason_start = expected
    assert isinstance(outcome, error_class), f"{type(outcome).__name__}: {outcome}"
    assert_one_clear_line(outcome, display)
    assert outcome.reason.startswith(reason_start), outcome.reason


def assert_one_clear_line(error: MandateEtlError, display: str) -> None:
    """Fail unless `error` reads `<display>: <non-empty reason>` on one line."""
    message = str(error)
    assert message.startswith(f"{display}: "), message
    assert "\n" not in message and error.reason.strip(), message
