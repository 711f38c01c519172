"""Given a .doc, .odt or .rtf file, return its report table: LibreOffice converts it to .docx
in a private temporary folder, and the Word reader reads that copy.

This runs inside the isolated extract worker, so the worker's time limit covers the
conversion; LibreOffice itself runs as a child process with its own address-space limit and
its own deadline, which ends before the worker's, in a process group of its own that is killed
whole when it overruns (its launcher forks the converter, which would outlive a killed worker).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from mandate_etl.errors import ExtractError, UnsafeInputError
from mandate_etl.extract.docx import read_docx
from mandate_etl.extract.isolate import time_left
from mandate_etl.models import ExtractedReport, SourceFile

SOFFICE = "soffice"
DEBIAN_PACKAGE = "libreoffice-writer-nogui"
# Measured (LibreOffice 7.4, the 2010 report as .doc): a conversion with a fresh profile takes
# 1.3-2.5 s idle and up to 15 s on a loaded machine; it fails under a 384 MiB address-space cap,
# succeeds under 512 MiB, and peaks at ~210 MiB resident. The deadline stays below the worker's
# (60 s), so LibreOffice is stopped here first, with its own message; the memory cap leaves
# room for files larger than the 2010 report.
CONVERT_TIMEOUT_S = 45.0
WORKER_MARGIN_S = 2.0  # LibreOffice is stopped this long before the worker would be killed
CONVERT_MEMORY_LIMIT = 2 * 1024**3
STDERR_TAIL = 200  # characters of LibreOffice's last line of complaint kept in the message


def read_converted(path: Path, source: SourceFile) -> ExtractedReport:
    """Return the report table of a file LibreOffice can open, read as the .docx it converts to.

    Records keep `source` (the original file, its hash and format). Raise ExtractError when
    LibreOffice is missing or cannot convert the file, UnsafeInputError past the time limit.
    """
    soffice = shutil.which(SOFFICE)
    if soffice is None:
        raise ExtractError(
            f"reading .{source.format} needs LibreOffice: install the Debian package {DEBIAN_PACKAGE}"
        )
    with tempfile.TemporaryDirectory(prefix="mandate-etl-convert-") as folder:
        converted = convert_to_docx(soffice, path, source.format, Path(folder))
        return read_docx(converted, source)


def convert_to_docx(soffice: str, path: Path, fmt: str, folder: Path) -> Path:
    """Return the .docx that LibreOffice writes into `folder` from the file at `path`."""
    # A link of our own naming: LibreOffice names its output after the input and leaves a
    # lock file beside it, so neither touches the submission's folder.
    link = folder / f"input.{fmt}"
    link.symlink_to(path.resolve())
    command = [
        soffice,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",  # no shared profile, no lock
        "--headless",
        "--norestore",
        "--convert-to",
        "docx",
        "--outdir",
        str(folder / "out"),
        str(link),
    ]
    detail = _run(command, folder)
    converted = folder / "out" / "input.docx"
    if not converted.is_file():
        raise ExtractError(f"LibreOffice could not convert the .{fmt} file ({detail})")
    return converted


def _run(command: list[str], folder: Path) -> str:
    """Run LibreOffice within its limits; return its exit status and last words for messages."""
    env = {**os.environ, "HOME": str(folder)}  # anything it writes outside the profile stays here
    deadline = _time_allowed()
    process = subprocess.Popen(  # noqa: S603 (the command is ours; the file is one argument)
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group, killed whole below
        preexec_fn=_limit_child_memory,  # noqa: PLW1509 (the worker runs no other thread)
    )
    try:
        _, stderr = process.communicate(timeout=deadline)
    except subprocess.TimeoutExpired:
        raise UnsafeInputError(f"LibreOffice took longer than {deadline:.3g} s to convert; refused") from None
    finally:
        _kill_group(process)
    lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
    last = " ".join(lines[-1].split())[:STDERR_TAIL] if lines else ""
    return f"exit status {process.returncode}; {last}" if last else f"exit status {process.returncode}"


def _time_allowed() -> float:
    """Return LibreOffice's deadline: CONVERT_TIMEOUT_S, or less so it ends before the worker."""
    left = time_left()
    return CONVERT_TIMEOUT_S if left is None else min(CONVERT_TIMEOUT_S, max(left - WORKER_MARGIN_S, 0.1))


def _limit_child_memory() -> None:
    """Give LibreOffice its own address-space cap, CONVERT_MEMORY_LIMIT (the hard cap permitting).

    It replaces the worker's cap, which is the worker's start size plus what the Python reader
    may add: too small for LibreOffice under a tight limit, and not about LibreOffice's needs.
    """
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = CONVERT_MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(hard, CONVERT_MEMORY_LIMIT)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill what is left of LibreOffice's process group (its launcher forks the converter)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
