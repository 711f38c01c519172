"""Given a submission file, return its report table read in a worker process with bounded
memory and time, so a hostile file costs a refusal, never the caller's process."""

from __future__ import annotations

import ctypes
import faulthandler
import importlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from mandate_etl.errors import ExtractError, MandateEtlError, UnsafeInputError
from mandate_etl.extract import extract_report
from mandate_etl.extract.registry import READERS
from mandate_etl.models import ExtractedReport, SourceFile

__all__ = ["extract_isolated", "run_isolated", "stop_workers", "DEFAULT_TIMEOUT_S", "DEFAULT_MEMORY_LIMIT"]

DEFAULT_TIMEOUT_S = 60.0
MIB = 1024**2
DEFAULT_MEMORY_LIMIT = 1024 * MIB  # bytes of address space the worker may add to what it inherits
# The 2010 report (9 offices) pickles to 0.23 MiB, so a hundred offices to about 3 MiB; a
# result past this is refused in the worker, before the caller would have to hold it.
MAX_RESULT_BYTES = 32 * MIB
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>: the signal a process gets when its parent dies
# 'fork' starts a worker in milliseconds with every module already imported. A lock another
# thread of the caller held at fork time (a progress bar writing to stderr, say) stays held in
# the worker, so the worker writes through fresh stdout/stderr objects of its own.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
KILL_GRACE_S = 5.0  # how long a worker that has answered may take to exit before it is killed
READER_MODULES = tuple(dict.fromkeys(r.module for r in READERS))
_deadline: float | None = None  # in a worker: the monotonic time it is killed at
# Workers may be started from several threads at once (a parallel run): a worker forked while
# another's pipe is being set up would hold that pipe's sending end, and that other worker's
# death would no longer read as end of file.
_SPAWNING = threading.Lock()
_RUNNING: set[multiprocessing.process.BaseProcess] = set()


def extract_isolated(
    path: Path,
    display: str | None = None,
    *,
    source: SourceFile | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
) -> ExtractedReport:
    """Return the report table of `path`, read by `extract_report` in a worker process.

    Raise the worker's MandateEtlError as is; UnsafeInputError when the worker runs past
    `timeout` seconds or needs more than `memory_limit` bytes; ExtractError when it crashes.
    `source`, when the caller has already described the file, spares the worker a second read.
    """
    shown = source.path if source else display or str(path)
    report: ExtractedReport = run_isolated(
        extract_report, (path, shown, source), shown, timeout=timeout, memory_limit=memory_limit
    )
    return report


def run_isolated(
    func: Callable[..., Any],
    args: tuple[Any, ...],
    display: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_S,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    debug: bool = False,
) -> Any:
    """Return `func(*args)` computed in a worker process; raise as `extract_isolated` does.

    The worker dies with the caller (a parent killed by any signal takes it along). With
    `debug`, an unexpected exception's message carries the worker's traceback.
    """
    _preload_readers()
    context = multiprocessing.get_context(START_METHOD)
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(  # type: ignore[attr-defined]  # typeshed: BaseContext
        target=_work,
        args=(sender, func, args, memory_limit, time.monotonic() + timeout, os.getpid(), debug),
        daemon=True,
    )
    with _SPAWNING:  # no other thread forks while this worker's sending end is open here
        worker.start()
        sender.close()  # the worker holds the only sending end: its death reads as end of file
        _RUNNING.add(worker)
    outcome: tuple[str, Any] = ("interrupted", None)  # kept when the caller is interrupted
    try:
        outcome = _receive(receiver, timeout)
    finally:
        receiver.close()
        _reap(worker, grace=0.0 if outcome[0] in ("timeout", "interrupted") else KILL_GRACE_S)
        _RUNNING.discard(worker)
    return _outcome_to_result(outcome, worker.exitcode, display, timeout, memory_limit)


def stop_workers() -> None:
    """Kill every worker this process is waiting for, so the threads waiting return at once
    (each with a "reader crashed" error); used when a parallel run is interrupted."""
    for worker in list(_RUNNING):
        try:
            worker.kill()
        except (OSError, ValueError):  # already reaped
            continue


def _receive(receiver: Connection, timeout: float) -> tuple[str, Any]:
    """Return the worker's (kind, payload), ("timeout", None), or ("died", None)."""
    if not receiver.poll(timeout):
        return ("timeout", None)
    try:
        outcome: tuple[str, Any] = pickle.loads(receiver.recv_bytes(MAX_RESULT_BYTES))
    except (EOFError, OSError):
        return ("died", None)
    except Exception as exc:  # the payload itself could not be rebuilt here
        return ("unexpected", (f"{type(exc).__name__}: {exc}", None))
    return outcome


def _reap(worker: multiprocessing.process.BaseProcess, grace: float) -> None:
    """Return once `worker` has exited, killing it when it still runs after `grace` seconds."""
    worker.join(timeout=grace)
    if worker.is_alive():
        worker.kill()
        worker.join()


def _preload_readers() -> None:
    """Import the format readers here once, so each forked worker starts with them loaded."""
    for module in READER_MODULES:
        try:
            importlib.import_module(module)
        except ImportError:  # only a start-up cost: the worker reports the failure itself
            continue


def _outcome_to_result(
    outcome: tuple[str, Any], exitcode: int | None, display: str, timeout: float, memory_limit: int
) -> Any:
    """Return the worker's result, or raise the error that its outcome stands for."""
    kind, payload = outcome
    if kind == "ok":
        return payload
    if kind == "error":
        raise payload
    if kind == "timeout":
        raise UnsafeInputError(f"parsing took longer than {timeout:g} s; refused", file=display)
    if kind == "memory" or exitcode == -signal.SIGKILL:
        raise UnsafeInputError(f"needed more than {memory_limit // MIB} MiB of memory", file=display)
    if kind == "too-large":
        raise UnsafeInputError(
            f"the report read is {payload // MIB} MiB, more than a submission holds "
            f"(limit {MAX_RESULT_BYTES // MIB} MiB); refused",
            file=display,
        )
    if kind == "unexpected":
        message, trace = payload
        error = ExtractError(f"unreadable ({message})", file=display)
        error.trace = trace  # shown under the line with --debug
        raise error
    raise ExtractError(f"the reader crashed ({_describe_exit(exitcode)})", file=display)


def _describe_exit(exitcode: int | None) -> str:
    """Return "exit code N" or "signal SIGSEGV" for a worker's exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def time_left() -> float | None:
    """Return the seconds this worker has before it is killed; None outside a worker.

    A reader that runs a program of its own (LibreOffice) stops it in time with this: a
    program in a session of its own outlives a killed worker.
    """
    return None if _deadline is None else _deadline - time.monotonic()


def _work(
    sender: Connection,
    func: Callable[..., Any],
    args: tuple[Any, ...],
    limit: int,
    deadline: float,
    parent: int,
    debug: bool,
) -> None:
    """Send `func(*args)` as ("ok", result), or the reason it failed, through `sender`."""
    global _deadline
    _deadline = deadline
    _die_with(parent)
    faulthandler.disable()  # a crash is reported as one line by the parent, not a C-level trace
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle: it kills us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the caller's exit handler is not ours
    _reopen_std_streams()
    _limit_memory(limit)
    try:
        outcome: tuple[str, Any] = ("ok", func(*args))
    except MandateEtlError as exc:
        # extract_report turns MemoryError into an ExtractError; the context keeps the cause
        outcome = ("memory", None) if isinstance(exc.__context__, MemoryError) else ("error", exc)
    except MemoryError:
        outcome = ("memory", None)
    except Exception as exc:  # a bug in `func`: its name and message, a trace only with debug
        trace = traceback.format_exc() if debug else None
        outcome = ("unexpected", (f"{type(exc).__name__}: {_bounded(str(exc))}", trace))
    _send(sender, outcome)


def _bounded(message: str, limit: int = 300) -> str:
    """Return `message` cut to `limit` characters (a hostile value may be megabytes long)."""
    return message if len(message) <= limit else f"{message[:limit]}…"


def _die_with(parent: int) -> None:
    """Ask the kernel to kill this worker when its parent dies (Linux); exit now when the
    parent is already gone (it may have died before the request was made)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the parent still kills us on its way out
            pass
    if os.getppid() != parent:
        os._exit(1)


def _send(sender: Connection, outcome: tuple[str, Any]) -> None:
    """Send `outcome` pickled, or the reason it could not be sent, then close `sender`."""
    try:
        sender.send_bytes(_pickled(outcome))
    except MemoryError:
        sender.send_bytes(_pickled(("memory", None)))
    except Exception as exc:  # e.g. a result that cannot be pickled
        reason = f"result not transferable ({type(exc).__name__}: {_bounded(str(exc))})"
        sender.send_bytes(_pickled(("unexpected", (reason, None))))
    finally:
        sender.close()


def _pickled(outcome: tuple[str, Any]) -> bytes | memoryview:
    """Return `outcome` pickled, or ("too-large", size) pickled when past MAX_RESULT_BYTES."""
    data = ForkingPickler.dumps(outcome)  # a view of the pickler's buffer: no copy
    return data if len(data) <= MAX_RESULT_BYTES else pickle.dumps(("too-large", len(data)))


def _reopen_std_streams() -> None:
    """Point sys.stdout and sys.stderr at new objects on the same descriptors (unlocked)."""
    for name, descriptor in (("stdout", 1), ("stderr", 2)):
        try:
            stream = open(  # noqa: SIM115 (the stream lives as long as the worker)
                descriptor, "w", closefd=False, buffering=1, errors="backslashreplace"
            )
        except OSError:  # no such descriptor: leave the stream as it is
            continue
        setattr(sys, name, stream)


def _limit_memory(limit: int) -> None:
    """Cap this process's address space at its current size plus `limit` bytes (POSIX only)."""
    try:
        import resource
    except ImportError:  # Windows: the time limit still applies
        return
    ceiling = _address_space_bytes() + limit
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))


def _address_space_bytes() -> int:
    """Return this process's virtual memory size in bytes (0 where /proc is unavailable)."""
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
