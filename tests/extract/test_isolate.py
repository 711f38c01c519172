"""The isolated worker: results and errors come back whole; time, memory and crashes are caught."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
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


def large_result(size: int) -> bytes:
    """Return `size` bytes."""
    return bytes(size)


def test_a_result_larger_than_a_report_can_be_is_refused_in_the_worker(monkeypatch) -> None:
    monkeypatch.setattr("mandate_etl.extract.isolate.MAX_RESULT_BYTES", MIB)  # forked workers inherit it
    assert len(run_isolated(large_result, (MIB // 2,), "ok.docx")) == MIB // 2
    with pytest.raises(UnsafeInputError) as caught:
        run_isolated(large_result, (3 * MIB,), "big.docx")
    assert str(caught.value) == (
        "big.docx: the report read is 3 MiB, more than a submission holds (limit 1 MiB); refused"
    )


def test_debug_keeps_the_workers_traceback_beside_the_one_line() -> None:
    with pytest.raises(ExtractError) as caught:
        run_isolated(fail_with_a_bug, (), "bug.pdf", debug=True)
    assert str(caught.value) == "bug.pdf: unreadable (ValueError: bad value)"
    assert caught.value.trace is not None and "in fail_with_a_bug" in caught.value.trace


PARENT = """
import sys, time
from mandate_etl.extract.isolate import run_isolated
import os
def report_and_hang():
    print(os.getpid(), flush=True)
    time.sleep(120)
run_isolated(report_and_hang, (), "slow.pdf", timeout=120)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_worker_outlives_its_parent(signum: int) -> None:
    psutil = pytest.importorskip("psutil")
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = psutil.Process(int(parent.stdout.readline()))
    assert worker.ppid() == parent.pid
    parent.send_signal(signum)
    parent.wait(timeout=10)
    gone, alive = psutil.wait_procs([worker], timeout=5)
    for left in alive:  # do not leave it behind when the test fails
        left.kill()
    assert not alive, f"worker {worker.pid} still runs 5 s after its parent got {signal.Signals(signum).name}"


def test_no_worker_outlives_the_command_line_after_sigterm(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    folder = tmp_path / "raw" / "2010"
    folder.mkdir(parents=True)
    for name in ("slow.pdf", "slower.pdf", "slowest.pdf"):  # any files: the reader is made to hang
        (folder / name).write_bytes(REPORT_DOCX.read_bytes())
    hang = (
        "import sys, time; from mandate_etl import cli, pipeline; "
        "pipeline.read_submission = lambda *a: time.sleep(120); "
        "sys.argv = ['mandate-etl', 'extract', 'raw', '--out', 'out', '--jobs', '2']; cli.main()"
    )
    parent = psutil.Popen([sys.executable, "-c", hang], cwd=tmp_path, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(parent.children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = parent.children()
    assert len(workers) == 2, "two workers should be reading"
    parent.terminate()
    assert parent.wait(timeout=10) != 0
    gone, alive = psutil.wait_procs(workers, timeout=5)
    for left in alive:
        left.kill()
    assert not alive
    assert not list((tmp_path / "out").rglob(".tmp-*"))
