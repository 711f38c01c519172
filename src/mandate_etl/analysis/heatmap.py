"""Given one year's tables, return the offices × mandates grid of coverage, and draw it as PNG.

Columns are the Program items by number, then each organization's priorities; a Program item no
office covers keeps its (empty) column, so the gap shows. A cell exists for each coverage row
with an office: assigned, or only linked to by an activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from mandate_etl.analysis.tables import Tables
from mandate_etl.data import load_json
from mandate_etl.reference import catalogue

if TYPE_CHECKING:  # matplotlib is imported only when a picture is drawn
    from matplotlib.colors import Colormap

PROGRAM_GROUP = "Programa"
ACCENT = "#c2410c"  # inferred links and links to a mandate the office is not assigned


@dataclass(frozen=True)
class Column:
    """One mandate of the grid."""

    mandate_id: str
    group: str  # "Programa" or the organization of a priority
    label: str  # "66", "3"
    text: str


@dataclass(frozen=True)
class Row:
    """One office of the grid."""

    office_id: str
    label: str  # short: "OIM México", "ACNUR"
    name: str


@dataclass(frozen=True)
class Cell:
    """How one office covers one mandate."""

    assigned: bool
    stated: int  # activities linked by a written number (explicit or repaired)
    inferred: int
    activities: int


@dataclass(frozen=True)
class Grid:
    """The heatmap: rows, columns and the cells that exist."""

    year: int
    rows: list[Row]
    columns: list[Column]
    cells: dict[tuple[str, str], Cell]


def office_label(office: pd.Series) -> str:
    """Return a short label: the organization with the country or place, or the acronym alone."""
    organization = office["organization"] if pd.notna(office["organization"]) else ""
    if office["office_kind"] == "agency" and organization:
        return organization
    if pd.notna(office["country_code"]):
        place = _country_names().get(office["country_code"], office["country_code"])
    else:
        place = office["name"].rsplit(" en ", 1)[-1] if " en " in office["name"] else office["name"]
    return f"{organization} {place}".strip()


def _country_names() -> dict[str, str]:
    """Return ISO code -> Spanish country name."""
    return {c["code"]: c["name"] for c in load_json("countries.json")["countries"]}


def grid_of(tables: Tables, year: int) -> Grid:
    """Return the heatmap grid of `year` from `tables`."""
    offices = tables.offices[tables.offices["report_year"] == year]
    mandates = tables.mandates[tables.mandates["report_year"] == year]
    coverage = tables.coverage[tables.coverage["report_year"] == year]
    rows = [Row(o["office_id"], office_label(o), o["name"]) for _, o in offices.iterrows()]
    columns = _columns(mandates, coverage)
    cells = {
        (c["office_id"], c["mandate_id"]): Cell(
            bool(c["assigned"]), int(c["explicit"] + c["repaired"]), int(c["inferred"]), int(c["activities"])
        )
        for _, c in coverage[coverage["office_id"].notna()].iterrows()
    }
    return Grid(year, rows, columns, cells)


def _columns(mandates: pd.DataFrame, coverage: pd.DataFrame) -> list[Column]:
    """Return the Program items (written or uncovered) by number, then priorities by organization."""
    texts = {m["mandate_id"]: m["text"] for _, m in mandates.iterrows()}
    program = {int(i.split(":")[1]) for i in [*texts, *coverage["mandate_id"]] if i.startswith("program:")}
    columns = [
        Column(f"program:{n}", PROGRAM_GROUP, str(n), texts.get(f"program:{n}", catalogue().get(n, "")))
        for n in sorted(program)
    ]
    own = mandates[mandates["scheme"] == "institutional"].sort_values(["organization", "number"])
    columns += [
        Column(m["mandate_id"], m["organization"], str(m["number"]), m["text"]) for _, m in own.iterrows()
    ]
    return columns


def draw_png(grid: Grid, path: Path) -> Path:
    """Draw `grid` as a PNG heatmap (stated links as colour, inferred ones as hatching)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    width = 2.6 + 0.32 * len(grid.columns)
    height = 1.6 + 0.36 * len(grid.rows)
    fig = Figure(figsize=(width, height), dpi=150)
    ax = fig.add_subplot()
    peak = max([c.stated for c in grid.cells.values()] + [1])
    cmap = _colour_map()
    for y, row in enumerate(grid.rows):
        for x, column in enumerate(grid.columns):
            cell = grid.cells.get((row.office_id, column.mandate_id))
            if cell is None:
                continue
            colour = cmap(0.08 + 0.92 * cell.stated / peak) if cell.stated else "#eef2f7"
            edge = "#ffffff" if cell.assigned else ACCENT
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, edgecolor=edge, linewidth=1.4))
            if cell.inferred:  # a second patch: the hatch takes its patch's edge colour
                ax.add_patch(Rectangle((x, y), 1, 1, fill=False, edgecolor=ACCENT, hatch="///", linewidth=0))
            label = (str(cell.stated) if cell.stated else "") + (f"+{cell.inferred}" if cell.inferred else "")
            if label:
                dark = cell.stated > peak / 2
                ax.text(
                    x + 0.5,
                    y + 0.5,
                    label,
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if dark else "#1e293b",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6} if cell.inferred else None,
                )
    ax.set_xlim(0, len(grid.columns))
    ax.set_ylim(len(grid.rows), 0)
    ax.set_xticks([x + 0.5 for x in range(len(grid.columns))])
    ax.set_xticklabels([_short_label(c) for c in grid.columns], fontsize=6.5, rotation=90)
    ax.set_yticks([y + 0.5 for y in range(len(grid.rows))])
    ax.set_yticklabels([r.label for r in grid.rows], fontsize=7.5)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(
        f"Coverage {grid.year}: activities per office and mandate "
        "(colour: linked by a written number; hatched, +n: inferred; outlined: not assigned)",
        fontsize=8,
        loc="left",
    )
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    return path


def _short_label(column: Column) -> str:
    """Return the tick label of a column: "66", "OIM 3"."""
    return column.label if column.group == PROGRAM_GROUP else f"{column.group} {column.label}"


def _colour_map() -> Colormap:
    """Return the sequential colour map of the stated counts."""
    from matplotlib import colormaps

    return colormaps["Blues"]
