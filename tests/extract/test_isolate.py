"""The isolated worker: results and errors come back whole; time, memory and crashes are caught."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import time
from pathlib import Path

import pytest
from tests.conftest import DISPLAY_DOCX
from tests.conftest import RAW_2010_DOCX as REPORT_DOCX

from mandate_etl.errors import (
    ExtractError,
    MandateEtlError,
    TableNotFoundError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from mandate_etl.extract import extract_report
from mandate_etl.extract.isolate import extract_isolated, run_isolated

MIB = 1024**2


def allocate(size: int) -> int:
    """Return the length of a `size`-byte buffer (raises MemoryError past the limit)."""
    return len(bytearray(size))


def allocate_as_extract_report_does(size: int) -> int:
    """Return like `allocate`, but turn MemoryError into an ExtractError as extract_report does."""
    try:
        return allocate(size)
    except MemoryError:
        raise ExtractError("file needs more memory than allowed to read", file="x") from None


def kill_self(signum: int) -> None:
    """Send `signum` to the current process."""
    os.kill(os.getpid(), signum)


def fail_with_a_bug() -> None:
    """Raise a plain library-style exception."""
    raise ValueError("bad value")


def test_isolated_read_equals_in_process_read() -> None:
    isolated = extract_isolated(REPORT_DOCX, DISPLAY_DOCX)
    assert isolated == extract_report(REPORT_DOCX, DISPLAY_DOCX)


def test_worker_error_comes_back_with_class_file_and_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(UnsupportedFormatError) as caught:
        extract_isolated(tmp_path / "empty.pdf", "raw/2011/empty.pdf")
    assert caught.value.file == "raw/2011/empty.pdf"
    assert caught.value.reason == "empty file (0 bytes)"
    assert str(caught.value) == "raw/2011/empty.pdf: empty file (0 bytes)"


@pytest.mark.parametrize(
    "error_class",
    [MandateEtlError, ExtractError, TableNotFoundError, UnsafeInputError, UnsupportedFormatError],
)
def test_errors_survive_pickling(error_class: type[MandateEtlError]) -> None:
    error = error_class("no table", file="a.docx", location="table 2")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is error_class
    assert (copy.reason, copy.file, copy.location, str(copy)) == (
        "no table",
        "a.docx",
        "table 2",
        "a.docx: table 2: no table",
    )


def test_slow_real_read_is_refused_past_the_timeout() -> None:
    with pytest.raises(UnsafeInputError, match=r"^r\.docx: parsing took longer than 0\.001 s"):
        extract_isolated(REPORT_DOCX, "r.docx", timeout=0.001)


def test_hanging_worker_is_killed() -> None:
    started = time.monotonic()
    with pytest.raises(UnsafeInputError) as caught:
        run_isolated(time.sleep, (60,), "slow.pdf", timeout=0.5)
    assert caught.value.reason == "parsing took longer than 0.5 s; refused"
    assert time.monotonic() - started < 5
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("func", [allocate, allocate_as_extract_report_does])
def test_memory_hungry_worker_is_refused(func) -> None:
    with pytest.raises(UnsafeInputError) as caught:
        run_isolated(func, (1024 * MIB,), "big.docx", memory_limit=64 * MIB)
    assert str(caught.value) == "big.docx: needed more than 64 MiB of memory"


def test_worker_killed_outright_is_taken_for_the_memory_killer() -> None:
    with pytest.raises(UnsafeInputError, match="needed more than 1024 MiB of memory"):
        run_isolated(kill_self, (signal.SIGKILL,), "big.docx")


def test_crashing_worker_is_an_extract_error_with_the_signal() -> None:
    with pytest.raises(ExtractError) as caught:
        run_isolated(kill_self, (signal.SIGSEGV,), "crash.pdf")
    assert type(caught.value) is ExtractError
    assert str(caught.value) == "crash.pdf: the reader crashed (signal SIGSEGV)"


def test_exiting_worker_is_an_extract_error_with_the_exit_code() -> None:
    with pytest.raises(ExtractError, match=r"^crash\.pdf: the reader crashed \(exit code 3\)$"):
        run_isolated(os._exit, (3,), "crash.pdf")


def test_library_exception_in_worker_is_one_line() -> None:
    with pytest.raises(ExtractError, match=r"^bug\.pdf: unreadable \(ValueError: bad value\)$"):
        run_isolated(fail_with_a_bug, (), "bug.pdf")
