"""Where a piece of text came from: file, table, row, column, paragraph, page."""

from __future__ import annotations

from mandate_etl.models.base import FrozenModel


class SourceRef(FrozenModel):
    """A place in a submission. Numbers are 1-based, as a person counts them."""

    file: str
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def locator(self) -> str:
        """Return the human-readable locator, e.g. "page 4, table 1, row 2, column 4, paragraph 3"."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        for name in ("table", "row", "column", "paragraph"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name} {value}")
        return ", ".join(parts)

    def span_locator(self, last: SourceRef) -> str:
        """Return the locator of the paragraphs from this one to `last` in the same cell."""
        if not self.same_cell(last) or last.paragraph == self.paragraph:
            return self.locator()
        head = self.model_copy(update={"paragraph": None}).locator()
        return f"{head}, paragraphs {self.paragraph}-{last.paragraph}"

    def same_cell(self, other: SourceRef) -> bool:
        """True when `other` is in the same cell (page, table, row and column) as this place."""
        return (other.page, other.table, other.row, other.column) == (
            self.page,
            self.table,
            self.row,
            self.column,
        )

    def document_order(self) -> tuple[int, int, int, int, int]:
        """Return the sort key of this place in its file: page, table, row, column, paragraph."""
        return document_order(self.page, self.table, self.row, self.column, self.paragraph)


def document_order(*numbers: int | None) -> tuple[int, int, int, int, int]:
    """Return the sort key of a place given as (page, table, row, column, paragraph); null is 0."""
    page, table, row, column, paragraph = (n or 0 for n in numbers)
    return (page, table, row, column, paragraph)
