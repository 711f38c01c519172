"""What every normalizing step of one submission shares: source, year, lineage, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from mandate_etl.data import load_json
from mandate_etl.models import Finding, Paragraph, SourceFile, SourceRef
from mandate_etl.models.findings import Severity, place_of
from mandate_etl.normalize.lineage import LineageBook
from mandate_etl.text import fold_key, fold_whitespace

QUOTE_CHARS = 80


@cache
def catalogue() -> dict[int, str]:
    """Return the Program catalogue: item number -> text."""
    return {m["number"]: m["text"] for m in load_json("program_mandates.json")["mandates"]}


@cache
def catalogue_keys() -> dict[int, str]:
    """Return the Program catalogue with each text folded for comparison."""
    return {n: fold_key(t) for n, t in catalogue().items()}


@dataclass
class Context:
    """Shared state while one submission is normalized."""

    source: SourceFile
    year: int
    lineage: LineageBook = field(init=False)
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lineage = LineageBook(self.source, self.year)

    def find(
        self,
        severity: Severity,
        code: str,
        message: str,
        where: SourceRef | Paragraph | None = None,
        office: str | None = None,
        quote: str | None = None,
    ) -> None:
        """Record a finding at `where` (a paragraph quotes itself when no quote is given)."""
        ref = where.ref if isinstance(where, Paragraph) else where
        if quote is None and isinstance(where, Paragraph):
            quote = where.full_text
        self.findings.append(
            Finding(
                severity=severity,
                code=code,
                message=message,
                file=self.source.path,
                **place_of(ref),
                office=office,
                quote=_short(quote) if quote else None,
            )
        )


def _short(text: str) -> str:
    """Return `text` folded and cut to QUOTE_CHARS characters."""
    text = fold_whitespace(text)
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
