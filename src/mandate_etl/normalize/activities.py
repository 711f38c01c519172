"""Given an activity cell (column 4 or 5), return its items with headings and mandate links."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from rapidfuzz import fuzz, process

from mandate_etl.models import MandateId, Paragraph
from mandate_etl.normalize.links import Link, links_of
from mandate_etl.normalize.markers import (
    Marker,
    inline_item_starts,
    paragraph_marker,
    read_marker,
    without_trailing_join,
)
from mandate_etl.normalize.offices import broken_fragment
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
SUB_ITEM = "; "  # joins the parts of one item that were items of a list of their own
SAME_SENTENCE = " "  # joins the pieces of a sentence broken over paragraphs
VISIBLE_END = (".", ";", ":", ",", "!", "?")  # a part ending so already shows where it ends

Span = tuple[int, int]  # characters of a paragraph, 1-based and inclusive


@dataclass(frozen=True)
class _Entry:
    """A paragraph, or the part of one that holds one inline item, with its marker."""

    paragraph: Paragraph
    marker: Marker
    span: Span | None = None  # None: the whole paragraph


@dataclass
class ActivityItem:
    """One activity as read from a cell: its paragraphs, texts, heading, lead-in and links."""

    heading: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    links: dict[str, Link] = field(default_factory=dict)
    heading_paragraphs: list[Paragraph] = field(default_factory=list)
    open_enumeration: bool = False
    lead_in: str | None = None
    lead_in_paragraphs: list[Paragraph] = field(default_factory=list)
    separators: list[str] = field(default_factory=list)
    spans: list[Span | None] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the item's text: its parts joined ("; " between sub-items), whitespace folded."""
        out = ""
        for separator, text in zip(self.separators, self.texts, strict=True):
            part = fold_whitespace(text)
            if not part:
                continue
            if out and separator == SUB_ITEM and not out.endswith(VISIBLE_END):
                out += SUB_ITEM + part
            else:
                out = f"{out} {part}" if out else part
        return out

    @property
    def span(self) -> Span | None:
        """Return the item's characters when it begins or ends inside a paragraph, else None."""
        if not self.spans or (self.spans[0] is None and self.spans[-1] is None):
            return None
        first, last = self.spans[0], self.spans[-1]
        return (first[0] if first else 1, last[1] if last else len(self.paragraphs[-1].full_text))

    def placements(self, target_id: str) -> list[Placement]:
        """Return the lineage placements of the item's own paragraphs (or parts of them)."""
        return [
            Placement(p, "activity", "activities", target_id, span=span)
            for p, span in zip(self.paragraphs, self.spans, strict=True)
        ]

    def add(self, entry: _Entry, text: str, separator: str = SAME_SENTENCE) -> None:
        """Append a paragraph or part (and its text, marker removed) to the item."""
        self.paragraphs.append(entry.paragraph)
        self.texts.append(text)
        self.separators.append(separator)
        self.spans.append(entry.span)
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
    """Where the reader stands in a cell: heading and lead-in in force, the list, the open item."""

    heading: str | None = None
    heading_links: dict[str, Link] = field(default_factory=dict)
    heading_paragraphs: list[Paragraph] = field(default_factory=list)
    lead_in: str | None = None
    lead_in_paragraphs: list[Paragraph] = field(default_factory=list)
    list_kind: str | None = None  # marker kind of the first item under the heading or lead-in
    list_number: int | None = None  # the last list number of that list
    item: ActivityItem | None = None
    lone_bullets: list[_Entry] = field(default_factory=list)
    previous_text: str = ""
    notes: list[Note] = field(default_factory=list)


def activity_items(paragraphs: Sequence[Paragraph], scope: OfficeScope) -> Ruled[list[ActivityItem]]:
    """Return the activity items of one cell, in order; pasted mandate text is left out.

    The placements are those of the paragraphs that are no item's: pasted mandate text and
    bullets with nothing after them. An item's own paragraphs, its heading's and its lead-in's
    are placed with its record.
    """
    entries = cell_entries(paragraphs)
    titles = [is_title_like(e.marker) for e in entries]
    pasted = pasted_paragraphs([e.marker.rest for e in entries], scope)
    items: list[ActivityItem] = []
    placements: list[Placement] = []
    cur = _Cursor()
    for i, entry in enumerate(entries):
        p, marker = entry.paragraph, entry.marker
        if pasted[i]:
            placements += place([p], "duplicate_mandate", reason="Program mandate text in an activity column")
            if i == 0 or not pasted[i - 1]:
                cur.notes.append(_pasted_note(pasted, i, p, scope))
            cur.item = None
        elif titles[i] and _next_is_content(entries, titles, i):
            _open_heading(cur, p, marker, scope)
        elif is_lead_in(entries, i):
            _open_lead_in(cur, p, marker, scope)
        elif marker.kind == "bullet" and not marker.rest.strip():
            cur.lone_bullets.append(entry)
        elif cur.item is not None and (separator := continues(cur, marker)) is not None:
            cur.item.add(entry, marker.rest, separator)
        else:
            items.append(_open_item(cur, entry, _kept_whole_if_unlinked(marker, p, scope), scope))
        cur.previous_text = marker.rest
    placements += place(
        [e.paragraph for e in cur.lone_bullets], "residue", reason="bullet with no text after it"
    )
    return Ruled(items, tuple(placements), tuple(cur.notes))


def cell_entries(paragraphs: Sequence[Paragraph]) -> list[_Entry]:
    """Return the non-empty paragraphs of a cell with their markers; a paragraph holding items
    typed inline ("6) … y 7) …") gives one entry per item, each with its characters."""
    entries: list[_Entry] = []
    for p in paragraphs:
        if not p.full_text.strip():
            continue
        marker = paragraph_marker(p)
        starts = inline_item_starts(p.full_text, marker)
        if not starts:
            entries.append(_Entry(p, marker))
            continue
        full, head = p.full_text, len(p.full_text) - len(marker.rest)
        bounds = [0, *starts, len(full)]
        for k in range(len(bounds) - 1):
            start, end = bounds[k], bounds[k + 1]
            part = replace(marker, rest=full[head:end]) if k == 0 else read_marker(full[start:end])
            if k < len(bounds) - 2:
                part = replace(part, rest=without_trailing_join(part.rest))
            entries.append(_Entry(p, part, (start + 1, end)))
    return entries


def is_lead_in(entries: Sequence[_Entry], i: int) -> bool:
    """True when entry `i` introduces the list below it: a line ending in ":" that is no item of
    a numbered list, followed by a bullet or a list number at its own level (not a sub-item)."""
    marker = entries[i].marker
    if marker.kind in ("list", "dash") or not marker.rest.rstrip().endswith(":") or i + 1 >= len(entries):
        return False
    following = entries[i + 1].marker
    return (
        following.kind in ("bullet", "list") and entries[i + 1].paragraph.level <= entries[i].paragraph.level
    )


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


def _next_is_content(entries: Sequence[_Entry], titles: Sequence[bool], i: int) -> bool:
    """True when a paragraph follows `i` that is neither title-like nor the rest of its sentence."""
    if i + 1 >= len(titles) or titles[i + 1]:
        return False
    return not entries[i + 1].marker.rest.lstrip()[:1].islower()


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


def continues(cur: _Cursor, marker: Marker) -> str | None:
    """Return how a paragraph joins the open item (SUB_ITEM, SAME_SENTENCE), or None: a new item.

    A sub-item (a dash, a Word level >= 1 item, a line of an open enumeration) is a part of the
    item; a lower-case paragraph after one that ends mid-sentence is the same sentence.
    """
    if cur.lone_bullets:
        return None
    if marker.kind == "dash":
        return SUB_ITEM
    if marker.kind != "none":
        return None
    assert cur.item is not None
    if cur.item.open_enumeration:
        return SUB_ITEM
    starts_lower = marker.rest.lstrip()[:1].islower()
    return SAME_SENTENCE if starts_lower and not cur.previous_text.rstrip().endswith(SENTENCE_END) else None


def _open_heading(cur: _Cursor, p: Paragraph, marker: Marker, scope: OfficeScope) -> None:
    """Make paragraph `p` the heading of the list below it (a lead-in in force ends here)."""
    cur.heading = fold_whitespace(marker.rest).rstrip(":").strip() or None
    cur.heading_links, notes = links_of(marker, p, scope)
    cur.notes += notes
    if cur.heading and (fragment := broken_fragment(cur.heading, upper_is_acronym=True)):
        message = f"heading holds «{fragment}», a piece of a broken word; kept as written"
        cur.notes.append(note("warning", "W-HEADING-FRAGMENT", message, p, scope.office_name))
    cur.heading_paragraphs = [*(e.paragraph for e in cur.lone_bullets), p]
    cur.lone_bullets = []
    cur.lead_in, cur.lead_in_paragraphs = None, []
    cur.list_kind = cur.list_number = None
    cur.item = None


def _open_lead_in(cur: _Cursor, p: Paragraph, marker: Marker, scope: OfficeScope) -> None:
    """Make paragraph `p` the lead-in of the list below it; a heading whose list ended ends too."""
    if cur.list_kind is not None:
        _end_scope(cur)
    cur.lead_in = fold_whitespace(marker.rest) or None
    links, notes = links_of(marker, p, scope)
    cur.heading_links = {**cur.heading_links, **links}
    cur.notes += notes
    cur.lead_in_paragraphs = [*(e.paragraph for e in cur.lone_bullets), p]
    cur.lone_bullets = []
    cur.list_kind = cur.list_number = None
    cur.item = None


def _end_scope(cur: _Cursor) -> None:
    """The list under the heading or lead-in has ended: neither carries on to later items."""
    cur.heading, cur.heading_links, cur.lead_in = None, {}, None
    cur.list_kind = cur.list_number = None


def _ends_the_list(cur: _Cursor, marker: Marker) -> bool:
    """True when an item with `marker` is no item of the list under the heading or lead-in.

    A list ends at an item of another marker kind (a plain paragraph after bullets, a bullet
    after numbers), at a list number that does not go on (a new "1)"), or at an item led by a
    mandate reference, which names its own mandate.
    """
    if marker.kind == "mandate":
        return True
    if cur.list_kind is None:
        return False
    if marker.kind != cur.list_kind:
        return True
    return (
        marker.kind == "list"
        and None not in (marker.number, cur.list_number)
        and (marker.number or 0) <= (cur.list_number or 0)
    )


def _open_item(cur: _Cursor, entry: _Entry, marker: Marker, scope: OfficeScope) -> ActivityItem:
    """Start a new item under the heading and lead-in in force, unless their list has ended."""
    p = entry.paragraph
    shape = replace(marker, kind="bullet") if cur.lone_bullets else marker  # "•" typed alone, then text
    if _ends_the_list(cur, shape):
        _end_scope(cur)
    if cur.list_kind is None and (cur.heading is not None or cur.lead_in is not None):
        cur.list_kind = shape.kind
    cur.list_number = marker.number if marker.kind == "list" else None
    pending_heading, cur.heading_paragraphs = cur.heading_paragraphs, []
    pending_lead_in, cur.lead_in_paragraphs = cur.lead_in_paragraphs, []
    item = ActivityItem(heading=cur.heading, links=dict(cur.heading_links), lead_in=cur.lead_in)
    item.heading_paragraphs = pending_heading
    item.lead_in_paragraphs = pending_lead_in
    for bullet in cur.lone_bullets:
        item.add(bullet, "")
    cur.lone_bullets = []
    item.add(entry, marker.rest)
    links, notes = links_of(marker, p, scope)
    item.links.update(links)
    cur.notes += notes
    cur.item = item
    return item
