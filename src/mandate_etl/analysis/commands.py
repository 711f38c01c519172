"""`mandate-etl sql`, `report` and `diff` (CONTRACT.md §3): the analyst's commands.

Heavy libraries (pandas, DuckDB, matplotlib) are imported inside the commands, so that
`mandate-etl extract` starts as fast as before.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from mandate_etl.errors import MandateEtlError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

OutputsOpt = Annotated[Path, typer.Option("--out", help="Outputs folder of `mandate-etl extract`")]
MAX_COLUMN = 60  # characters of a text cell shown in the table format


def _fail(message: str, code: int) -> typer.Exit:
    """Print `message` as one line and return the exit to raise."""
    err.print(message, markup=False)
    return typer.Exit(code)


def _check_outputs(out: Path) -> None:
    """Exit with the usage status when `out` holds no tables."""
    if not any(out.glob("*/*.parquet")):
        raise _fail(
            f"mandate-etl: {out}: no tables; run `mandate-etl extract raw/ --out {out}` first", EXIT_USAGE
        )


def sql(
    query: Annotated[str, typer.Argument(help="A DuckDB query over the views (offices, …, activity_links)")],
    out_dir: OutputsOpt = Path("outputs"),
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
) -> None:
    """Run a SQL query over the tables (DuckDB views named after them) and print the result."""
    if fmt not in ("table", "csv", "json"):
        raise _fail("mandate-etl: --format must be table, csv or json", EXIT_USAGE)
    _check_outputs(out_dir)
    from mandate_etl.analysis.duck import run_query

    try:
        frame = run_query(out_dir, query)
    except MandateEtlError as exc:
        raise _fail(f"mandate-etl sql: {exc.one_line()}", EXIT_FAILED) from None
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=2) + "\n")
    else:
        text = (
            frame.to_string(index=False, max_colwidth=MAX_COLUMN, na_rep="NULL") if len(frame.columns) else ""
        )
        sys.stdout.write(text + "\n")


def report(
    out_file: Annotated[Path, typer.Option("--out", help="The HTML file to write")] = Path(
        "outputs/report.html"
    ),
    year: Annotated[int | None, typer.Option("--year", help="Report year (default: the latest)")] = None,
    tables_dir: Annotated[Path, typer.Option("--tables", help="Outputs folder of `extract`")] = Path(
        "outputs"
    ),
) -> None:
    """Write one self-contained HTML page of a year: heatmap, office cards, findings (and a PNG)."""
    _check_outputs(tables_dir)
    from mandate_etl.analysis.report import write_report

    try:
        files = write_report(tables_dir, out_file, year)
    except MandateEtlError as exc:
        raise _fail(f"mandate-etl report: {exc.one_line()}", EXIT_USAGE) from None
    err.print(f"wrote {files.html} and {files.png}", markup=False)


def diff(
    year_a: Annotated[int, typer.Argument(help="The earlier year")],
    year_b: Annotated[int, typer.Argument(help="The later year")],
    out_dir: OutputsOpt = Path("outputs"),
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Print what changed between two years: offices, assignments, mandate texts, activity counts."""
    if fmt not in ("text", "json"):
        raise _fail("mandate-etl: --format must be text or json", EXIT_USAGE)
    _check_outputs(out_dir)
    from mandate_etl.analysis.diff import diff_years, render_text
    from mandate_etl.analysis.tables import read_tables

    try:
        a, b = read_tables(out_dir, year_a), read_tables(out_dir, year_b)
    except MandateEtlError as exc:
        raise _fail(f"mandate-etl diff: {exc.one_line()}", EXIT_USAGE) from None
    changes = diff_years(a, b, year_a, year_b)
    sys.stdout.write(changes.to_json() if fmt == "json" else render_text(changes))


def register(app: typer.Typer) -> None:
    """Add the analyst's commands to the `mandate-etl` application."""
    app.command()(sql)
    app.command()(report)
    app.command()(diff)
