"""Given a paragraph's text, return the marker at its head: bullet, list number, references.

A marker is read only at the head of a paragraph; a number in the middle is never one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from mandate_etl.models import Paragraph
from mandate_etl.reference import catalogue
from mandate_etl.text import BULLETS, DASHES

MarkerKind = Literal["none", "bullet", "dash", "list", "mandate", "dotted", "priority"]

_BULLET = re.compile(rf"^\s*[{BULLETS}]\s*")
_DASH = re.compile(rf"^\s*[{DASHES}](?=\s|$)\s*")
_LIST = re.compile(r"^\s*(\d{1,2}|[a-zA-Z])\s*\.?\s?\)\s*")
_MANDATE = re.compile(r"^\s*(\d{2})\s*\.(?!\d)\s*")
_DOTTED = re.compile(r"^\s*(\d)\.(\d)\.?(?=\s|$)\s*")
_PRIORITIES = re.compile(r"^\(\s*(\d{1,2}(?:\s*[-–,]\s*\d{1,2})*)\s*\)\s*")


@dataclass(frozen=True)
class Marker:
    """What a paragraph's head says: its kind, the numbers it names, and the text after it."""

    kind: MarkerKind
    rest: str
    number: int | None = None
    priorities: tuple[int, ...] = ()
    lettered: bool = False  # a list number written as a letter ("b)")


def marker_of(label: str | None, level: int, text: str) -> Marker:
    """Return the marker of a paragraph: its Word list label if it has one, else its text's head.

    A numbered label is read as if typed ("66." is a mandate reference, "3)" a list number, a
    bare "2." a list number); a bullet label (any label without a digit, or an item at level
    >= 1: "dash") leaves the paragraph's text whole.
    """
    if not label:
        return read_marker(text)
    digits = re.findall(r"\d+", label)
    if digits:
        typed = read_marker(f"{label} {text}")
        return typed if typed.kind in ("mandate", "dotted", "list") else Marker("list", text, int(digits[-1]))
    if level > 0 or label[0] in DASHES:
        return Marker("dash", text)
    if re.fullmatch(r"[a-zA-Z][.)]?", label) and label[0] != "o":
        return Marker("list", text, ord(label[0].lower()) - ord("a") + 1, lettered=True)
    return Marker("bullet", text)


def paragraph_marker(paragraph: Paragraph) -> Marker:
    """Return the marker of `paragraph` (Word label first, else its text's head)."""
    return marker_of(paragraph.label, paragraph.level, paragraph.text)


def read_marker(text: str) -> Marker:
    """Return the marker at the head of `text` (kind "none" when there is none)."""
    if (m := _MANDATE.match(text)) and int(m.group(1)) in catalogue():
        rest, priorities = read_priorities(text[m.end() :])
        return Marker("mandate", rest, int(m.group(1)), priorities)
    if (m := _DOTTED.match(text)) and int(m.group(1) + m.group(2)) in catalogue():
        rest, priorities = read_priorities(text[m.end() :])
        return Marker("dotted", rest, int(m.group(1) + m.group(2)), priorities)
    if text.lstrip().startswith("("):
        rest, priorities = read_priorities(text.lstrip())
        if priorities:
            return Marker("priority", rest, None, priorities)
    if m := _LIST.match(text):
        value = m.group(1)
        number = int(value) if value.isdigit() else ord(value.lower()) - ord("a") + 1
        return Marker("list", text[m.end() :], number, lettered=not value.isdigit())
    if m := _DASH.match(text):
        return Marker("dash", text[m.end() :])
    if m := _BULLET.match(text):
        return Marker("bullet", text[m.end() :])
    return Marker("none", text)


def read_priorities(text: str) -> tuple[str, tuple[int, ...]]:
    """Return `text` without a head "(1-6)" / "(2, 3)" and the priority numbers it names."""
    m = _PRIORITIES.match(text)
    if not m:
        return text, ()
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", m.group(1)):
        bounds = [int(b) for b in re.split(r"\s*[-–]\s*", part)]
        low, high = bounds[0], bounds[-1]
        if high < low or high - low > 50:
            return text, ()
        numbers.extend(range(low, high + 1))
    return text[m.end() :], tuple(dict.fromkeys(numbers))


_NUMBER_PREFIX = re.compile(r"^\s*(\d{1,3})\s*[.)](?!\d)\s*")


def read_number_prefix(text: str) -> tuple[int, str] | None:
    """Return (number, rest) for a paragraph headed "12." or "12)", whatever the number."""
    m = _NUMBER_PREFIX.match(text)
    return (int(m.group(1)), text[m.end() :]) if m else None


_INLINE_NUMBER = re.compile(r"(?<=\s)(\d{1,2})\s?\)(?=\s)")
_INLINE_LETTER = re.compile(r"(?<=\s)([a-zA-Z])\)(?=\s)")


def inline_item_starts(full_text: str, marker: Marker) -> list[int]:
    """Return where items typed inside a list paragraph start (0-based offsets in `full_text`).

    "6) Adelantar … metodologías y 7) Replicar …" holds item 7 of the list it is item 6 of.
    An inline marker starts an item only when the paragraph is itself a list item (`marker`)
    and the paragraph's inline markers of the same style (digits or letters) are exactly the
    next numbers of that list, in order: "6) … 7) … 8) …". Any other inline enumeration
    ("son 1) conocer … 2) caracterizar", "12) … a) … b)", a "2)" with no list around it) is the
    sentence's own and splits nothing. `marker` is the paragraph's marker, its `rest` a suffix
    of `full_text`.
    """
    if marker.kind != "list" or marker.number is None:
        return []
    head = len(full_text) - len(marker.rest)
    pattern = _INLINE_LETTER if marker.lettered else _INLINE_NUMBER
    found = list(pattern.finditer(full_text, head))
    numbers = [_list_number(m.group(1)) for m in found]
    expected = list(range(marker.number + 1, marker.number + 1 + len(found)))
    return [m.start() for m in found] if found and numbers == expected else []


def _list_number(value: str) -> int:
    """Return the position a list marker's value names: "7" -> 7, "b" -> 2."""
    return int(value) if value.isdigit() else ord(value.lower()) - ord("a") + 1


_TRAILING_JOIN = re.compile(r"(?:[\s,;]+(?:y|e|o|u|and|or))?[\s,;]*$", re.IGNORECASE)


def without_trailing_join(text: str) -> str:
    """Return `text` without the conjunction or comma that joined it to the next inline item."""
    return text[: _TRAILING_JOIN.search(text).start()]  # type: ignore[union-attr]
