"""What a normalizing rule returns besides its records: placements of paragraphs, and notes.

A rule never writes into shared state. It returns a `Ruled` value: what it read, the lineage
placements of the paragraphs it consumed, and its notes (findings without the file name, which
`build.py` adds). `lineage.py` turns all placements into lineage rows in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from mandate_etl.models import Finding, Paragraph, SourceRef
from mandate_etl.models.findings import Severity, place_of
from mandate_etl.models.tables import Disposition, TargetTable
from mandate_etl.text import fold_whitespace

QUOTE_CHARS = 80
T = TypeVar("T")


@dataclass(frozen=True)
class Placement:
    """What a rule made of one source paragraph."""

    paragraph: Paragraph
    disposition: Disposition
    target_table: TargetTable | None = None
    target_id: str | None = None
    reason: str | None = None
    span: tuple[int, int] | None = None  # the characters placed (1-based, inclusive); None: all


@dataclass(frozen=True)
class Note:
    """A finding as a rule sees it: where, what, and for which office; the file comes later."""

    severity: Severity
    code: str
    message: str
    ref: SourceRef | None = None
    office: str | None = None
    quote: str | None = None

    def finding(self, file: str) -> Finding:
        """Return the Finding of this note in `file`."""
        return Finding(
            severity=self.severity,
            code=self.code,
            message=self.message,
            file=file,
            **place_of(self.ref),
            office=self.office,
            quote=_short(self.quote) if self.quote else None,
        )


@dataclass(frozen=True)
class Ruled(Generic[T]):
    """A rule's result: its value, the placements of the paragraphs it read, its notes."""

    value: T
    placements: tuple[Placement, ...] = ()
    notes: tuple[Note, ...] = ()


def note(
    severity: Severity,
    code: str,
    message: str,
    where: SourceRef | Paragraph | None = None,
    office: str | None = None,
    quote: str | None = None,
) -> Note:
    """Return a note at `where`; a paragraph quotes itself when no quote is given."""
    if isinstance(where, Paragraph):
        return Note(severity, code, message, where.ref, office, where.full_text if quote is None else quote)
    return Note(severity, code, message, where, office, quote)


def place(
    paragraphs: Iterable[Paragraph],
    disposition: Disposition,
    target_table: TargetTable | None = None,
    target_id: str | None = None,
    reason: str | None = None,
) -> tuple[Placement, ...]:
    """Return one placement per paragraph, all with the same disposition and target."""
    return tuple(Placement(p, disposition, target_table, target_id, reason) for p in paragraphs)


def _short(text: str) -> str:
    """Return `text` folded and cut to QUOTE_CHARS characters."""
    text = fold_whitespace(text)
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
