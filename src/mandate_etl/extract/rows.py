"""Given the grid tables of one file, return the report's rows (header, group, body)."""

from __future__ import annotations

from collections.abc import Sequence

from mandate_etl.errors import TableNotFoundError
from mandate_etl.extract.grid import GridCell, GridRow, GridTable
from mandate_etl.extract.header import roles_of_header_row
from mandate_etl.models import Cell, ColumnRole, ExtractedReport, Row, RowKind, SourceFile
from mandate_etl.reference import names_an_organization_only
from mandate_etl.text import fold_whitespace

Roles = tuple[ColumnRole | None, ...]


def grid_to_report(
    tables: Sequence[GridTable], source: SourceFile, preamble: Sequence[str], pages: int | None = None
) -> ExtractedReport:
    """Return the ExtractedReport of a file whose grid tables (and preamble lines) were read."""
    rows, header_texts = grid_to_rows(tables, source.path)
    return ExtractedReport(
        source=source,
        rows=tuple(rows),
        header_texts=header_texts,
        preamble=tuple(preamble),
        tables_seen=len(tables),
        pages=pages,
    )


def grid_to_rows(tables: Sequence[GridTable], file: str) -> tuple[list[Row], tuple[str, ...]]:
    """Return the rows of every report table in `tables`, and the header texts first seen.

    A table is part of the report when a row of it is a report header, or when it follows a
    report table with the same number of columns (a table split without a repeated header).
    Raise TableNotFoundError, naming what was found, when no table has the report's columns.
    """
    rows: list[Row] = []
    roles: Roles | None = None
    header_texts: tuple[str, ...] = ()
    columns = 0
    for table in tables:
        table_roles = _find_header_roles(table)
        if table_roles is None and (roles is None or table.columns != columns):
            continue
        if table_roles is not None:
            roles, columns = table_roles, table.columns
            header_texts = header_texts or _header_texts(table)
        assert roles is not None
        _append_table_rows(rows, table, roles)
    if roles is None:
        raise TableNotFoundError(_describe_found(tables), file=file)
    return rows, header_texts


def _find_header_roles(table: GridTable) -> Roles | None:
    """Return the column roles of `table` from its first header row, or None if it has none."""
    for grid_row in table.rows[:3]:
        roles = _header_roles(grid_row, table.columns)
        if roles is not None:
            return roles
    return None


def _header_roles(grid_row: GridRow, columns: int) -> Roles | None:
    """Return one role per grid column when `grid_row` is a report header row, else None."""
    texts = [fold_whitespace(c.text()) for c in grid_row.cells]
    cell_roles = roles_of_header_row(texts)
    if cell_roles is None:
        return None
    by_column: list[ColumnRole | None] = [None] * columns
    for cell, role in zip(grid_row.cells, cell_roles, strict=True):
        if cell.column < columns:
            by_column[cell.column] = role
    return tuple(by_column)


def _header_texts(table: GridTable) -> tuple[str, ...]:
    """Return the folded texts of the first header row of `table`."""
    for grid_row in table.rows[:3]:
        if _header_roles(grid_row, table.columns) is not None:
            return tuple(fold_whitespace(c.text()) for c in grid_row.cells)
    return ()


def _append_table_rows(rows: list[Row], table: GridTable, roles: Roles) -> None:
    """Classify each row of `table` and append it to `rows`, joining continued rows."""
    office_column = roles.index(ColumnRole.OFFICE) if ColumnRole.OFFICE in roles else 0
    for grid_row in table.rows:
        cells = tuple(_to_cell(c, roles) for c in grid_row.cells)
        kind = grid_row_kind(grid_row, table.columns, office_column)
        if kind == "body" and grid_row.continues_previous and (last := _last_body_row(rows)) is not None:
            joined = {c.column + 1 for c in grid_row.cells if c.joins_paragraph}
            rows[last] = _join_rows(rows[last], cells, joined)
        else:
            rows.append(Row(kind=kind, cells=cells, ref=grid_row.ref))


def grid_row_kind(grid_row: GridRow, columns: int, office_column: int = 0) -> RowKind:
    """Return what a row of a report table is: "header", "group" (an organization) or "body".

    The one place that decides it: the readers and the normalizer take this kind as given.
    A body row may still continue the row above (`GridRow.continues_previous`).
    """
    if _header_roles(grid_row, columns) is not None:
        return "header"
    if _is_group_row(grid_row, columns) or _reads_as_group(grid_row, office_column):
        return "group"
    return "body"


def _last_body_row(rows: Sequence[Row]) -> int | None:
    """Return the index of the last row when it is a body row, looking past repeated headers."""
    for index in range(len(rows) - 1, -1, -1):
        if rows[index].kind != "header":
            return index if rows[index].kind == "body" else None
    return None


def _is_group_row(grid_row: GridRow, columns: int) -> bool:
    """True when one non-empty cell spans the whole table (an organization heading)."""
    cells = grid_row.cells
    return len(cells) == 1 and cells[0].span >= columns and columns > 1 and bool(cells[0].text().strip())


def _reads_as_group(grid_row: GridRow, office_column: int) -> bool:
    """True when a row that is not merged across still only names an organization.

    Its office cell holds an organization's full name ("Organización Internacional para las
    Migraciones (OIM)"), no place, and every other cell is empty: a group row typed without
    merging its cells.
    """
    name_cell = next((c for c in grid_row.cells if c.column == office_column), None)
    if name_cell is None or not name_cell.text().strip():
        return False
    if any(c.text().strip() for c in grid_row.cells if c is not name_cell):
        return False
    return names_an_organization_only(" ".join(p.full_text for p in name_cell.paragraphs))


def _to_cell(grid_cell: GridCell, roles: Roles) -> Cell:
    """Return the model cell of `grid_cell`, with the role of its first grid column."""
    role = roles[grid_cell.column] if grid_cell.column < len(roles) else None
    return Cell(
        column=grid_cell.column + 1,
        span=grid_cell.span,
        role=role,
        paragraphs=tuple(grid_cell.paragraphs),
        has_nested_table=grid_cell.has_nested_table,
        ref=grid_cell.ref,
    )


def _join_rows(row: Row, more: Sequence[Cell], joined: set[int]) -> Row:
    """Return `row` with the paragraphs of `more` appended to the cells of the same column.

    In the columns of `joined` the first paragraph of `more` ends the cell's last paragraph.
    """
    by_column = {c.column: c for c in more}
    cells = []
    for cell in row.cells:
        extra = by_column.pop(cell.column, None)
        cells.append(cell if extra is None else _join_cells(cell, extra, cell.column in joined))
    cells.extend(by_column.values())
    return row.model_copy(update={"cells": tuple(cells)})


def _join_cells(cell: Cell, more: Cell, joins_paragraph: bool) -> Cell:
    """Return `cell` continued by `more`; the broken paragraph is made whole when asked."""
    paragraphs = list(cell.paragraphs)
    extra = list(more.paragraphs)
    if joins_paragraph and paragraphs and extra and paragraphs[-1].text.strip() and extra[0].text.strip():
        last, first = paragraphs.pop(), extra.pop(0)
        joined = f"{last.text.rstrip()} {first.text.lstrip()}"
        paragraphs.append(last.model_copy(update={"text": joined}))
    return cell.model_copy(
        update={
            "paragraphs": tuple(paragraphs + extra),
            "has_nested_table": cell.has_nested_table or more.has_nested_table,
        }
    )


def _describe_found(tables: Sequence[GridTable]) -> str:
    """Return a sentence naming the tables found and their first row, for the rejection."""
    if not tables:
        return "no table found (the report is one table with the report's five columns)"
    shown = []
    for table in list(tables)[:3]:
        first = table.rows[0] if table.rows else None
        heads = [fold_whitespace(c.text())[:30] for c in first.cells[:6]] if first else []
        shown.append(f"{table.ref.locator()} ({table.columns} columns: {' | '.join(heads)})")
    more = f" and {len(tables) - 3} more" if len(tables) > 3 else ""
    return "no table with the report's columns; found " + "; ".join(shown) + more
