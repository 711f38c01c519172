"""Given Arrow work in this process, return only once no worker is being forked meanwhile.

Files are read in worker processes started by fork, from pool threads, while the main thread
goes on assembling years (Parquet writes) and filling the cache (Arrow IPC). A child forked
while another thread is inside Arrow inherits Arrow's internal locks held, and its own first
Arrow call (the writability check) then waits for ever: a file refused as too slow that reads
in a second alone. So every fork waits for the Arrow section in progress to end, and no Arrow
section starts while a fork is under way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["arrow_section"]

_NATIVE = threading.RLock()  # re-entrant: a thread may fork from inside its own section


def _reinit_in_child() -> None:
    """Give the child a fresh, free lock (the parent's stays held until it has forked)."""
    _NATIVE._at_fork_reinit()  # type: ignore[attr-defined]  # stdlib, what logging itself uses


os.register_at_fork(before=_NATIVE.acquire, after_in_parent=_NATIVE.release, after_in_child=_reinit_in_child)


@contextmanager
def arrow_section() -> Iterator[None]:
    """Hold off forks while the body runs Arrow (or another library with threads of its own)."""
    with _NATIVE:
        yield
