"""The PDF extractor reads the 2010 report as the Word extractor reads its .docx, and refuses
encrypted and image-only PDFs in one clear line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mandate_etl.errors import EncryptedPdfError, ExtractError, NoTextLayerError, TableNotFoundError
from mandate_etl.extract import extract_report
from mandate_etl.extract.pdf.continuation import reads_as_ended
from mandate_etl.models import ColumnRole, ExtractedReport, Row
from mandate_etl.text import fold_whitespace

REPO = Path(__file__).resolve().parents[2]
RAW_2010 = REPO / "raw" / "2010"
PDF_2010 = "raw/2010/informe-organismos-2010.pdf"
DOCX_2010 = "raw/2010/informe-organismos-2010.docx"
CORPUS = REPO / "tests" / "fixtures" / "corpus"
BULLET_GLYPHS = str.maketrans({"•": "\uf0b7", "·": "\uf0b7", "▪": "\uf0b7"})


@pytest.fixture(scope="module")
def pdf_report() -> ExtractedReport:
    """Return the 2010 report read from its PDF."""
    return extract_report(REPO / PDF_2010, PDF_2010)


@pytest.fixture(scope="module")
def docx_report() -> ExtractedReport:
    """Return the 2010 report read from its Word file."""
    return extract_report(REPO / DOCX_2010, DOCX_2010)


def fold(text: str) -> str:
    """Return `text` whitespace-folded, with every bullet glyph written as U+F0B7."""
    return fold_whitespace(text).translate(BULLET_GLYPHS)


def comparable(row: Row) -> tuple[str, dict[str, list[str]]]:
    """Return a row's kind and, per column role, its non-empty paragraphs folded."""
    cells = {}
    for cell in row.cells:
        key = cell.role.value if cell.role else f"column {cell.column}"
        cells[key] = [fold(p.full_text) for p in cell.paragraphs if fold(p.full_text)]
    return row.kind, cells


def distinct_headers(report: ExtractedReport) -> list[tuple[str, ...]]:
    """Return the header rows' texts, each repeated header dropped."""
    seen: list[tuple[str, ...]] = []
    for row in report.rows:
        texts = tuple(fold(c.paragraphs[0].text if c.paragraphs else "") for c in row.cells)
        if row.kind == "header" and texts not in seen:
            seen.append(texts)
    return seen


def office_row(report: ExtractedReport, words: str) -> Row:
    """Return the body row whose office name contains `words`."""
    return next(
        row
        for row in report.rows
        if row.kind == "body" and words in fold(row.cell(ColumnRole.OFFICE).paragraphs[0].text)
    )


def texts(row: Row, role: ColumnRole) -> list[str]:
    """Return the folded paragraph texts of the cell of `row` playing `role`."""
    return [fold(p.text) for p in row.cell(role).paragraphs]


# parity with the Word file


def test_pdf_rows_equal_docx_rows(pdf_report, docx_report):
    pdf_rows = [comparable(r) for r in pdf_report.rows if r.kind != "header"]
    docx_rows = [comparable(r) for r in docx_report.rows if r.kind != "header"]
    assert len(pdf_rows) == len(docx_rows) == 10
    for pdf_row, docx_row in zip(pdf_rows, docx_rows, strict=True):
        assert pdf_row == docx_row


def test_header_rows_are_the_same_once_repeats_are_dropped(pdf_report, docx_report):
    assert len(distinct_headers(pdf_report)) == len(distinct_headers(docx_report)) == 1
    assert pdf_report.header_texts == docx_report.header_texts


def test_the_header_repeated_on_every_page_is_kept(pdf_report):
    pages = [row.ref.page for row in pdf_report.rows if row.kind == "header"]
    assert pages == list(range(1, 28))


# places read by eye in the PDF


def test_group_row_is_one_cell_spanning_five_columns(pdf_report):
    group = next(row for row in pdf_report.rows if row.kind == "group")
    assert [(c.column, c.span) for c in group.cells] == [(1, 5)]
    assert fold(group.cells[0].paragraphs[0].text) == (
        "Organización Internacional para las Migraciones (OIM)"
    )


def test_page_24_continues_acnur_whose_name_the_page_break_cut(pdf_report):
    acnur = office_row(pdf_report, "(ACNUR)")
    (name,) = acnur.cell(ColumnRole.OFFICE).paragraphs
    assert fold(name.text) == (
        "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados (ACNUR)"
    )
    assert name.ref.page == 23
    carried_out = acnur.cell(ColumnRole.CARRIED_OUT).paragraphs
    assert carried_out[1].text == (
        "Algunas de las actividades más importantes emprendidas por ACNUR, en este sentido, son:"
    )
    assert carried_out[1].ref.page == 24


def test_paragraph_broken_by_a_page_break_is_one_paragraph(pdf_report):
    mexico = office_row(pdf_report, "MÉXICO")
    (mandate_73,) = [t for t in texts(mexico, ColumnRole.PROGRAM) if t.startswith("73.")]
    assert mandate_73 == (
        "73.Establecer centros para la protección y asistencia de víctimas de la trata de "
        "personas en países de tránsito y de destino, de forma que éstas puedan recibir "
        "asesoría jurídica, y atención médica y psicológica."
    )


def test_washington_priority_numbers_are_printed_text(pdf_report):
    washington = office_row(pdf_report, "Washington")
    numbers = [t.split(" ", 1)[0] for t in texts(washington, ColumnRole.INSTITUTIONAL)]
    assert numbers == [f"{n})" for n in range(1, 9)]


def test_colombia_list_bullets_are_printed_glyphs(pdf_report):
    colombia = office_row(pdf_report, "COLOMBIA")
    carried_out = [p.text for p in colombia.cell(ColumnRole.CARRIED_OUT).paragraphs]
    planned = [p.text for p in colombia.cell(ColumnRole.PLANNED).paragraphs]
    assert sum(t.startswith("\uf0b7 ") for t in carried_out) == 9  # Word list, level 0
    assert sum(t.startswith("\uf0b7 ") for t in planned) == 5
    assert sum(t.startswith("· ") for t in planned) == 3  # typed
    assert "- 4 Cuñas de radio." in carried_out  # Word list, level 1
    assert all(p.label is None for p in colombia.cell(ColumnRole.CARRIED_OUT).paragraphs)


def test_every_paragraph_has_a_unique_locator_with_page_and_box(pdf_report):
    paragraphs = [p for row in pdf_report.rows for c in row.cells for p in c.paragraphs]
    locators = Counter(p.ref.locator() for p in paragraphs)
    assert locators.most_common(1)[0][1] == 1
    assert all(p.ref.page and p.ref.bbox and p.ref.paragraph for p in paragraphs)
    assert pdf_report.pages == 27
    assert pdf_report.tables_seen == 27


# rejections


@pytest.mark.parametrize("name", ["pdfplumber__password-example.pdf", "pdfminer__encryption__aes-256-r6.pdf"])
def test_encrypted_pdf_is_refused(name):
    with pytest.raises(EncryptedPdfError) as caught:
        extract_report(CORPUS / name, name)
    assert str(caught.value) == f"{name}: encrypted PDF; a password is required"


@pytest.mark.parametrize("name", ["camelot__image.pdf", "pdfminer__pdf-with-jbig2.pdf"])
def test_image_only_pdf_is_refused(name):
    with pytest.raises(NoTextLayerError) as caught:
        extract_report(CORPUS / name, name)
    assert str(caught.value) == f"{name}: no text layer; OCR is not supported"


def test_pdf_without_pages_is_refused():
    name = "pdfplumber__issue-297-example.pdf"
    with pytest.raises(ExtractError, match="PDF has no pages"):
        extract_report(CORPUS / name, name)


def test_pdf_whose_tables_are_not_the_report_names_what_it_found():
    name = "pdfplumber__nics-background-checks-2015-11.pdf"
    with pytest.raises(TableNotFoundError) as caught:
        extract_report(CORPUS / name, name)
    assert "no table with the report's columns; found page 1, table 1 (" in str(caught.value)


@pytest.mark.parametrize(
    ("last", "first", "ended"),
    [
        ("TRATA DE PERSONAS:", "Se brindaron reuniones técnicas", True),  # a heading ends the page
        ("con el apoyo de la cooperación internacional.", "TRATA DE PERSONAS:", True),  # a title starts it
        ("con el apoyo de la cooperación internacional.", "Se brindaron reuniones", False),
        ("los siguientes materiales:", "cuñas de radio y afiches", False),
        ("en el marco del proyecto regional de", "Migración Laboral Temporal", False),
    ],
)
def test_page_break_ends_a_paragraph_when_the_words_say_so(last: str, first: str, ended: bool) -> None:
    assert reads_as_ended(last, first) is ended
