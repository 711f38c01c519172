"""Mutated Word and PDF files: only MandateEtlError subclasses ever leave `extract_report`.

The mutations are byte flips, inserts (random bytes or XML/PDF tokens), deletions, overwrites
and truncations. A mutated .docx mostly fails the zip CRC, so the Word parts are also mutated
inside the archive (unzip, mutate one part, rezip) to reach the XML parser and the table reader.
`scripts/fuzz.py` runs the same mutations thousands of times.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import RAW_2010_DOCX as SEED_DOCX

from mandate_etl.errors import MandateEtlError
from mandate_etl.extract import extract_report

WORD_PARTS = ("word/document.xml", "word/numbering.xml", "word/styles.xml",
              "[Content_Types].xml", "word/_rels/document.xml.rels")
TOKENS = (
    b"<w:tbl>", b"</w:tbl>", b"<w:tr>", b"</w:tc>", b"<w:p/>", b'<w:gridSpan w:val="99999"/>',
    b'<w:vMerge w:val="continue"/>', b'w:val="-1"', b'w:ilvl="9"', b"<w:numId w:val=\"0\"/>",
    b"&lol;", b"<!DOCTYPE d [<!ENTITY lol \"lol\">]>", b"\x00", b"\xff\xfe", b"\xc3(",
    b"endobj", b"stream\n", b"endstream", b"/Length 999999", b"/Type /Pages", b"/Kids [", b"R",
    b"xref\n0 1", b"trailer <<", b"/Filter /FlateDecode", b"/Encrypt", b"/Rotate 90",
)
MAX_EXAMPLES = 100  # per seed; the whole file stays well under a minute

Mutation = tuple[str, int, bytes]  # (kind, position, bytes inserted or overwritten)


def mutation_strategy() -> st.SearchStrategy[Mutation]:
    """Return a strategy drawing one mutation; positions are taken modulo the data length."""
    position = st.integers(min_value=0, max_value=2**31)
    payload = st.one_of(st.binary(min_size=1, max_size=16), st.sampled_from(TOKENS))
    return st.one_of(
        st.tuples(st.just("flip"), position, st.binary(min_size=1, max_size=1)),
        st.tuples(st.just("insert"), position, payload),
        st.tuples(st.just("overwrite"), position, payload),
        st.tuples(st.just("delete"), position, st.binary(min_size=1, max_size=64)),
        st.tuples(st.just("truncate"), position, st.just(b"")),
    )


def mutate(data: bytes, mutations: Sequence[Mutation]) -> bytes:
    """Return `data` with each mutation applied in turn."""
    for kind, position, payload in mutations:
        at = position % (len(data) + 1)
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (payload[0] or 1)]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + payload + data[at:]
        elif kind == "overwrite":
            data = data[:at] + payload + data[at + len(payload) :]
        elif kind == "delete":
            data = data[:at] + data[at + len(payload) :]  # the payload's length is the span
        elif kind == "truncate":
            data = data[:at]
    return data


def mutate_part(docx_bytes: bytes, part: str, mutations: Sequence[Mutation]) -> bytes:
    """Return the .docx `docx_bytes` rezipped with member `part` mutated (valid zip, CRCs)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = mutate(data, mutations)
            target.writestr(info.filename, data)
    return out.getvalue()


def small_pdf() -> bytes:
    """Return a one-page PDF with a small ruled table, drawn with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    buffer = io.BytesIO()
    rows = [["Organismo", "Mandatos", "Actividades"], ["OIM", "66. Establecer", "Taller"]]
    table = Table(rows, style=[("GRID", (0, 0), (-1, -1), 0.5, "black")])
    SimpleDocTemplate(buffer, pagesize=A4, compress=0).build([table])
    return buffer.getvalue()


def check_clean_outcome(data: bytes, path: Path) -> str:
    """Return "read" or the refusal's reason; fail when anything but a MandateEtlError escapes."""
    path.write_bytes(data)
    display = f"fuzz/{path.name}"
    try:
        extract_report(path, display)
    except MandateEtlError as error:
        message = str(error)
        assert message.startswith(f"{display}: ") and "\n" not in message, message
        assert error.reason.strip(), message
        return error.reason
    return "read"


MUTATIONS = st.lists(mutation_strategy(), min_size=1, max_size=4)
FUZZ_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture])


@functools.cache
def seed_docx() -> bytes:
    """Return the bytes of the 2010 submission."""
    return SEED_DOCX.read_bytes()


@functools.cache
def seed_pdf() -> bytes:
    """Return the bytes of a small generated PDF."""
    return small_pdf()


@FUZZ_SETTINGS
@given(mutations=MUTATIONS)
def test_mutated_docx_bytes_fail_cleanly(tmp_path: Path, mutations) -> None:
    check_clean_outcome(mutate(seed_docx(), mutations), tmp_path / "m.docx")


@FUZZ_SETTINGS
@given(part=st.sampled_from(WORD_PARTS), mutations=MUTATIONS)
def test_mutated_word_xml_fails_cleanly(tmp_path: Path, part, mutations) -> None:
    check_clean_outcome(mutate_part(seed_docx(), part, mutations), tmp_path / "x.docx")


@FUZZ_SETTINGS
@given(mutations=MUTATIONS)
def test_mutated_pdf_bytes_fail_cleanly(tmp_path: Path, mutations) -> None:
    check_clean_outcome(mutate(seed_pdf(), mutations), tmp_path / "m.pdf")


def test_unmutated_seeds_are_read_or_refused_cleanly(tmp_path: Path) -> None:
    assert check_clean_outcome(seed_docx(), tmp_path / "seed.docx") == "read"
    check_clean_outcome(seed_pdf(), tmp_path / "seed.pdf")
