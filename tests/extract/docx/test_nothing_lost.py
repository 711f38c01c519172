"""Nothing under the report table is lost: wrappers are opened, merges keep their text, and a
structure the reader does not know is an E-LOST refusal naming the place (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import RAW_2010_DOCX
from tests.extract.docx.surgery import cells, edited_document, rows, set_vmerge, w, wrap

from mandate_etl.errors import LostContentError, UnsafeInputError
from mandate_etl.extract import extract_report
from mandate_etl.extract.docx import oxml
from mandate_etl.models import ExtractedReport


def read(tmp_path: Path, data: bytes) -> ExtractedReport:
    """Return the report read from the .docx `data`."""
    path = tmp_path / "edited.docx"
    path.write_bytes(data)
    return extract_report(path, path.name)


def texts(report: ExtractedReport) -> list[list[str]]:
    """Return each row's cell texts (paragraphs joined by newlines)."""
    return [["\n".join(p.full_text for p in c.paragraphs) for c in row.cells] for row in report.rows]


def offices(report: ExtractedReport) -> list[str]:
    """Return the first-cell text of each body row."""
    return [row.cells[0].paragraphs[0].text for row in report.rows if row.kind == "body"]


@pytest.fixture(scope="module")
def original() -> ExtractedReport:
    return extract_report(RAW_2010_DOCX, "edited.docx")


# --- wrappers --------------------------------------------------------------------------------

ROW_WRAPPERS = [("sdt",), ("customXml",), ("customXml", "sdt"), ("sdt", "sdt")]


@pytest.mark.parametrize("tags", ROW_WRAPPERS, ids="/".join)
def test_rows_in_a_wrapper_are_read(tmp_path: Path, original: ExtractedReport, tags) -> None:
    data = edited_document(lambda root: wrap(rows(root)[3:5], *tags))
    report = read(tmp_path, data)
    assert offices(report) == offices(original)
    assert texts(report) == texts(original)
    assert [r.ref.row for r in report.rows] == [r.ref.row for r in original.rows]


@pytest.mark.parametrize("tags", [("sdt",), ("customXml",), ("smartTag",)], ids="/".join)
def test_cells_in_a_wrapper_are_read(tmp_path: Path, original: ExtractedReport, tags) -> None:
    data = edited_document(lambda root: wrap(cells(rows(root)[4])[1:3], *tags))
    assert texts(read(tmp_path, data)) == texts(original)


@pytest.mark.parametrize(
    "tags", [("sdt",), ("customXml",), ("smartTag",), ("ins",), ("sdt", "customXml")], ids="/".join
)
def test_paragraphs_in_a_wrapper_are_read(tmp_path: Path, original: ExtractedReport, tags) -> None:
    def edit(root: etree._Element) -> None:
        tc = cells(rows(root)[5])[3]
        wrap(tc.findall(w("p"))[:2], *tags)

    assert texts(read(tmp_path, edited_document(edit))) == texts(original)


@pytest.mark.parametrize("tag", ["smartTag", "ins", "customXml", "moveTo"])
def test_runs_in_an_inline_wrapper_are_read(tmp_path: Path, original: ExtractedReport, tag) -> None:
    def edit(root: etree._Element) -> None:
        p = cells(rows(root)[2])[0].find(w("p"))
        wrap(p.findall(w("r")), tag)

    report = read(tmp_path, edited_document(edit))
    assert offices(report) == offices(original)


def test_deleted_and_moved_away_text_is_not_read(tmp_path: Path, original: ExtractedReport) -> None:
    def edit(root: etree._Element) -> None:
        p = cells(rows(root)[2])[0].find(w("p"))
        for tag, text_tag in (("del", "delText"), ("moveFrom", "t")):
            gone = etree.SubElement(p, w(tag))
            etree.SubElement(etree.SubElement(gone, w("r")), w(text_tag)).text = " BORRADO"

    report = read(tmp_path, edited_document(edit))
    assert offices(report) == offices(original)


# --- vertical merges -------------------------------------------------------------------------


def test_orphan_continuation_cell_keeps_its_text(tmp_path: Path, original: ExtractedReport) -> None:
    # Row 4 (Ecuador), column 4: marked as continuing a merge, with no merge above it.
    data = edited_document(lambda root: set_vmerge(cells(rows(root)[3])[3], None))
    report = read(tmp_path, data)
    assert texts(report) == texts(original)


def test_orphan_continuation_in_the_first_column_is_a_row_of_its_own(
    tmp_path: Path, original: ExtractedReport
) -> None:
    data = edited_document(lambda root: set_vmerge(cells(rows(root)[2])[0], None))
    report = read(tmp_path, data)
    assert offices(report) == offices(original)
    assert texts(report) == texts(original)


def test_text_in_a_continuation_cell_joins_the_merged_cell(tmp_path: Path, original: ExtractedReport) -> None:
    def edit(root: etree._Element) -> None:
        set_vmerge(cells(rows(root)[3])[4], "restart")  # Ecuador, planned activities
        set_vmerge(cells(rows(root)[4])[4], None)  # Perú's planned activities continue it

    report = read(tmp_path, edited_document(edit))
    ecuador, peru = (original.rows[3], original.rows[4])
    expected = [p.text for p in ecuador.cells[4].paragraphs + peru.cells[4].paragraphs if p.text.strip()]
    assert [p.text for p in report.rows[3].cells[4].paragraphs if p.text.strip()] == expected
    assert [c.column for c in report.rows[4].cells] == [1, 2, 3, 4]


# --- the accounting ----------------------------------------------------------------------------


def test_every_paragraph_is_accounted_for_in_the_2010_file(original: ExtractedReport) -> None:
    read_count = sum(len(c.paragraphs) for row in original.rows for c in row.cells)
    root = etree.fromstring(__import__("zipfile").ZipFile(RAW_2010_DOCX).read("word/document.xml"))
    assert read_count == len(root.findall(f".//{w('tbl')}//{w('p')}"))


def test_unknown_wrapper_is_lost_content_naming_the_place(tmp_path: Path) -> None:
    data = edited_document(lambda root: wrap(cells(rows(root)[5])[3].findall(w("p")), "unknownWrapper"))
    with pytest.raises(LostContentError) as caught:
        read(tmp_path, data)
    assert caught.value.code == "E-LOST"
    assert str(caught.value) == (
        "edited.docx: table 1, row 6, column 4: a paragraph inside w:unknownWrapper was not read "
        "(a structure the Word reader does not know)"
    )


@pytest.mark.parametrize(
    ("tags", "forget"),
    [(("customXml",), "customXml"), (("ins",), "ins"), (("sdt",), "sdt")],
    ids=lambda v: "/".join(v) if isinstance(v, tuple) else v,
)
def test_a_wrapper_the_reader_skipped_would_be_lost_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tags, forget: str
) -> None:
    # The accounting is what catches a reader that forgets a wrapper kind: make it forget one.
    if forget == "sdt":
        monkeypatch.setattr(oxml, "SDT", "{forgotten}sdt")
    else:
        monkeypatch.setattr(oxml, "TRANSPARENT", oxml.TRANSPARENT - {oxml.qn(f"w:{forget}")})
    data = edited_document(lambda root: wrap(rows(root)[3:5], *tags))
    with pytest.raises(LostContentError, match=r"table 1, row 4, column 1: a paragraph inside"):
        read(tmp_path, data)


@pytest.mark.parametrize("value", ["1001", "9" * 4000])
def test_a_span_of_thousands_of_columns_is_refused(tmp_path: Path, value: str) -> None:
    def edit(root: etree._Element) -> None:
        tcpr = cells(rows(root)[3])[1].find(w("tcPr"))
        etree.SubElement(tcpr, w("gridSpan")).set(w("val"), value)

    with pytest.raises(UnsafeInputError) as caught:
        read(tmp_path, edited_document(edit))
    assert str(caught.value).startswith("edited.docx: table 1, row 4: cells reach grid column ")
