"""The only module that calls the stages in order: extract -> normalize -> load."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import groupby
from pathlib import Path

from mandate_etl.analysis.publish import write_analyst_files
from mandate_etl.cache import ReportCache, file_sha256, pipeline_key
from mandate_etl.errors import ExtractError, LoadError, MandateEtlError, NormalizeError, YearMissingError
from mandate_etl.executors import Executor, SerialExecutor, make_executor
from mandate_etl.extract import describe_source, extract_report
from mandate_etl.extract.isolate import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT_S, run_isolated
from mandate_etl.extract.registry import preference
from mandate_etl.forksafe import arrow_section
from mandate_etl.inputs import (
    FIRST_YEAR,
    LAST_YEAR,
    check_input_file,
    discover_inputs,
    display_path,
    folder_year,
    lexical_path,
    year_of,
)
from mandate_etl.load import (
    LoadInfo,
    ManifestEntry,
    check_writable,
    load_year,
    output_lock,
    recover_outputs,
    write_manifest,
)
from mandate_etl.models import (
    PROVENANCE_COLUMNS,
    TABLE_NAMES,
    ExtractedReport,
    Finding,
    NormalizedReport,
    SourceFile,
)
from mandate_etl.normalize import allow_year_mismatch, assemble_year, normalize_report, title_years

__all__ = [
    "ReadOptions",
    "FileOutcome",
    "RunResult",
    "read_submission",
    "read_file",
    "run_file",
    "read_inputs",
    "read_one",
    "extract_to",
    "discover_inputs",
    "display_path",
    "year_of",
]

PROVENANCE = set(PROVENANCE_COLUMNS)
TITLE_QUOTE_CHARS = 200  # a title is a line or two; its year often comes last


@dataclass(frozen=True)
class ReadOptions:
    """How each file is read: in a worker process with these limits (`isolate`), or here."""

    isolate: bool = True
    timeout: float = DEFAULT_TIMEOUT_S
    memory: int = DEFAULT_MEMORY_LIMIT  # bytes of address space a worker may add
    debug: bool = False  # unexpected errors keep their traceback (and are raised in the parent)
    infer: bool = True  # False (--no-infer): explicit and repaired links only


@dataclass
class FileOutcome:
    """What became of one input: its report, or the error that rejected it."""

    path: Path
    display: str
    year: int | None
    source: SourceFile | None = None
    report: NormalizedReport | None = None
    error: MandateEtlError | None = None
    duplicate_of: str | None = None
    cached: bool = False  # the report came from a cache rather than from reading the file

    @property
    def ok(self) -> bool:
        """True when the file was read and has no error finding."""
        return self.error is None and self.report is not None and not self.errors()

    def errors(self) -> list[Finding]:
        """Return the error findings of the report."""
        return [f for f in self.report.findings if f.severity == "error"] if self.report else []

    def warnings(self) -> list[Finding]:
        """Return the warning findings of the report."""
        return [f for f in self.report.findings if f.severity == "warning"] if self.report else []

    def findings(self) -> list[Finding]:
        """Return every finding, the rejection included, for `validate`."""
        if self.error is not None:
            return [error_finding(self.error, self.display)]
        return list(self.report.findings) if self.report else []

    def rejection(self) -> str:
        """Return the one line that says why the file was rejected ("" when it was not)."""
        if self.error is not None:
            return self.error.one_line()
        errors = self.errors()
        return errors[0].one_line() if errors else ""


@dataclass
class RunResult:
    """What a whole `extract` run did."""

    outcomes: list[FileOutcome]
    loads: list[LoadInfo] = field(default_factory=list)
    unchanged: dict[int, int] = field(default_factory=dict)  # year -> files, not rewritten

    @property
    def from_cache(self) -> int:
        """Return how many files were taken from the cache (unchanged years included)."""
        return sum(o.cached for o in self.outcomes) + sum(self.unchanged.values())

    @property
    def rejected(self) -> list[FileOutcome]:
        """Return the outcomes of the files that were rejected."""
        return [o for o in self.outcomes if not o.ok]


def read_submission(
    path: Path,
    year: int | None,
    display: str | None = None,
    source: SourceFile | None = None,
    infer: bool = True,
) -> NormalizedReport:
    """Return the normalized report of one file, read, normalized and checked writable here.

    `year` None takes the year the report's title names (with a W-YEAR-TITLE warning); raise
    YearMissingError when the title names none or several. Every failure is a MandateEtlError
    naming the file, except MemoryError (the worker turns it into a memory refusal).
    `source`, the file already described, spares reading and hashing it again; `infer` False
    writes no inferred links.
    """
    display = display or display_path(path)
    extracted = extract_report(path, display, source)
    title_finding: tuple[Finding, ...] = ()
    if year is None:
        year, found = _year_from_title(extracted, display)
        title_finding = (found,)
    try:
        report = normalize_report(extracted, year, infer)
    except (MandateEtlError, MemoryError):
        raise
    except Exception as exc:  # a rule that trips on unforeseen content must not crash the run
        raise NormalizeError(
            f"cannot normalize ({type(exc).__name__}: {str(exc)[:200]})", file=display
        ) from None
    check_writable(report)
    return _with_findings(report, title_finding)


def _year_from_title(extracted: ExtractedReport, display: str) -> tuple[int, Finding]:
    """Return the one year the report's title names, and the warning saying it was used."""
    years, line = title_years(extracted)
    if len(years) == 1 and FIRST_YEAR <= years[0] <= LAST_YEAR:
        finding = Finding(
            severity="warning",
            code="W-YEAR-TITLE",
            message=f"report year {years[0]} read from the title (no raw/<year>/ folder, no --year)",
            file=display,
            quote=line[:TITLE_QUOTE_CHARS],
        )
        return years[0], finding
    named = f"; the title names {', '.join(map(str, years))}" if years else ""
    raise YearMissingError(
        f"report year unknown: put the file under raw/<year>/ or pass --year{named}", file=display
    )


def read_file(
    path: Path, year: int | None, options: ReadOptions = ReadOptions(), source: SourceFile | None = None
) -> NormalizedReport:
    """Return the normalized report of one file, read as `options` say: the unit of work.

    Isolated, the whole of `read_submission` (extract, normalize, the writability check) runs
    in a worker process under the time and memory limits, so no file can cost the caller more
    than its refusal. `source`, the file already described, spares the worker reading it
    twice (and names it as the caller does). Raise MandateEtlError naming the file.
    """
    display = source.path if source is not None else display_path(path)
    if not options.isolate:
        return read_submission(path, year, display, source, options.infer)
    return run_isolated(  # type: ignore[no-any-return]
        read_submission,
        (path, year, display, source, options.infer),
        display,
        timeout=options.timeout,
        memory_limit=options.memory,
        debug=options.debug,
    )


def run_file(
    path: Path,
    year: int,
    display: str | None = None,
    *,
    source: SourceFile | None = None,
    isolate: bool = False,
    timeout: float | None = None,
    infer: bool = True,
) -> NormalizedReport:
    """Return the normalized report of one file for `year` (nothing written), as tests use it;
    `source`, the file already described, spares reading and hashing it again."""
    if not isolate:
        return read_submission(path, year, display, source, infer)
    options = ReadOptions(timeout=timeout or DEFAULT_TIMEOUT_S, infer=infer)
    return read_file(path, year, options, source=source)


def read_inputs(
    paths: Sequence[Path],
    year: int | None = None,
    *,
    options: ReadOptions = ReadOptions(),
    jobs: int = 1,
    on_start: Callable[[str], None] | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Return the outcome of every input, in input order; the same report given twice in a
    year is kept once. Up to `jobs` files are read at once, each by its own worker.

    `on_start(display)` is called as a file starts being read, `on_file(outcome)` when done
    (in the calling thread, in input order).
    """
    files = discover_inputs(paths)
    work = partial(_read_announced, year=year, options=options, on_start=on_start)
    executor = make_executor("local", jobs=jobs if options.isolate and len(files) > 1 else 1)
    outcomes = []
    for outcome in executor.map(work, files, _lost_outcome):
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    mark_duplicates(outcomes)
    return outcomes


def _read_announced(
    path: Path, year: int | None, options: ReadOptions, on_start: Callable[[str], None] | None
) -> FileOutcome:
    """Return the outcome of one file, calling `on_start` with its name first."""
    if on_start:
        on_start(display_path(path))
    return read_one(path, year, options)


def read_one(
    path: Path, year: int | None, options: ReadOptions = ReadOptions(), display: str | None = None
) -> FileOutcome:
    """Return the outcome of one input file: whatever goes wrong is this file's error alone.

    `display` is the path written in records (default: from raw/ on, or from the working
    directory), given by the caller when this runs elsewhere (a Dask worker).
    """
    display = display or display_path(path)
    outcome = FileOutcome(path, display, year if year is not None else folder_year(path))
    try:
        check_input_file(path, display)  # a FIFO or device is never opened
        outcome.source = describe_source(path, display)  # the format is judged before the year
        report = read_file(path, outcome.year, options, source=outcome.source)
        outcome.year = report.report_year
        report = report if year is None else allow_year_mismatch(report)  # --year given on purpose
        outcome.report = _with_folder_check(report, path, year)
    except MandateEtlError as exc:
        outcome.error = exc
    except OSError as exc:
        outcome.error = _file_error(f"cannot read file ({exc.strerror or exc})", display)
    except Exception as exc:
        if options.debug:
            raise
        outcome.error = _file_error(f"internal error ({type(exc).__name__}: {str(exc)[:200]})", display)
    return outcome


def _file_error(reason: str, display: str) -> MandateEtlError:
    """Return the extract-stage error of one file."""
    return ExtractError(reason, file=display)


def _with_findings(report: NormalizedReport, findings: Sequence[Finding]) -> NormalizedReport:
    """Return `report` with `findings` added after its own."""
    if not findings:
        return report
    return report.model_copy(update={"findings": (*report.findings, *findings)})


def _with_folder_check(report: NormalizedReport, path: Path, override: int | None) -> NormalizedReport:
    """Return `report` with a warning when --year differs from the raw/<year>/ folder."""
    folder = folder_year(path)
    if override is None or folder is None or folder == override:
        return report
    finding = Finding(
        severity="warning",
        code="W-YEAR-FOLDER",
        message=f"--year {override} differs from the folder year {folder}",
        file=report.source.path,
    )
    return _with_findings(report, (finding,))


def mark_duplicates(outcomes: Sequence[FileOutcome]) -> None:
    """Keep one copy of a report given twice in a year (Word first); refuse other overlaps.

    Two inputs are the same report when their tables are equal but for provenance. A file
    that reports an office another file of the year already reports, with other content, is
    an error (E-OFFICE-DUPLICATE), never silently dropped.
    """
    by_year: dict[int, list[FileOutcome]] = {}
    for o in outcomes:
        if o.ok and o.year is not None:
            by_year.setdefault(o.year, []).append(o)
    for group in by_year.values():
        group.sort(key=lambda o: (preference(o.source.format if o.source else ""), o.display))
        kept: dict[str, FileOutcome] = {}  # content signature -> the input kept
        for o in group:
            assert o.report is not None
            signature = content_signature(o.report)
            if signature in kept:
                o.duplicate_of = kept[signature].display
                continue
            clash = next((k for k in kept.values() if _office_ids(k) & _office_ids(o)), None)
            if clash is None:
                kept[signature] = o
            else:
                o.report = _with_office_clash(o.report, clash, _office_ids(clash) & _office_ids(o))


def content_signature(report: NormalizedReport | None) -> str:
    """Return a hash of the report's tables without their provenance columns."""
    digest = hashlib.sha256()
    for name in ("offices", "mandates", "office_mandates", "activities", "activity_mandates"):
        for record in report.table(name) if report else ():
            digest.update(record.model_dump_json(exclude=PROVENANCE).encode())
    return digest.hexdigest()


def _office_ids(o: FileOutcome) -> set[str]:
    """Return the office ids an outcome reports."""
    return {x.office_id for x in o.report.offices} if o.report else set()


def _with_office_clash(report: NormalizedReport, other: FileOutcome, shared: set[str]) -> NormalizedReport:
    """Return `report` with an error for each office that `other` already reports this year."""
    findings = [
        Finding(
            severity="error",
            code="E-OFFICE-DUPLICATE",
            message=f"office {office.office_id} is also reported, differently, in {other.display}",
            file=report.source.path,
            location=office.source_locator,
            office=office.name,
        )
        for office in report.offices
        if office.office_id in shared
    ]
    return _with_findings(report, findings)


def extract_to(
    paths: Sequence[Path],
    out: Path,
    year: int | None = None,
    *,
    options: ReadOptions = ReadOptions(),
    jobs: int = 1,
    cache: bool = True,
    executor: Executor | None = None,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    on_start: Callable[[str], None] | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> RunResult:
    """Run the whole pipeline and write the years read; rejected files write nothing.

    The run holds the lock on `out` throughout (waiting for another run, or raising
    OutputLockedError when not `wait`). A year that cannot be written leaves its old
    tables and rejects its files with the reason; the other years are still written.
    With `cache`, an unchanged file comes from `out/.cache/` and a year none of whose inputs
    changed is not rewritten. Files are read by `executor` (default: `jobs` at once here);
    each year is written as soon as its last file is in, then its reports are let go.
    """
    if executor is None:
        executor = make_executor("local", jobs=jobs if options.isolate else 1)
    with output_lock(out, wait=wait, on_wait=on_wait):
        recover_outputs(out)
        store = ReportCache.under(out, pipeline_key(infer=options.infer))
        result = RunResult([])
        written: set[int] = set()
        entries: list[ManifestEntry] = []
        pending = plan_inputs(paths, year, store if cache else None)
        reading = read_by_year(pending, year, options, store if cache else None, executor, on_start, on_file)
        for y, outcomes, keys in reading:
            if not outcomes and y is not None:  # unchanged since the run that wrote it
                result.unchanged[y] = len(keys)
                continue
            mark_duplicates(outcomes)
            tried = {o.year for o in outcomes if o.ok}
            loads = _load_years(out, y, outcomes, keys, store, options)
            result.loads += loads
            written |= {load.year for load in loads}
            failed = tried - written  # their old tables stay, and so do their manifest entries
            entries += [manifest_entry(o) for o in outcomes if o.year not in failed]
            result.outcomes += [_without_tables(o) for o in outcomes]  # flat memory: counts are in
        write_manifest(out, entries, written)
        if written or not result.unchanged:  # when nothing changed on disk, the views still hold
            write_analyst_files(out)  # DuckDB views and data package over every year on disk
    return result


def _load_years(
    out: Path,
    group_year: int | None,
    outcomes: Sequence[FileOutcome],
    keys: Sequence[tuple[str, str]],
    store: ReportCache,
    options: ReadOptions,
) -> list[LoadInfo]:
    """Return the loads of the years `outcomes` hold (one, but for files whose title named
    it), each stamped with its cache inputs when it has them, its stamp dropped otherwise."""
    loads = []
    for year in sorted({o.year for o in outcomes if o.ok and o.year is not None}):
        with arrow_section():  # workers go on being forked meanwhile: never amid Arrow's locks
            load = _load_year_or_reject(out, year, [o for o in outcomes if o.ok and o.year == year], options)
        # A year with a rejected file is never stamped: the next run assembles it again (from the
        # cache) and so says again why that file was refused, with the same exit code.
        accepted = all(o.ok for o in outcomes if o.year == year)
        _stamp_or_forget(store, year, load, keys if year == group_year and accepted else None)
        if load is not None:
            loads.append(load)
    return loads


def _load_year_or_reject(
    out: Path, year: int, outcomes: Sequence[FileOutcome], options: ReadOptions
) -> LoadInfo | None:
    """Return the load of `year` from its files kept; when it fails, reject them with why."""
    reports = [o.report for o in outcomes if not o.duplicate_of and o.report is not None]
    try:
        return load_year(out, assemble_year(year, reports))
    except MandateEtlError as exc:
        error: MandateEtlError = exc
    except Exception as exc:
        if options.debug:
            raise
        error = LoadError(f"{year} cannot be written ({type(exc).__name__}: {str(exc)[:200]})", file=str(out))
    for o in outcomes:
        o.error = error
    return None


def manifest_entry(o: FileOutcome) -> ManifestEntry:
    """Return the manifest entry of one outcome."""
    return ManifestEntry(
        path=o.display,
        sha256=o.source.sha256 if o.source else None,
        format=o.source.format if o.source else None,
        report_year=o.year,
        status="ok" if o.ok else "rejected",
        used=o.ok and not o.duplicate_of,
        duplicate_of=o.duplicate_of,
        error=o.rejection() or None,
        warnings=tuple(f.one_line() for f in o.warnings()),
        rows=o.report.counts() if o.report and o.ok else {},
    )


def error_finding(error: MandateEtlError, display: str) -> Finding:
    """Return a rejection as an error finding."""
    return Finding(
        severity="error",
        code=error.code,
        message=error.reason,
        file=error.file or display,
        location=error.location or "",
    )


# Incremental and distributed runs (issue 12): which files to read, in year order, through an
# executor; the others come from the cache. Results are consumed as they arrive, a year at a time.


@dataclass(frozen=True)
class PendingFile:
    """One input as planned: where it is, the path written, its year if known, its cache key."""

    path: Path
    display: str
    year: int | None  # --year, else the folder's; None: only its title will tell
    key: str | None = None  # None without the cache, or when the file cannot be hashed


def plan_inputs(paths: Sequence[Path], year: int | None, cache: ReportCache | None) -> list[PendingFile]:
    """Return the inputs in year order (files whose year only the title tells first), keyed
    for the cache when one is given."""
    planned = []
    for path in discover_inputs(paths):
        display = display_path(path)
        hint = year if year is not None else folder_year(path)
        planned.append(PendingFile(lexical_path(path), display, hint))  # absolute: a worker's cwd differs
        if cache is not None:
            planned[-1] = _with_cache_key(planned[-1], cache, year)
    return sorted(planned, key=lambda p: (p.year is not None, p.year or 0))


def _with_cache_key(pending: PendingFile, cache: ReportCache, year: int | None) -> PendingFile:
    """Return `pending` with its cache key (none when the file is not a regular readable file:
    reading it will say why)."""
    try:
        check_input_file(pending.path, pending.display)
        sha256 = file_sha256(pending.path)
    except (MandateEtlError, OSError):
        return pending
    return replace(pending, key=cache.key(sha256, pending.display, year))


def read_pending(pending: PendingFile, year: int | None, options: ReadOptions) -> FileOutcome:
    """Return the outcome of one planned file: the unit of work of every executor."""
    return read_one(pending.path, year, options, display=pending.display)


def read_by_year(
    pending: Sequence[PendingFile],
    year: int | None,
    options: ReadOptions,
    cache: ReportCache | None,
    executor: Executor | None,
    on_start: Callable[[str], None] | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> Iterator[tuple[int | None, list[FileOutcome], list[tuple[str, str]]]]:
    """Yield (year, outcomes, cache inputs) per year of `pending`, in order, as its last file
    arrives. Outcomes are empty for a year unchanged since it was written (nothing read).

    Files whose year only their title tells are read first and join their year's group. The
    cache inputs are the (display, key) pairs of the year's files when every one is cached.
    """
    groups = [(y, list(files)) for y, files in groupby(pending, key=lambda p: p.year)]
    unchanged = {y for y, files in groups if y is not None and _year_unchanged(cache, y, files)}
    if any(p.year is None for p in pending):  # a file's title may name any year: none is skipped
        unchanged = set()
    to_read = [p for y, files in groups if y not in unchanged for p in files if not _cached(cache, p)]
    work = partial(read_pending, year=year, options=options)
    results = (executor or SerialExecutor()).map(work, to_read, _lost_outcome)
    reading = set(to_read)
    titled: dict[int | None, list[FileOutcome]] = {}
    for y, files in groups:
        if y in unchanged:
            yield y, [], [(p.display, p.key or "") for p in files]
            continue
        outcomes = [_next_outcome(p, results, p in reading, cache, work, on_start, on_file) for p in files]
        if y is None:  # files that named their year in the title: they join that year
            for o in outcomes:
                titled.setdefault(o.year, []).append(o)
            continue
        keys = [(p.display, p.key) for p in files if p.key]
        complete = len(keys) == len(files) and y not in titled and all(o.error is None for o in outcomes)
        yield y, titled.pop(y, []) + outcomes, keys if complete else []
    for y, outcomes in sorted(titled.items(), key=lambda item: item[0] or 0):
        yield y, outcomes, []


def _next_outcome(
    pending: PendingFile,
    results: Iterator[FileOutcome],
    submitted: bool,
    cache: ReportCache | None,
    work: Callable[[PendingFile], FileOutcome],
    on_start: Callable[[str], None] | None,
    on_file: Callable[[FileOutcome], None] | None,
) -> FileOutcome:
    """Return the outcome of `pending`: the executor's next result, or the cached report (a
    damaged entry is read again here); store a fresh report in the cache."""
    if on_start:
        on_start(pending.display)
    outcome = next(results) if submitted else _from_cache(cache, pending)
    if outcome is None:
        outcome = work(pending)
    if cache is not None and pending.key and not outcome.cached and outcome.report and not outcome.error:
        cache.put(pending.key, outcome.report)
    if on_file:
        on_file(outcome)
    return outcome


def _cached(cache: ReportCache | None, pending: PendingFile) -> bool:
    """True when `pending` has an entry in the cache (checked when it is read)."""
    return cache is not None and pending.key is not None and cache.has(pending.key)


def _from_cache(cache: ReportCache | None, pending: PendingFile) -> FileOutcome | None:
    """Return the outcome of `pending` rebuilt from its cached report, or None."""
    report = cache.get(pending.key) if cache is not None and pending.key else None
    if report is None:
        return None
    return FileOutcome(pending.path, pending.display, report.report_year, report.source, report, cached=True)


def _year_unchanged(cache: ReportCache | None, year: int, files: Sequence[PendingFile]) -> bool:
    """True when every file of `year` is cached and the year was last written from them."""
    if cache is None or not all(p.key and cache.has(p.key) for p in files):
        return False
    return cache.year_unchanged(year, [(p.display, p.key or "") for p in files])


def _stamp_or_forget(
    cache: ReportCache, year: int, load: LoadInfo | None, keys: Sequence[tuple[str, str]] | None
) -> None:
    """Stamp `year` as written from these cached inputs; forget its stamp when it was written
    from anything else (or not written), so a later run never skips it wrongly."""
    if load is not None and keys:
        cache.stamp_year(year, keys, load.files.values())
    else:
        cache.forget_year(year)


def _lost_outcome(pending: PendingFile | Path, error: BaseException) -> FileOutcome:
    """Return the outcome of a file whose worker was lost (killed, or its machine gone)."""
    if isinstance(pending, Path):
        pending = PendingFile(pending, display_path(pending), None)
    reason = f"the worker reading it was lost ({type(error).__name__})"
    return FileOutcome(
        pending.path, pending.display, pending.year, error=ExtractError(reason, file=pending.display)
    )


def _without_tables(outcome: FileOutcome) -> FileOutcome:
    """Return `outcome` with its report's tables dropped (its findings and source kept), once
    its year is written: a run over many years never holds every report."""
    if outcome.report is not None:
        empty = {name: () for name in TABLE_NAMES}
        outcome.report = outcome.report.model_copy(update={**empty, "occurrences": ()})
    return outcome
