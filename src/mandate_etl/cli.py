"""`mandate-etl extract` and `mandate-etl validate` (CONTRACT.md §3); the analyst's commands
are in `analysis/commands.py`."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mandate_etl.analysis.commands import register as register_analysis_commands
from mandate_etl.errors import MandateEtlError
from mandate_etl.pipeline import FileOutcome, discover_inputs, extract_to, read_inputs

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Yearly report submissions (Word, PDF) into analysis-ready Parquet.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

PathsArg = Annotated[
    list[Path], typer.Argument(help="Files or folders (folders: their .docx and .pdf files)")
]
YearOpt = Annotated[int | None, typer.Option("--year", help="Report year (default: the raw/<year>/ folder)")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors")]
TimeoutOpt = Annotated[
    float | None, typer.Option("--timeout", help="Seconds one file may take to read (default 60)", min=1)
]


def _show_progress() -> bool:
    """True on an interactive terminal outside CI."""
    return err.is_terminal and not os.environ.get("CI")


def _run_with_progress(total: int, work):  # type: ignore[no-untyped-def]
    """Run `work(on_file)` with a progress bar on a terminal, quietly elsewhere."""
    if not _show_progress():
        return work(None)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("reading submissions", total=total)

        def advance(outcome: FileOutcome) -> None:
            progress.update(task, advance=1, description=outcome.display)

        return work(advance)


def _check_paths(paths: list[Path]) -> None:
    """Exit with the usage status when a path does not exist or nothing is found."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        err.print(f"mandate-etl: no such file or folder: {', '.join(map(str, missing))}", markup=False)
        raise typer.Exit(EXIT_USAGE)
    if not discover_inputs(paths):
        err.print("mandate-etl: no .docx or .pdf input found", markup=False)
        raise typer.Exit(EXIT_USAGE)


@app.command()
def extract(
    paths: PathsArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder")] = Path("outputs"),
    year: YearOpt = None,
    timeout: TimeoutOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Run the whole pipeline and write Parquet tables for the years read."""
    _check_paths(paths)
    started = time.perf_counter()
    try:
        result = _run_with_progress(
            len(discover_inputs(paths)),
            lambda cb: extract_to(paths, out_dir, year, timeout=timeout, on_file=cb),
        )
    except MandateEtlError as exc:
        err.print(exc.one_line(), markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    for o in result.outcomes:
        if not o.ok:
            err.print(o.error.one_line() if o.error else o.errors()[0].one_line(), markup=False)
        elif o.duplicate_of:
            err.print(f"{o.display}: same report as {o.duplicate_of}; kept {o.duplicate_of}", markup=False)
    for load in result.loads:
        counts = ", ".join(f"{k} {v}" for k, v in load.rows.items())
        err.print(f"{load.year}: {counts}", markup=False)
        left_out = [o.display for o in result.rejected if o.year == load.year]
        if left_out:
            err.print(f"{load.year}: written without {', '.join(left_out)} (rejected)", markup=False)
    ok = len(result.outcomes) - len(result.rejected)
    err.print(
        f"{ok} ok, {len(result.rejected)} rejected in {time.perf_counter() - started:.1f} s -> {out_dir}",
        markup=False,
    )
    raise typer.Exit(EXIT_INVALID if result.rejected else EXIT_OK)


@app.command()
def validate(
    paths: PathsArg,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too")] = False,
    year: YearOpt = None,
    timeout: TimeoutOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Run the whole pipeline in memory, write nothing, print every finding with its location."""
    if fmt not in ("text", "json"):
        err.print("mandate-etl: --format must be text or json", markup=False)
        raise typer.Exit(EXIT_USAGE)
    _check_paths(paths)
    outcomes = _run_with_progress(
        len(discover_inputs(paths)), lambda cb: read_inputs(paths, year, timeout=timeout, on_file=cb)
    )
    findings = [f for o in outcomes for f in o.findings()]
    if fmt == "json":
        payload = json.dumps([f.model_dump(mode="json") for f in findings], indent=2, ensure_ascii=False)
        sys.stdout.write(payload + "\n")
    else:
        for f in findings:
            sys.stdout.write(f.one_line() + "\n")
        errors = sum(f.severity == "error" for f in findings)
        err.print(f"{len(outcomes)} files, {errors} errors, {len(findings) - errors} warnings", markup=False)
    failed = any(f.severity == "error" for f in findings) or (strict and findings)
    raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)


register_analysis_commands(app)  # sql, report, diff


def main() -> None:
    """Entry point that turns an internal error into one line (a traceback only with --debug)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its font warnings are not the user's
    try:
        app()
    except MandateEtlError as exc:
        err.print(exc.one_line(), markup=False)
        sys.exit(EXIT_INVALID)
    except Exception as exc:
        if "--debug" in sys.argv:
            raise
        err.print(
            f"mandate-etl: internal error ({type(exc).__name__}: {exc}); run with --debug", markup=False
        )
        sys.exit(EXIT_INVALID)
