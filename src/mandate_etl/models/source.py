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
        same_cell = (last.page, last.table, last.row, last.column) == (
            self.page,
            self.table,
            self.row,
            self.column,
        )
        if not same_cell or last.paragraph == self.paragraph:
            return self.locator()
        head = self.model_copy(update={"paragraph": None}).locator()
        return f"{head}, paragraphs {self.paragraph}-{last.paragraph}"
