"""Given a .docx (a zip package), return its main document, numbering and styles as XML.

Only the three parts the reader uses are unzipped and parsed, found as python-docx finds them
(the package relationships, then the main part's), and parsed with python-docx's own parser, so
the elements are its oxml classes. Before any part is parsed, every XML part's prolog is read:
a Word file never declares a DTD, and one that does is refused (entities could inflate the text
or, unresolved, cut a paragraph short).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml
from lxml import etree

from mandate_etl.errors import ExtractError, UnsafeInputError
from mandate_etl.extract.docx import oxml
from mandate_etl.extract.zipguard import open_checked_zip

STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/"
XML_PART_SUFFIXES = (".xml", ".rels")
PROLOG_CHUNK = 16 * 1024
PLAIN_PROLOG_BYTES = 1024
# An XML declaration (optional) and then a root element's name: there is no room for a DTD.
PLAIN_PROLOG = re.compile(rb"\s*(<\?xml[^<>]*\?>)?\s*<[A-Za-z_]")
# What unzipping a damaged member raises (a bad CRC, a broken deflate stream, a short read).
UNZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError)
# The part kinds read beside the main part, with the content type each must have to be XML.
PARTS_READ = {RT.NUMBERING: CT.WML_NUMBERING, RT.STYLES: CT.WML_STYLES}


@dataclass(frozen=True)
class WordParts:
    """The parts the Word reader needs: parsed (python-docx oxml elements), styles on demand.

    styles.xml is often the largest part and is needed only for a paragraph whose style, not
    the paragraph itself, makes it a list item; so it is unzipped and parsed when asked for.
    """

    document: etree._Element
    numbering: etree._Element | None
    path: Path
    styles_name: str | None

    def styles(self) -> etree._Element | None:
        """Return the root of styles.xml, read now, or None when the document has none."""
        if self.styles_name is None:
            return None
        with open_checked_zip(self.path) as archive:
            return _parse(archive, self.styles_name)


def read_word_parts(path: Path) -> WordParts:
    """Return the main document, numbering and styles parts of the .docx at `path`.

    Raise UnsafeInputError for a bomb, a zip trick or a DTD; ExtractError when unreadable.
    """
    with open_checked_zip(path) as archive:
        refuse_dtds(archive)
        types = oxml.content_types(_parse(archive, "[Content_Types].xml"))
        main = _main_part(archive)
        kind = _content_type(main, types)
        if kind != CT.WML_DOCUMENT_MAIN:
            raise ExtractError(f"not a readable Word document: main part /{main} has content type {kind!r}")
        targets = _related_parts(archive, main)
        numbering = _part_of_kind(archive, targets, RT.NUMBERING, types)
        styles = _part_of_kind(archive, targets, RT.STYLES, types)
        return WordParts(
            _parse(archive, main),
            None if numbering is None else _parse(archive, numbering),
            path,
            styles,
        )


def _part_of_kind(
    archive: zipfile.ZipFile,
    targets: dict[str, str],
    reltype: str,
    types: tuple[dict[str, str], dict[str, str]],
) -> str | None:
    """Return the zip name of the main part's `reltype` part, or None when there is none.

    Raise ExtractError when the part's content type is not the XML one python-docx reads.
    """
    name = targets.get(reltype)
    if name is None or name not in archive.NameToInfo:
        return None
    kind = _content_type(name, types)
    if kind != PARTS_READ[reltype]:
        raise ExtractError(
            f"not a readable Word document: part /{name} has content type {kind!r}, "
            f"not {reltype.rsplit('/', 1)[-1]} XML"
        )
    return name


def refuse_dtds(archive: zipfile.ZipFile) -> None:
    """Return when no XML part declares a DTD; raise UnsafeInputError naming the first that does.

    Only each part's prolog is unzipped and read, up to its root element.
    """
    for name in archive.namelist():
        if name.lower().endswith(XML_PART_SUFFIXES) and _declares_dtd(archive, name):
            raise UnsafeInputError(f"XML part {name} declares a DTD; a Word file never does")


class _PrologEnd(Exception):
    """The root element started: the prolog, where a DTD must stand, is over."""


class _PrologReader:
    """A parser target that notes a DOCTYPE and stops at the root element."""

    def __init__(self) -> None:
        self.declared = False

    def doctype(self, name: str | None, public: str | None, system: str | None) -> None:
        self.declared = True

    def start(self, tag: str, attributes: object, nsmap: object = None) -> None:
        raise _PrologEnd

    def close(self) -> None:
        return None


def _declares_dtd(archive: zipfile.ZipFile, name: str) -> bool:
    """True when XML part `name` declares a DTD before its root element.

    Most parts open with an XML declaration and then the root element: that is seen in the
    first bytes. Anything else (comments, a BOM, UTF-16, a DOCTYPE) is read by a parser.
    """
    try:
        with archive.open(name) as member:
            head = member.read(PLAIN_PROLOG_BYTES)
    except UNZIP_ERRORS:
        return False  # damaged: the parts read are unzipped later and fail there
    return PLAIN_PROLOG.match(head) is None and _parser_sees_dtd(archive, name)


def _parser_sees_dtd(archive: zipfile.ZipFile, name: str) -> bool:
    """True when an XML parser reading part `name` meets a DOCTYPE before the root element."""
    target = _PrologReader()
    parser = etree.XMLParser(target=target, resolve_entities=False, load_dtd=False, no_network=True)
    try:
        with archive.open(name) as member:
            while chunk := member.read(PROLOG_CHUNK):
                parser.feed(chunk)
            parser.close()
    except _PrologEnd:
        pass
    except (etree.XMLSyntaxError, *UNZIP_ERRORS):
        pass  # not XML, or damaged: the parts read are parsed later and fail there
    return target.declared


def _parse(archive: zipfile.ZipFile, name: str) -> etree._Element:
    """Return the root element of XML part `name`, parsed by python-docx's parser."""
    return _parse_bytes(name, _read(archive, name))


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    """Return the unzipped bytes of part `name`; raise ExtractError."""
    try:
        return archive.read(name)
    except KeyError:
        raise ExtractError(f"not a Word document: missing part {name}") from None
    except UNZIP_ERRORS as exc:
        raise ExtractError(f"not a readable zip archive (member {name}: {exc})") from None


def _parse_bytes(name: str, data: bytes) -> etree._Element:
    """Return the root element of XML part `name` holding `data`; raise ExtractError."""
    try:
        return parse_xml(data)
    except etree.XMLSyntaxError as exc:
        raise ExtractError(f"not a readable Word document: part {name} ({exc})") from None


def _main_part(archive: zipfile.ZipFile) -> str:
    """Return the zip name of the main document part, found through the package relationships."""
    rels = _parse(archive, "_rels/.rels")
    for reltype, target, external in oxml.relationships(rels):
        if reltype == RT.OFFICE_DOCUMENT and not external:
            return _resolve("/", target)
    if _is_strict(archive):
        raise ExtractError("Strict Open XML document is not supported; save it as a Word Document (.docx)")
    raise ExtractError("not a Word document: no main document part")


def _related_parts(archive: zipfile.ZipFile, main: str) -> dict[str, str]:
    """Return {relationship type: zip name} of the internal parts the main part points to."""
    folder, file = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", f"{file}.rels")
    if rels_name not in archive.NameToInfo:
        return {}
    targets: dict[str, str] = {}
    for reltype, target, external in oxml.relationships(_parse(archive, rels_name)):
        if not external:
            targets.setdefault(reltype, _resolve(f"/{folder}", target))
    return targets


def _resolve(folder: str, target: str) -> str:
    """Return the zip name of relationship `target` read from a part in `folder`."""
    joined = target if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined).lstrip("/")


def _content_type(name: str, types: tuple[dict[str, str], dict[str, str]]) -> str:
    """Return the content type of part `name` from the package's (defaults, overrides)."""
    defaults, overrides = types
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    return overrides.get(f"/{name}".lower(), defaults.get(extension, ""))


def _is_strict(archive: zipfile.ZipFile) -> bool:
    """True when the package's relationships or content use the Strict Open XML namespaces."""
    try:
        return any(
            STRICT_NAMESPACE in archive.read(name)[:4096]
            for name in archive.namelist()
            if name.lower().endswith(XML_PART_SUFFIXES)
        )
    except UNZIP_ERRORS:
        return False
