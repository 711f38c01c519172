"""Given a submission's bytes and the pipeline that reads them, return the normalized report an
earlier run stored, so an unchanged file is never read twice.

An entry is keyed by the file's sha256, the path written in its records, the year asked for
and the pipeline key (package version, RULES_VERSION and the hash of every reference data
file), so a changed file, a rule change or a changed catalogue each make a miss. Entries are
Arrow IPC files (never pickle: the cache lives beside the outputs and may be shared) with a
sha256 trailer over the IPC bytes; an entry that does not check out is deleted and read
again, never trusted. Writes go through a temporary file and a rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel

from mandate_etl import __version__
from mandate_etl.forksafe import arrow_section
from mandate_etl.load.arrow_schema import SCALARS
from mandate_etl.models import NormalizedReport

__all__ = ["RULES_VERSION", "CACHE_FOLDER", "ReportCache", "pipeline_key", "file_sha256", "data_sha256"]

# Bump whenever a rule changes what a report holds for the same file (normalize/, extract/):
# every cached report is then read again.
# 2: the link pass (inferred links, evidence, I-ACTIVITY-UNLINKED)
# 3: PDF line ends and W-TEXT-BREAK-UNSURE (issue 7), clause and body-name boundaries (issue 10)
# 4: PDF cut words: word families, pieces alone on their lines decided together, doubts (issue 7)
RULES_VERSION = "4"
CACHE_FOLDER = ".cache"
REPORTS_FOLDER = "reports"
YEARS_FOLDER = "years"
ENTRY_SUFFIX = ".arrow"
DIGEST_SIZE = 32  # the sha256 trailer after the IPC bytes
CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of the file at `path`, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@cache
def data_sha256(folder: Path | None = None) -> str:
    """Return one sha256 over the names and bytes of every reference data file in `folder`
    (default: the package's `data/`)."""
    digest = hashlib.sha256()
    folder = folder or Path(str(resources.files("mandate_etl.data")))
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file() and not entry.name.endswith((".py", ".pyc")):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def pipeline_key(rules_version: str | None = None, data_hash: str | None = None, infer: bool = True) -> str:
    """Return the hash of what reads a file: package version, rules version (default
    RULES_VERSION), reference data (default: the package's), and whether links are inferred
    (--no-infer reads the same file into other tables)."""
    text = f"{__version__}\0{rules_version or RULES_VERSION}\0{data_hash or data_sha256()}"
    text += "" if infer else "\0no-infer"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class ReportCache:
    """The normalized reports of earlier runs, under `<out>/.cache/reports/`."""

    root: Path  # <out>/.cache
    pipeline: str  # pipeline_key() of this run

    @classmethod
    def under(cls, out: Path, pipeline: str | None = None) -> ReportCache:
        """Return the cache of the output folder `out`."""
        return cls(out / CACHE_FOLDER, pipeline or pipeline_key())

    def key(self, sha256: str, display: str, year: int | None) -> str:
        """Return the entry key of a file: its bytes, its written path, the year asked for."""
        text = f"{self.pipeline}\0{sha256}\0{display}\0{year}"
        return hashlib.sha256(text.encode()).hexdigest()

    def path(self, key: str) -> Path:
        """Return the file of entry `key` (fanned out over 256 folders)."""
        return self.root / REPORTS_FOLDER / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def get(self, key: str) -> NormalizedReport | None:
        """Return the report stored under `key`, or None when absent or damaged (then deleted)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with arrow_section():
            report = _decode(data, key)
        if report is None:
            path.unlink(missing_ok=True)
        return report

    def put(self, key: str, report: NormalizedReport) -> None:
        """Store `report` under `key` atomically (a failure to write leaves no entry)."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        try:
            with arrow_section():
                data = _encode(report, key)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:  # a full disk costs the cache entry, never the run
            tmp.unlink(missing_ok=True)

    def has(self, key: str) -> bool:
        """True when an entry for `key` exists (not checked: `get` does that)."""
        return self.path(key).is_file()

    def year_unchanged(self, year: int, inputs: Sequence[tuple[str, str]]) -> bool:
        """True when `year` was last written from exactly these (display, key) inputs, by this
        pipeline, and its output files are still the ones that run wrote."""
        try:
            stamp = json.loads(self._stamp_path(year).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(stamp, dict) or stamp.get("inputs") != _inputs_digest(inputs):
            return False
        outputs = stamp.get("outputs")
        return isinstance(outputs, dict) and bool(outputs) and outputs == _file_stats(outputs)

    def stamp_year(self, year: int, inputs: Sequence[tuple[str, str]], files: Iterable[Path]) -> None:
        """Record that `year` was just written as `files` from these (display, key) inputs."""
        stamp = {"inputs": _inputs_digest(inputs), "outputs": _file_stats(str(f) for f in files)}
        path = self._stamp_path(year)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
        try:
            tmp.write_text(json.dumps(stamp, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)

    def forget_year(self, year: int) -> None:
        """Drop the stamp of `year` (written now by a run whose inputs it does not describe)."""
        self._stamp_path(year).unlink(missing_ok=True)

    def _stamp_path(self, year: int) -> Path:
        """Return the stamp file of `year`."""
        return self.root / YEARS_FOLDER / f"{year}.json"

    def clear(self) -> int:
        """Remove every entry; return how many there were."""
        folder = self.root / REPORTS_FOLDER
        count = sum(1 for _ in folder.rglob(f"*{ENTRY_SUFFIX}")) if folder.is_dir() else 0
        shutil.rmtree(self.root, ignore_errors=True)
        return count


def _inputs_digest(inputs: Sequence[tuple[str, str]]) -> str:
    """Return one hash of a year's (display, key) inputs, in any order."""
    return hashlib.sha256("\n".join(sorted(f"{d}\0{k}" for d, k in inputs)).encode()).hexdigest()


def _file_stats(paths: Iterable[str]) -> dict[str, list[int]]:
    """Return path -> [size, mtime_ns] of each file (missing files are left out)."""
    stats = {}
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        stats[path] = [info.st_size, info.st_mtime_ns]
    return stats


def _encode(report: NormalizedReport, key: str) -> bytes:
    """Return the IPC bytes of `report` (one row, a column per field) and their sha256."""
    schema = report_schema().with_metadata({b"key": key.encode()})
    table = pa.Table.from_pylist([report.model_dump(mode="python")], schema=schema)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, schema) as writer:
        writer.write_table(table)
    body: bytes = sink.getvalue().to_pybytes()
    return body + hashlib.sha256(body).digest()


def _decode(data: bytes, key: str) -> NormalizedReport | None:
    """Return the report in entry bytes `data`, or None when they are not what `_encode` wrote."""
    body, trailer = data[:-DIGEST_SIZE], data[-DIGEST_SIZE:]
    if len(data) <= DIGEST_SIZE or hashlib.sha256(body).digest() != trailer:
        return None
    try:
        table = pa.ipc.open_file(pa.py_buffer(body)).read_all()
        if (table.schema.metadata or {}).get(b"key") != key.encode() or table.num_rows != 1:
            return None
        return NormalizedReport.model_validate(table.to_pylist()[0])
    except Exception:  # any damage the digest let through is a miss, never a crash
        return None


@cache
def report_schema() -> pa.Schema:
    """Return the Arrow schema of a NormalizedReport, derived from the pydantic models."""
    struct, _ = _field_type(NormalizedReport)
    return pa.schema([struct.field(i) for i in range(struct.num_fields)])


def _field_type(annotation: Any) -> tuple[pa.DataType, bool]:
    """Return (Arrow type, nullable) of a model field annotation, nested models included."""
    args = get_args(annotation)
    if get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        return _field_type(inner[0])[0], True
    if get_origin(annotation) is Literal or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return pa.string(), False
    if get_origin(annotation) in (tuple, list):
        items = {a for a in args if a is not Ellipsis}
        if len(items) != 1:
            raise TypeError(f"unsupported sequence {annotation!r}")
        return pa.list_(_field_type(items.pop())[0]), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = [pa.field(n, *_field_type(f.annotation)) for n, f in annotation.model_fields.items()]
        return pa.struct(fields), False
    if annotation in SCALARS:
        return SCALARS[annotation], False
    raise TypeError(f"no Arrow type for {annotation!r}")
