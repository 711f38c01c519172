"""The readers of this package: each declares the format it reads and how to recognise it.

A new input format is one reader module (a function `(path, SourceFile) -> ExtractedReport`)
and one line in READERS: its format name, its usual file ending, the name messages give it,
the content test that recognises it and where its reader function lives. Sniffing, the folder
walk, the worker's preloading, messages and the choice between two copies of one report all
read this table; nothing else lists formats.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mandate_etl.extract.sniff import (
    DOCX_MAIN,
    ODT_MIMETYPE,
    Probe,
    has_ole_stream,
    has_zip_main_type,
    is_odf,
    starts_with,
    within_head,
)
from mandate_etl.models import ExtractedReport, SourceFile

__all__ = ["Reader", "READERS", "reader_for", "recognise", "input_suffixes", "preference"]

ReadFunction = Callable[[Path, SourceFile], ExtractedReport]


@dataclass(frozen=True)
class Reader:
    """One input format: its name, file ending, name in messages, content test and reader."""

    format: str  # written in SourceFile.format and the manifest
    suffix: str  # only to find inputs in folders: the format itself is judged by content
    kind: str  # how messages name the format ("damaged Word file")
    recognises: Callable[[Probe], bool]
    function: str  # "module:function" in this package, imported only when a file is read

    def load(self) -> ReadFunction:
        """Return the reader function, importing its module."""
        read: ReadFunction = getattr(importlib.import_module(self.module), self.function.split(":")[1])
        return read

    @property
    def module(self) -> str:
        """Return the reader's module name (the worker imports it once before forking)."""
        return f"{__package__}.{self.function.split(':')[0]}"


# Order is preference: of two inputs of a year holding the same report, the first kept is the
# one read earlier here (a Word file keeps the structure that a PDF only prints).
READERS: tuple[Reader, ...] = (
    Reader("docx", ".docx", "Word", has_zip_main_type(DOCX_MAIN), "docx:read_docx"),
    Reader("doc", ".doc", "Word 97-2003", has_ole_stream("WordDocument"), "convert:read_converted"),
    Reader("odt", ".odt", "OpenDocument text", is_odf(ODT_MIMETYPE), "convert:read_converted"),
    Reader("rtf", ".rtf", "RTF", starts_with(b"{\\rtf"), "convert:read_converted"),
    Reader("pdf", ".pdf", "PDF", within_head(b"%PDF-"), "pdf:read_pdf"),
)  # fmt: skip


def reader_for(fmt: str) -> Reader:
    """Return the reader of format `fmt`; raise KeyError for a format no reader declares."""
    for reader in READERS:
        if reader.format == fmt:
            return reader
    raise KeyError(f"no reader for format {fmt!r}")


def recognise(probe: Probe) -> Reader | None:
    """Return the reader whose content test the probed file passes, or None."""
    return next((r for r in READERS if r.recognises(probe)), None)


def input_suffixes() -> tuple[str, ...]:
    """Return the file endings looked for in folders (".docx", ".pdf", ...)."""
    return tuple(r.suffix for r in READERS)


def preference(fmt: str) -> int:
    """Return the rank of `fmt` among formats (0 first); unknown formats rank last."""
    return next((i for i, r in enumerate(READERS) if r.format == fmt), len(READERS))
