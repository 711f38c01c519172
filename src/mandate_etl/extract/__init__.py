"""Extract stage: a submission file into the raw report table (`ExtractedReport`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from mandate_etl.errors import ExtractError, MandateEtlError
from mandate_etl.extract.sniff import sniff_format
from mandate_etl.models import ExtractedReport, SourceFile

__all__ = ["extract_report", "describe_source"]


def describe_source(path: Path, display: str) -> SourceFile:
    """Return the path, sha256, size and sniffed format of the file at `path`."""
    fmt = sniff_format(path, display)
    data = path.read_bytes()
    return SourceFile(path=display, sha256=hashlib.sha256(data).hexdigest(), format=fmt, size=len(data))


def extract_report(path: Path, display: str | None = None) -> ExtractedReport:
    """Return the report table of the .docx or .pdf at `path`.

    `display` is the path written in records and messages (relative to the repository).
    Every failure is raised as an ExtractError subclass naming the file and the reason.
    """
    display = display or str(path)
    source = describe_source(path, display)
    try:
        if source.format == "docx":
            from mandate_etl.extract.docx import read_docx

            return read_docx(path, source)
        from mandate_etl.extract.pdf import read_pdf

        return read_pdf(path, source)
    except MandateEtlError:
        raise
    except RecursionError:
        raise ExtractError("structure nested too deeply to read", file=display) from None
    except MemoryError:
        raise ExtractError("file needs more memory than allowed to read", file=display) from None
    except Exception as exc:  # a library bug on hostile input must not reach the user as a trace
        kind = "Word" if source.format == "docx" else "PDF"
        raise ExtractError(
            f"damaged {kind} file: its internal structure cannot be read ({type(exc).__name__}: {exc})",
            file=display,
        ) from None
