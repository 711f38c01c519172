"""Given the words of one table cell, return its text lines and its paragraphs.

Pure geometry on small private records (`Word`, `Line`, `TextBox`); no pdfplumber object is
used here. A PDF keeps no paragraph marks, so paragraphs are rebuilt the way a reader sees
them: a blank-line gap, a line opening with a bullet or list number, a line that ends short
although the next line's first word would have fitted on it, or, where the producer prints the
space at which it wrapped a line (most do), a line that ends without that space.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from mandate_etl.text import DASHES
from mandate_etl.text import LIST_GLYPHS as BULLETS

LINE_TOLERANCE = 3.0  # words whose tops differ by less share a line (pdfplumber's y_tolerance)
PARAGRAPH_GAP_RATIO = 1.4  # a line pitch this many times the usual one holds a blank paragraph
DEFAULT_LEADING = 1.2  # line pitch as a share of the line height, when none is measured
HEIGHT_TOLERANCE = 0.5  # points: lines this close in height are in the same font size
SPACE_WIDTH_RATIO = 0.22  # width of a space as a share of the font height, where none is measured
FIT_MARGIN = 2.0  # points a word must fit by to prove a line ended short (wraps are exact)
INDENT_TOLERANCE = 1.5  # points a line may sit off the cell's left indent and still start at it
MARKED_WRAPS_SHARE = 0.5  # share of lines ending in a space above which wraps are marked by one
BREAK_CHARS = 1.5  # a line ending this many average chars short of the edge had no room left
CUT_MARK = "\u2063"  # invisible separator: a line end that may cut a word, decided per document
PUNCTUATION = ".,;:()[]\"'“”«»¿?¡!"
SENTENCE_ENDS = tuple('.:;!?)"”»')
SENTENCE_STOPS = (".", "!", "?")
LIST_NUMBER = re.compile(r"^\(?\d{1,3}(?:\.\d{1,2})*\s?[.)](?!\d)")  # "7.4", "1.250": numbers
# no line is broken before these, even after a space (Unicode line breaking, UAX #14 rule LB13:
# closing brackets, "!", "?", infix separators, "/"): "Remesas /" wraps as one piece
NO_BREAK_BEFORE = tuple(")]}!?,.:;/")


@dataclass(frozen=True, slots=True)
class Word:
    """One word as printed: its text, box (x0, top, x1, bottom), whether a space follows, and
    the width of a space in the font of its last char (0.0 when not measured)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    space_after: bool = False
    space: float = 0.0


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line of a cell: its words left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        """Return the words joined by single spaces."""
        return " ".join(w.text for w in self.words)

    @property
    def wrapped_at_space(self) -> bool:
        """True when the line ends with a printed space, as a line wrapped at a space does."""
        return self.words[-1].space_after

    @property
    def wrapped_at_hyphen(self) -> bool:
        """True when the line ends inside a hyphenated word ("F-" + "ODM")."""
        last = self.words[-1]
        return len(last.text) > 1 and last.text.endswith("-") and not last.space_after

    @property
    def wrapped_after_dash(self) -> bool:
        """True when the line ends in a dash with no space after it ("Migratorias –" +
        "Conocimiento"): the writer broke after the dash, inside the text "–Conocimiento"."""
        last = self.words[-1]
        return len(last.text) == 1 and last.text in DASHES and not last.space_after

    @property
    def wrapped_after_slash(self) -> bool:
        """True when the line ends in a word glued to a "/" with no space after it
        ("bilaterales/" + "multilarales"): writers may break after a slash, inside the text."""
        last = self.words[-1]
        return len(last.text) > 1 and last.text.endswith("/") and not last.space_after

    @property
    def x0(self) -> float:
        """Return the left edge of the first word."""
        return self.words[0].x0

    @property
    def x1(self) -> float:
        """Return the right edge of the last word."""
        return self.words[-1].x1

    @property
    def top(self) -> float:
        """Return the top of the highest word."""
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        """Return the bottom of the lowest word."""
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        """Return the line's height (about the font size)."""
        return self.bottom - self.top

    @property
    def space_width(self) -> float:
        """Return the width of a space after the line's last word: the one measured in its font
        (a monospaced space is 0.6 of the font size, a Carlito one 0.23), else a share of the
        line's height (SPACE_WIDTH_RATIO)."""
        return self.words[-1].space or SPACE_WIDTH_RATIO * self.height

    def room_for_space(self, box: TextBox) -> bool:
        """True when a space after the line's last word would have fitted inside `box`."""
        return self.x1 + self.space_width <= box.right - FIT_MARGIN


@dataclass(frozen=True, slots=True)
class TextBox:
    """Where text may run in a cell: left indent, right edge, leading (line pitch as a share of
    the line height), and whether the producer marks wrapped lines with a trailing space."""

    left: float
    right: float
    leading: float = DEFAULT_LEADING
    marked_wraps: bool = False

    def pitch(self, line: Line) -> float:
        """Return the usual distance from the top of `line` to the top of the next one."""
        return self.leading * line.height


def words_to_lines(words: Iterable[Word]) -> list[Line]:
    """Return `words` grouped into lines by their top, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and word.top - lines[-1][0].top <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Line(tuple(sorted(ws, key=lambda w: w.x0))) for ws in lines]


def usual_leading(cells_lines: Iterable[Sequence[Line]]) -> float:
    """Return the most common line pitch as a share of the line height (font size apart)."""
    leadings: Counter[float] = Counter()
    for lines in cells_lines:
        for above, below in pairwise(lines):
            if abs(above.height - below.height) <= HEIGHT_TOLERANCE and above.height > 0:
                leadings[round((below.top - above.top) / above.height, 2)] += 1
    return leadings.most_common(1)[0][0] if leadings else DEFAULT_LEADING


def wraps_are_marked(cells_lines: Iterable[Sequence[Line]]) -> bool:
    """True when most lines followed by another end with a space: wraps are marked by one."""
    followed = [line for lines in cells_lines for line in lines[:-1]]
    marked = sum(line.wrapped_at_space for line in followed)
    return bool(followed) and marked >= MARKED_WRAPS_SHARE * len(followed)


def starts_list_item(line: Line, box: TextBox) -> bool:
    """True when `line` opens with a bullet glyph, or with a list number at the left indent."""
    first = line.words[0].text
    if first[0] in BULLETS and (len(first) == 1 or first[0] != "-"):
        return True
    return abs(line.x0 - box.left) <= INDENT_TOLERANCE and bool(LIST_NUMBER.match(first))


def has_room_for(above: Line, below: Line, box: TextBox) -> bool:
    """True when the first word of `below` would have fitted at the end of `above`: the first
    piece a writer cannot break, a word with the punctuation after it (`first_piece_width`).

    Where the producer marks wraps (its paragraph ends are read from sentence ends), room is
    counted for two spaces: typists leave two after a period ("children.  The"), and a wrap at
    them leaves less room than one space would.
    """
    spaces = (2 if box.marked_wraps else 1) * above.space_width
    return above.x1 + spaces + first_piece_width(below) <= box.right - FIT_MARGIN


def first_piece_width(line: Line) -> float:
    """Return the width of the first piece of `line` that a writer cannot break: its first word
    with the words after it that open with a character no line is broken before ("Remesas /")."""
    last = line.words[0]
    for word in line.words[1:]:
        if not word.text.startswith(NO_BREAK_BEFORE):
            break
        last = word
    return last.x1 - line.words[0].x0


def starts_paragraph(above: Line, below: Line, box: TextBox) -> bool:
    """True when `below` begins a new paragraph rather than carrying on `above`."""
    if below.top - above.top > PARAGRAPH_GAP_RATIO * box.pitch(above):
        return True
    if ends_paragraph(above, box) or has_room_for(above, below, box):
        return True
    return starts_list_item(below, box) and not inline_marker(above, below, box)


def inline_marker(above: Line, below: Line, box: TextBox) -> bool:
    """True when the list number or dash opening `below` is inside the sentence `above` leaves
    open.

    "… metodologías y" + "7) Replicar …", "… de la ACNUR" + "– Mejores prácticas": the line
    above ends mid-sentence (a letter, a digit or a comma), and, where the producer marks its
    wraps, it was wrapped at a space (printed, or with no room to print it). A bullet glyph
    always opens an item.
    """
    first = below.words[0].text
    if not (LIST_NUMBER.match(first) or first[0] in DASHES):  # "–", or glued: "–Conocimiento-"
        return False
    last = above.text[-1]
    wrapped = above.wrapped_at_space or not box.marked_wraps or not above.room_for_space(box)
    return (last.isalnum() or last == ",") and wrapped


def ends_paragraph(line: Line, box: TextBox) -> bool:
    """True when `line` ends a sentence without the space the producer prints at a wrap.

    A wrap space that would cross the cell's text edge is not printed, and one next to a
    no-break space may be dropped, so only a sentence end with room for the space counts; an
    inline list number ("1)") at the line's end is no sentence end.
    """
    if not box.marked_wraps or line.wrapped_at_space or not line.text.endswith(SENTENCE_ENDS):
        return False
    if LIST_NUMBER.fullmatch(line.words[-1].text):  # "… en tres ejes: 1)": the item goes on
        return False
    return line.room_for_space(box)


def lines_to_paragraphs(lines: Sequence[Line], box: TextBox) -> list[list[Line]]:
    """Return the lines of one cell grouped into paragraphs, in reading order."""
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs and not starts_paragraph(paragraphs[-1][-1], line, box):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def unmarked_end(above: Line, below: Line, box: TextBox) -> bool:
    """True when a paragraph may end after `above` though the page shows no sign of it: `above`
    ends a sentence with no room left for the space a producer prints at a wrap (so that no
    space was printed says nothing), and `below` opens with a capital."""
    if above.wrapped_at_space or not above.text.endswith(SENTENCE_STOPS) or not below.text[:1].isupper():
        return False
    return not box.marked_wraps or not above.room_for_space(box)


def split_lead_ins(paragraphs: Sequence[list[Line]], box: TextBox) -> tuple[list[list[Line]], set[int]]:
    """Return `paragraphs` with each list's lead-in parted from the sentences before it, and the
    indexes (in the result) of the lead-ins so parted.

    A paragraph that ends in ':' before a list item introduces that list. When the sentence
    that ends in ':' follows a sentence end that may be an unmarked paragraph end
    (`unmarked_end`), the lead-in is read as a paragraph of its own: a list's lead-in is the
    sentence that introduces it, and the sentences before it say something else (reading them
    into the lead-in would hide them there). The page cannot prove it, so the caller reports it.
    """
    result: list[list[Line]] = []
    parted: set[int] = set()
    for paragraph, after in zip(paragraphs, [*paragraphs[1:], []], strict=False):
        at = lead_in_start(paragraph, box) if after and starts_list_item(after[0], box) else None
        if at is None:
            result.append(paragraph)
            continue
        result += [paragraph[:at], paragraph[at:]]
        parted.add(len(result) - 1)
    return result, parted


def lead_in_start(paragraph: Sequence[Line], box: TextBox) -> int | None:
    """Return the index of the line where the last sentence of `paragraph` begins at an unmarked
    paragraph end (`unmarked_end`), when that sentence ends in ':' (a lead-in); else None."""
    if not paragraph[-1].text.endswith(":"):
        return None
    for at in range(len(paragraph) - 1, 0, -1):
        above, below = paragraph[at - 1], paragraph[at]
        if breaks_sentence(below.words):
            return None  # the sentence began inside a line, where no paragraph ends
        if unmarked_end(above, below, box):
            return at
        if breaks_sentence((above.words[-1], below.words[0])):
            return None  # it began after a line the page marks as going on
    return None


def breaks_sentence(words: Sequence[Word]) -> bool:
    """True when a sentence ends between two of `words`: a stop, then a capital."""
    return any(a.text.endswith(SENTENCE_STOPS) and b.text[:1].isupper() for a, b in pairwise(words))


def line_joint(above: Line, below: Line, box: TextBox) -> str:
    """Return what goes between two lines of one paragraph: a space, nothing, or CUT_MARK.

    Nothing after a hyphen that splits a word ("F-" + "ODM"), nor after a word glued to a slash
    the producer printed no space after (where it marks its wraps with one: "bilaterales/" +
    "multilarales", a break Unicode line breaking allows after "/"), nor after a lone dash it
    printed no space after though one had room ("Migratorias –" + "Conocimiento-"; at the edge
    the space may have been dropped: "bolsillo –" + "clasificados"). A word too long for the cell is
    cut at its edge ("Washingt" + "on"), but a short word wrapped at a space the producer did
    not print (it would have crossed the edge) looks the same ("Oficina" + "de"): CUT_MARK says
    so, and the words of the whole document decide later (`vocabulary.resolve_cuts`). A lower
    case letter before an upper case one is never inside a word, and a bracket or a bullet
    never continues one; a dash glued to the next word does: a compound too long for a line
    ("investigación-acción.") is cut before its hyphen, and no word starts with one.
    """
    if above.wrapped_at_hyphen or (
        box.marked_wraps
        and (above.wrapped_after_slash or (above.wrapped_after_dash and above.room_for_space(box)))
    ):
        return ""
    if box.marked_wraps and broke_before_dash(above, below, box):
        return ""
    if not cut_at_edge(above, below, box):
        return " "
    fragment, rest = above.words[-1].text, below.words[0].text
    if glued_dash(rest):  # "investigación" / "-acción.": cut before the hyphen of a long compound
        return ""
    if rest[0] in BULLETS or rest[0] in "([" or (fragment[-1].islower() and rest[0].isupper()):
        return " "
    return CUT_MARK


def glued_dash(text: str) -> bool:
    """True when `text` opens with a dash glued to a letter ("-acción"), not a dash bullet ("-")."""
    return len(text) > 1 and text[0] in DASHES and text[1].isalpha()


def broke_before_dash(above: Line, below: Line, box: TextBox) -> bool:
    """True when `below` opens with a dash glued to a word ("-acción") and `above` ends in a
    letter with room for a space it did not print: the writer broke the line inside a text
    like "investigación-acción", before its hyphen. Without that room the space may have been
    there and dropped at the edge ("trata -especialmente"), so the line end stays a space, but
    after a piece alone on its line that a cut ended (`line_joint`)."""
    first, last = below.words[0].text, above.words[-1]
    if not (glued_dash(first) and last.text[-1].isalpha()):
        return False
    return not last.space_after and above.room_for_space(box)


def cut_at_edge(above: Line, below: Line, box: TextBox) -> bool:
    """True when `above` may end in a word cut at the cell's edge that `below` goes on with.

    Producers cut a word only when it is too long for a line of its own; the cut piece then
    runs to the text edge with no room for one more character, and no space follows it. Those
    that mark their wraps with a printed space (LibreOffice, Word) first move the long word to
    a new line, so their cut piece is alone on its line: after other words, a line end is a
    wrap ("mejor" / "aprovechamiento"). A list item's bullet or number is no word of its text:
    the first line of an item holds its label and the cut piece ("•" "Desarr" / "ollo"). Others
    (reportlab) fill the line with the word's start.
    """
    fragment, rest = above.words[-1], below.words[0]
    if fragment.space_after or not fragment.text[-1].isalnum():
        return False
    text_words = above.words[1:] if _is_marker(above.words[0]) else above.words
    if box.marked_wraps and len(text_words) > 1:  # such producers cut a word only on a line of its own
        return False
    char = (fragment.x1 - fragment.x0) / len(fragment.text)
    line_width = box.right - max(box.left, below.x0)  # a list item's lines start at its indent
    too_long = (fragment.x1 - fragment.x0) + (rest.x1 - rest.x0) > line_width - FIT_MARGIN
    return too_long and box.right - fragment.x1 < BREAK_CHARS * char


def fold_word(text: str) -> str:
    """Return `text` in lower case without the punctuation around it."""
    return text.strip(PUNCTUATION).casefold()


def _is_marker(word: Word) -> bool:
    """True when `word` is a bullet glyph or a list number, alone."""
    return word.text in BULLETS or bool(LIST_NUMBER.fullmatch(word.text))


def lines_text(lines: Sequence[Line], box: TextBox) -> str:
    """Return the text of a paragraph: its lines joined as `line_joint` says (mostly a space)."""
    parts = [lines[0].text] if lines else []
    for above, below in pairwise(lines):
        parts.append(line_joint(above, below, box) + below.text)
    return "".join(parts)


def lines_bbox(lines: Sequence[Line]) -> tuple[float, float, float, float]:
    """Return the box (x0, top, x1, bottom) around `lines`."""
    return (
        round(min(line.x0 for line in lines), 2),
        round(min(line.top for line in lines), 2),
        round(max(line.x1 for line in lines), 2),
        round(max(line.bottom for line in lines), 2),
    )
