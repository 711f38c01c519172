"""Given a paragraph's list settings, return the number or bullet Word draws for it.

Word keeps list numbers out of the paragraph text: they live in numbering.xml (`w:num` ->
`w:abstractNum` -> `w:lvl` with `w:start`, `w:numFmt`, `w:lvlText`) and are counted as the
document is laid out. `ListLabeler` replays that count in document order.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from mandate_etl.errors import UnsafeInputError
from mandate_etl.extract.docx import oxml

BULLET_FOR_SYMBOL = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓"}
DEFAULT_BULLET = "•"
# Word lists have levels 0-8 and start values up to 32767 (what its dialogs accept); anything
# else was written by hand, and a huge start would make labels (Roman numerals) grow without end.
MAX_LEVEL = 8
MAX_START = 32_767
MAX_LEVEL_TEXT = 255  # characters of a level's label pattern ("%1.%2." is 6)
MAX_LABEL_TEXT = 1_000_000  # characters of all the labels of one document together


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    start: int
    fmt: str
    text: str


def bounded_int(value: str | None, default: int, low: int, high: int, what: str) -> int:
    """Return `value` as an int in [low, high] (`default` when missing or malformed).

    Raise UnsafeInputError naming `what` when the number is outside the range: a list number
    no Word dialog can write is refused rather than clamped to a label the author never saw.
    """
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:  # malformed, or more digits than Python converts
        if value.strip().lstrip("+-").isdigit():
            raise UnsafeInputError(f"{what} is a {len(value)}-digit number") from None
        return default
    if not low <= number <= high:
        raise UnsafeInputError(f"{what} is {_short(value)} (allowed {low} to {high})")
    return number


def _short(value: str) -> str:
    """Return `value`, shortened when it is too long for a one-line message."""
    return value if len(value) <= 20 else f"{value[:8]}… ({len(value)} digits)"


def read_levels(numbering: etree._Element | None) -> dict[str, dict[int, Level]]:
    """Return, for each numId of numbering.xml, its levels (start overrides applied).

    Raise UnsafeInputError when a level, start value or label pattern is out of bounds.
    """
    if numbering is None:
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for abstract_id, element in oxml.abstract_numberings(numbering):
        levels = {}
        for ilvl, start, fmt, text in oxml.levels_of(element):
            where = f"numbering.xml list {abstract_id}"
            level = bounded_int(ilvl, 0, 0, MAX_LEVEL, f"{where}: level")
            if text is not None and len(text) > MAX_LEVEL_TEXT:
                raise UnsafeInputError(
                    f"{where}: level {level} label pattern is {len(text)} characters (limit {MAX_LEVEL_TEXT})"
                )
            levels[level] = Level(
                start=bounded_int(start, 1, 0, MAX_START, f"{where}: level {level} start"),
                fmt=fmt or "decimal",
                text=text or "",
            )
        abstract[abstract_id] = levels
    result: dict[str, dict[int, Level]] = {}
    for num_id, abstract_id, overrides in oxml.numberings(numbering):
        levels = dict(abstract.get(abstract_id, {}))
        for ilvl, start in overrides:
            where = f"numbering.xml list {num_id}"
            level = bounded_int(ilvl, 0, 0, MAX_LEVEL, f"{where}: level override")
            if start is not None and level in levels:
                old = levels[level]
                new_start = bounded_int(start, old.start, 0, MAX_START, f"{where}: start override")
                levels[level] = Level(new_start, old.fmt, old.text)
        result[num_id] = levels
    return result


def format_number(value: int, fmt: str) -> str:
    """Return `value` written in the Word number format `fmt` (decimal, lowerLetter, …)."""
    if fmt in ("lowerLetter", "upperLetter"):
        # Word repeats the letter past z (27 -> "aa", 28 -> "bb"), it does not count in base 26.
        repeat, rem = divmod(value - 1, 26)
        letters = chr(ord("a") + rem) * (repeat + 1) if value > 0 else ""
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


def _roman(value: int) -> str:
    """Return `value` in upper-case Roman numerals."""
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for number, letters in numerals:
        while value >= number:
            out, value = out + letters, value - number
    return out


class ListLabeler:
    """Counts list items in document order and returns each one's rendered label."""

    def __init__(self, levels: dict[str, dict[int, Level]]):
        self._levels = levels
        self._counters: dict[str, dict[int, int]] = {}
        self._label_chars = 0

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Return the label of the next item of list `num_id` at level `ilvl` ("3)", "•").

        Raise UnsafeInputError once the labels of the document add up to MAX_LABEL_TEXT
        characters: a few bytes of numbering.xml must not become megabytes of label text.
        """
        label = self._next_label(num_id, ilvl)
        if label is not None:
            self._label_chars += len(label)
            if self._label_chars > MAX_LABEL_TEXT:
                raise UnsafeInputError(f"list labels add up to more than {MAX_LABEL_TEXT} characters")
        return label

    def _next_label(self, num_id: str, ilvl: int) -> str | None:
        """Return the label of the next item of list `num_id` at level `ilvl`, counting it."""
        levels = self._levels.get(num_id)
        if not levels or num_id == "0" or ilvl not in levels:
            return None
        level = levels[ilvl]
        if level.fmt == "bullet":
            text = level.text.strip()
            return BULLET_FOR_SYMBOL.get(text, text if text and not _private(text) else DEFAULT_BULLET)
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        label = level.text
        for i in range(ilvl, -1, -1):
            lvl = levels.get(i)
            value = counters.get(i, lvl.start if lvl else 1)
            label = label.replace(f"%{i + 1}", format_number(value, lvl.fmt if lvl else "decimal"))
        return label.strip() or None


def _private(text: str) -> bool:
    """True when `text` is a private-use glyph of a symbol font."""
    return any(0xE000 <= ord(ch) <= 0xF8FF for ch in text)
