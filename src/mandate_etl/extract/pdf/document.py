"""Given a PDF file, yield its pages' ruled tables; the only module that touches pdfplumber.

Pages are read one at a time and their caches released at once, so memory does not grow with
the page count. Every pdfplumber or pdfminer failure becomes one ExtractError with a reason.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from mandate_etl.errors import EncryptedPdfError, ExtractError, UnsafeInputError
from mandate_etl.extract.pdf.layout import Line, words_to_lines
from mandate_etl.extract.pdf.streams import StreamTooLargeError, capped_streams
from mandate_etl.extract.pdf.tables import (
    BBox,
    CellBoxes,
    PageTable,
    build_page_table,
    page_text_style,
    words_lost_in_cells,
    words_to_cells,
)
from mandate_etl.extract.pdf.vocabulary import whole_words
from mandate_etl.extract.pdf.words import FontKey, chars_to_words, printed_space_widths
from mandate_etl.models import SourceRef

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
RULE_TOLERANCE = 3.0  # points: a rule end this close to a crossing rule is closed by it (snap)


@dataclass
class PageRead:
    """What one page holds: its tables, how many words it has, its lines outside tables, and
    the words printed inside its lines (see vocabulary.py)."""

    tables: list[PageTable]
    word_count: int
    outside: list[Line]
    inner: set[str]
    char_count: int = 0
    undecodable: int = 0  # chars whose glyph maps to no character: "(cid:201)", U+FFFD


@contextmanager
def open_pdf(path: Path, display: str) -> Iterator[PDF]:
    """Yield the open PDF, turning pdfminer's failures into ExtractError subclasses.

    Its streams inflate within the caps of `streams.py`; past them the file is refused.
    """
    try:
        with capped_streams(), pdfplumber.open(path) as pdf:
            yield pdf
    except StreamTooLargeError as exc:
        raise UnsafeInputError(f"refused: {exc}", file=display) from None
    except PdfminerException as exc:
        raise _refusal(exc.args[0] if exc.args else exc, display) from None


def _refusal(cause: object, display: str) -> ExtractError:
    """Return the ExtractError that says why pdfminer could not read the file."""
    if isinstance(cause, StreamTooLargeError):
        return UnsafeInputError(f"refused: {cause}", file=display)
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return EncryptedPdfError("encrypted PDF; a password is required", file=display)
    detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
    return ExtractError(f"not a readable PDF ({detail})", file=display)


def iter_pages(pdf: PDF, display: str) -> Iterator[PageRead]:
    """Yield each page's tables in order, releasing each page's objects once it is read."""
    spaces: dict[FontKey, float] = {}  # a font's space, once measured, holds on every page
    for page in pdf.pages:
        try:
            yield read_page(page, display, spaces)
        finally:
            page.close()


def read_page(page: Page, display: str, spaces: dict[FontKey, float] | None = None) -> PageRead:
    """Return the ruled tables of `page` as page tables, its word count and stray lines.

    `spaces` (font -> width of its space) is what earlier pages measured; this page's
    measures are added to it."""
    closing = closing_rules(page.edges)
    settings = {**TABLE_SETTINGS, "explicit_horizontal_lines": closing}
    boxes = [_cell_boxes(t.rows) for t in page.find_tables(settings)]
    boxes = [b for b in boxes if b]
    open_ys = [rule["top"] for rule in closing]
    words = chars_to_words(page.chars, page_space_widths(page, {} if spaces is None else spaces))
    by_cell, outside = words_to_cells(words, boxes)
    lines = {key: words_to_lines(ws) for key, ws in by_cell.items()}
    style = page_text_style(list(lines.values()))
    tables = []
    for t, rows in enumerate(boxes):
        ref = SourceRef(file=display, page=page.page_number, table=t + 1)
        own = {(r, c): ls for (tt, r, c), ls in lines.items() if tt == t}
        tables.append(build_page_table(rows, own, style, ref, open_ys))
    for word, (t, r, c) in words_lost_in_cells(outside, boxes):
        tables[t].lost.append((r + 1, c + 1, word.text))
    outside_lines = words_to_lines(outside)
    inner = whole_words([*lines.values(), outside_lines])
    printed = "".join(w.text for w in words)  # one string: counting in C, not per char
    undecodable = printed.count("(cid:") + printed.count("\ufffd")
    return PageRead(
        tables=tables,
        word_count=len(words),
        outside=outside_lines,
        inner=inner,
        char_count=len(printed),
        undecodable=undecodable,
    )


def page_space_widths(page: Page, known: dict[FontKey, float]) -> dict[FontKey, float]:
    """Return `known` with the width of a space in each font of `page` added: the width of the
    spaces the page prints in it, else the font's own width for its space glyph, else 0.0
    (layout.py then takes a share of the font size). The room checks of layout.py ask whether a
    space fitted at a line's end, and a monospaced space is nearly three times a Carlito one."""
    measured = printed_space_widths(page.chars)
    for key, width in measured.items():
        if width or key not in known:  # a width measured on an earlier page holds on this one
            known[key] = width
    missing = {key for key in measured if not known[key]}
    if missing:
        known.update(font_space_widths(page, missing))
    return known


def font_space_widths(page: Page, fonts: set[FontKey]) -> dict[FontKey, float]:
    """Return the width of a space in each of `fonts` as the page's font resources give it (the
    width of the glyph the font maps to " "), 0.0 where they give none."""
    widths = dict.fromkeys(fonts, 0.0)
    resources = resolve1(page.page_obj.resources.get("Font")) or {}
    for spec in resources.values() if isinstance(resources, dict) else ():
        # a font the page cannot load prints nothing this check needs: its space stays unknown
        try:
            objid = spec.objid if isinstance(spec, PDFObjRef) else None
            font = page.pdf.rsrcmgr.get_font(objid, resolve1(spec))
            advance = space_advance(font)
        except (PSException, KeyError, TypeError, ValueError, AttributeError):
            continue
        for name, size in fonts:
            if name == font.fontname and advance > 0:
                widths[name, size] = round(advance * size, 3)
    return widths


def space_advance(font: PDFFont) -> float:
    """Return the advance of the glyph `font` maps to " ", per point of font size; 0.0 if none."""
    codes = [32] if not font.is_multibyte() else []
    unicode_map = getattr(font, "unicode_map", None)
    codes += [cid for cid, text in getattr(unicode_map, "cid2unichr", {}).items() if text == " "]
    for code in codes:
        try:
            if font.to_unichr(code) == " ":
                return float(font.char_width(code))
        except PDFUnicodeNotDefined:
            continue
    return 0.0


def closing_rules(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the horizontal rules that close tables left open where vertical rules end.

    Some producers leave a row cut by a page break open at the cut: its vertical rules stop
    with no rule across them, so no cell would be found there. Each such end shared by two or
    more vertical rules gets a rule from the first to the last of them.
    """
    ends: dict[float, list[dict[str, Any]]] = {}
    for edge in edges:
        if edge["orientation"] == "v":
            for y in (edge["top"], edge["bottom"]):
                ends.setdefault(round(y, 1), []).append(edge)
    across = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: e["top"])
    rules = []
    for y, verticals in sorted(ends.items()):
        x0, x1 = min(v["x0"] for v in verticals), max(v["x1"] for v in verticals)
        if len(verticals) > 1 and not _closed_at(y, x0, x1, across):
            rules.append(
                {
                    "object_type": "line",
                    "x0": x0,
                    "x1": x1,
                    "top": y,
                    "bottom": y,
                    "width": x1 - x0,
                    "height": 0.0,
                }
            )
    return rules


def _closed_at(y: float, x0: float, x1: float, horizontals: list[dict[str, Any]]) -> bool:
    """True when a horizontal rule (of `horizontals`, sorted by top) runs at `y` from x0 to x1."""
    first = bisect_left(horizontals, y - RULE_TOLERANCE, key=lambda e: e["top"])
    last = bisect_right(horizontals, y + RULE_TOLERANCE, key=lambda e: e["top"])
    return any(
        h["x0"] <= x0 + RULE_TOLERANCE and h["x1"] >= x1 - RULE_TOLERANCE for h in horizontals[first:last]
    )


def _cell_boxes(rows: list[Any]) -> CellBoxes:
    """Return the boxes of a pdfplumber table's cells, row by row, without the empty slots."""
    boxes = [[_bbox(cell) for cell in row.cells if cell] for row in rows]
    return [row for row in boxes if row]


def _bbox(cell: tuple[float, float, float, float]) -> BBox:
    """Return a pdfplumber cell box as four floats."""
    x0, top, x1, bottom = cell
    return float(x0), float(top), float(x1), float(bottom)
