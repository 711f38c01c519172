"""The link pass: which mandates each activity serves, in order of trust.

1. explicit: a mandate number or priority written at the head of the activity or its heading
   ("66. (1-6)", "(3)"), score 1.0;
2. repaired: a recognised typo of a number of an assigned Program item ("7.0." read as 70),
   score 0.9;
3. inferred: read from the words of an activity that has neither (`infer.py`), only to the
   mandates assigned to the activity's office, score below 0.9, with its evidence.

An activity with a written number is not inferred at all: the submitter said which mandate it
serves, and the hand labels that measure inference cover only activities without one, so extra
links there would be unmeasured guesses (docs/inferred-links.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from pydantic import TypeAdapter

from mandate_etl.models import Activity, ActivityMandate, MandateId, Paragraph, SourceRef
from mandate_etl.models.tables import LinkKind
from mandate_etl.normalize.infer import Candidate, infer_links
from mandate_etl.normalize.markers import Marker
from mandate_etl.normalize.provenance import columns_of
from mandate_etl.normalize.results import Note, note
from mandate_etl.normalize.stems import texts_to_words

REPAIRED_SCORE = 0.9
UNLINKED_QUOTES = 3  # activities quoted in an office's unlinked finding
UNLINKED_QUOTE_CHARS = 60

Link = tuple[str, LinkKind, float]  # (mandate_id, link kind, score)


class Scope(Protocol):
    """What a paragraph's written references are checked against (an office's `OfficeScope`)."""

    @property
    def office_name(self) -> str: ...

    @property
    def organization(self) -> str | None: ...

    @property
    def assigned(self) -> frozenset[str]: ...


def links_of(marker: Marker, p: Paragraph, scope: Scope) -> tuple[dict[str, Link], list[Note]]:
    """Return the explicit and repaired links a paragraph's head references write ("66. (1-6)",
    "7.0."), and the notes on references that cannot be linked."""
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


def activity_reading(heading: str | None, text: str) -> str:
    """Return what an activity says, as inference reads it: its heading, then its text."""
    return f"{heading}. {text}" if heading else text


def inferred_records(
    activities: Sequence[Activity],
    written: Sequence[ActivityMandate],
    candidates: Mapping[str, Sequence[Candidate]],
) -> list[ActivityMandate]:
    """Return the inferred links of the `activities` that no `written` (explicit or repaired) link
    holds, each to a mandate of its office's `candidates` (by office_id), in activity order."""
    linked = {link.activity_id for link in written}
    pools = {office_id: tuple(pool) for office_id, pool in candidates.items()}
    scored = [a for a in activities if a.activity_id not in linked and pools.get(a.office_id)]
    readings = [activity_reading(activity.heading, activity.text) for activity in scored]
    rows: list[dict[str, Any]] = []
    # the words of all of them read at once (each in its own language): one batch of new words
    for activity, reading, words in zip(scored, readings, texts_to_words(readings, None), strict=True):
        found = infer_links(reading, pools[activity.office_id], words=words)
        place = columns_of(activity) if found else {}
        for link in found:
            rows.append(
                place
                | {
                    "activity_id": activity.activity_id,
                    "mandate_id": link.mandate_id,
                    "link": "inferred",
                    "score": link.score,
                    "evidence": link.evidence_text,
                }
            )
    return _LINK_ROWS.validate_python(rows)  # validated all at once: cheaper than row by row


_LINK_ROWS = TypeAdapter(list[ActivityMandate])


def unlinked_notes(
    activities: Sequence[Activity], links: Sequence[ActivityMandate], office_names: Mapping[str, str]
) -> list[Note]:
    """Return one info note per office with activities that no written number links: how many
    are linked to nothing and how many only by inference, and the first few of them quoted
    (those linked to nothing first), so that the submitter can write their numbers."""
    written = {link.activity_id for link in links if link.link != "inferred"}
    inferred = {link.activity_id for link in links} - written
    by_office: dict[str, list[Activity]] = {}
    for activity in activities:
        if activity.activity_id not in written:
            by_office.setdefault(activity.office_id, []).append(activity)
    notes = []
    for office_id, unwritten in by_office.items():
        total = sum(a.office_id == office_id for a in activities)
        ordered = sorted(unwritten, key=lambda a: a.activity_id in inferred)  # stable: file order kept
        guessed = sum(a.activity_id in inferred for a in unwritten)
        quotes = "; ".join(f"«{_short(a.text)}»" for a in ordered[:UNLINKED_QUOTES])
        first = ", first ones:" if len(unwritten) > UNLINKED_QUOTES else ":"
        message = (
            f"{len(unwritten) - guessed} of {total} activities linked to no mandate and {guessed} only by "
            f"inference: no mandate number written (write it at the head of each){first} {quotes}"
        )
        office = office_names.get(office_id, office_id)
        notes.append(note("info", "I-ACTIVITY-UNLINKED", message, _place_of(ordered[0]), office))
    return notes


def _place_of(activity: Activity) -> SourceRef:
    """Return the place of the first paragraph of `activity`."""
    return SourceRef(
        file=activity.source_file,
        table=activity.source_table,
        row=activity.source_row,
        column=activity.source_column,
        paragraph=activity.source_paragraph_first,
        page=activity.source_page,
    )


def _short(text: str) -> str:
    """Return `text` cut to UNLINKED_QUOTE_CHARS characters."""
    return text if len(text) <= UNLINKED_QUOTE_CHARS else text[: UNLINKED_QUOTE_CHARS - 1] + "…"
