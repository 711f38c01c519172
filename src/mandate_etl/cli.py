"""`mandate-etl extract` and `mandate-etl validate` (CONTRACT.md §3); the analyst's commands
are in `analysis/commands.py`."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from mandate_etl import __version__
from mandate_etl.analysis.commands import register as register_analysis_commands
from mandate_etl.cache import ReportCache
from mandate_etl.errors import MandateEtlError
from mandate_etl.executors import Executor, make_executor
from mandate_etl.extract.isolate import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT_S
from mandate_etl.inputs import FIRST_YEAR, INPUT_SUFFIXES, LAST_YEAR, discover_inputs, printable
from mandate_etl.load.manifest import MANIFEST_NAME, read_manifest
from mandate_etl.models.findings import findings_document
from mandate_etl.pipeline import FileOutcome, ReadOptions, RunResult, extract_to, read_inputs

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C
MIB = 1024**2
MAX_TIMEOUT_S = 86_400.0  # one day: past it a file is not slow, it is stuck
MIN_MEMORY_MIB, MAX_MEMORY_MIB = 64, 1024 * 1024
WARNINGS_SHOWN = 3  # per file in `extract`; -v shows all

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: no "<bool>" type column beside flags
    help="Yearly report submissions (Word, PDF) into analysis-ready Parquet.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def _timeout_in_range(value: float | None) -> float | None:
    """Return `value` when it is a number of seconds in (0, one day]; refuse inf and nan."""
    if value is not None and not 0 < value <= MAX_TIMEOUT_S:  # nan fails every comparison
        raise typer.BadParameter(f"must be more than 0 and at most {MAX_TIMEOUT_S:g} seconds (one day)")
    return value


def _show_version(value: bool) -> None:
    """Print the version and exit when --version is given."""
    if value:
        sys.stdout.write(f"mandate-etl {__version__}\n")
        raise typer.Exit(EXIT_OK)


PathsArg = Annotated[
    list[Path], typer.Argument(help="Files or folders (folders: their .docx and .pdf files)", metavar="PATH")
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        help="Report year (default: the raw/<year>/ folder, else the year in the report's title)",
        min=FIRST_YEAR,
        max=LAST_YEAR,
        metavar="YEAR",
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help=f"Seconds one file may take to read (default {DEFAULT_TIMEOUT_S:g}; at most one day)",
        callback=_timeout_in_range,
        metavar="SECONDS",
    ),
]
MemoryOpt = Annotated[
    int,
    typer.Option(
        "--memory",
        help="MiB of memory (address space) each file's worker may add",
        min=MIN_MEMORY_MIB,
        max=MAX_MEMORY_MIB,
        metavar="MIB",
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors")]
NoInferOpt = Annotated[
    bool, typer.Option("--no-infer", help="Write explicit and repaired links only (no inferred links)")
]
MAX_JOBS = 256


def available_cores() -> int:
    """Return the number of CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        help="Files read at once, each in its own worker (default: the cores available)",
        min=1,
        max=MAX_JOBS,
        metavar="N",
    ),
]
ExecutorOpt = Annotated[
    str,
    typer.Option(
        "--executor", help="Where files are read: local, or dask (with --scheduler)", metavar="KIND"
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler", help="Address of the Dask scheduler, e.g. tcp://host:8786", metavar="ADDRESS"
    ),
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Print every warning of every file")]


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Show the version and exit", callback=_show_version, is_eager=True),
    ] = False,
) -> None:
    """Yearly report submissions (Word, PDF) into analysis-ready Parquet."""


def _usage_error(message: str) -> typer.Exit:
    """Print `mandate-etl: message` and return the exit of a usage error."""
    err.print(f"mandate-etl: {message}", markup=False)
    return typer.Exit(EXIT_USAGE)


def _check_paths(paths: Sequence[Path]) -> None:
    """Exit with the usage status when a path does not exist or nothing is found."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise _usage_error(f"no such file or folder: {', '.join(printable(str(p)) for p in missing)}")
    if not discover_inputs(paths):
        endings = ", ".join(sorted(INPUT_SUFFIXES))
        raise _usage_error(f"no submission found (files ending {endings}, or any file in a year folder)")


def _check_out(out: str) -> Path:
    """Return --out as a path; exit with the usage status when it cannot be the output folder."""
    if not out.strip():
        raise _usage_error("--out is empty; name the output folder")
    path = Path(out)
    shown = printable(out)
    if os.path.lexists(path) and not path.is_dir():
        raise _usage_error(f"--out {shown} is a file, not a folder")
    existing = next(p for p in (path.absolute(), *path.absolute().parents) if os.path.lexists(p))
    if not existing.is_dir():
        raise _usage_error(f"--out {shown} lies inside {printable(str(existing))}, which is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise _usage_error(f"--out {shown} is not writable ({printable(str(existing))} is read-only)")
    return path


def _show_progress() -> bool:
    """True on an interactive terminal outside CI."""
    return err.is_terminal and not os.environ.get("CI")


class RateColumn(ProgressColumn):
    """Files finished per second."""

    def render(self, task: Task) -> Text:
        """Return "2.5 files/s" (nothing before the first file is done)."""
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} files/s" if speed else "")


def _run_with_progress(total: int, work: Callable[..., Any]) -> Any:
    """Return `work(on_start, on_file)`, with a progress bar on a terminal, quietly elsewhere.

    The bar shows files done / total, the rate, the time left, and the file being read (the
    last one started; with several jobs, others are being read too).
    """
    if not _show_progress():
        return work(None, None)
    columns = (
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("", total=total)

        def started(display: str) -> None:
            progress.update(task, description=f"reading {display}")

        def finished(outcome: FileOutcome) -> None:
            progress.update(task, advance=1)

        return work(started, finished)


@contextmanager
def _one_line_errors(debug: bool) -> Iterator[None]:
    """Turn an error escaping a command into one line and exit 1 (a traceback with `debug`)."""
    try:
        yield
    except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
        raise
    except MandateEtlError as exc:
        err.print(exc.one_line(), markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    except Exception as exc:
        if debug:
            raise
        err.print(
            f"mandate-etl: internal error ({type(exc).__name__}: {exc}); run with --debug", markup=False
        )
        raise typer.Exit(EXIT_INVALID) from None


def _options(timeout: float | None, memory_mib: int, debug: bool, no_infer: bool = False) -> ReadOptions:
    """Return the read options the command line asks for."""
    return ReadOptions(
        timeout=timeout or DEFAULT_TIMEOUT_S, memory=memory_mib * MIB, debug=debug, infer=not no_infer
    )


@app.command()
def extract(
    paths: PathsArg,
    out_dir: Annotated[str, typer.Option("--out", help="Output folder", metavar="DIR")] = "outputs",
    year: YearOpt = None,
    timeout: TimeoutOpt = None,
    memory: MemoryOpt = DEFAULT_MEMORY_LIMIT // MIB,
    jobs: JobsOpt = None,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="Fail at once when another run is writing to --out")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file again (neither use nor fill --out/.cache)")
    ] = False,
    executor: ExecutorOpt = "local",
    scheduler: SchedulerOpt = None,
    verbose: VerboseOpt = False,
    debug: DebugOpt = False,
    no_infer: NoInferOpt = False,
) -> None:
    """Run the whole pipeline and write Parquet tables for the years read."""
    _check_paths(paths)
    out = _check_out(out_dir)
    started = time.perf_counter()
    options = _options(timeout, memory, debug, no_infer)
    jobs = jobs or available_cores()
    with _one_line_errors(debug), _executor(executor, scheduler, jobs) as runner:
        result = _run_with_progress(
            len(discover_inputs(paths)),
            lambda on_start, on_file: extract_to(
                paths,
                out,
                year,
                options=options,
                jobs=jobs,
                cache=not no_cache,
                executor=runner,
                wait=not no_wait,
                on_wait=lambda line: err.print(line, markup=False),
                on_start=on_start,
                on_file=on_file,
            ),
        )
    _print_outcomes(result, verbose, debug)
    _print_unchanged(result, out, verbose)
    read = sum(not o.cached for o in result.outcomes)
    cached = result.from_cache
    err.print(
        f"{read} read, {cached} from cache, {len(result.rejected)} rejected "
        f"in {time.perf_counter() - started:.1f} s -> {printable(out_dir)}",
        markup=False,
    )
    raise typer.Exit(EXIT_INVALID if result.rejected else EXIT_OK)


@contextmanager
def _executor(kind: str, scheduler: str | None, jobs: int) -> Iterator[Executor]:
    """Yield the executor --executor names (connected to --scheduler), closed at the end."""
    if kind not in ("local", "dask"):
        raise _usage_error("--executor must be local or dask")
    if kind == "dask" and not scheduler:
        raise _usage_error("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    runner = make_executor(kind, scheduler, jobs)
    try:
        yield runner
    finally:
        runner.close()


def _print_outcomes(result: RunResult, verbose: bool, debug: bool) -> None:
    """Print one line per rejected or duplicate file, each file's warnings, then each year."""
    for o in result.outcomes:
        if not o.ok:
            err.print(o.rejection(), markup=False)
            if debug and o.error is not None and o.error.trace:
                err.print(o.error.trace, markup=False)
        elif o.duplicate_of:
            err.print(f"{o.display}: same report as {o.duplicate_of}; kept {o.duplicate_of}", markup=False)
        else:
            _print_warnings(o, verbose)
    for load in result.loads:
        counts = ", ".join(f"{k} {v}" for k, v in load.rows.items())
        err.print(f"{load.year}: {counts}", markup=False)
        left_out = [o.display for o in result.rejected if o.year == load.year]
        if left_out:
            err.print(f"{load.year}: written without {', '.join(left_out)} (rejected)", markup=False)


def _print_unchanged(result: RunResult, out_dir: Path, verbose: bool) -> None:
    """Print the years not rewritten, and the warnings their files had when they were written
    (kept in the manifest): a year that did not change still has what was found in it."""
    if not result.unchanged:
        return
    for entry in read_manifest(out_dir / MANIFEST_NAME):
        if entry.report_year not in result.unchanged:
            continue
        if entry.duplicate_of:
            err.print(
                f"{entry.path}: same report as {entry.duplicate_of}; kept {entry.duplicate_of}", markup=False
            )
        elif entry.used:
            _print_warning_lines(entry.path, list(entry.warnings), verbose, " (unchanged since written)")
    years = ", ".join(map(str, sorted(result.unchanged)))
    files = sum(result.unchanged.values())
    err.print(f"unchanged, not rewritten: {years} ({files} files, all from the cache)", markup=False)


def _print_warnings(outcome: FileOutcome, verbose: bool) -> None:
    """Print how many warnings a file has, then the first few (all when `verbose`)."""
    _print_warning_lines(outcome.display, [f.one_line() for f in outcome.warnings()], verbose)


def _print_warning_lines(display: str, warnings: list[str], verbose: bool, since: str = "") -> None:
    """Print how many `warnings` the file `display` has, then the first few (all when `verbose`)."""
    if not warnings:
        return
    shown = warnings if verbose else warnings[:WARNINGS_SHOWN]
    more = "" if len(shown) == len(warnings) else f" (first {len(shown)}; -v shows all)"
    plural = "s" if len(warnings) > 1 else ""
    err.print(f"{display}: {len(warnings)} warning{plural}{since}{more}", markup=False)
    for line in shown:
        err.print(f"  {line}", markup=False)


@app.command()
def validate(
    paths: PathsArg,
    fmt: Annotated[str, typer.Option("--format", help="text or json", metavar="text|json")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too")] = False,
    year: YearOpt = None,
    timeout: TimeoutOpt = None,
    memory: MemoryOpt = DEFAULT_MEMORY_LIMIT // MIB,
    jobs: JobsOpt = None,
    debug: DebugOpt = False,
    no_infer: NoInferOpt = False,
) -> None:
    """Run the whole pipeline in memory, write nothing, print every finding with its location.

    Info findings (what is unlinked) are advice to the submitter: they never fail, not even
    with --strict, which fails on warnings."""
    if fmt not in ("text", "json"):
        raise _usage_error("--format must be text or json")
    _check_paths(paths)
    options = _options(timeout, memory, debug, no_infer)
    with _one_line_errors(debug):
        outcomes = _run_with_progress(
            len(discover_inputs(paths)),
            lambda on_start, on_file: read_inputs(
                paths,
                year,
                options=options,
                jobs=jobs or available_cores(),
                on_start=on_start,
                on_file=on_file,
            ),
        )
    findings = [f for o in outcomes for f in o.findings()]
    document = findings_document(findings, files=len(outcomes))
    if fmt == "json":
        sys.stdout.write(json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    else:
        for f in findings:
            sys.stdout.write(f.one_line() + "\n")
        summary = document.summary
        err.print(
            f"{summary.files} files, {summary.errors} errors, {summary.warnings} warnings, "
            f"{summary.infos} infos",
            markup=False,
        )
    failed = document.summary.errors > 0 or (strict and document.summary.warnings > 0)
    raise typer.Exit(EXIT_INVALID if failed else EXIT_OK)


register_analysis_commands(app)  # sql, report, diff
cache_app = typer.Typer(no_args_is_help=True, help="The cache of read reports under --out/.cache.")
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear(
    out_dir: Annotated[str, typer.Option("--out", help="Output folder", metavar="DIR")] = "outputs",
) -> None:
    """Remove every cached report and year stamp: the next extract reads every file again."""
    removed = ReportCache.under(_check_out(out_dir)).clear()
    err.print(f"{removed} cached reports removed from {printable(out_dir)}", markup=False)
    raise typer.Exit(EXIT_OK)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """Leave through SystemExit, so workers are reaped and this run's temporaries removed."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point: an error that escapes a command is one line, and Ctrl-C or SIGTERM end the
    run with its workers (each worker also dies with this process, however it dies)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its font warnings are not the user's
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        app()
    except KeyboardInterrupt:
        err.print("mandate-etl: interrupted", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except MandateEtlError as exc:
        err.print(exc.one_line(), markup=False)
        sys.exit(EXIT_INVALID)
    except Exception as exc:  # outside a command (argument parsing): no --debug to honour
        err.print(f"mandate-etl: internal error ({type(exc).__name__}: {exc})", markup=False)
        sys.exit(EXIT_INVALID)
