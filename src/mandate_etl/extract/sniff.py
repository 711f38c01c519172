"""Given a file, return its format judged by content (magic bytes), never by extension."""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import Literal

from mandate_etl.errors import UnsupportedFormatError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .docx is an OLE file holding this stream, named in UTF-16 in its directory.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
PDF_MAGIC_WINDOW = 1024  # PDF readers accept the header anywhere in the first KiB


def sniff_format(path: Path, display: str) -> Literal["docx", "pdf"]:
    """Return "docx" or "pdf" from the file's first bytes; raise UnsupportedFormatError."""
    head = _read_head(path, display)
    if not head:
        raise UnsupportedFormatError("empty file (0 bytes)", file=display)
    if head.startswith(ZIP_MAGIC):
        return "docx"
    if PDF_MAGIC in head:
        return "pdf"
    if head.startswith(EMPTY_ZIP_MAGIC):
        raise UnsupportedFormatError("empty zip archive, not a Word document", file=display)
    if head.startswith(OLE_MAGIC):
        raise UnsupportedFormatError(_describe_ole(path), file=display)
    raise UnsupportedFormatError("neither a Word (.docx) nor a PDF file", file=display)


def _read_head(path: Path, display: str) -> bytes:
    """Return the first PDF_MAGIC_WINDOW bytes of `path`; raise UnsupportedFormatError."""
    try:
        with path.open("rb") as handle:
            return handle.read(PDF_MAGIC_WINDOW)
    except OSError as exc:
        raise UnsupportedFormatError(f"cannot read file ({exc.strerror})", file=display) from None


def _describe_ole(path: Path) -> str:
    """Return why an OLE compound file is refused: a password-protected .docx or a legacy .doc."""
    if _contains(path, ENCRYPTED_PACKAGE):
        return "encrypted (password-protected) Word document; remove the password and save again"
    return "legacy Word 97-2003 (.doc) or other OLE file; save it as .docx"


def _contains(path: Path, needle: bytes) -> bool:
    """True when `needle` occurs in the file, searched through a memory map (no full read)."""
    try:
        with (
            path.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view,
        ):
            return view.find(needle) >= 0
    except (OSError, ValueError):
        return False
