"""Records what became of every source paragraph, exactly once."""

from __future__ import annotations

from mandate_etl.models import LineageRecord, Paragraph, SourceFile
from mandate_etl.models.tables import Disposition, TargetTable

Entry = tuple[Paragraph, Disposition, TargetTable | None, str | None, str | None]


class LineageBook:
    """Collects one disposition per paragraph; `records()` returns them in source order."""

    def __init__(self, source: SourceFile, year: int):
        self._source = source
        self._year = year
        # insertion-ordered: a later mark of a paragraph replaces its value, not its place
        self._entries: dict[tuple, Entry] = {}

    def mark(
        self,
        paragraph: Paragraph,
        disposition: Disposition,
        target_table: TargetTable | None = None,
        target_id: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Record the disposition of `paragraph`; a later mark of the same paragraph wins."""
        self._entries[_key(paragraph)] = (paragraph, disposition, target_table, target_id, reason)

    def is_marked(self, paragraph: Paragraph) -> bool:
        """True when `paragraph` already has a disposition."""
        return _key(paragraph) in self._entries

    def records(self) -> tuple[LineageRecord, ...]:
        """Return one lineage record per marked non-empty paragraph, in the order first marked."""
        out = []
        for paragraph, disposition, table, target, reason in self._entries.values():
            if not paragraph.full_text:
                continue
            out.append(
                LineageRecord(
                    report_year=self._year,
                    source_file=self._source.path,
                    source_sha256=self._source.sha256,
                    source_locator=paragraph.ref.locator(),
                    source_page=paragraph.ref.page,
                    text=paragraph.full_text,
                    disposition=disposition,
                    target_table=table,
                    target_id=target,
                    reason=reason,
                )
            )
        return tuple(out)


def _key(paragraph: Paragraph) -> tuple:
    """Return the identity of a paragraph's place (cheaper than its locator text)."""
    ref = paragraph.ref
    return (ref.page, ref.table, ref.row, ref.column, ref.paragraph)
