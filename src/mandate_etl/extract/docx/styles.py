"""Given styles.xml, return the list (numId, level) a paragraph style gives its paragraphs."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from mandate_etl.extract.docx import oxml
from mandate_etl.extract.docx.numbering import MAX_LEVEL, bounded_int


class StyleNumbering:
    """The list numbering of each paragraph style, read from styles.xml on first use."""

    def __init__(self, load_styles: Callable[[], etree._Element | None]):
        self._load_styles = load_styles
        self._by_style: dict[str, tuple[str, int]] | None = None

    def of(self, style_id: str) -> tuple[str, int] | None:
        """Return the (numId, level) style `style_id` numbers its paragraphs with, or None."""
        if self._by_style is None:
            self._by_style = numbering_by_style(self._load_styles())
        return self._by_style.get(style_id)


def numbering_by_style(styles: etree._Element | None) -> dict[str, tuple[str, int]]:
    """Return, for each paragraph style that numbers its paragraphs, its (numId, level).

    A style without numbering of its own takes that of the style it is based on.
    """
    if styles is None:
        return {}
    declared = {sid: (based, num, ilvl) for sid, based, num, ilvl in oxml.styles_of(styles) if sid}
    result: dict[str, tuple[str, int]] = {}
    for style_id in declared:
        seen = {style_id}
        current = style_id
        while current in declared:
            based, num_id, ilvl = declared[current]
            if num_id is not None:
                where = f"styles.xml style {current}: list level"
                result[style_id] = (num_id, bounded_int(ilvl, 0, 0, MAX_LEVEL, where))
                break
            if based is None or based in seen:
                break
            seen.add(based)
            current = based
    return result
