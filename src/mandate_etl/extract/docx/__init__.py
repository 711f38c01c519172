"""Given a .docx file, return its report table (python-docx elements stay in here)."""

from __future__ import annotations

from pathlib import Path

from mandate_etl.extract.docx import oxml
from mandate_etl.extract.docx.numbering import ListLabeler, read_levels
from mandate_etl.extract.docx.package import read_word_parts
from mandate_etl.extract.docx.styles import StyleNumbering
from mandate_etl.extract.docx.tables import TableReader
from mandate_etl.extract.rows import grid_to_report
from mandate_etl.models import ExtractedReport, SourceFile


def read_docx(path: Path, source: SourceFile) -> ExtractedReport:
    """Return the report table of the Word file at `path`; raise ExtractError when unreadable."""
    parts = read_word_parts(path)
    labeler = ListLabeler(read_levels(parts.numbering))
    reader = TableReader(source.path, labeler, StyleNumbering(parts.styles))
    tables, preamble = reader.read_body(oxml.body_of(parts.document))
    return grid_to_report(tables, source, preamble)
