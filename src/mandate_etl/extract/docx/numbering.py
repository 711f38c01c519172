"""Given a paragraph's list settings, return the number or bullet Word draws for it.

Word keeps list numbers out of the paragraph text: they live in numbering.xml (`w:num` ->
`w:abstractNum` -> `w:lvl` with `w:start`, `w:numFmt`, `w:lvlText`) and are counted as the
document is laid out. `ListLabeler` replays that count in document order.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BULLET_FOR_SYMBOL = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓"}
DEFAULT_BULLET = "•"


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    start: int
    fmt: str
    text: str


def _val(el: etree._Element | None, tag: str) -> str | None:
    """Return the w:val of the child `tag` of `el`, or None."""
    if el is None:
        return None
    child = el.find(f"{W}{tag}")
    return None if child is None else child.get(f"{W}val")


def _int(value: str | None, default: int) -> int:
    """Return `value` as an int, or `default` when it is missing or malformed."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def read_levels(numbering: etree._Element | None) -> dict[str, dict[int, Level]]:
    """Return, for each numId of numbering.xml, its levels (start overrides applied)."""
    if numbering is None:
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for an in numbering.iterfind(f"{W}abstractNum"):
        levels = {}
        for lvl in an.iterfind(f"{W}lvl"):
            ilvl = _int(lvl.get(f"{W}ilvl"), 0)
            levels[ilvl] = Level(
                start=_int(_val(lvl, "start"), 1),
                fmt=_val(lvl, "numFmt") or "decimal",
                text=_val(lvl, "lvlText") or "",
            )
        abstract[an.get(f"{W}abstractNumId") or ""] = levels
    result: dict[str, dict[int, Level]] = {}
    for num in numbering.iterfind(f"{W}num"):
        levels = dict(abstract.get(_val(num, "abstractNumId") or "", {}))
        for override in num.iterfind(f"{W}lvlOverride"):
            ilvl = _int(override.get(f"{W}ilvl"), 0)
            start = _val(override, "startOverride")
            if start is not None and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = Level(_int(start, old.start), old.fmt, old.text)
        result[num.get(f"{W}numId") or ""] = levels
    return result


def format_number(value: int, fmt: str) -> str:
    """Return `value` written in the Word number format `fmt` (decimal, lowerLetter, …)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
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

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Return the label of the next item of list `num_id` at level `ilvl` ("3)", "•")."""
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
