"""XML surgery on the 2010 submission: the test builds each hostile or unusual .docx it reads."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from tests.conftest import RAW_2010_DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    """Return the Clark name of WordprocessingML tag `tag` ("tr" -> "{...main}tr")."""
    return f"{{{W_NS}}}{tag}"


def docx_bytes(replacements: dict[str, bytes], source: Path = RAW_2010_DOCX) -> bytes:
    """Return the .docx `source` with the named members replaced (or added)."""
    original = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in original.infolist():
            target.writestr(info.filename, replacements.pop(info.filename, original.read(info)))
        for name, data in replacements.items():
            target.writestr(name, data)
    return out.getvalue()


def part(name: str) -> bytes:
    """Return the bytes of member `name` of the 2010 submission."""
    return zipfile.ZipFile(RAW_2010_DOCX).read(name)


def edited_document(edit: Callable[[etree._Element], None]) -> bytes:
    """Return the 2010 .docx whose document.xml root went through `edit` (in place)."""
    root = etree.fromstring(part("word/document.xml"))
    edit(root)
    return docx_bytes(
        {"word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
    )


def first_table(root: etree._Element) -> etree._Element:
    """Return the first table of the document body."""
    return root.find(f"{w('body')}/{w('tbl')}")


def rows(root: etree._Element) -> list[etree._Element]:
    """Return the rows of the first table."""
    return first_table(root).findall(w("tr"))


def cells(tr: etree._Element) -> list[etree._Element]:
    """Return the cells of row `tr`."""
    return tr.findall(w("tc"))


def wrap(elements: list[etree._Element], *tags: str) -> etree._Element:
    """Wrap consecutive siblings `elements` in nested elements `tags` (outermost first).

    "sdt" gets its `w:sdtPr` and `w:sdtContent` as Word writes them; return the outermost.
    """
    parent = elements[0].getparent()
    index = parent.index(elements[0])
    outer = inner = None
    for tag in tags:
        element = etree.Element(w(tag))
        if tag == "sdt":
            etree.SubElement(element, w("sdtPr"))
            content = etree.SubElement(element, w("sdtContent"))
        else:
            content = element
        if inner is None:
            outer = element
        else:
            inner.append(element)
        inner = content
    for element in elements:
        inner.append(element)  # moves it out of `parent`
    parent.insert(index, outer)
    return outer


def set_vmerge(tc: etree._Element, value: str | None) -> None:
    """Give cell `tc` a `w:vMerge` (value None: a continuation, as Word writes it)."""
    tcpr = tc.find(w("tcPr"))
    if tcpr is None:
        tcpr = etree.Element(w("tcPr"))
        tc.insert(0, tcpr)
    merge = etree.SubElement(tcpr, w("vMerge"))
    if value is not None:
        merge.set(w("val"), value)
