"""Given a report spec, write it as a Word table the way people type the template.

Header row (marked to repeat), group rows merged across the five columns, office rows; Word
auto-numbered ("%1)") and bulleted lists defined in numbering.xml; optional vertically merged
office cells over a continuation row; the table optionally split in two.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.table import Table, _Cell

from .model import (
    COLUMNS,
    WORD_BULLET,
    GroupSpec,
    OfficeSpec,
    Para,
    ReportSpec,
    header_paragraphs,
    office_cells,
)

SYMBOL_BULLET = "\uf0b7"

Row = tuple[list[Para], ...]


def write_docx(report: ReportSpec, path: Path) -> Path:
    """Write `report` to `path` as .docx and return `path`."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(9)
    lists = WordLists(document, report.style.symbol_bullets)
    document.add_paragraph("Matriz de actividades de los organismos internacionales")
    blocks = top_level_blocks(report)
    split = report.style.split_before
    parts = [blocks] if not split or split >= len(blocks) else [blocks[:split], blocks[split:]]
    for index, part in enumerate(parts):
        if index:
            document.add_paragraph("")
        with_header = index == 0 or report.style.repeat_header
        write_table(document, part, report, lists, with_header)
    document.add_paragraph("")
    document.save(str(path))
    return path


def top_level_blocks(report: ReportSpec) -> list[GroupSpec | OfficeSpec]:
    """Return the group and office rows in document order (a split falls between two)."""
    out: list[GroupSpec | OfficeSpec] = []
    for group in report.groups:
        out.append(group)
        out.extend(group.offices)
    return out


def write_table(document, blocks, report: ReportSpec, lists: WordLists, header: bool) -> Table:
    """Append one table holding `blocks`, with the header row first when asked."""
    table = document.add_table(rows=0, cols=COLUMNS)
    table.style = "Table Grid"
    if header:
        row = table.add_row()
        mark_header_row(row)
        for cell, paras in zip(row.cells, header_paragraphs(report.style), strict=True):
            fill_cell(cell, list(paras), lists)
    for block in blocks:
        if isinstance(block, GroupSpec):
            write_group_row(table, block, lists)
        else:
            write_office_rows(table, block, lists)
    return table


def mark_header_row(row) -> None:
    """Mark `row` as a header row Word repeats on every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))


def write_group_row(table: Table, group: GroupSpec, lists: WordLists) -> None:
    """Append a row whose one cell, merged across the table, names the organization."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[COLUMNS - 1])
    fill_cell(merged, [Para(group.written(), "group")], lists)


def write_office_rows(table: Table, office: OfficeSpec, lists: WordLists) -> None:
    """Append an office row, or two rows under a vertically merged office cell."""
    cells = office_cells(office)
    numbering = [lists.new_numbering() for _ in cells]
    if not office.style.continued:
        row = table.add_row()
        for column, paras in enumerate(cells):
            fill_cell(row.cells[column], paras, lists, numbering[column])
        return
    first, second = table.add_row(), table.add_row()
    name_cell = first.cells[0].merge(second.cells[0])
    fill_cell(name_cell, cells[0], lists)
    for column, paras in enumerate(cells[1:], start=1):
        head, tail = split_paragraphs(paras)
        fill_cell(first.cells[column], head, lists, numbering[column])
        fill_cell(second.cells[column], tail, lists, numbering[column])


def split_paragraphs(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """Return `paras` cut in two halves (the first half the longer)."""
    cut = (len(paras) + 1) // 2
    return paras[:cut], paras[cut:]


def fill_cell(cell: _Cell, paras: list[Para], lists: WordLists, num_id: str | None = None) -> None:
    """Write `paras` into `cell`; an empty list leaves the cell's one empty paragraph."""
    for index, para in enumerate(paras):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        write_runs(paragraph, para.text)
        if para.label == WORD_BULLET:
            lists.apply(paragraph, lists.bullet_num)
        elif para.label:
            lists.apply(paragraph, num_id or lists.new_numbering())


def write_runs(paragraph, text: str) -> None:
    """Write `text` as runs, split after the first sentence-like break as Word does."""
    cut = text.find(" ", len(text) // 2)
    pieces = [text] if cut < 0 or len(text) < 40 else [text[:cut], text[cut:]]
    for piece in pieces:
        paragraph.add_run(piece)


class WordLists:
    """The document's list definitions: one bullet list, and a decimal "%1)" list per cell."""

    def __init__(self, document, symbol_bullets: bool):
        self._numbering = document.part.numbering_part.element
        self._decimal = self._add_abstract("decimal", "%1)", None)
        glyph, font = (SYMBOL_BULLET, "Symbol") if symbol_bullets else (WORD_BULLET, None)
        self.bullet_num = self._add_num(self._add_abstract("bullet", glyph, font))

    def new_numbering(self) -> str:
        """Return the numId of a new decimal list whose count starts at 1."""
        return self._add_num(self._decimal)

    def apply(self, paragraph, num_id: str, level: int = 0) -> None:
        """Make `paragraph` an item of list `num_id` at `level` (w:numPr)."""
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )

    def _add_abstract(self, fmt: str, text: str, font: str | None) -> str:
        """Add a one-level w:abstractNum before the first w:num; return its id."""
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self._numbering.iterfind(qn("w:abstractNum"))]
        abstract_id = str(max(ids, default=-1) + 1)
        fonts = (
            f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>' if font else ""
        )
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr>{fonts}</w:lvl>'
            "</w:abstractNum>"
        )
        first_num = self._numbering.find(qn("w:num"))
        if first_num is None:
            self._numbering.append(element)
        else:
            first_num.addprevious(element)
        return abstract_id

    def _add_num(self, abstract_id: str) -> str:
        """Add a w:num instance of `abstract_id`; return its numId."""
        ids = [int(n.get(qn("w:numId"))) for n in self._numbering.iterfind(qn("w:num"))]
        num_id = str(max(ids, default=0) + 1)
        self._numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
        return num_id


def read_back_cells(office: OfficeSpec) -> tuple[list[Para], ...]:
    """Return the paragraphs the extractor should read in each cell of `office`'s row.

    An empty Word cell holds one empty paragraph; a continued row adds its cells' paragraphs
    after those of the row above.
    """
    cells = office_cells(office)
    if not office.style.continued:
        return tuple(paras or [Para("", None)] for paras in cells)
    halves = [split_paragraphs(paras) for paras in cells[1:]]
    return (cells[0], *((head or [Para("", None)]) + (tail or [Para("", None)]) for head, tail in halves))
