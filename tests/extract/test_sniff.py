"""Sniffing: each format is told by content, whatever the file is named."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from tests.conftest import RAW_2010_DOCX, RAW_2010_PDF, REPO_ROOT

from mandate_etl.errors import UnsupportedFormatError
from mandate_etl.extract import describe_source
from mandate_etl.extract.sniff import DOCX_MAIN

FORMATS = REPO_ROOT / "tests" / "fixtures" / "formats"
OOXML = "application/vnd.openxmlformats-officedocument."
XLSX_MAIN = f"{OOXML}spreadsheetml.sheet.main+xml"
PPTX_MAIN = f"{OOXML}presentationml.presentation.main+xml"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def ooxml_package(main_part: str, content_type: str) -> bytes:
    """Return a zip laid out as Office writes one: content types, package rels, the main part."""
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    )
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="{main_part}"/></Relationships>'
    )
    return zipped({"[Content_Types].xml": types, "_rels/.rels": rels, main_part: "<x/>"})


def zipped(members: dict[str, str]) -> bytes:
    """Return a zip archive holding `members` (name -> text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


def written(tmp_path: Path, name: str, data: bytes) -> Path:
    """Return the path of a new file `name` holding `data`."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal_of(path: Path) -> str:
    """Return the reason describe_source gives for refusing `path`; fail when it accepts it."""
    with pytest.raises(UnsupportedFormatError) as caught:
        describe_source(path, path.name)
    assert caught.value.file == path.name
    return caught.value.reason


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (RAW_2010_DOCX, "docx"),
        (RAW_2010_PDF, "pdf"),
        (FORMATS / "informe-organismos-2010.doc", "doc"),
        (FORMATS / "informe-organismos-2010.odt", "odt"),
        (FORMATS / "informe-organismos-2010.rtf", "rtf"),
    ],
)
def it_tells_each_accepted_format_by_content(path: Path, fmt: str) -> None:
    assert describe_source(path, path.name).format == fmt


@pytest.mark.parametrize("fixture", ["informe-organismos-2010.doc", "informe-organismos-2010.odt"])
def it_ignores_the_file_name(tmp_path: Path, fixture: str) -> None:
    path = written(tmp_path, "report.pdf", (FORMATS / fixture).read_bytes())
    assert describe_source(path).format == fixture.rsplit(".", 1)[1]


def it_reads_the_main_part_type_through_the_package_relationship(tmp_path: Path) -> None:
    path = written(tmp_path, "renamed.docx", ooxml_package("word/body.xml", DOCX_MAIN))
    assert describe_source(path).format == "docx"


def it_hashes_and_sizes_the_whole_file() -> None:
    source = describe_source(RAW_2010_DOCX, "raw/2010/informe-organismos-2010.docx")
    assert source.size == RAW_2010_DOCX.stat().st_size == 50925
    assert source.sha256 == "f2afa2ef04054883597dca583585dc51ea1e68f9a212e035fef47a572cdeaf3e"
    assert source.path == "raw/2010/informe-organismos-2010.docx"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("book.xlsx", ooxml_package("xl/workbook.xml", XLSX_MAIN), "an Excel workbook (.xlsx), not a Word"),
        (
            "slides.pptx",
            ooxml_package("ppt/presentation.xml", PPTX_MAIN),
            "a PowerPoint presentation (.pptx)",
        ),
        (
            "sheet.ods",
            zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
            "an OpenDocument spreadsheet (.ods), not a Word or PDF file",
        ),
        ("photos.zip", zipped({"a.txt": "hello"}), "a zip archive that is no Office document"),
        ("notes.txt", b"Informe 2010\nOficina de la OIM\n", "not a Word or PDF file"),
        ("sheet.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "an OLE file with no WordDocument"),
    ],
)
def it_refuses_what_no_reader_takes_saying_what_it_is(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    assert refusal_of(written(tmp_path, name, data)).startswith(reason)


def it_names_the_accepted_formats_for_an_unknown_file(tmp_path: Path) -> None:
    reason = refusal_of(written(tmp_path, "notes.txt", b"plain text"))
    assert reason == "not a Word or PDF file (judged by content; accepted: .docx, .doc, .odt, .rtf, .pdf)"


def it_hands_a_damaged_zip_to_the_word_reader_whose_guard_names_the_damage(tmp_path: Path) -> None:
    path = written(tmp_path, "cut.docx", RAW_2010_DOCX.read_bytes()[:1000])
    assert describe_source(path).format == "docx"


def it_judges_the_format_before_the_year(tmp_path: Path) -> None:
    from mandate_etl.pipeline import ReadOptions, read_one

    outcome = read_one(written(tmp_path, "notes.txt", b"plain text"), None, ReadOptions(isolate=False))
    assert isinstance(outcome.error, UnsupportedFormatError)
    assert outcome.error.reason.startswith("not a Word or PDF file")
