"""Records what became of every source paragraph, exactly once."""

from __future__ import annotations

from mandate_etl.models import LineageRecord, Paragraph, SourceFile
from mandate_etl.models.tables import Disposition


class LineageBook:
    """Collects one disposition per paragraph; `records()` returns them in source order."""

    def __init__(self, source: SourceFile, year: int):
        self._source = source
        self._year = year
        self._entries: dict[tuple, tuple[Paragraph, Disposition, str | None, str | None, str | None]] = {}
        self._order: list[tuple] = []

    def mark(
        self,
        paragraph: Paragraph,
        disposition: Disposition,
        target_table: str | None = None,
        target_id: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Record the disposition of `paragraph`; a later mark of the same paragraph wins."""
        key = _key(paragraph)
        if key not in self._entries:
            self._order.append(key)
        self._entries[key] = (paragraph, disposition, target_table, target_id, reason)

    def is_marked(self, paragraph: Paragraph) -> bool:
        """True when `paragraph` already has a disposition."""
        return _key(paragraph) in self._entries

    def records(self) -> tuple[LineageRecord, ...]:
        """Return one lineage record per marked non-empty paragraph, in the order first marked."""
        out = []
        for key in self._order:
            paragraph, disposition, table, target, reason = self._entries[key]
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
