"""The reader registry: one reader per format, found by name, suffix and preference."""

from __future__ import annotations

import pytest

from mandate_etl.extract.registry import READERS, input_suffixes, preference, reader_for
from mandate_etl.models import SourceFile


def they_declare_each_format_once() -> None:
    formats = [r.format for r in READERS]
    assert formats == ["docx", "doc", "odt", "rtf", "pdf"]
    assert input_suffixes() == (".docx", ".doc", ".odt", ".rtf", ".pdf")


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.format)
def they_each_load_their_reader_function(reader: object) -> None:
    assert callable(reader.load())  # type: ignore[attr-defined]


def it_prefers_a_structured_file_to_the_pdf_of_the_same_report() -> None:
    assert preference("docx") < preference("doc") < preference("pdf") < preference("unknown")


def it_refuses_a_format_no_reader_declares() -> None:
    with pytest.raises(KeyError, match="xlsx"):
        reader_for("xlsx")


def they_name_formats_a_source_file_accepts() -> None:
    for reader in READERS:
        assert SourceFile(path="x", sha256="0" * 64, format=reader.format, size=1).format == reader.format
