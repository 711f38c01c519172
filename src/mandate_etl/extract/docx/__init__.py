"""Given a .docx file, return its report table (python-docx objects stay in here)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from lxml import etree

from mandate_etl.errors import ExtractError
from mandate_etl.extract.docx.numbering import ListLabeler, W, read_levels
from mandate_etl.extract.docx.tables import StyleNumbering, TableReader
from mandate_etl.extract.rows import grid_to_report
from mandate_etl.extract.zipguard import check_zip
from mandate_etl.models import ExtractedReport, SourceFile

XML_PARTS_READ = (RT.STYLES, RT.NUMBERING)  # parts read below as XML, beside the main part
STRICT_NAMESPACE = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def read_docx(path: Path, source: SourceFile) -> ExtractedReport:
    """Return the report table of the Word file at `path`; raise ExtractError when unreadable."""
    check_zip(path, source.path)
    document = _open(path, source.path)
    _check_xml_parts(document, source.path)
    labeler = ListLabeler(read_levels(_numbering_element(document)))
    reader = TableReader(source.path, labeler, _style_numbering(document))
    tables, preamble = reader.read_body(document.element.body)
    return grid_to_report(tables, source, preamble)


def _open(path: Path, display: str) -> docx.document.Document:
    """Return the python-docx document, turning every library failure into one ExtractError."""
    try:
        return docx.Document(str(path))
    except KeyError as exc:
        if _is_strict(path):
            raise ExtractError(
                "Strict Open XML document is not supported; save it as a Word Document (.docx)",
                file=display,
            ) from None
        raise ExtractError(f"not a Word document: missing part {exc}", file=display) from None
    except Exception as exc:  # python-docx raises many kinds; all mean "unreadable"
        raise ExtractError(
            f"not a readable Word document ({type(exc).__name__}: {exc})", file=display
        ) from None


def _check_xml_parts(document: docx.document.Document, display: str) -> None:
    """Return when the styles and numbering parts, if any, were read as XML; raise ExtractError.

    A part whose content type python-docx does not know is kept as bytes, with no XML to read.
    """
    for rel in document.part.rels.values():
        if rel.reltype in XML_PARTS_READ and not rel.is_external:
            part = rel.target_part
            if not isinstance(part, XmlPart):
                raise ExtractError(
                    f"not a readable Word document: part {part.partname} has content type "
                    f"{part.content_type!r}, not {rel.reltype.rsplit('/', 1)[-1]} XML",
                    file=display,
                )


def _is_strict(path: Path) -> bool:
    """True when the package's content declares the Strict Open XML namespace."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return any(
                STRICT_NAMESPACE.encode() in archive.read(n)[:4096]
                for n in archive.namelist()
                if n.endswith(".xml")
            )
    except Exception:
        return False


def _numbering_element(document: docx.document.Document) -> etree._Element | None:
    """Return the root of numbering.xml, or None when the document has no lists."""
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _style_numbering(document: docx.document.Document) -> StyleNumbering:
    """Return, for each paragraph style that numbers its paragraphs, its (numId, level)."""
    styles = {s.get(f"{W}styleId"): s for s in document.styles.element.iterfind(f"{W}style")}
    result: StyleNumbering = {}
    for style_id in styles:
        seen: set[str] = set()
        current = styles.get(style_id)
        while current is not None and style_id not in result:
            num_pr = current.find(f"{W}pPr/{W}numPr")
            if num_pr is not None and num_pr.find(f"{W}numId") is not None:
                num_id = num_pr.find(f"{W}numId").get(f"{W}val")
                ilvl = num_pr.find(f"{W}ilvl")
                level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
                result[style_id] = (num_id, level)
            based = current.find(f"{W}basedOn")
            parent = None if based is None else based.get(f"{W}val")
            if parent is None or parent in seen:
                break
            seen.add(parent)
            current = styles.get(parent)
    return result
