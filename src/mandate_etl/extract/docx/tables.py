"""Given the body of a Word document, return its top-level tables as grid tables.

Merged cells are identities, not copies: a `gridSpan` cell is one cell spanning columns, a
`vMerge="continue"` cell stands for the cell above it. Paragraphs of a table nested in a cell
are kept (marked `nested`) so that nothing is lost, and the cell is flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from mandate_etl.extract.docx.numbering import ListLabeler, W
from mandate_etl.extract.grid import GridCell, GridRow, GridTable
from mandate_etl.models import Paragraph, SourceRef

StyleNumbering = dict[str, tuple[str, int]]


class TableReader:
    """Reads the tables of one document body, labelling list paragraphs as it goes."""

    def __init__(self, file: str, labeler: ListLabeler, style_numbering: StyleNumbering):
        self._file = file
        self._labeler = labeler
        self._style_numbering = style_numbering

    def read_body(self, body: etree._Element) -> tuple[list[GridTable], list[str]]:
        """Return the body's top-level tables and the texts of the paragraphs before the first."""
        tables: list[GridTable] = []
        preamble: list[str] = []
        for child in body:
            if child.tag == f"{W}tbl":
                tables.append(self._read_table(child, len(tables) + 1))
            elif child.tag == f"{W}p":
                text = _text(child)
                self._label(child)  # keep list counters in document order
                if not tables and text.strip():
                    preamble.append(text)
        return tables, preamble

    def _read_table(self, tbl: etree._Element, number: int) -> GridTable:
        """Return table `number` as a grid table."""
        columns = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        rows = []
        for r, tr in enumerate(tbl.iterfind(f"{W}tr"), start=1):
            rows.append(self._read_row(tr, number, r))
        widest = max((c.column + c.span for row in rows for c in row.cells), default=0)
        return GridTable(
            rows=rows, columns=max(columns, widest), ref=SourceRef(file=self._file, table=number)
        )

    def _read_row(self, tr: etree._Element, table: int, r: int) -> GridRow:
        """Return row `r` of `table`; a first cell merged from above continues the row above."""
        ref = SourceRef(file=self._file, table=table, row=r)
        column = _grid_before(tr)
        cells: list[GridCell] = []
        continues = False
        for tc in _cells_of(tr):
            span = _int_attr(tc.find(f"{W}tcPr/{W}gridSpan"), 1)
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue":
                continues = continues or column == 0
            else:
                cell_ref = ref.model_copy(update={"column": column + 1})
                paragraphs, nested = self._read_cell(tc, cell_ref)
                cells.append(GridCell(column, span, paragraphs, cell_ref, nested))
            column += span
        return GridRow(cells=cells, ref=ref, continues_previous=continues)

    def _read_cell(self, tc: etree._Element, ref: SourceRef) -> tuple[list[Paragraph], bool]:
        """Return the paragraphs of a cell in order, and whether it holds a nested table."""
        paragraphs: list[Paragraph] = []
        nested = False
        for p, in_nested in _paragraphs_of(tc):
            nested = nested or in_nested
            label, level = self._label(p)
            paragraphs.append(
                Paragraph(
                    text=_text(p),
                    label=label,
                    level=level,
                    nested=in_nested,
                    ref=SourceRef(
                        file=ref.file,
                        table=ref.table,
                        row=ref.row,
                        column=ref.column,
                        paragraph=len(paragraphs) + 1,
                    ),
                )
            )
        return paragraphs, nested

    def _label(self, p: etree._Element) -> tuple[str | None, int]:
        """Return the list label Word draws before paragraph `p`, and its list level."""
        ppr = p.find(f"{W}pPr")
        if ppr is None:  # no paragraph properties: neither a list item nor a styled paragraph
            return None, 0
        num_pr = ppr.find(f"{W}numPr")
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _attr(num_pr.find(f"{W}numId"))
            ilvl = _attr(num_pr.find(f"{W}ilvl"))
        if num_id is None:
            style = _attr(ppr.find(f"{W}pStyle"))
            if style is None or style not in self._style_numbering:
                return None, 0
            num_id, style_level = self._style_numbering[style]
            ilvl = ilvl if ilvl is not None else str(style_level)
        level = _safe_int(ilvl, 0)
        return self._labeler.label(num_id, level), level


def _paragraphs_of(tc: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
    """Yield the paragraphs of a cell (content controls opened), flagging nested-table ones."""
    for child in tc:
        if child.tag == f"{W}p":
            yield child, False
        elif child.tag == f"{W}tbl":
            for p in child.iter(f"{W}p"):
                yield p, True
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _paragraphs_of(content)


def _cells_of(tr: etree._Element) -> Iterator[etree._Element]:
    """Yield the cells of a row, looking inside content controls wrapping cells."""
    for child in tr:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _cells_of(content)


def _text(p: etree._Element) -> str:
    """Return the text of paragraph `p`: runs and hyperlinks, tabs and breaks as characters."""
    out: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        tag = el.tag
        if tag == f"{W}t":
            out.append(el.text or "")
        elif tag == f"{W}tab":
            if el.getparent() is not None and el.getparent().tag == f"{W}r":
                out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def _grid_before(tr: etree._Element) -> int:
    """Return the number of grid columns skipped before the row's first cell."""
    return _int_attr(tr.find(f"{W}trPr/{W}gridBefore"), 0)


def _attr(el: etree._Element | None) -> str | None:
    """Return the w:val of `el`, or None."""
    return None if el is None else el.get(f"{W}val")


def _int_attr(el: etree._Element | None, default: int) -> int:
    """Return the w:val of `el` as a positive int, or `default`."""
    return max(_safe_int(_attr(el), default), 1 if default else 0)


def _safe_int(value: str | None, default: int) -> int:
    """Return `value` as an int, or `default` when it is missing or malformed."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
