"""Broken and hostile files: each ends as a clean MandateEtlError or a successful read.

Each case runs in the isolated worker with tight memory and time limits, so a file that would
exhaust memory or hang is caught as a refusal for the wrong reason and fails its test.
"""

from __future__ import annotations

import io
import random
import warnings
import zipfile
from pathlib import Path

import pytest
from tests.conftest import RAW_2010_DOCX as REPORT_DOCX
from tests.extract.docx.surgery import docx_bytes as docx_with

from mandate_etl.errors import (
    ExtractError,
    MandateEtlError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from mandate_etl.extract import describe_source
from mandate_etl.extract.isolate import extract_isolated
from mandate_etl.extract.zipguard import MAX_MEMBER_BYTES
from mandate_etl.models import ExtractedReport

MIB = 1024**2
TIGHT_MEMORY = 64 * MIB  # what the worker may add to its start size: far below any bomb's payload
TIGHT_TIMEOUT_S = 20.0
HEADERS = (
    "Organismo / Oficina",
    "Mandatos del Programa Interamericano",
    "Mandatos institucionales / prioridades",
    "Actividades realizadas",
    "Actividades previstas / observaciones",
)
OFFICE_ROW = (
    "Oficina de la OIM en MÉXICO",
    "66. Establecer programas",
    "1. Proteger a los migrantes",
    "Taller con autoridades",
    "Seminario regional",
)


def outcome_of(path: Path, memory_limit: int = TIGHT_MEMORY) -> ExtractedReport | MandateEtlError:
    """Return the report read from `path` in the isolated worker, or the error it raised."""
    try:
        return extract_isolated(path, path.name, timeout=TIGHT_TIMEOUT_S, memory_limit=memory_limit)
    except MandateEtlError as error:
        assert str(error).startswith(f"{path.name}: ") and "\n" not in str(error), str(error)
        assert error.reason.strip()
        return error


def refusal(path: Path, error_class: type[MandateEtlError], reason_start: str) -> MandateEtlError:
    """Return the error reading `path` raised; fail unless its class and reason are as given."""
    outcome = outcome_of(path)
    assert isinstance(outcome, error_class), f"{type(outcome).__name__}: {outcome}"
    assert outcome.reason.startswith(reason_start), outcome.reason
    return outcome


def report_pdf() -> bytes:
    """Return a PDF holding a one-office report table with the template's five headers."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = getSampleStyleSheet()["BodyText"]
    rows = [[Paragraph(text, style) for text in row] for row in (HEADERS, OFFICE_ROW)]
    table = Table(rows, colWidths=[150] * 5, style=[("GRID", (0, 0), (-1, -1), 0.5, "black")])
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4)).build([table])
    return buffer.getvalue()


def document_xml_with_doctype(doctype: str, entity: str) -> bytes:
    """Return the 2010 document.xml with `doctype` declared and `&entity;` in its first text."""
    xml = zipfile.ZipFile(REPORT_DOCX).read("word/document.xml").decode("utf-8")
    declaration_end = xml.index("?>") + 2
    first_text = xml.index("<w:t>") + len("<w:t>")
    xml = xml[:first_text] + f"&{entity};" + xml[first_text:]
    return (xml[:declaration_end] + doctype + xml[declaration_end:]).encode("utf-8")


# --- empty, random, wrong format -----------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.docx", "empty.pdf"])
def test_empty_file_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    refusal(tmp_path / name, UnsupportedFormatError, "empty file")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_are_refused(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "random.docx"
    path.write_bytes(random.Random(seed).randbytes(4096))
    refusal(path, UnsupportedFormatError, "not a Word or PDF file")


def test_ole_file_without_a_word_stream_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"  # an OLE file, but not Word's: no WordDocument stream
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    refusal(path, UnsupportedFormatError, "an OLE file with no WordDocument stream")


def test_password_protected_docx_is_called_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"  # Word wraps a protected .docx in an OLE file like this
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + bytes(1000))
    refusal(path, UnsupportedFormatError, "encrypted (password-protected) Word document")


def test_pdf_named_docx_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(report_pdf())
    assert describe_source(path, path.name).format == "pdf"
    report = outcome_of(path, memory_limit=512 * MIB)
    assert isinstance(report, ExtractedReport), report
    assert report.rows[1].cells[0].paragraphs[0].text == OFFICE_ROW[0]


def test_docx_named_pdf_is_read_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(REPORT_DOCX.read_bytes())
    report = outcome_of(path, memory_limit=512 * MIB)
    assert isinstance(report, ExtractedReport), report
    assert report.source.format == "docx" and report.rows


# --- truncation ----------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [10, 1000, 0.5, -100, -1])
def test_truncated_docx_is_refused(tmp_path: Path, keep: float) -> None:
    data = REPORT_DOCX.read_bytes()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[:cut])
    refusal(path, ExtractError, "not a readable zip archive")


@pytest.mark.parametrize("keep", [10, 200, 0.5, 0.9, -10])
def test_truncated_pdf_is_read_or_refused(tmp_path: Path, keep: float) -> None:
    data = report_pdf()
    cut = int(len(data) * keep) if isinstance(keep, float) else keep
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[:cut])
    assert isinstance(outcome_of(path), ExtractedReport | MandateEtlError)


# --- zip bombs and zip tricks --------------------------------------------------------------


def zip_of_zeros(path: Path, size: int, member: str = "word/document.xml") -> Path:
    """Return `path`, written as a zip whose `member` unpacks to `size` zero bytes."""
    chunk = bytes(16 * MIB)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open(member, "w", force_zip64=True) as handle:
            for start in range(0, size, len(chunk)):
                handle.write(chunk[: size - start])
    return path


def test_oversized_member_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = zip_of_zeros(tmp_path / "bomb.docx", MAX_MEMBER_BYTES + 16 * MIB)
    assert path.stat().st_size < MIB  # ~200 KiB on disk
    error = refusal(path, UnsafeInputError, "zip member word/document.xml unpacks to")
    assert "decompression bomb" in error.reason


def test_high_ratio_bomb_is_refused(tmp_path: Path) -> None:
    path = zip_of_zeros(tmp_path / "ratio.docx", 32 * MIB)
    refusal(path, UnsafeInputError, "zip member word/document.xml compresses")


def test_zip64_archive_with_too_many_members_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"  # over 65535 entries: the count lives in the zip64 record
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for number in range(70_000):
            archive.writestr(f"{number}", b"")
    refusal(path, UnsafeInputError, "zip holds 70000 members")


def test_encrypted_zip_member_is_refused(tmp_path: Path) -> None:
    data = bytearray(REPORT_DOCX.read_bytes())
    directory = data.rindex(b"PK\x01\x02")  # last central directory entry: set "encrypted" flag
    data[directory + 8] |= 0x1
    path = tmp_path / "encrypted-member.docx"
    path.write_bytes(bytes(data))
    refusal(path, ExtractError, "zip member word/footer1.xml is encrypted")


# --- XML entities and nesting --------------------------------------------------------------


def laughs(depth: int) -> str:
    """Return a DOCTYPE whose entity lol<depth> expands to 3 * 10**depth characters."""
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, depth + 1))
    return f'<!DOCTYPE w:document [<!ENTITY lol0 "lol">{entities}]>'


def laughs_docx(path: Path, depth: int) -> Path:
    """Return `path`, written as the 2010 submission with &lol<depth>; in its first text."""
    xml = document_xml_with_doctype(laughs(depth), f"lol{depth}")
    path.write_bytes(docx_with({"word/document.xml": xml}))
    return path


DTD_REFUSAL = "XML part word/document.xml declares a DTD; a Word file never does"


def test_internal_entities_are_refused(tmp_path: Path) -> None:
    refusal(laughs_docx(tmp_path / "laughs.docx", 3), UnsafeInputError, DTD_REFUSAL)


def test_billion_laughs_is_refused_before_parsing(tmp_path: Path) -> None:
    # Expanded, &lol9; is 3 GB; the worker has 64 MiB of headroom and 20 s.
    refusal(laughs_docx(tmp_path / "billion.docx", 9), UnsafeInputError, DTD_REFUSAL)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    path = tmp_path / "xxe.docx"
    path.write_bytes(docx_with({"word/document.xml": document_xml_with_doctype(doctype, "xxe")}))
    error = refusal(path, UnsafeInputError, DTD_REFUSAL)
    assert "SECRET-CONTENT" not in str(error)


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE w:document [<!ENTITY x "de la Frontera">]>',  # &x; would cut "Taller de la"
        '<!-- a comment first -->\n<!DOCTYPE w:document SYSTEM "word.dtd">',
        '<!DOCTYPE w:document PUBLIC "-//W//DTD//EN" "http://example.org/w.dtd">',
    ],
)
def test_any_doctype_is_refused(tmp_path: Path, prolog: str) -> None:
    xml = zipfile.ZipFile(REPORT_DOCX).read("word/document.xml").decode("utf-8")
    end = xml.index("?>") + 2
    path = tmp_path / "dtd.docx"
    path.write_bytes(docx_with({"word/document.xml": (xml[:end] + prolog + xml[end:]).encode()}))
    refusal(path, UnsafeInputError, DTD_REFUSAL)


@pytest.mark.parametrize("part", ["word/styles.xml", "docProps/app.xml", "customXml/item1.xml"])
def test_doctype_in_any_part_is_refused(tmp_path: Path, part: str) -> None:
    xml = zipfile.ZipFile(REPORT_DOCX).read(part).decode("utf-8")
    end = xml.index("?>") + 2
    doctype = '<!DOCTYPE r [<!ENTITY a "b">]>'
    path = tmp_path / "dtd-part.docx"
    path.write_bytes(docx_with({part: (xml[:end] + doctype + xml[end:]).encode()}))
    refusal(path, UnsafeInputError, f"XML part {part} declares a DTD")


def test_utf16_part_with_doctype_is_refused(tmp_path: Path) -> None:
    xml = zipfile.ZipFile(REPORT_DOCX).read("word/settings.xml").decode("utf-8")
    xml = xml.replace("UTF-8", "UTF-16", 1)
    end = xml.index("?>") + 2
    xml = xml[:end] + '<!DOCTYPE w:settings [<!ENTITY a "b">]>' + xml[end:]
    path = tmp_path / "utf16.docx"
    path.write_bytes(docx_with({"word/settings.xml": xml.encode("utf-16")}))
    refusal(path, UnsafeInputError, "XML part word/settings.xml declares a DTD")


def test_deeply_nested_tables_are_refused(tmp_path: Path) -> None:
    xml = zipfile.ZipFile(REPORT_DOCX).read("word/document.xml").decode("utf-8")
    nest = "<w:tbl><w:tr><w:tc>" * 5000 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 5000
    body = xml.index("<w:body>") + len("<w:body>")
    path = tmp_path / "nested.docx"
    path.write_bytes(docx_with({"word/document.xml": (xml[:body] + nest + xml[body:]).encode()}))
    refusal(path, ExtractError, "not a readable Word document")


def test_numbering_part_of_unknown_content_type_is_refused(tmp_path: Path) -> None:
    types = zipfile.ZipFile(REPORT_DOCX).read("[Content_Types].xml")
    numbering = b"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
    assert numbering in types
    path = tmp_path / "odd-part.docx"
    path.write_bytes(docx_with({"[Content_Types].xml": types.replace(numbering, b"text/plain")}))
    refusal(path, ExtractError, "not a readable Word document: part /word/numbering.xml has")


def test_member_outside_its_directory_offset_is_refused(tmp_path: Path) -> None:
    data = bytearray(REPORT_DOCX.read_bytes())
    directory = data.rindex(b"PK\x01\x02")  # last entry: its local header offset points nowhere
    data[directory + 42 : directory + 46] = (len(data) - 30).to_bytes(4, "little")
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data))
    refusal(path, ExtractError, "not a readable zip archive (member word/footer1.xml is not where")


# --- numbering.xml: bounded numbers, bounded label text ---------------------------------------


def numbering_with(old: str, new: str) -> bytes:
    """Return the 2010 numbering.xml with the first `old` replaced by `new`."""
    xml = zipfile.ZipFile(REPORT_DOCX).read("word/numbering.xml").decode("utf-8")
    assert old in xml
    return xml.replace(old, new, 1).encode("utf-8")


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        ("9" * 5000, "numbering.xml list 0: level 0 start is a 5000-digit number"),
        ("9" * 4000, "numbering.xml list 0: level 0 start is 99999999… (4000 digits) (allowed 0 to 32767)"),
        ("1000000", "numbering.xml list 0: level 0 start is 1000000 (allowed 0 to 32767)"),
        ("-3", "numbering.xml list 0: level 0 start is -3 (allowed 0 to 32767)"),
    ],
)
def test_out_of_range_list_start_is_refused(tmp_path: Path, start: str, reason: str) -> None:
    xml = numbering_with('<w:start w:val="1"/>', f'<w:start w:val="{start}"/>')
    path = tmp_path / "start.docx"
    path.write_bytes(docx_with({"word/numbering.xml": xml}))
    assert refusal(path, UnsafeInputError, reason).reason == reason


def test_out_of_range_list_level_is_refused(tmp_path: Path) -> None:
    xml = numbering_with('<w:lvl w:ilvl="0">', '<w:lvl w:ilvl="1000000000">')
    path = tmp_path / "level.docx"
    path.write_bytes(docx_with({"word/numbering.xml": xml}))
    refusal(path, UnsafeInputError, "numbering.xml list 0: level is 1000000000 (allowed 0 to 8)")


def test_label_pattern_that_would_expand_to_megabytes_is_refused(tmp_path: Path) -> None:
    # Each label would be 400,000 numbers: megabytes per list item from a small file (the part
    # stays under the size from which the zip guard checks compression ratios).
    xml = numbering_with('w:val="%1."', 'w:val="' + "%1" * 400_000 + '"')
    path = tmp_path / "labels.docx"
    path.write_bytes(docx_with({"word/numbering.xml": xml}))
    assert path.stat().st_size < 100_000
    refusal(path, UnsafeInputError, "numbering.xml list 0: level 0 label pattern is 800000 characters")


# --- zip: duplicate members, comments holding the end-record signature ----------------------


def test_two_members_of_one_name_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.docx"
    path.write_bytes(docx_with({}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("word/document.xml", b"<w:document/>")
    refusal(path, UnsafeInputError, "two members named word/document.xml")


@pytest.mark.parametrize(
    "comment",
    [
        b"PK\x05\x06",  # the signature alone, close to the end
        b"note PK\x05\x06" + bytes(18) + b" end",  # a whole false end record
        b"PK\x05\x06" + bytes(16) + b"\x04\x00" + b"abcd",  # one whose comment length fits
    ],
)
def test_zip_comment_holding_the_end_signature_is_read(tmp_path: Path, comment: bytes) -> None:
    path = tmp_path / "comment.docx"
    path.write_bytes(REPORT_DOCX.read_bytes())
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = comment
    expected = outcome_of(REPORT_DOCX, memory_limit=512 * MIB)
    report = outcome_of(path, memory_limit=512 * MIB)
    assert isinstance(report, ExtractedReport), report
    assert isinstance(expected, ExtractedReport)
    assert [p.full_text for r in report.rows for c in r.cells for p in c.paragraphs] == [
        p.full_text for r in expected.rows for c in r.cells for p in c.paragraphs
    ]
