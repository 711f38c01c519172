"""Given the outputs folder and a year, write one self-contained HTML page (and the heatmap PNG).

The page needs no network and no script: the coverage heatmap (offices × mandates), each
office's card (mandates, priorities, activities with their source location), the validation
findings of the year's inputs (from `manifest.json`), and the activities linked to no mandate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from mandate_etl.analysis.files import available_years
from mandate_etl.analysis.heatmap import PROGRAM_GROUP, Cell, Column, Grid, draw_png, grid_of
from mandate_etl.analysis.tables import Tables, read_tables
from mandate_etl.errors import AnalysisError
from mandate_etl.load.atomic import write_bytes_atomically

STYLE_FILE = Path(__file__).with_name("report.css")
SECTION_TITLES = {"carried_out": "Carried out", "planned": "Planned"}
FINDING = re.compile(r"^(?P<where>.*?): (?P<severity>warning|error) (?P<code>[A-Z][A-Z-]+): (?P<message>.*)$")
UNLINKED_CHARS = 220
NONE = '<p class="muted">None.</p>'


@dataclass(frozen=True)
class ReportFiles:
    """What `write_report` wrote."""

    html: Path
    png: Path


def write_report(tables_dir: Path, html_path: Path, year: int | None = None) -> ReportFiles:
    """Write the report of `year` (default: the latest) and its heatmap PNG beside it."""
    years = available_years(tables_dir)
    if not years:
        raise AnalysisError("no tables; run `mandate-etl extract raw/ --out DIR` first", file=str(tables_dir))
    year = years[-1] if year is None else year
    tables = read_tables(tables_dir, year)
    grid = grid_of(tables, year)
    page = render_page(tables, grid, read_findings(tables_dir, year))
    html_path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically(html_path, lambda p: p.write_text(page, encoding="utf-8"))
    png = html_path.with_name(f"{html_path.stem}-heatmap.png")
    write_bytes_atomically(png, lambda p: draw_png(grid, p))
    return ReportFiles(html_path, png)


def read_findings(tables_dir: Path, year: int) -> list[dict[str, str]]:
    """Return the findings of `year`'s inputs in the manifest: file, where, severity, code, message."""
    try:
        manifest = json.loads((tables_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    findings = []
    for entry in manifest.get("inputs", []):
        if entry.get("report_year") != year:
            continue
        lines = ([entry["error"]] if entry.get("error") else []) + list(entry.get("warnings", []))
        for line in lines:
            match = FINDING.match(line)
            parts = match.groupdict() if match else {"where": entry["path"], "severity": "error", "code": ""}
            findings.append({"file": entry["path"], "message": line, **parts})
    return findings


def render_page(tables: Tables, grid: Grid, findings: list[dict[str, str]]) -> str:
    """Return the whole HTML page."""
    body = "\n".join(
        [
            _summary(tables, grid),
            _heatmap(grid),
            _uncovered(tables),
            _offices(tables, grid),
            _findings(findings),
            _unlinked(tables, grid),
        ]
    )
    style = STYLE_FILE.read_text(encoding="utf-8")
    title = f"Coverage of the Program's mandates, {grid.year}"
    return (
        '<!DOCTYPE html>\n<html lang="es">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{style}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _summary(tables: Tables, grid: Grid) -> str:
    """Return the line of totals and the source files."""
    links = tables.activity_mandates["link"].value_counts()
    sections = tables.activities["section"].value_counts()
    program = (tables.mandates["scheme"] == "program").sum()
    linked = tables.activities["activity_id"].isin(tables.activity_mandates["activity_id"]).sum()
    files = sorted(set(tables.offices["source_file"]))
    facts = [
        f"<b>{len(grid.rows)}</b> offices",
        f"<b>{program}</b> Program mandates and <b>{len(tables.mandates) - program}</b> priorities",
        f"<b>{len(tables.activities)}</b> activities ({sections.get('carried_out', 0)} carried out, "
        f"{sections.get('planned', 0)} planned), <b>{linked}</b> linked to a mandate",
        f"<b>{len(tables.activity_mandates)}</b> links ({links.get('explicit', 0)} explicit, "
        f"{links.get('repaired', 0)} repaired, {links.get('inferred', 0)} inferred)",
    ]
    sources = ", ".join(f"<code>{escape(f)}</code>" for f in files)
    return f'<p class="summary">{" · ".join(facts)}</p>\n<p class="sources">Source: {sources}</p>'


def _heatmap(grid: Grid) -> str:
    """Return the heatmap table, its legend and the key to the mandate numbers."""
    groups: list[tuple[str, int]] = []
    for column in grid.columns:
        if groups and groups[-1][0] == column.group:
            groups[-1] = (column.group, groups[-1][1] + 1)
        else:
            groups.append((column.group, 1))
    group_row = "".join(f'<th colspan="{n}" class="group">{escape(_group_title(g))}</th>' for g, n in groups)
    label_row = "".join(
        f'<th class="mandate" title="{escape(c.text)}">{escape(c.label)}</th>' for c in grid.columns
    )
    body = "\n".join(
        f'<tr><th class="office" title="{escape(row.name)}">{escape(row.label)}</th>'
        + "".join(_cell(grid, row.office_id, row.label, c.mandate_id, c.label) for c in grid.columns)
        + "</tr>"
        for row in grid.rows
    )
    peak = max([c.stated for c in grid.cells.values()] + [1])
    return (
        '<section id="heatmap">\n<h2>Coverage: activities per office and mandate</h2>\n'
        f'<div class="scroll"><table class="heatmap" data-peak="{peak}">\n'
        f'<thead><tr><th rowspan="2" class="corner">Office</th>{group_row}</tr>\n'
        f"<tr>{label_row}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody></table></div>\n{_legend()}\n{_key(grid)}\n</section>"
    )


def _group_title(group: str) -> str:
    """Return the column group heading: the Program, or an organization's priorities."""
    return "Program mandates" if group == PROGRAM_GROUP else group


def _cell(grid: Grid, office_id: str, office: str, mandate_id: str, label: str) -> str:
    """Return the heatmap cell of one office and mandate (an empty cell when unrelated)."""
    cell = grid.cells.get((office_id, mandate_id))
    if cell is None:
        return '<td class="none"></td>'
    kind = "assigned" if cell.assigned else "linked-only"
    level = _level(cell)
    title = (
        f"{office} · {label}: {cell.activities} activities "
        f"({cell.stated} by number, {cell.inferred} inferred)"
        + ("" if cell.assigned else "; not among the office's mandates")
    )
    inferred = f'<span class="inferred">+{cell.inferred}</span>' if cell.inferred else ""
    stated = str(cell.stated) if cell.stated else ""
    return (
        f'<td class="cell {kind} level-{level}{" has-inferred" if cell.inferred else ""}" '
        f'data-office="{escape(office_id)}" data-mandate="{escape(mandate_id)}" '
        f'data-stated="{cell.stated}" data-inferred="{cell.inferred}" title="{escape(title)}">'
        f"{stated}{inferred}</td>"
    )


def _level(cell: Cell) -> int:
    """Return the colour step 0-4 of a cell's count of activities linked by number."""
    return next(i for i, top in enumerate((0, 1, 3, 6, 10**9)) if cell.stated <= top)


def _legend() -> str:
    """Return the legend of the heatmap, one unbreakable item per kind of cell."""
    steps = "".join(f'<span class="swatch cell level-{i}"></span>' for i in range(5))
    items = [
        f"{steps} activities linked by a written number (0, 1, 2–3, 4–6, 7+)",
        '<span class="swatch cell level-0 has-inferred"><span class="inferred">+n</span></span> '
        "n more linked by inference",
        '<span class="swatch cell linked-only level-0"></span> linked, though not among its mandates',
        '<span class="swatch"></span> blank: not assigned',
    ]
    return '<p class="legend">' + "".join(f'<span class="item">{i}</span>' for i in items) + "</p>"


def _key(grid: Grid) -> str:
    """Return the list of the mandates' texts, by column."""
    items = "".join(f"<li><b>{escape(_column_name(c))}</b> {escape(c.text)}</li>" for c in grid.columns)
    return f'<details class="key" open><summary>Mandate texts</summary><ul>{items}</ul></details>'


def _column_name(column: Column) -> str:
    """Return how the key names a column: "Program 66", "OIM priority 3"."""
    if column.group == PROGRAM_GROUP:
        return f"Program {column.label}"
    return f"{column.group} priority {column.label}"


def _uncovered(tables: Tables) -> str:
    """Return the list of Program items that no office covers."""
    rows = tables.coverage[tables.coverage["office_id"].isna()]
    if rows.empty:
        return (
            '<p class="uncovered">Every Program item of the catalogue is covered by at least one office.</p>'
        )
    items = ", ".join(escape(m.split(":")[1]) for m in rows["mandate_id"])
    return f'<p class="uncovered warn">Program items no office covers: <b>{items}</b></p>'


def _offices(tables: Tables, grid: Grid) -> str:
    """Return one card per office."""
    cards = "\n".join(_office_card(tables, grid, row.office_id) for row in grid.rows)
    return f'<section id="offices">\n<h2>Offices</h2>\n{cards}\n</section>'


def _office_card(tables: Tables, grid: Grid, office_id: str) -> str:
    """Return the card of one office: what it is, its mandates, priorities and activities."""
    office = tables.offices[tables.offices["office_id"] == office_id].iloc[0]
    assigned = tables.office_mandates[tables.office_mandates["office_id"] == office_id]["mandate_id"]
    mandates = tables.mandates.set_index("mandate_id").loc[list(assigned)]
    program = mandates[mandates["scheme"] == "program"]
    priorities = mandates[mandates["scheme"] == "institutional"]
    chips = " ".join(_mandate_chip(str(m["number"]), m["text"]) for _, m in program.iterrows())
    own = " ".join(
        _mandate_chip(f"{m['organization']} {m['number']}", m["text"]) for _, m in priorities.iterrows()
    )
    meta = [office["organization_name"], office["office_kind"], office["country_code"]]
    parts = [
        f'<article class="office-card" id="office-{escape(office_id)}">',
        f"<h3>{escape(office['name'])}</h3>",
        f'<p class="meta">{" · ".join(escape(str(m)) for m in meta if pd.notna(m))} · '
        f'<code>{escape(office_id)}</code> · <span class="loc">{escape(office["source_locator"])}</span></p>',
        f'<p><span class="label">Program mandates</span> {chips or "none"}</p>',
        f'<p><span class="label">Priorities</span> {own}</p>' if own else "",
        _activities(tables, office_id),
        "</article>",
    ]
    return "\n".join(p for p in parts if p)


def _mandate_chip(label: str, text: str) -> str:
    """Return a mandate's chip, its text in the tooltip."""
    return f'<span class="chip" title="{escape(text)}">{escape(label)}</span>'


def _activities(tables: Tables, office_id: str) -> str:
    """Return an office's activities by section, each with its links and source location."""
    mine = tables.activities[tables.activities["office_id"] == office_id]
    links = tables.activity_mandates.merge(
        tables.mandates[["mandate_id", "scheme", "number"]], on="mandate_id"
    )
    blocks = []
    for section, title in SECTION_TITLES.items():
        items = mine[mine["section"] == section]
        if items.empty:
            continue
        lis = "".join(
            _activity_item(a, links[links["activity_id"] == a["activity_id"]]) for _, a in items.iterrows()
        )
        blocks.append(f'<h4>{title} ({len(items)})</h4><ol class="activities">{lis}</ol>')
    return "\n".join(blocks) if blocks else '<p class="muted">No activities reported.</p>'


def _activity_item(activity: pd.Series, links: pd.DataFrame) -> str:
    """Return one activity: heading, text, mandate chips and source location."""
    heading = (
        f'<span class="heading">{escape(activity["heading"])}</span> '
        if pd.notna(activity["heading"])
        else ""
    )
    chips = " ".join(
        f'<span class="chip {escape(str(link["link"]))}" title="{escape(_link_title(link))}">'
        f"{escape(_mandate_label(link))}</span>"
        for _, link in links.sort_values(["scheme", "number"]).iterrows()
    )
    return (
        f'<li value="{activity["seq"]}">{heading}{escape(activity["text"])} {chips}'
        f' <span class="loc">{escape(activity["source_locator"])}</span></li>'
    )


def _link_title(link: pd.Series) -> str:
    """Return a link chip's tooltip: its kind and score, and the evidence of an inferred link."""
    title = f"{link['link']} (score {link['score']:.2f})"
    evidence = link.get("evidence")  # written by the inferring step, when it runs
    return f"{title}: {evidence}" if isinstance(evidence, str) and evidence else title


def _mandate_label(link: pd.Series) -> str:
    """Return a chip label: "66" for a Program item, "OIM 3" for a priority."""
    if link["scheme"] == "program":
        return str(link["number"])
    return f"{link['mandate_id'].split(':')[1]} {link['number']}"


def _findings(findings: Iterable[dict[str, str]]) -> str:
    """Return the table of validation findings."""
    rows = [
        (
            f["severity"],
            [
                escape(f["severity"]),
                f"<code>{escape(f['code'])}</code>",
                escape(f["where"]),
                escape(f["message"]),
            ],
        )
        for f in findings
    ]
    table = _table("findings", ["severity", "code", "where", "message"], rows, loc_column=2)
    return f'<section id="findings"><h2>Validation findings</h2>{table if rows else NONE}</section>'


def _unlinked(tables: Tables, grid: Grid) -> str:
    """Return the activities linked to no mandate."""
    labels = {r.office_id: r.label for r in grid.rows}
    unlinked = tables.activities[
        ~tables.activities["activity_id"].isin(tables.activity_mandates["activity_id"])
    ]
    rows = [
        (
            "",
            [
                escape(labels.get(a["office_id"], a["office_id"])),
                SECTION_TITLES[a["section"]],
                str(a["seq"]),
                escape(_clip(a["text"])),
                escape(a["source_locator"]),
            ],
        )
        for _, a in unlinked.iterrows()
    ]
    table = _table("unlinked", ["office", "section", "#", "activity", "source"], rows, loc_column=4)
    title = f"Activities linked to no mandate ({len(unlinked)})"
    return f'<section id="unlinked"><h2>{title}</h2>{table if rows else NONE}</section>'


def _table(name: str, headers: list[str], rows: list[tuple[str, list[str]]], loc_column: int) -> str:
    """Return a plain table of (row class, cells of HTML) rows; column `loc_column` is a locator."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        f'<tr class="{escape(cls)}">'
        + "".join(
            f'<td class="loc">{c}</td>' if i == loc_column else f"<td>{c}</td>" for i, c in enumerate(cells)
        )
        + "</tr>"
        for cls, cells in rows
    )
    return f'<table class="{name}"><tr>{head}</tr>{body}</table>'


def _clip(text: str) -> str:
    """Return `text` cut to UNLINKED_CHARS characters."""
    return text if len(text) <= UNLINKED_CHARS else text[: UNLINKED_CHARS - 1] + "…"
