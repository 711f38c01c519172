"""The only module that calls the stages in order: extract -> normalize -> load."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mandate_etl.analysis.publish import write_analyst_files
from mandate_etl.errors import ExtractError, MandateEtlError, NormalizeError, YearMissingError
from mandate_etl.extract import describe_source, extract_report
from mandate_etl.extract.registry import input_suffixes, preference
from mandate_etl.load import LoadInfo, ManifestEntry, load_year, recover_outputs, write_manifest
from mandate_etl.models import ExtractedReport, Finding, NormalizedReport, SourceFile
from mandate_etl.normalize import normalize_report

INPUT_SUFFIXES = input_suffixes()
RAW_FOLDER = "raw"  # submissions live under raw/<year>/; paths are written from there on
YEAR_FOLDER = re.compile(r"^(19|20)\d\d$")
PROVENANCE = {"source_file", "source_sha256", "source_locator", "source_page"}


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

    @property
    def ok(self) -> bool:
        """True when the file was read and has no error finding."""
        return self.error is None and self.report is not None and not self.errors()

    def errors(self) -> list[Finding]:
        """Return the error findings of the report."""
        return [f for f in self.report.findings if f.severity == "error"] if self.report else []

    def findings(self) -> list[Finding]:
        """Return every finding, the rejection included, for `validate`."""
        if self.error is not None:
            return [error_finding(self.error, self.display)]
        return list(self.report.findings) if self.report else []


@dataclass
class RunResult:
    """What a whole `extract` run did."""

    outcomes: list[FileOutcome]
    loads: list[LoadInfo] = field(default_factory=list)

    @property
    def rejected(self) -> list[FileOutcome]:
        """Return the outcomes of the files that were rejected."""
        return [o for o in self.outcomes if not o.ok]


def discover_inputs(paths: Iterable[Path]) -> list[Path]:
    """Return the input files: given files as they are, and the .docx/.pdf files under folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith((".", "~$"))
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def display_path(path: Path) -> str:
    """Return the path written in records: from the `raw/` folder on ("raw/2010/x.docx") when
    the file lies under one, else relative to the working directory when below it."""
    resolved = path.resolve()
    for parent in resolved.parents:
        if parent.name == RAW_FOLDER:
            return resolved.relative_to(parent.parent).as_posix()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def year_of(path: Path, display: str, override: int | None) -> int:
    """Return the report year: `override` (--year), else the raw/<year>/ folder name."""
    if override is not None:
        return override
    for parent in path.resolve().parents:
        if YEAR_FOLDER.match(parent.name):
            return int(parent.name)
    raise YearMissingError("report year unknown: put the file under raw/<year>/ or pass --year", file=display)


def run_file(
    path: Path,
    year: int,
    display: str | None = None,
    *,
    source: SourceFile | None = None,
    isolate: bool = False,
    timeout: float | None = None,
) -> NormalizedReport:
    """Return the normalized report of one file (extract and normalize, nothing written).

    With `isolate`, the file is read in a worker process killed past `timeout` seconds;
    `source`, the file already described, spares reading and hashing it again.
    """
    display = display or display_path(path)
    source = source or describe_source(path, display)
    extracted = _extract(path, source, isolate, timeout)
    try:
        return normalize_report(extracted, year)
    except MandateEtlError:
        raise
    except Exception as exc:  # a rule that trips on unforeseen content must not crash the run
        raise NormalizeError(f"cannot normalize ({type(exc).__name__}: {exc})", file=display) from None


def _extract(path: Path, source: SourceFile, isolate: bool, timeout: float | None) -> ExtractedReport:
    """Return the extracted report, in a time- and memory-limited worker when `isolate`."""
    if isolate:
        from mandate_etl.extract.isolate import DEFAULT_TIMEOUT_S, extract_isolated

        return extract_isolated(path, source=source, timeout=timeout or DEFAULT_TIMEOUT_S)
    return extract_report(path, source=source)


def read_inputs(
    paths: Sequence[Path],
    year: int | None = None,
    *,
    isolate: bool = True,
    timeout: float | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Return the outcome of every input; the same report given twice in a year is kept once."""
    outcomes = []
    for path in discover_inputs(paths):
        outcome = read_one(path, year, isolate=isolate, timeout=timeout)
        outcomes.append(outcome)
        if on_file:
            on_file(outcome)
    mark_duplicates(outcomes)
    return outcomes


def read_one(
    path: Path, year: int | None, *, isolate: bool = True, timeout: float | None = None
) -> FileOutcome:
    """Return the outcome of one input file."""
    display = display_path(path)
    outcome = FileOutcome(path, display, None)
    try:
        with contextlib.suppress(YearMissingError):  # a file refused for its format keeps its year
            outcome.year = year_of(path, display, year)
        outcome.source = describe_source(path, display)  # the format is judged before the year
        outcome.year = year_of(path, display, year)
        outcome.report = run_file(
            path, outcome.year, display, source=outcome.source, isolate=isolate, timeout=timeout
        )
        outcome.report = _with_folder_check(outcome.report, path, year)
    except MandateEtlError as exc:
        outcome.error = exc
    except OSError as exc:
        outcome.error = ExtractError(f"cannot read file ({exc.strerror or exc})", file=display)
    return outcome


def _with_folder_check(report: NormalizedReport, path: Path, override: int | None) -> NormalizedReport:
    """Return `report` with a warning when --year differs from the raw/<year>/ folder."""
    folder = next((int(p.name) for p in path.resolve().parents if YEAR_FOLDER.match(p.name)), None)
    if override is None or folder is None or folder == override:
        return report
    finding = Finding(
        severity="warning",
        code="W-YEAR-FOLDER",
        message=f"--year {override} differs from the folder year {folder}",
        file=report.source.path,
    )
    return report.model_copy(update={"findings": (*report.findings, finding)})


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
    return report.model_copy(update={"findings": (*report.findings, *findings)})


def extract_to(
    paths: Sequence[Path],
    out: Path,
    year: int | None = None,
    *,
    isolate: bool = True,
    timeout: float | None = None,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> RunResult:
    """Run the whole pipeline and write the years read; rejected files write nothing."""
    outcomes = read_inputs(paths, year, isolate=isolate, timeout=timeout, on_file=on_file)
    out.mkdir(parents=True, exist_ok=True)
    recover_outputs(out)
    result = RunResult(outcomes)
    years = sorted({o.year for o in outcomes if o.ok and o.year is not None})
    for y in years:
        reports = [o.report for o in outcomes if o.ok and o.year == y and not o.duplicate_of]
        result.loads.append(load_year(out, y, [r for r in reports if r is not None]))
    write_manifest(out, [manifest_entry(o) for o in outcomes], set(years))
    write_analyst_files(out)  # DuckDB views and data package over every year on disk
    return result


def manifest_entry(o: FileOutcome) -> ManifestEntry:
    """Return the manifest entry of one outcome."""
    error = o.error.one_line() if o.error else (o.errors()[0].one_line() if o.errors() else None)
    return ManifestEntry(
        path=o.display,
        sha256=o.source.sha256 if o.source else None,
        format=o.source.format if o.source else None,
        report_year=o.year,
        status="ok" if o.ok else "rejected",
        used=o.ok and not o.duplicate_of,
        duplicate_of=o.duplicate_of,
        error=error,
        warnings=tuple(
            f.one_line() for f in (o.report.findings if o.report else ()) if f.severity == "warning"
        ),
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
