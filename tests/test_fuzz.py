"""Mutated Word and PDF files: only MandateEtlError subclasses ever leave `extract_report`.

The mutations are byte flips, inserts (random bytes or XML/PDF tokens), deletions, overwrites
and truncations. A mutated .docx mostly fails the zip CRC, so the Word parts are also mutated
inside the archive (unzip, mutate one part, rezip) to reach the XML parser and the table reader.
XML-level mutations edit the parsed parts: DTDs and entities, wrappers around rows, cells,
paragraphs and runs (known and unknown), deep nesting, huge attributes and numbers, merges.
`scripts/fuzz.py` runs the same mutations thousands of times.
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.conftest import RAW_2010_DOCX as SEED_DOCX

from mandate_etl.errors import MandateEtlError
from mandate_etl.extract import extract_report

WORD_PARTS = (
    "word/document.xml",
    "word/numbering.xml",
    "word/styles.xml",
    "[Content_Types].xml",
    "word/_rels/document.xml.rels",
)
TOKENS = (
    b"<w:tbl>",
    b"</w:tbl>",
    b"<w:tr>",
    b"</w:tc>",
    b"<w:p/>",
    b'<w:gridSpan w:val="99999"/>',
    b'<w:vMerge w:val="continue"/>',
    b'w:val="-1"',
    b'w:ilvl="9"',
    b'<w:numId w:val="0"/>',
    b"&lol;",
    b'<!DOCTYPE d [<!ENTITY lol "lol">]>',
    b"\x00",
    b"\xff\xfe",
    b"\xc3(",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"/Length 999999",
    b"/Type /Pages",
    b"/Kids [",
    b"R",
    b"xref\n0 1",
    b"trailer <<",
    b"/Filter /FlateDecode",
    b"/Encrypt",
    b"/Rotate 90",
)
MAX_EXAMPLES = 100  # per seed; the whole file stays well under a minute
XML_MAX_EXAMPLES = 60

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_KINDS = (
    "doctype",
    "entity-ref",
    "wrap-rows",
    "wrap-cells",
    "wrap-paragraphs",
    "wrap-runs",
    "nest-wrappers",
    "nest-tables",
    "huge-attribute",
    "huge-number",
    "vmerge",
    "remove",
    "numbering-number",
    "duplicate",
)
WRAPPERS = (
    "sdt",
    "customXml",
    "smartTag",
    "ins",
    "del",
    "moveTo",
    "moveFrom",
    "hyperlink",
    "fldSimple",
    "unknownWrapper",
)
DOCTYPES = (
    '<!DOCTYPE w:document [<!ENTITY x "de la Frontera">]>',
    '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE w:document [<!ENTITY % p "x"><!ENTITY x "y">]>',
    '<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY x "&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    '<!DOCTYPE w:document SYSTEM "http://example.invalid/w.dtd">',
    "<!-- before -->\n<!DOCTYPE w:document>",
)
NUMBERS = ("-1", "0", "9", "32768", "99999999999999999999", "9" * 4000, "9" * 5000, "1e9", "", " 3 ")

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


XmlMutation = tuple[str, int, int]  # (kind, where, how much)


def xml_mutation_strategy() -> st.SearchStrategy[XmlMutation]:
    """Return a strategy drawing one XML-level mutation of the Word parts."""
    return st.tuples(
        st.sampled_from(XML_KINDS),
        st.integers(min_value=0, max_value=2**31),
        st.integers(min_value=1, max_value=5000),
    )


def _w(tag: str) -> str:
    """Return the Clark name of WordprocessingML tag `tag`."""
    return f"{{{W_NS}}}{tag}"


def _pick(elements: list[etree._Element], where: int) -> etree._Element | None:
    """Return the element of `elements` chosen by `where`, or None when there is none."""
    return elements[where % len(elements)] if elements else None


def _wrap(element: etree._Element, tag: str, depth: int = 1) -> None:
    """Wrap `element` in `depth` nested `tag` wrappers (an sdt gets its sdtContent)."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    outer = inner = None
    for _ in range(depth):
        wrapper = etree.Element(_w(tag))
        content = etree.SubElement(wrapper, _w("sdtContent")) if tag == "sdt" else wrapper
        if inner is None:
            outer = wrapper
        else:
            inner.append(wrapper)
        inner = content
    inner.append(element)
    parent.insert(index, outer)


def _edit_tree(root: etree._Element, kind: str, where: int, size: int) -> None:
    """Apply one element-level mutation to the parsed document.xml (in place)."""
    tag_for = {"wrap-rows": "tr", "wrap-cells": "tc", "wrap-paragraphs": "p", "wrap-runs": "r"}
    if kind in tag_for:
        target = _pick(list(root.iter(_w(tag_for[kind]))), where)
        if target is not None:
            _wrap(target, WRAPPERS[size % len(WRAPPERS)])
    elif kind == "nest-wrappers":
        target = _pick(list(root.iter(_w("tr"), _w("p"))), where)
        if target is not None:
            _wrap(target, WRAPPERS[where % 2], depth=1 + size % 200)
    elif kind == "nest-tables":
        cell = _pick(list(root.iter(_w("tc"))), where)
        if cell is not None:
            for _ in range(1 + size % 120):
                cell = etree.SubElement(
                    etree.SubElement(etree.SubElement(cell, _w("tbl")), _w("tr")), _w("tc")
                )
            etree.SubElement(etree.SubElement(etree.SubElement(cell, _w("p")), _w("r")), _w("t")).text = "x"
    elif kind in ("huge-attribute", "huge-number", "vmerge"):
        cell = _pick(list(root.iter(_w("tc"))), where)
        if cell is not None:
            props = cell.find(_w("tcPr"))
            props = props if props is not None else etree.SubElement(cell, _w("tcPr"))
            tag = {"huge-attribute": "shd", "huge-number": "gridSpan", "vmerge": "vMerge"}[kind]
            value = ("A" * size * 200) if kind == "huge-attribute" else NUMBERS[size % len(NUMBERS)]
            if kind == "vmerge":
                value = ("continue", "restart", "bogus")[size % 3]
            etree.SubElement(props, _w(tag)).set(_w("val"), value)
    elif kind == "remove":
        target = _pick(list(root.iter(_w("tcPr"), _w("tblGrid"), _w("pPr"), _w("sdtContent"))), where)
        if target is not None and target.getparent() is not None:
            target.getparent().remove(target)
    elif kind == "duplicate":
        target = _pick(list(root.iter(_w("tr"), _w("tc"))), where)
        if target is not None and target.getparent() is not None:
            target.addnext(copy.deepcopy(target))


def _edit_numbering(root: etree._Element, where: int, size: int) -> None:
    """Put an odd number in a start, level or label pattern of numbering.xml (in place)."""
    targets = list(root.iter(_w("start"), _w("lvl"), _w("lvlText"), _w("ilvl"), _w("startOverride")))
    target = _pick(targets, where)
    if target is None:
        return
    attribute = _w("ilvl") if target.tag == _w("lvl") else _w("val")
    value = ("%1" * size) if target.tag == _w("lvlText") else NUMBERS[size % len(NUMBERS)]
    target.set(attribute, value)


def mutate_xml(docx_bytes: bytes, mutations: Sequence[XmlMutation]) -> bytes:
    """Return the .docx with its document.xml and numbering.xml edited by `mutations`, rezipped."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    document = etree.fromstring(source.read("word/document.xml"))
    numbering = etree.fromstring(source.read("word/numbering.xml"))
    prolog = ""
    entity = False
    for kind, where, size in mutations:
        if kind == "doctype":
            prolog = DOCTYPES[where % len(DOCTYPES)]
        elif kind == "entity-ref":
            entity = True
        elif kind == "numbering-number":
            _edit_numbering(numbering, where, size)
        else:
            _edit_tree(document, kind, where, size)
    text = etree.tostring(document, encoding="unicode")
    if entity:
        text = text.replace("</w:t>", "&x;</w:t>", 1)
    parts = {
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?>{prolog}{text}'.encode(),
        "word/numbering.xml": etree.tostring(numbering, xml_declaration=True, encoding="UTF-8"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename) or source.read(info))
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
XML_MUTATIONS = st.lists(xml_mutation_strategy(), min_size=1, max_size=4)
FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
XML_FUZZ_SETTINGS = settings(
    max_examples=XML_MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


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


@XML_FUZZ_SETTINGS
@given(mutations=XML_MUTATIONS)
def test_xml_level_mutations_fail_cleanly(tmp_path: Path, mutations) -> None:
    check_clean_outcome(mutate_xml(seed_docx(), mutations), tmp_path / "xml.docx")


@FUZZ_SETTINGS
@given(mutations=MUTATIONS)
def test_mutated_pdf_bytes_fail_cleanly(tmp_path: Path, mutations) -> None:
    check_clean_outcome(mutate(seed_pdf(), mutations), tmp_path / "m.pdf")


def test_unmutated_seeds_are_read_or_refused_cleanly(tmp_path: Path) -> None:
    assert check_clean_outcome(seed_docx(), tmp_path / "seed.docx") == "read"
    check_clean_outcome(seed_pdf(), tmp_path / "seed.pdf")
