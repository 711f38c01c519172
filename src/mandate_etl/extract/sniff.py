"""Given an open file, learn what its content says it is, never its name: magic bytes, the main
part content type of an Office Open XML zip, the mimetype of an OpenDocument zip, the streams of
an OLE compound file. The content tests readers declare in the registry are built here."""

from __future__ import annotations

import mmap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from mandate_etl.errors import MandateEtlError
from mandate_etl.extract.zipguard import open_checked_zip

HEAD_BYTES = 1024  # PDF readers accept the header anywhere in the first KiB
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PACKAGE_TEXT_CAP = 1024**2  # [Content_Types].xml, .rels and mimetype are small: read no further
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
ODF_MIMETYPE_MEMBER = "mimetype"
OFFICE_DOCUMENT_REL = "/officeDocument"  # end of the relationship type, transitional or strict
# A password-protected .docx is an OLE file holding this stream, named in UTF-16 in its directory.
ENCRYPTED_PACKAGE = "EncryptedPackage"

OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."
DOCX_MAIN = f"{OOXML}wordprocessingml.document.main+xml"
ODT_MIMETYPE = f"{ODF}text"
# Packages refused by name, so the sender learns what they sent instead.
PACKAGE_NAMES = {
    f"{OOXML}spreadsheetml.sheet.main+xml": "an Excel workbook (.xlsx)",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "an Excel workbook (.xlsm)",
    f"{OOXML}presentationml.presentation.main+xml": "a PowerPoint presentation (.pptx)",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "a macro-enabled Word document (.docm)",
    f"{OOXML}wordprocessingml.template.main+xml": "a Word template (.dotx)",
    f"{ODF}spreadsheet": "an OpenDocument spreadsheet (.ods)",
    f"{ODF}presentation": "an OpenDocument presentation (.odp)",
}


@dataclass(frozen=True)
class ZipPackage:
    """What a zip archive declares itself to be; `readable` False when its directory is damaged."""

    readable: bool
    main_type: str | None = None  # content type of the main part (Office Open XML)
    odf_mimetype: str | None = None  # content of the `mimetype` member (OpenDocument)
    has_content_types: bool = False

    @property
    def undecided(self) -> bool:
        """True when the zip may be a damaged Word file: unreadable, or typed but its main part
        not found (the Word reader then says what is missing)."""
        return not self.readable or (self.has_content_types and self.main_type is None)


class Probe:
    """The facts about one open file that content tests need, each read when first asked."""

    def __init__(self, path: Path, handle: BinaryIO) -> None:
        handle.seek(0)
        self.path = path
        self.handle = handle
        self.head = handle.read(HEAD_BYTES)

    @cached_property
    def package(self) -> ZipPackage | None:
        """Return what the zip declares itself to be, or None when the file is not a zip."""
        return read_package(self.path, self.handle) if self.head.startswith(ZIP_MAGIC) else None

    def has_ole_stream(self, name: str) -> bool:
        """True when the file is an OLE compound file naming a stream `name` in its directory."""
        return self.head.startswith(OLE_MAGIC) and _contains(self.handle, name.encode("utf-16-le"))


def read_package(path: Path, handle: BinaryIO) -> ZipPackage:
    """Return the main part content type or ODF mimetype that a zip archive declares.

    A zip the zip guard refuses (a bomb, too many members, damage) is not opened here: it is
    `readable=False`, handed to the Word reader, whose guard says why in the isolated worker.
    """
    try:
        checked = open_checked_zip(path)  # its end record found past a misleading comment
    except MandateEtlError:
        return ZipPackage(readable=False)
    try:
        with checked as archive:
            names = set(archive.namelist())
            mimetype = _read_text(archive, ODF_MIMETYPE_MEMBER) if ODF_MIMETYPE_MEMBER in names else None
            if CONTENT_TYPES not in names:
                return ZipPackage(readable=True, odf_mimetype=mimetype and mimetype.strip())
            return ZipPackage(readable=True, main_type=_main_type(archive), has_content_types=True)
    except Exception:  # any damage (zipfile raises many kinds): the Word reader's zip guard names it
        return ZipPackage(readable=False)


def _main_type(archive: zipfile.ZipFile) -> str | None:
    """Return the content type of the part the package's officeDocument relationship targets."""
    try:
        rels = _parse(archive, PACKAGE_RELS)
    except KeyError:
        return None
    target = next(
        (
            r.get("Target", "")
            for r in _children(rels, "Relationship")
            if r.get("Type", "").endswith(OFFICE_DOCUMENT_REL)
        ),
        "",
    )
    if not target:
        return None
    part = "/" + target.lstrip("/").removeprefix("./")
    types = _parse(archive, CONTENT_TYPES)
    for override in _children(types, "Override"):
        if override.get("PartName", "").lower() == part.lower():
            return override.get("ContentType")
    extension = part.rsplit(".", 1)[-1].lower()
    return next(
        (
            d.get("ContentType")
            for d in _children(types, "Default")
            if d.get("Extension", "").lower() == extension
        ),
        None,
    )


def _parse(archive: zipfile.ZipFile, member: str) -> Element:
    """Return the root of an XML member, read to PACKAGE_TEXT_CAP bytes and parsed safely."""
    root: Element = fromstring(_read_text(archive, member))
    return root


def _read_text(archive: zipfile.ZipFile, member: str) -> str:
    """Return a small member as text, at most PACKAGE_TEXT_CAP bytes of it."""
    with archive.open(member) as stream:
        return stream.read(PACKAGE_TEXT_CAP).decode("utf-8", errors="replace")


def _children(root: Element, local_name: str) -> list[Element]:
    """Return the children of `root` named `local_name` in any namespace."""
    return [child for child in root if child.tag.rsplit("}", 1)[-1] == local_name]


def _contains(handle: BinaryIO, needle: bytes) -> bool:
    """True when `needle` occurs in the file, searched through a memory map (no full read)."""
    try:
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
            return view.find(needle) >= 0
    except (OSError, ValueError):
        return False


# --- content tests that readers declare in the registry ------------------------------------


def starts_with(magic: bytes) -> Callable[[Probe], bool]:
    """Return a test: the file starts with `magic`."""
    return lambda probe: probe.head.startswith(magic)


def within_head(magic: bytes) -> Callable[[Probe], bool]:
    """Return a test: `magic` occurs in the first HEAD_BYTES bytes."""
    return lambda probe: magic in probe.head


def has_zip_main_type(content_type: str) -> Callable[[Probe], bool]:
    """Return a test: a zip whose main part has `content_type`, or whose type cannot be read
    (that reader's zip guard then says what is damaged)."""

    def test(probe: Probe) -> bool:
        package = probe.package
        return package is not None and (package.main_type == content_type or package.undecided)

    return test


def is_odf(mimetype: str) -> Callable[[Probe], bool]:
    """Return a test: an OpenDocument zip whose `mimetype` member reads `mimetype`."""
    return lambda probe: probe.package is not None and probe.package.odf_mimetype == mimetype


def has_ole_stream(name: str) -> Callable[[Probe], bool]:
    """Return a test: an OLE compound file with a stream `name` (e.g. "WordDocument")."""
    return lambda probe: probe.has_ole_stream(name) and not probe.has_ole_stream(ENCRYPTED_PACKAGE)


# --- why a file no reader recognises is refused ---------------------------------------------


def refusal_reason(probe: Probe, accepted: str) -> str:
    """Return why no reader takes the probed file, saying what it is when that is known."""
    if not probe.head:
        return "empty file (0 bytes)"
    if probe.head.startswith(EMPTY_ZIP_MAGIC):
        return "empty zip archive, not a Word document"
    if probe.package is not None:
        return _package_reason(probe.package)
    if probe.has_ole_stream(ENCRYPTED_PACKAGE):
        return "encrypted (password-protected) Word document; remove the password and save again"
    if probe.head.startswith(OLE_MAGIC):
        return (
            "an OLE file with no WordDocument stream (Excel or PowerPoint 97-2003?), not a Word or PDF file"
        )
    return f"not a Word or PDF file (judged by content; accepted: {accepted})"


def _package_reason(package: ZipPackage) -> str:
    """Return what a zip that no reader takes is, from its declared type."""
    declared = package.main_type or package.odf_mimetype
    if declared is None:
        return "a zip archive that is no Office document, not a Word or PDF file"
    name = PACKAGE_NAMES.get(declared, f"a package of type {declared}")
    return f"{name}, not a Word or PDF file"
