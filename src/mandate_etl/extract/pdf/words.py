"""Given the chars of one page, return its words, overprinted copies dropped.

Does in one pass what pdfplumber's `dedupe_chars()` and `extract_words()` do with their
defaults (3-point tolerances, a space ends a word, ligatures expanded), and notes which words
are followed by a printed space: producers print the space at which they wrap a line. Each
word carries the width of a space in the font of its last char (`FontKey`), as the caller
measured it, so that the room checks of layout.py ask the font, not a constant.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from mandate_etl.extract.pdf.layout import Word

X_TOLERANCE = 3.0  # points: chars closer than this on a line are one word (pdfplumber's)
Y_TOLERANCE = 3.0  # points: chars whose tops differ by less share a line (pdfplumber's)
OVERPRINT_TOLERANCE = 1.0  # points: the same char this close to another copy is an overprint
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

# text, x0, top, x1, bottom, width of a space in the char's font (0.0: not known)
Char = tuple[str, float, float, float, float, float]
FontKey = tuple[str, float]  # a font as printed: its name and size (points, one decimal)


def font_key(name: str, size: float) -> FontKey:
    """Return the font key of a pdfplumber char's `fontname` and `size`."""
    return str(name), round(float(size), 1)


def printed_space_widths(chars: Iterable[dict[str, Any]]) -> dict[FontKey, float]:
    """Return, for each font among `chars`, the most common width of its printed spaces (a
    justified line stretches its gaps, not its space glyphs), 0.0 for a font that prints none."""
    counts: dict[tuple[Any, Any], Counter[float]] = {}
    for c in chars:
        counter = counts.get(raw := (c["fontname"], c["size"]))
        if counter is None:
            counter = counts[raw] = Counter()
        if c["text"] == " " and c["x1"] > c["x0"]:
            counter[round(c["x1"] - c["x0"], 3)] += 1
    widths: dict[FontKey, float] = {}
    for (name, size), counter in counts.items():
        key = font_key(name, size)
        widths[key] = max(widths.get(key, 0.0), counter.most_common(1)[0][0] if counter else 0.0)
    return widths


def chars_to_words(
    chars: Iterable[dict[str, Any]], spaces: Mapping[FontKey, float] | None = None
) -> list[Word]:
    """Return the words printed by `chars` (pdfplumber char dicts), line by line, each with the
    width of a space in its last char's font as `spaces` gives it (0.0 where it gives none)."""
    words: list[Word] = []
    for line in chars_to_lines(without_overprints(chars, spaces or {})):
        words.extend(line_to_words(line))
    return words


def without_overprints(chars: Iterable[dict[str, Any]], spaces: Mapping[FontKey, float]) -> list[Char]:
    """Return the chars as tuples, each char printed twice on the same spot kept once."""
    seen: set[tuple[str, int, int]] = set()
    kept: list[Char] = []
    by_font: dict[tuple[Any, Any], float] = {}  # the chars' own font fields, looked up once each
    for c in chars:
        key = (c["text"], int(c["x0"] / OVERPRINT_TOLERANCE), int(c["top"] / OVERPRINT_TOLERANCE))
        if key not in seen:
            seen.add(key)
            space = by_font.get(raw := (c["fontname"], c["size"]))
            if space is None:
                space = by_font[raw] = spaces.get(font_key(*raw), 0.0)
            kept.append((c["text"], c["x0"], c["top"], c["x1"], c["bottom"], space))
    return kept


def chars_to_lines(chars: list[Char]) -> list[list[Char]]:
    """Return the chars grouped into lines by their top, each line left to right."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c[2]):
        if lines and char[2] - lines[-1][0][2] <= Y_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c[1]) for line in lines]


def line_to_words(line: list[Char]) -> list[Word]:
    """Return the words of one line: split at blank chars and at gaps wider than X_TOLERANCE."""
    words: list[Word] = []
    current: list[Char] = []
    for char in line:
        if char[0].isspace():
            if current:
                words.append(_word(current, space_after=True))
            current = []
            continue
        if current and char[1] - current[-1][3] > X_TOLERANCE:
            words.append(_word(current, space_after=False))
            current = []
        current.append(char)
    if current:
        words.append(_word(current, space_after=False))
    return words


def _word(chars: list[Char], space_after: bool) -> Word:
    """Return the word made of `chars`."""
    text = "".join(LIGATURES.get(c[0], c[0]) for c in chars)
    return Word(
        text,
        chars[0][1],
        min(c[2] for c in chars),
        chars[-1][3],
        max(c[4] for c in chars),
        space_after,
        chars[-1][5],
    )
