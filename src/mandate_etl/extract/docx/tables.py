"""Given the body of a Word document, return its top-level tables as grid tables.

Merged cells are identities, not copies: a `gridSpan` cell is one cell spanning columns, a
`vMerge="continue"` cell stands for the cell above it (its paragraphs, if it has any text, are
added to that cell; with no cell above to continue it is a cell of its own). Paragraphs of a
table nested in a cell are kept (marked `nested`) so that nothing is lost, and the cell is
flagged. Each table is then checked: every paragraph under it was read, or E-LOST names where.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from mandate_etl.errors import LostContentError, UnsafeInputError
from mandate_etl.extract.docx import oxml
from mandate_etl.extract.docx.numbering import MAX_LEVEL, ListLabeler
from mandate_etl.extract.docx.styles import StyleNumbering
from mandate_etl.extract.grid import GridCell, GridRow, GridTable
from mandate_etl.models import Paragraph, SourceRef

# Word tables have at most 63 columns; far more is allowed before refusing, but a span of
# millions (a number written by hand) would make every grid-column walk endless.
MAX_GRID_COLUMNS = 1000


@dataclass
class _TableState:
    """What reading one table keeps from row to row."""

    number: int
    merges: dict[int, GridCell]  # grid column -> the cell a vertical merge started with
    accounted: int = 0  # paragraphs read, or left empty in a merged continuation cell


class TableReader:
    """Reads the tables of one document body, labelling list paragraphs as it goes."""

    def __init__(self, file: str, labeler: ListLabeler, style_numbering: StyleNumbering):
        self._file = file
        self._labeler = labeler
        self._style_numbering = style_numbering

    def read_body(self, body: etree._Element) -> tuple[list[GridTable], list[str]]:
        """Return the body's top-level tables and the texts of the paragraphs before the first.

        Raise LostContentError when a paragraph under a table was not read.
        """
        tables: list[GridTable] = []
        preamble: list[str] = []
        for block in oxml.blocks_of(body):
            if oxml.is_table(block):
                tables.append(self._read_table(block, len(tables) + 1))
            else:
                self._label(block)  # keep list counters in document order
                if not tables and (text := oxml.paragraph_text(block)).strip():
                    preamble.append(text)
        return tables, preamble

    def _read_table(self, tbl: etree._Element, number: int) -> GridTable:
        """Return table `number` as a grid table, once every paragraph under it is accounted for."""
        state = _TableState(number, {})
        rows = [self._read_row(tr, r, state) for r, tr in enumerate(oxml.rows_of(tbl), start=1)]
        _check_accounted(tbl, state)
        widest = max((c.column + c.span for row in rows for c in row.cells), default=0)
        columns = max(oxml.grid_column_count(tbl), widest)
        return GridTable(rows=rows, columns=columns, ref=self._ref(number))

    def _read_row(self, tr: etree._Element, r: int, state: _TableState) -> GridRow:
        """Return row `r`; a first cell merged from above continues the row above."""
        column = oxml.grid_before(tr)
        cells: list[GridCell] = []
        continues = False
        covered: set[int] = set()
        for tc in oxml.cells_of(tr):
            span = oxml.grid_span(tc)
            if column + span > MAX_GRID_COLUMNS:
                raise UnsafeInputError(
                    f"cells reach grid column {column + span} (limit {MAX_GRID_COLUMNS})",
                    location=f"table {state.number}, row {r}",
                )
            merge = oxml.vertical_merge(tc)
            covered.update(range(column, column + span))
            start = state.merges.get(column) if merge == "continue" else None
            if start is not None:
                self._continue_cell(tc, start, self._ref(state.number, r, column + 1), state)
                continues = continues or column == 0
            else:
                cell = self._read_cell(tc, column, span, self._ref(state.number, r, column + 1), state)
                cells.append(cell)
                for c in range(column, column + span):
                    state.merges.pop(c, None)
                if merge is not None:  # a restart, or a continuation with nothing above it
                    state.merges[column] = cell
            column += span
        for c in set(state.merges) - covered:  # a row that skips a column ends its merge
            del state.merges[c]
        return GridRow(cells=cells, ref=self._ref(state.number, r), continues_previous=continues)

    def _read_cell(
        self, tc: etree._Element, column: int, span: int, ref: SourceRef, state: _TableState
    ) -> GridCell:
        """Return the cell at grid `column`, with its paragraphs in order."""
        paragraphs: list[Paragraph] = []
        nested = False
        for p, in_nested in _paragraphs_of(tc):
            nested = nested or in_nested
            paragraphs.append(self._paragraph(p, in_nested, ref, len(paragraphs) + 1))
        state.accounted += len(paragraphs)
        return GridCell(column, span, paragraphs, ref, nested)

    def _continue_cell(self, tc: etree._Element, start: GridCell, ref: SourceRef, state: _TableState) -> None:
        """Add the text of a merged continuation cell to the cell it continues.

        Word leaves an empty paragraph in each continuation cell; one holding text (written by
        another tool) would otherwise vanish.
        """
        for number, (p, in_nested) in enumerate(_paragraphs_of(tc), start=1):
            paragraph = self._paragraph(p, in_nested, ref, number)
            if paragraph.full_text.strip():
                start.paragraphs.append(paragraph)
                start.has_nested_table = start.has_nested_table or in_nested
            state.accounted += 1

    def _paragraph(self, p: etree._Element, nested: bool, cell: SourceRef, number: int) -> Paragraph:
        """Return paragraph `number` of the cell at `cell`, with its list label."""
        label, level = self._label(p)
        ref = SourceRef(file=cell.file, table=cell.table, row=cell.row, column=cell.column, paragraph=number)
        return Paragraph(text=oxml.paragraph_text(p), label=label, level=level, nested=nested, ref=ref)

    def _label(self, p: etree._Element) -> tuple[str | None, int]:
        """Return the list label Word draws before paragraph `p`, and its list level."""
        numbering = oxml.paragraph_numbering(p)
        if numbering is None:  # no paragraph properties: neither a list item nor a styled one
            return None, 0
        num_id, ilvl, style = numbering
        if num_id is None:
            by_style = None if style is None else self._style_numbering.of(style)
            if by_style is None:
                return None, 0
            num_id, style_level = by_style
            ilvl = ilvl if ilvl is not None else str(style_level)
        level = _level(ilvl)
        if level is None:  # a level no list has: Word draws no label
            return None, 0
        return self._labeler.label(num_id, level), level

    def _ref(self, table: int, row: int | None = None, column: int | None = None) -> SourceRef:
        """Return the place `table`, `row`, `column` of this file."""
        return SourceRef(file=self._file, table=table, row=row, column=column)


def _level(ilvl: str | None) -> int | None:
    """Return a paragraph's list level (0 when unset), or None when it is not one of 0-8."""
    if ilvl is None:
        return 0
    try:
        level = int(ilvl)
    except ValueError:
        return 0
    return level if 0 <= level <= MAX_LEVEL else None


def _paragraphs_of(tc: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """Yield the paragraphs of a cell (wrappers opened), flagging nested-table ones."""
    for block in oxml.blocks_of(tc):
        if oxml.is_table(block):
            for p in oxml.read_paragraphs(block):
                yield p, True
        else:
            yield block, False


def _check_accounted(tbl: etree._Element, state: _TableState) -> None:
    """Return when every paragraph under `tbl` was read; else raise LostContentError naming one."""
    if state.accounted == int(oxml.count_read_paragraphs(tbl)):
        return
    read = _all_read(tbl)  # held: an element's id is stable only while its proxy lives
    seen = {id(p) for p in read}
    for p in oxml.read_paragraphs(tbl):
        if id(p) not in seen:
            raise LostContentError(
                f"a paragraph inside {oxml.prefixed(oxml.unknown_container(p, tbl).tag)} was not read "
                "(a structure the Word reader does not know)",
                location=_place(p, tbl, state.number),
            )
    raise LostContentError(  # the counts differ but each paragraph was seen: read twice
        f"{state.accounted} paragraphs read for {int(oxml.count_read_paragraphs(tbl))} present",
        location=f"table {state.number}",
    )


def _all_read(tbl: etree._Element) -> list[etree._Element]:
    """Return every paragraph element the reader reads under `tbl` (held, so ids stay valid)."""
    return [p for tr in oxml.rows_of(tbl) for tc in oxml.cells_of(tr) for p, _ in _paragraphs_of(tc)]


def _place(p: etree._Element, tbl: etree._Element, number: int) -> str:
    """Return "table N, row R, column C" of paragraph `p` under `tbl`, as far as it is known."""
    parts = [f"table {number}"]
    tr = oxml.row_of(p, tbl)
    if tr is not None:
        parts.append(f"row {oxml.own_rows(tbl).index(tr) + 1}")
        tc = oxml.cell_of(p, tbl)
        if tc is not None:
            parts.append(f"column {oxml.own_cells(tr).index(tc) + 1}")
    return ", ".join(parts)
