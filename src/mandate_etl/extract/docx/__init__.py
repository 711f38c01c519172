"""Given a .docx file, return its report table (python-docx elements stay in here)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from mandate_etl.errors import MandateEtlError
from mandate_etl.extract.docx import oxml
from mandate_etl.extract.docx.numbering import ListLabeler, read_levels
from mandate_etl.extract.docx.package import read_word_parts
from mandate_etl.extract.docx.styles import StyleNumbering
from mandate_etl.extract.docx.tables import TableReader
from mandate_etl.extract.rows import grid_to_report
from mandate_etl.models import ExtractedReport, SourceFile


def read_docx(path: Path, source: SourceFile) -> ExtractedReport:
    """Return the report table of the Word file at `path`; raise ExtractError when unreadable."""
    try:
        parts = read_word_parts(path)
        labeler = ListLabeler(read_levels(parts.numbering))
        reader = TableReader(source.path, labeler, StyleNumbering(parts.styles))
        tables, preamble = reader.read_body(_body(parts.document))
        return grid_to_report(tables, source, preamble)
    except MandateEtlError as error:
        if error.file is None:  # readers name the place; the file is known here
            error.file = source.path
            error.args = (error.one_line(),)
        raise


def _body(document: etree._Element) -> etree._Element:
    """Return the `w:body` of the main part (an empty one when the document has none)."""
    body = document.find(oxml.qn("w:body"))
    return body if body is not None else etree.Element(oxml.qn("w:body"))
