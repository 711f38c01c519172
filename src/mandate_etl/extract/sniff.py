"""Given a file, return its format judged by content (magic bytes), never by extension."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from mandate_etl.errors import UnsupportedFormatError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC_WINDOW = 1024  # PDF readers accept the header anywhere in the first KiB


def sniff_format(path: Path, display: str) -> Literal["docx", "pdf"]:
    """Return "docx" or "pdf" from the file's first bytes; raise UnsupportedFormatError."""
    try:
        with path.open("rb") as handle:
            head = handle.read(PDF_MAGIC_WINDOW)
    except OSError as exc:
        raise UnsupportedFormatError(f"cannot read file ({exc.strerror})", file=display) from None
    if not head:
        raise UnsupportedFormatError("empty file (0 bytes)", file=display)
    if head.startswith(ZIP_MAGIC):
        return "docx"
    if PDF_MAGIC in head:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(
            "legacy Word 97-2003 (.doc) or other OLE file; save it as .docx", file=display
        )
    raise UnsupportedFormatError("neither a Word (.docx) nor a PDF file", file=display)
