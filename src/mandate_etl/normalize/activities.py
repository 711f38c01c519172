"""Given an activity cell (column 4 or 5), return its items with headings and mandate links."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process

from mandate_etl.models import MandateId, Paragraph
from mandate_etl.models.tables import LinkKind
from mandate_etl.normalize.markers import Marker, paragraph_marker
from mandate_etl.normalize.results import Note, Placement, Ruled, note, place
from mandate_etl.text import TITLE_UPPER_SHARE, fold_key, fold_whitespace

PASTED_MANDATE_RATIO = 90  # rapidfuzz ratio from which a paragraph is pasted mandate text
PASTED_MAX_PARAGRAPHS = 6  # a mandate text pasted broken over at most this many paragraphs
PASTED_MANDATE_MIN_CHARS = 40
ROUGH_RATIO = 75  # a first, unfolded comparison: folding moves a ratio by far less than 15
TITLE_UPPER_MAX_WORDS = 25
TITLE_COLON_MAX_WORDS = 12
TITLE_SHORT_MAX_WORDS = 8
SENTENCE_END = (".", "!", "?", ":")
OPEN_ENUMERATION = re.compile(r":\s*\S[^:]*;[^.]*$")
REPAIRED_SCORE = 0.9

Link = tuple[str, LinkKind, float]  # (mandate_id, link kind, score)


@dataclass
class ActivityItem:
    """One activity as read from a cell: its paragraphs, texts, heading and links."""

    heading: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    links: dict[str, Link] = field(default_factory=dict)
    heading_paragraphs: list[Paragraph] = field(default_factory=list)
    open_enumeration: bool = False

    @property
    def text(self) -> str:
        """Return the item's text: its paragraphs' texts joined, whitespace folded."""
        return fold_whitespace(" ".join(self.texts))

    def add(self, paragraph: Paragraph, text: str) -> None:
        """Append a paragraph (and its text, marker removed) to the item."""
        self.paragraphs.append(paragraph)
        self.texts.append(text)
        self.open_enumeration = self.open_enumeration or bool(OPEN_ENUMERATION.search(text.strip()))


@dataclass(frozen=True)
class OfficeScope:
    """What the links of an office's activities are checked against."""

    office_name: str
    organization: str | None
    assigned: frozenset[str]
    mandate_texts: tuple[str, ...]

    @cached_property
    def mandate_lengths(self) -> list[int]:
        """Return the lengths of the mandate texts, sorted (to rule texts out by length alone)."""
        return sorted(len(t) for t in self.mandate_texts)

    def assigns_program(self, number: int) -> bool:
        """True when Program item `number` is assigned to the office."""
        return str(MandateId.program(number)) in self.assigned


@dataclass
class _Cursor:
    """Where the reader stands in a cell: current heading, its links, the open item."""

    heading: str | None = None
    heading_links: dict[str, Link] = field(default_factory=dict)
    heading_paragraphs: list[Paragraph] = field(default_factory=list)
    item: ActivityItem | None = None
    lone_bullets: list[Paragraph] = field(default_factory=list)
    previous_text: str = ""
    notes: list[Note] = field(default_factory=list)


def activity_items(paragraphs: Sequence[Paragraph], scope: OfficeScope) -> Ruled[list[ActivityItem]]:
    """Return the activity items of one cell, in order; pasted mandate text is left out.

    The placements are those of the paragraphs that are no item's: pasted mandate text and
    bullets with nothing after them. An item's own paragraphs are placed with its record.
    """
    entries = [(p, paragraph_marker(p)) for p in paragraphs if p.full_text.strip()]
    titles = [is_title_like(m) for _, m in entries]
    pasted = pasted_paragraphs([m.rest for _, m in entries], scope)
    items: list[ActivityItem] = []
    placements: list[Placement] = []
    cur = _Cursor()
    for i, (p, marker) in enumerate(entries):
        if pasted[i]:
            placements += place([p], "duplicate_mandate", reason="Program mandate text in an activity column")
            if i == 0 or not pasted[i - 1]:
                cur.notes.append(_pasted_note(pasted, i, p, scope))
            cur.item = None
        elif titles[i] and _next_is_content(entries, titles, i):
            _open_heading(cur, p, marker, scope)
        elif marker.kind == "bullet" and not marker.rest.strip():
            cur.lone_bullets.append(p)
        elif cur.item is not None and continues(cur, marker, p):
            cur.item.add(p, marker.rest)
        else:
            items.append(_open_item(cur, p, _kept_whole_if_unlinked(marker, p, scope), scope))
        cur.previous_text = marker.rest
    placements += place(cur.lone_bullets, "residue", reason="bullet with no text after it")
    return Ruled(items, tuple(placements), tuple(cur.notes))


def _kept_whole_if_unlinked(marker: Marker, p: Paragraph, scope: OfficeScope) -> Marker:
    """Return `marker`, but an unlinkable dotted reference ("7.5 millones …") keeps its text whole.

    The reference is still reported by `links_of`; only its characters stay in the item.
    """
    if marker.kind == "dotted" and marker.number is not None and not scope.assigns_program(marker.number):
        return Marker("dotted", p.text, marker.number, marker.priorities)
    return marker


def _pasted_note(pasted: Sequence[bool], i: int, p: Paragraph, scope: OfficeScope) -> Note:
    """Return the one note for the run of pasted mandate paragraphs starting at `i`."""
    run = next((j for j in range(i, len(pasted)) if not pasted[j]), len(pasted)) - i
    return note(
        "warning",
        "W-MANDATE-PASTED",
        f"Program mandate text pasted into an activity column ({run} paragraphs from here); "
        "not read as activities",
        p,
        scope.office_name,
    )


def is_title_like(marker: Marker) -> bool:
    """True when a paragraph reads as a title: upper case, a short line ending in ':', or short."""
    if marker.kind in ("bullet", "dash", "list"):
        return False
    text = fold_whitespace(marker.rest)
    if text.count(" ") >= 2 * TITLE_UPPER_MAX_WORDS:  # too long for any kind of title
        return False
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    letters = [ch for ch in text if ch.isalpha()]
    if not words or not letters or not text[:1].isupper() and not text[:1].isdigit():
        return False
    upper = sum(ch.isupper() for ch in letters) / len(letters)
    return (
        (upper >= TITLE_UPPER_SHARE and len(letters) >= 3 and len(words) <= TITLE_UPPER_MAX_WORDS)
        or (text.endswith(":") and len(words) <= TITLE_COLON_MAX_WORDS)
        or (len(words) <= TITLE_SHORT_MAX_WORDS and not text.endswith((".", ";", ",")))
    )


def _next_is_content(entries: Sequence[tuple[Paragraph, Marker]], titles: Sequence[bool], i: int) -> bool:
    """True when a paragraph follows `i` that is neither title-like nor the rest of its sentence."""
    if i + 1 >= len(titles) or titles[i + 1]:
        return False
    return not entries[i + 1][1].rest.lstrip()[:1].islower()


def pasted_paragraphs(texts: Sequence[str], scope: OfficeScope) -> list[bool]:
    """Return, per paragraph text, whether it is (part of) a Program mandate's text pasted in.

    A mandate's text may be pasted whole into one paragraph, or broken over a few consecutive
    ones (a line break typed in it, or a row continued on the next page): a run of up to
    PASTED_MAX_PARAGRAPHS paragraphs that spells it is pasted as a whole.
    """
    pasted = [is_pasted_mandate(text, scope) for text in texts]
    # no run longer than this can be within the ratio's length slack of any mandate text
    limit = max(scope.mandate_lengths, default=0) / (1 - (100 - PASTED_MANDATE_RATIO) / 50)
    for start in range(len(texts)):
        length = len(texts[start].strip())  # the joined run is at least this long
        for end in range(start + 2, min(start + PASTED_MAX_PARAGRAPHS, len(texts)) + 1):
            length += 1 + len(texts[end - 1].strip())
            if pasted[start] or pasted[end - 1] or length > limit:
                break  # a run ends at a mandate text of its own, or once longer than any mandate
            if is_pasted_mandate(" ".join(texts[start:end]), scope):
                pasted[start:end] = [True] * (end - start)
                break
    return pasted


def is_pasted_mandate(text: str, scope: OfficeScope) -> bool:
    """True when `text` is, spelling aside, the text of a Program mandate."""
    length = len(text.strip())
    slack = length * (100 - PASTED_MANDATE_RATIO) / 50
    lengths = scope.mandate_lengths
    nearest = bisect.bisect_left(lengths, length - slack)
    if length < PASTED_MANDATE_MIN_CHARS or nearest == len(lengths) or lengths[nearest] > length + slack:
        return False  # a ratio of 90 needs lengths within about 20% of each other
    if (
        process.extractOne(text.lower(), scope.mandate_texts, scorer=fuzz.ratio, score_cutoff=ROUGH_RATIO)
        is None
    ):
        return False  # not even close before folding: accents and quotes cannot make up the rest
    match = process.extractOne(
        fold_key(text), scope.mandate_texts, scorer=fuzz.ratio, score_cutoff=PASTED_MANDATE_RATIO
    )
    return match is not None


def continues(cur: _Cursor, marker: Marker, p: Paragraph) -> bool:
    """True when paragraph `p` carries on the open item rather than starting a new one."""
    if cur.lone_bullets:
        return False
    if marker.kind == "dash":
        return True
    if marker.kind != "none":
        return False
    assert cur.item is not None
    if cur.item.open_enumeration:
        return True
    starts_lower = marker.rest.lstrip()[:1].islower()
    return starts_lower and not cur.previous_text.rstrip().endswith(SENTENCE_END)


def _open_heading(cur: _Cursor, p: Paragraph, marker: Marker, scope: OfficeScope) -> None:
    """Make paragraph `p` the heading of the items below it."""
    cur.heading = fold_whitespace(marker.rest).rstrip(":").strip() or None
    cur.heading_links, notes = links_of(marker, p, scope)
    cur.notes += notes
    cur.heading_paragraphs = [*cur.lone_bullets, p]
    cur.lone_bullets = []
    cur.item = None


def _open_item(cur: _Cursor, p: Paragraph, marker: Marker, scope: OfficeScope) -> ActivityItem:
    """Start a new item at paragraph `p` under the current heading (a mandate reference ends it)."""
    pending_heading, cur.heading_paragraphs = cur.heading_paragraphs, []
    if marker.kind == "mandate":
        cur.heading, cur.heading_links = None, {}
    item = ActivityItem(heading=cur.heading, links=dict(cur.heading_links))
    item.heading_paragraphs = pending_heading
    for bullet in cur.lone_bullets:
        item.add(bullet, "")
    cur.lone_bullets = []
    item.add(p, marker.rest)
    links, notes = links_of(marker, p, scope)
    item.links.update(links)
    cur.notes += notes
    cur.item = item
    return item


def links_of(marker: Marker, p: Paragraph, scope: OfficeScope) -> tuple[dict[str, Link], list[Note]]:
    """Return the links a paragraph's head references write ("66. (1-6)", "7.0."), and the notes."""
    links: dict[str, Link] = {}
    notes: list[Note] = []
    if marker.kind == "mandate" and marker.number is not None:
        mandate_id = str(MandateId.program(marker.number))
        links[mandate_id] = (mandate_id, "explicit", 1.0)
        if mandate_id not in scope.assigned:
            message = f"activity refers to mandate {marker.number}, not assigned to this office"
            notes.append(note("warning", "W-ACTIVITY-MANDATE-UNASSIGNED", message, p, scope.office_name))
    elif marker.kind == "dotted" and marker.number is not None:
        mandate_id = str(MandateId.program(marker.number))
        if mandate_id in scope.assigned:
            links[mandate_id] = (mandate_id, "repaired", REPAIRED_SCORE)
        else:
            message = (
                f"reference read as mandate {marker.number}, which is not assigned to this office; not linked"
            )
            notes.append(note("warning", "W-ACTIVITY-REFERENCE-UNREAD", message, p, scope.office_name))
    if marker.priorities and scope.organization:
        for n in marker.priorities:
            mandate_id = str(MandateId.institutional(scope.organization, n))
            if mandate_id in scope.assigned:
                links[mandate_id] = (mandate_id, "explicit", 1.0)
                continue
            # no text of that priority exists anywhere: nothing to link to
            message = f"activity refers to priority ({n}), not listed for this office; not linked"
            notes.append(note("warning", "W-ACTIVITY-MANDATE-UNASSIGNED", message, p, scope.office_name))
    return links, notes
