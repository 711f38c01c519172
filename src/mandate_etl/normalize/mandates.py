"""Given the mandate cells of the office rows, return the mandates stored once per year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from mandate_etl.models import MandateId, Paragraph
from mandate_etl.normalize.markers import paragraph_marker, read_number_prefix
from mandate_etl.normalize.results import Note, Ruled, note, place
from mandate_etl.reference import catalogue, catalogue_keys
from mandate_etl.text import fold_key, fold_whitespace

SAME_TEXT_RATIO = 90  # rapidfuzz ratio at or above which two mandate texts are one spelling


@dataclass
class MandateItem:
    """One mandate as written in one office row."""

    id: MandateId
    paragraphs: list[Paragraph]
    texts: list[str] = field(default_factory=list)

    @property
    def mandate_id(self) -> str:
        """Return the mandate's id as written in the tables."""
        return str(self.id)

    @property
    def number(self) -> int:
        """Return the mandate's number."""
        return self.id.number

    @property
    def text(self) -> str:
        """Return the item's text: its paragraphs' texts joined, whitespace folded."""
        return fold_whitespace(" ".join(self.texts))


def program_items(paragraphs: Sequence[Paragraph], office: str) -> Ruled[list[MandateItem]]:
    """Return the Program mandates written in a column-2 cell ("66. …", "77." + next paragraph).

    Only catalogue items are returned; an item with another number is an error and residue.
    """
    items: list[MandateItem] = []
    notes: list[Note] = []
    residue: list[Paragraph] = []
    for p in paragraphs:
        text = p.full_text
        if not text.strip():
            continue
        head = read_number_prefix(text)
        marker = paragraph_marker(p)
        if head is None and marker.kind == "dotted" and marker.number is not None:
            head = (marker.number, marker.rest)
            message = f"mandate number written with a stray dot, read as {marker.number}"
            notes.append(note("warning", "W-MANDATE-NUMBER-REPAIRED", message, p, office))
        if head is not None:
            items.append(_program_item(head[0], p, head[1]))
            notes += _check_number(head[0], p, office)
        elif items and marker.kind == "none":
            items[-1].paragraphs.append(p)
            items[-1].texts.append(text)
        elif (matched := _match_catalogue(marker.rest)) is None:
            residue.append(p)
            message = "Program mandate without a number that matches no catalogue item"
            notes.append(note("warning", "W-MANDATE-UNNUMBERED", message, p, office))
        else:
            message = f"Program mandate written without its number; matched to item {matched}"
            notes.append(note("warning", "W-MANDATE-UNNUMBERED", message, p, office))
            items.append(_program_item(matched, p, marker.rest))
    known = [item for item in items if item.number in catalogue()]
    for item in known:
        notes += _check_text(item, office)
    unknown = [p for item in items if item.number not in catalogue() for p in item.paragraphs]
    reason = "text in the Program mandates column without a mandate number"
    placements = place(residue, "residue", reason=reason)
    placements += place(unknown, "residue", reason="Program mandate number not in the catalogue")
    return Ruled(known, placements, tuple(notes))


def _program_item(number: int, p: Paragraph, text: str) -> MandateItem:
    """Return a new Program mandate item started by paragraph `p`."""
    return MandateItem(MandateId.program(number), [p], [text])


def _check_number(number: int, p: Paragraph, office: str) -> tuple[Note, ...]:
    """Return an error when `number` is not an item of the Program catalogue.

    A typo must not mint a mandate (`program:81`): the item is kept out of the tables, its
    paragraphs are residue, and the file is refused until the number or the catalogue is fixed.
    """
    if number in catalogue():
        return ()
    message = (
        f"Program mandate {number} is not in the catalogue (items {_catalogue_span()}); "
        "fix the number, or update data/program_mandates.json when the Program changed"
    )
    return (note("error", "E-MANDATE-UNKNOWN", message, p, office),)


def _catalogue_span() -> str:
    """Return the catalogue's numbers as a short text, e.g. "60, 66-80"."""
    numbers = sorted(catalogue())
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _check_text(item: MandateItem, office: str) -> tuple[Note, ...]:
    """Return a note when a Program mandate's text is empty or differs from the catalogue's."""
    expected = catalogue().get(item.number)
    if not item.text:
        message = f"Program mandate {item.number} has no text"
        return (note("warning", "W-MANDATE-EMPTY", message, item.paragraphs[0], office),)
    if expected is None or fuzz.ratio(fold_key(item.text), catalogue_keys()[item.number]) >= SAME_TEXT_RATIO:
        return ()
    better = _match_catalogue(item.text)
    hint = f"; it reads like item {better}" if better not in (None, item.number) else ""
    message = (
        f"text of Program mandate {item.number} differs from the catalogue{hint}: "
        f"catalogue «{expected[:60]}…»"
    )
    return (note("warning", "W-MANDATE-TEXT", message, item.paragraphs[0], office, item.text),)


def _match_catalogue(text: str) -> int | None:
    """Return the catalogue item whose text `text` spells, or None."""
    if len(text.strip()) < 20:
        return None
    best = process.extractOne(
        fold_key(text), catalogue_keys(), scorer=fuzz.ratio, score_cutoff=SAME_TEXT_RATIO
    )
    return best[2] if best else None


def institutional_items(paragraphs: Sequence[Paragraph], organization: str | None) -> list[MandateItem]:
    """Return the priorities of a column-3 cell: numbered or bulleted items, else one per paragraph."""
    org = organization or "UNKNOWN"
    filled = [p for p in paragraphs if p.full_text.strip()]
    heads = [_priority_head(p) for p in filled]
    any_marker = any(h is not None for h in heads)
    items: list[MandateItem] = []
    for p, head in zip(filled, heads, strict=True):
        if head is None and any_marker:
            if items:  # the rest of the item above
                items[-1].paragraphs.append(p)
                items[-1].texts.append(p.text)
            continue  # an introduction before the first numbered item: left to the lineage as residue
        number = head[0] if head and head[0] is not None else len(items) + 1
        text = head[1] if head else p.text
        items.append(MandateItem(MandateId.institutional(org, number), [p], [text]))
    return items


def _priority_head(p: Paragraph) -> tuple[int | None, str] | None:
    """Return (number or None for a bullet, rest) when `p` starts a priority item, else None."""
    marker = paragraph_marker(p)
    if marker.kind == "list":
        return marker.number, marker.rest
    if not p.label and (head := read_number_prefix(p.full_text)):
        return head
    if marker.kind in ("bullet", "dash"):
        return None, marker.rest
    return None
