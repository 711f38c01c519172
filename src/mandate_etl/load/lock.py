"""An exclusive lock on an output folder (`<out>/.lock`), so two runs never write one year at
once: the second waits (saying so) or, when told not to wait, fails with one line."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mandate_etl.errors import LoadError, OutputLockedError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; runs there must not overlap
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".lock"


@contextmanager
def output_lock(
    out: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock on `out` (created when missing) for the `with` block.

    When another run holds it: call `on_wait` with a line saying so and wait, or with
    `wait=False` raise OutputLockedError. The lock file stays (removing it would let a third
    run lock a new file while a second still waits on the old one); the kernel frees the
    lock when its holder dies, however it dies.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LoadError(f"cannot use the output folder ({exc.strerror or exc})", file=str(out)) from None
    try:
        _acquire(fd, out, wait, on_wait)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # who holds it, for the waiting line
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, out: Path, wait: bool, on_wait: Callable[[str], None] | None) -> None:
    """Return once this process holds the lock on `fd`; raise as `output_lock` says."""
    if fcntl is None:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    holder = _holder(fd)
    if not wait:
        raise OutputLockedError(
            f"another run{holder} is writing here; not waiting (--no-wait)", file=str(out)
        )
    if on_wait:
        on_wait(f"{out}: another run{holder} is writing here; waiting for it to finish")
    fcntl.flock(fd, fcntl.LOCK_EX)


def _holder(fd: int) -> str:
    """Return " (pid N)" naming the lock's holder as it wrote itself, or ""."""
    try:
        pid = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
