"""Extract stage: a submission file into the raw report table (`ExtractedReport`).

This is the stage boundary: readers raise errors with their location, and the file's display
path is attached here, once, to every error that leaves the stage.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mandate_etl.errors import ExtractError, MandateEtlError, UnsupportedFormatError
from mandate_etl.extract.registry import READERS, reader_for, recognise
from mandate_etl.extract.sniff import Probe, refusal_reason
from mandate_etl.models import ExtractedReport, SourceFile

__all__ = ["extract_report", "describe_source"]


def describe_source(path: Path, display: str | None = None) -> SourceFile:
    """Return the display path, sha256, size and format (judged by content) of the file at `path`.

    The file is opened once: its first bytes and package directory tell the format, one pass
    hashes it. Raise UnsupportedFormatError when it cannot be read or no reader takes it.
    """
    display = display or str(path)
    try:
        with path.open("rb") as handle:
            probe = Probe(path, handle)
            reader = recognise(probe)
            if reader is None:
                accepted = ", ".join(r.suffix for r in READERS)
                raise UnsupportedFormatError(refusal_reason(probe, accepted), file=display)
            handle.seek(0)
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise UnsupportedFormatError(f"cannot read file ({exc.strerror or exc})", file=display) from None
    return SourceFile(path=display, sha256=digest, format=reader.format, size=size)


def extract_report(
    path: Path, display: str | None = None, source: SourceFile | None = None
) -> ExtractedReport:
    """Return the report table of the submission at `path`, read by its format's reader.

    `display` is the path written in records and messages (relative to the repository);
    `source`, when the caller has already described the file, spares a second read.
    Every failure is raised as an ExtractError subclass naming the file and the reason.
    """
    source = source or describe_source(path, display)
    reader = reader_for(source.format)
    try:
        return reader.load()(path, source)
    except MandateEtlError as exc:
        _name_file(exc, source.path)
        raise
    except RecursionError:
        raise ExtractError("structure nested too deeply to read", file=source.path) from None
    except MemoryError:
        raise ExtractError("file needs more memory than allowed to read", file=source.path) from None
    except Exception as exc:  # a library bug on hostile input must not reach the user as a trace
        cause = f"{type(exc).__name__}: {exc}"
        raise ExtractError(
            f"damaged {reader.kind} file: its internal structure cannot be read ({cause})", file=source.path
        ) from None


def _name_file(error: MandateEtlError, display: str) -> None:
    """Give `error` the file `display` when the reader left it unnamed (its message too)."""
    if error.file is None:
        error.file = display
        error.args = (error.one_line(),)
