"""The run's manifest: every input, its outcome and row counts (`outputs/manifest.json`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from mandate_etl.errors import LoadError
from mandate_etl.load.atomic import write_bytes_atomically
from mandate_etl.models.base import FrozenModel

MANIFEST_NAME = "manifest.json"


class ManifestEntry(FrozenModel):
    """What became of one input file."""

    path: str
    sha256: str | None
    format: str | None
    report_year: int | None
    status: Literal["ok", "rejected"]
    used: bool = True
    duplicate_of: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    rows: dict[str, int] = {}


def write_manifest(out: Path, entries: Sequence[ManifestEntry], years_read: set[int]) -> Path:
    """Write the manifest: this run's entries, plus earlier entries of years not written now.

    Raise LoadError when it cannot be written (the years already written stay).
    """
    path = out / MANIFEST_NAME
    kept = [e for e in read_manifest(path) if e.report_year not in years_read and e.report_year is not None]
    paths_now = {e.path for e in entries}
    merged = [e for e in kept if e.path not in paths_now] + list(entries)
    merged.sort(key=lambda e: (e.report_year or 0, e.path))
    payload = {"inputs": [e.model_dump(mode="json") for e in merged]}
    text = json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        write_bytes_atomically(path, lambda p: p.write_text(text, encoding="utf-8"))
    except OSError as exc:
        raise LoadError(f"cannot write the manifest ({exc.strerror or exc})", file=str(path)) from None
    return path


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Return the entries of an existing manifest (none when it is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [ManifestEntry.model_validate(e) for e in data.get("inputs", [])]
    except (OSError, ValueError):
        return []
