"""Given the tables of every page, mark the rows and paragraphs that a page break cut in two.

A row taller than the page goes on at the top of the next page, under the repeated header.
The first body row of a page continues the last row of the previous page when the rule
between the two fragments was never printed (the producer left the cut row open), when its
first (office) cell is empty, or when that cell's text carries on a line the page break cut:
the previous fragment reached the bottom of the page body and its last line had no room left
for the next fragment's first word. A cell's paragraph is joined the same way, cell by cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from mandate_etl.extract.grid import GridRow
from mandate_etl.extract.pdf.layout import (
    ends_paragraph,
    has_room_for,
    inline_marker,
    line_joint,
    starts_list_item,
)
from mandate_etl.extract.pdf.tables import CellEdges, PageTable
from mandate_etl.extract.pdf.vocabulary import resolve_text
from mandate_etl.extract.rows import grid_row_kind
from mandate_etl.text import TITLE_UPPER_SHARE

CUT_SLACK_RATIO = 1.5  # a fragment ending within this many line pitches of the body bottom hit it
TOP_SLACK_RATIO = 0.8  # a first line this close (in line heights) to its cell's top follows no blank


def mark_continuations(pages: Sequence[Sequence[PageTable]], known: frozenset[str] = frozenset()) -> None:
    """Set `continues_previous` and per-cell `joins_paragraph` on rows cut by page breaks.

    A word the page break cut ("Comisio" + "nado") is made whole on the first page, as
    `vocabulary.resolve_text` decides with the document's `known` words.
    """
    body_bottom = page_body_bottom(pages)
    for before, after in pairwise(pages):
        if not before or not after or before[-1].grid.columns != after[0].grid.columns:
            continue
        prev, table = before[-1], after[0]
        index = first_body_row(table)
        if index is None or _is_header_or_group(prev.grid.rows[-1], prev.grid.columns):
            continue
        cut = prev.is_open_at(prev.bbox[3]) or table.is_open_at(_row_top(table, index))
        reached = cut or prev.bbox[3] >= body_bottom - CUT_SLACK_RATIO * table.pitch
        _mark_row(table.grid.rows[index], prev.edges[-1], table.edges[index], reached, cut)
        join_cut_words(prev.grid.rows[-1], table.grid.rows[index], prev.edges[-1], table.edges[index], known)


def page_body_bottom(pages: Sequence[Sequence[PageTable]]) -> float:
    """Return how far down a table reaches on any page but the last: the page body's bottom."""
    bottoms = [t.bbox[3] for page in pages[:-1] for t in page]
    return max(bottoms, default=0.0)


def first_body_row(table: PageTable) -> int | None:
    """Return the index of the first row of `table` that is neither a header nor a group row."""
    for index, row in enumerate(table.grid.rows):
        if not _is_header_or_group(row, table.grid.columns):
            return index
    return None


def _row_top(table: PageTable, index: int) -> float:
    """Return the top of row `index` of `table`."""
    return min(edges.bbox[1] for edges in table.edges[index].values())


def _mark_row(
    row: GridRow, before: dict[int, CellEdges], after: dict[int, CellEdges], reached_bottom: bool, cut: bool
) -> None:
    """Mark `row` as continuing the row whose last fragment has the cells `before`.

    `cut` says a rule between the two fragments is missing: the row was cut, not ended.
    """
    row.continues_previous = cut or row_continues(before, after, reached_bottom)
    if not row.continues_previous or not reached_bottom:
        return
    for cell in row.cells:
        if cell.column in before and cell.column in after:
            cell.joins_paragraph = cell_joins(before[cell.column], after[cell.column])


def join_cut_words(
    before: GridRow,
    after: GridRow,
    before_edges: dict[int, CellEdges],
    after_edges: dict[int, CellEdges],
    known: frozenset[str],
) -> None:
    """Move the end of a word the page break cut from each joined cell of `after` to the
    paragraph of `before` where the word began; a paragraph left empty goes."""
    ends = {cell.column: cell for cell in before.cells}
    for cell in after.cells:
        start = ends.get(cell.column)
        if not cell.joins_paragraph or start is None or not start.paragraphs or not cell.paragraphs:
            continue
        edge, top = before_edges[cell.column], after_edges[cell.column]
        if edge.last is None or top.first is None:
            continue
        last, first = start.paragraphs[-1], cell.paragraphs[0]
        joint = line_joint(edge.last, top.first, edge.box)
        whole = last.text + joint + first.text
        if joint == " " or resolve_text(whole, known) != last.text + first.text:
            continue
        head, _, rest = first.text.partition(" ")
        start.paragraphs[-1] = last.model_copy(update={"text": last.text + head})
        if rest:
            cell.paragraphs[0] = first.model_copy(update={"text": rest})
        else:
            cell.paragraphs.pop(0)
            cell.joins_paragraph = False


def row_continues(before: dict[int, CellEdges], after: dict[int, CellEdges], reached_bottom: bool) -> bool:
    """True when the row with cells `after` is the rest of the row with cells `before`.

    It is when its first cell is empty, or when that cell carries on a line the page cut.
    """
    office = after.get(0)
    if office is None or office.first is None:
        return True
    return reached_bottom and 0 in before and cell_joins(before[0], office)


def cell_joins(before: CellEdges, after: CellEdges) -> bool:
    """True when the first line of `after` carries on the paragraph `before` ends with."""
    if before.last is None or after.first is None:
        return False
    room_below = before.bbox[3] - before.last.bottom
    at_bottom = room_below <= CUT_SLACK_RATIO * before.box.pitch(before.last)
    at_top = after.first.top - after.bbox[1] <= TOP_SLACK_RATIO * after.first.height
    return (
        at_bottom
        and at_top
        and not ends_paragraph(before.last, before.box)
        and not (
            starts_list_item(after.first, after.box)
            and not inline_marker(before.last, after.first, after.box)
        )
        and not (
            reads_as_ended(before.last.text, after.first.text)
            and not (before.box.marked_wraps and before.last.wrapped_at_space)
        )
        and not has_room_for(before.last, after.first, before.box)
    )


def reads_as_ended(last: str, first: str) -> bool:
    """True when the words say a paragraph ended at the page break, whatever the geometry.

    A line ending in ':' before a capital closes a title or a label; a sentence end before a
    line in capitals closes a paragraph before a title. A line that exactly fills its width
    leaves no geometric clue, so these two typographic ones decide; but not after a wrap space
    the producer printed (`cell_joins`): "… desarrollo local:  " / "Retorno de …" goes on.
    """
    last, first = last.rstrip(), first.lstrip()
    if not first[:1].isupper():
        return False
    if last.endswith(":"):
        return True
    letters = [ch for ch in first if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0
    return last.endswith((".", "!", "?")) and upper >= TITLE_UPPER_SHARE


def _is_header_or_group(row: GridRow, columns: int) -> bool:
    """True when `row` is a repeated report header or a group row (decided in `extract/rows.py`)."""
    return grid_row_kind(row, columns) != "body"
