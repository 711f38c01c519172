"""Given the unit of work (one file in, its outcome out) and the files, return the outcomes in
the order of the files, computed here or on a Dask cluster.

Both executors call the same function on each file, so the per-file limits (the isolated
worker process with its time and memory caps) apply wherever it runs; the per-year assembly
and every write stay with the caller, which consumes the outcomes as they come (in order, so
a year can be reduced as soon as its last file is in). A file whose worker is lost (killed,
out of memory, its machine gone) comes back as `lost(item, error)`: one rejected file, never a
lost run.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any, Protocol, TypeVar

from mandate_etl.errors import MandateEtlError
from mandate_etl.extract.isolate import stop_workers

__all__ = ["Executor", "SerialExecutor", "ThreadExecutor", "DaskExecutor", "ExecutorError", "make_executor"]

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 (an item of work: a path, or what the caller maps)
Lost = Callable[[I, BaseException], T]  # the outcome of an item whose worker was lost
CONNECT_TIMEOUT_S = 30.0
MIN_WINDOW, WINDOW_PER_THREAD = 8, 4  # items on the cluster ahead of the one awaited


class ExecutorError(MandateEtlError):
    """The executor cannot be used (no such cluster, Dask not installed)."""

    code = "E-EXECUTOR"


class Executor(Protocol):
    """Maps the unit of work over items; outcomes come back in the items' order."""

    def map(self, work: Callable[[I], T], items: Sequence[I], lost: Lost[I, T]) -> Iterator[T]:
        """Return an iterator over `work(item)` for each item, in order."""
        ...

    def close(self) -> None:
        """Release what the executor holds (connections, workers)."""
        ...


class SerialExecutor:
    """One file after another in this process (each still read in its own limited worker)."""

    def map(self, work: Callable[[I], T], items: Sequence[I], lost: Lost[I, T]) -> Iterator[T]:
        """Return an iterator over `work(item)`, computed as it is consumed."""
        return (work(item) for item in items)

    def close(self) -> None:
        """Nothing to release."""


class ThreadExecutor:
    """Up to `jobs` items at once, each on a thread that waits on its own isolated worker
    process (the GIL is not the limit: the reading happens in the workers)."""

    def __init__(self, jobs: int):
        """Read up to `jobs` files at once."""
        self.jobs = jobs

    def map(self, work: Callable[[I], T], items: Sequence[I], lost: Lost[I, T]) -> Iterator[T]:
        """Return an iterator over `work(item)`, in order, with a few items read ahead of the
        one awaited (so results wait only briefly, and never all at once, in memory)."""
        return self._results(work, iter(items), WINDOW_PER_THREAD * self.jobs)

    def _results(self, work: Callable[[I], T], items: Iterator[I], window: int) -> Iterator[T]:
        """Yield each result in order; an interruption (or the caller stopping) cancels what
        has not started and kills the running workers, so no thread outlives the run."""
        pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="mandate-etl-read")
        submitted: deque[Future[T]] = deque()
        try:
            while True:
                submitted.extend(pool.submit(work, item) for item in islice(items, window - len(submitted)))
                if not submitted:
                    return
                yield submitted.popleft().result()
        except BaseException:
            for future in submitted:
                future.cancel()
            stop_workers()
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Nothing to release: each map shuts its own pool down."""


class DaskExecutor:
    """Files mapped to a `dask.distributed` cluster; results fetched here one by one, in order.

    Inputs must be readable at the same path on every worker (shared storage); outputs are
    written by the caller, on the client, never by a worker.
    """

    def __init__(self, scheduler: Any, *, timeout: float = CONNECT_TIMEOUT_S):
        """Connect to `scheduler` (an address such as tcp://host:8786, a Cluster or a Client),
        waiting at most `timeout` seconds."""
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError("--executor dask needs the 'distributed' package") from None
        if isinstance(scheduler, Client):
            self.client, self._owned = scheduler, False
            return
        try:
            self.client, self._owned = Client(scheduler, timeout=timeout), True  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler {scheduler} ({exc})") from None

    def map(self, work: Callable[[I], T], items: Sequence[I], lost: Lost[I, T]) -> Iterator[T]:
        """Return an iterator over `work(item)` computed on the cluster, fetched in order.

        A window of items (a few per worker thread) is on the cluster ahead of the one awaited,
        and each result is released there once fetched: neither side ever holds them all.
        """
        threads = sum(self.client.nthreads().values())  # type: ignore[no-untyped-call]
        return self._results(work, iter(items), lost, max(MIN_WINDOW, WINDOW_PER_THREAD * threads))

    def _results(
        self, work: Callable[[I], T], items: Iterator[I], lost: Lost[I, T], window: int
    ) -> Iterator[T]:
        """Yield each result in order, or `lost(item, error)` when its worker was lost."""
        submitted: deque[tuple[I, Any]] = deque()
        try:
            while True:
                for item in islice(items, window - len(submitted)):
                    submitted.append((item, self.client.submit(_run_on_worker, work, item, pure=False)))
                if not submitted:
                    return
                item, future = submitted.popleft()
                try:
                    yield future.result()
                except Exception as exc:  # KilledWorker, a closed connection, a cancelled task
                    yield lost(item, exc)
                finally:
                    future.release()
        finally:
            for _, future in submitted:  # the caller stopped early: nothing keeps running for it
                future.cancel()

    def close(self) -> None:
        """Close the connection this executor opened (a Client it was given stays open)."""
        if self._owned:
            self.client.close()  # type: ignore[no-untyped-call]


def _run_on_worker(work: Callable[[I], T], item: I) -> T:
    """Return `work(item)` on a Dask worker, allowed to start its limited child process.

    Dask starts its worker processes as daemons, and multiprocessing refuses children to a
    daemon; the flag only asks multiprocessing to kill children at exit, and the isolated
    reader reaps its own child (killing it past its time limit), so it is lifted here.
    """
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # type: ignore[attr-defined]
    return work(item)


def make_executor(kind: str, scheduler: str | None = None, jobs: int = 1) -> Executor:
    """Return the executor named on the command line: "local" (`jobs` files at once) or "dask"."""
    if kind == "dask":
        if not scheduler:
            raise ExecutorError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
        return DaskExecutor(scheduler)
    if kind == "local":
        return ThreadExecutor(jobs) if jobs > 1 else SerialExecutor()
    raise ExecutorError(f"unknown executor {kind!r} (local or dask)")
