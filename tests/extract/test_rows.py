"""Row kinds are decided once, in extract/rows.py: header, group, body, continuation."""

from __future__ import annotations

from mandate_etl.extract.grid import GridCell, GridRow, GridTable
from mandate_etl.extract.rows import grid_row_kind, grid_to_rows
from mandate_etl.models import Paragraph, SourceRef

FILE = "raw/2099/test.docx"
HEADER = (
    "Organismo / Oficina",
    "Mandatos del Programa Interamericano",
    "Mandatos institucionales / prioridades",
    "Actividades realizadas",
    "Actividades previstas",
)
OIM = "Organización Internacional para las Migraciones (OIM)"


def grid_row(number: int, *texts: str, span: int = 1, continues: bool = False) -> GridRow:
    """Return grid row `number` with one cell per text (the first spanning `span` columns)."""
    cells = []
    column = 0
    for i, text in enumerate(texts):
        ref = SourceRef(file=FILE, table=1, row=number, column=column + 1)
        paragraph = Paragraph(text=text, ref=ref.model_copy(update={"paragraph": 1}))
        width = span if i == 0 else 1
        cells.append(GridCell(column=column, span=width, paragraphs=[paragraph], ref=ref))
        column += width
    return GridRow(cells=cells, ref=SourceRef(file=FILE, table=1, row=number), continues_previous=continues)


def kinds(*rows: GridRow) -> list[str]:
    """Return the kinds of the report rows read from a five-column table of `rows`."""
    table = GridTable(rows=[grid_row(1, *HEADER), *rows], columns=5, ref=SourceRef(file=FILE, table=1))
    return [row.kind for row in grid_to_rows([table], FILE)[0]]


def it_reads_a_header_row() -> None:
    assert grid_row_kind(grid_row(1, *HEADER), 5) == "header"


def it_reads_one_cell_spanning_the_table_as_a_group_row() -> None:
    assert grid_row_kind(grid_row(2, OIM, span=5), 5) == "group"


def it_reads_a_group_row_typed_without_merging_its_cells() -> None:
    assert grid_row_kind(grid_row(2, OIM, "", "", "", ""), 5) == "group"


def it_reads_an_office_of_an_organization_as_a_body_row() -> None:
    row = grid_row(2, "Organización Internacional para las Migraciones en Chile", "", "", "", "")
    assert grid_row_kind(row, 5) == "body"
    assert grid_row_kind(grid_row(3, OIM, "66. Texto", "", "", ""), 5) == "body"


def it_joins_a_continued_row_to_the_body_row_above_only() -> None:
    office = grid_row(3, "Oficina de la OIM en Chile", "66.", "", "Taller", "")
    rest = grid_row(4, "", "", "", "Otro taller", "", continues=True)
    assert kinds(grid_row(2, OIM, span=5), office, rest) == ["header", "group", "body"]
    assert kinds(grid_row(2, OIM, span=5), rest) == ["header", "group", "body"]
