"""Given the ruled tables and words of one page, return them as grid tables with geometry.

The chain: `words_to_cells` (each word into the cell holding its centre), `words_to_lines`,
`cell_boxes_to_columns` (grid lines from the cells' x-boundaries), `cell_to_paragraphs`.
Each table also keeps, per cell, its first and last line, which `continuation.py` reads to
join rows and paragraphs broken by a page break.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from mandate_etl.extract.grid import GridCell, GridRow, GridTable
from mandate_etl.extract.pdf.layout import (
    Line,
    TextBox,
    Word,
    lines_bbox,
    lines_text,
    lines_to_paragraphs,
    split_lead_ins,
    usual_leading,
    wraps_are_marked,
)
from mandate_etl.models import Paragraph, SourceRef

LOST_OVERLAP = 1.0  # points a word outside every cell may reach into one (a stroke, no glyph)
EDGE_SNAP = 1.5  # cell x-boundaries closer than this (points) are one grid line
DEFAULT_LINE_HEIGHT = 10.0  # points, for a table without a line of text

BBox = tuple[float, float, float, float]
CellBoxes = list[list[BBox]]  # one list of cell boxes per table row, left to right


@dataclass
class CellEdges:
    """What a page break needs to know of a cell: its box, text box, first and last line."""

    bbox: BBox
    box: TextBox
    first: Line | None
    last: Line | None


@dataclass
class PageTable:
    """One ruled table of one page: its grid table, box, usual line pitch, cells' edge lines."""

    grid: GridTable
    bbox: BBox
    pitch: float
    edges: list[dict[int, CellEdges]]  # per row: grid column -> that cell's edges
    open_ys: list[float] = field(default_factory=list)  # where no printed rule closed a row
    lost: list[tuple[int, int, str]] = field(default_factory=list)  # (row, cell, text) in no cell
    unsure: list[Paragraph] = field(default_factory=list)  # begun at a line end the page leaves open

    def is_open_at(self, y: float) -> bool:
        """True when the rule at `y` was not printed: the row there was cut, not ended."""
        return any(abs(y - open_y) <= EDGE_SNAP for open_y in self.open_ys)


def cell_boxes_to_columns(rows: CellBoxes) -> list[float]:
    """Return the x positions of the grid lines shared by the cells of one table."""
    xs = sorted({x for row in rows for (x0, _, x1, _) in row for x in (x0, x1)})
    bounds: list[float] = []
    for x in xs:
        if not bounds or x - bounds[-1] > EDGE_SNAP:
            bounds.append(x)
    return bounds


def column_of(x: float, bounds: Sequence[float]) -> int:
    """Return the index of the grid line nearest to `x`."""
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - x))


def words_to_cells(
    words: Sequence[Word], tables: Sequence[CellBoxes]
) -> tuple[dict[tuple[int, int, int], list[Word]], list[Word]]:
    """Return the words of each cell, keyed (table, row, cell), and the words outside all cells."""
    by_cell: dict[tuple[int, int, int], list[Word]] = {}
    outside: list[Word] = []
    tops = [[row[0][1] for row in rows] for rows in tables]
    for word in words:
        key = _locate(word, tables, tops)
        if key is None:
            outside.append(word)
        else:
            by_cell.setdefault(key, []).append(word)
    return by_cell, outside


def words_lost_in_cells(
    outside: Sequence[Word], tables: Sequence[CellBoxes]
) -> list[tuple[Word, tuple[int, int, int]]]:
    """Return each word read as outside every cell that is printed partly inside one, with that
    cell (table, row, cell): its characters inside the cell would be in no paragraph."""
    lost = []
    for word in outside:
        for t, rows in enumerate(tables):
            for r, row in enumerate(rows):
                for c, (x0, top, x1, bottom) in enumerate(row):
                    if (
                        min(word.x1, x1) - max(word.x0, x0) > LOST_OVERLAP
                        and min(word.bottom, bottom) - max(word.top, top) > LOST_OVERLAP
                    ):
                        lost.append((word, (t, r, c)))
    return lost


def _locate(word: Word, tables: Sequence[CellBoxes], tops: list[list[float]]) -> tuple[int, int, int] | None:
    """Return (table, row, cell) of the cell holding the centre of `word`, or None."""
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    for t, rows in enumerate(tables):
        at = _cell_at(cx, cy, rows, tops[t])
        if at is not None:
            return t, *at
    return None


def _cell_at(cx: float, cy: float, rows: CellBoxes, tops: list[float]) -> tuple[int, int] | None:
    """Return (row, cell) of the cell of `rows` holding the point, or None."""
    start = bisect_right(tops, cy) - 1
    if start < 0:
        return None
    for r in range(start, -1, -1):  # a cell spanning rows is listed in its first row only
        for c, (x0, top, x1, bottom) in enumerate(rows[r]):
            if x0 <= cx < x1 and top <= cy < bottom:
                return r, c
    return None


def text_padding(rows: CellBoxes, lines: dict[tuple[int, int], list[Line]]) -> float:
    """Return the smallest distance from a cell's left edge to its text: the cell padding."""
    gaps = [line.x0 - rows[r][c][0] for (r, c), ls in lines.items() for line in ls]
    return max(min(gaps, default=0.0), 0.0)


def build_page_table(
    rows: CellBoxes,
    lines: dict[tuple[int, int], list[Line]],
    style: TextBox,
    ref: SourceRef,
    open_ys: Sequence[float] = (),
) -> PageTable:
    """Return the grid table of one page table from its cell boxes and the lines of each cell."""
    bounds = cell_boxes_to_columns(rows)
    padding = text_padding(rows, lines)
    grid_rows: list[GridRow] = []
    edges: list[dict[int, CellEdges]] = []
    unsure: list[Paragraph] = []
    for r, row in enumerate(rows):
        row_lines = [lines.get((r, c), []) for c in range(len(row))]
        row_ref = ref.model_copy(update={"row": r + 1})
        grid_row, row_edges, row_unsure = build_row(row, row_lines, bounds, style, padding, row_ref)
        grid_rows.append(grid_row)
        edges.append(row_edges)
        unsure += row_unsure
    grid = GridTable(rows=grid_rows, columns=max(len(bounds) - 1, 1), ref=ref, page=ref.page)
    return PageTable(
        grid=grid,
        bbox=_table_bbox(rows),
        pitch=usual_pitch(lines, style),
        edges=edges,
        open_ys=list(open_ys),
        unsure=unsure,
    )


def build_row(
    row: list[BBox],
    lines: list[list[Line]],
    bounds: Sequence[float],
    style: TextBox,
    padding: float,
    ref: SourceRef,
) -> tuple[GridRow, dict[int, CellEdges], list[Paragraph]]:
    """Return one grid row, its cells' edge lines and its paragraphs begun at a line end the
    page leaves open (`cell_to_paragraphs`), from the row's cell boxes and lines.

    A row with no cell in the first grid column (a cell above spans down over it) continues
    the row above, as a Word row whose first cell is merged from above does.
    """
    cells, edges, unsure = [], {}, []
    for bbox, cell_lines in zip(row, lines, strict=True):
        column = column_of(bbox[0], bounds)
        span = max(column_of(bbox[2], bounds) - column, 1)
        box = replace(style, left=bbox[0] + padding, right=bbox[2] - padding)
        cell_ref = ref.model_copy(update={"column": column + 1, "bbox": _round(bbox)})
        paragraphs, parted = cell_to_paragraphs(cell_lines, box, cell_ref)
        cells.append(GridCell(column, span, paragraphs, cell_ref))
        edges[column] = CellEdges(bbox, box, *_first_last(cell_lines))
        unsure += parted
    continues = bool(cells) and cells[0].column > 0 and (ref.row or 0) > 1
    return GridRow(cells=cells, ref=ref, continues_previous=continues), edges, unsure


def cell_to_paragraphs(
    lines: Sequence[Line], box: TextBox, ref: SourceRef
) -> tuple[list[Paragraph], list[Paragraph]]:
    """Return the non-empty paragraphs of a cell's lines, each with its own source reference,
    and those of them begun at a line end the page leaves open (a list's lead-in parted from
    the sentences before it, `layout.split_lead_ins`)."""
    groups, parted = split_lead_ins(lines_to_paragraphs(lines, box), box)
    paragraphs = [
        Paragraph(
            text=lines_text(group, box),
            ref=ref.model_copy(update={"paragraph": i, "bbox": lines_bbox(group)}),
        )
        for i, group in enumerate(groups, start=1)
    ]
    return paragraphs, [paragraphs[i] for i in sorted(parted)]


def page_text_style(lines: Sequence[Sequence[Line]]) -> TextBox:
    """Return the leading and wrap marking of a page's cells, as a text box without edges."""
    return TextBox(left=0.0, right=0.0, leading=usual_leading(lines), marked_wraps=wraps_are_marked(lines))


def usual_pitch(lines: dict[tuple[int, int], list[Line]], style: TextBox) -> float:
    """Return the line pitch of the most common line height among `lines`."""
    heights = Counter(round(line.height, 1) for ls in lines.values() for line in ls)
    height = heights.most_common(1)[0][0] if heights else DEFAULT_LINE_HEIGHT
    return style.leading * height


def _first_last(lines: Sequence[Line]) -> tuple[Line | None, Line | None]:
    """Return the first and the last line, or None twice for an empty cell."""
    return (lines[0], lines[-1]) if lines else (None, None)


def _table_bbox(rows: CellBoxes) -> BBox:
    """Return the box around every cell of a table."""
    boxes = [b for row in rows for b in row]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _round(bbox: BBox) -> BBox:
    """Return `bbox` rounded to hundredths of a point, for stable references."""
    x0, top, x1, bottom = bbox
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
