"""Executors: a Dask cluster gives the same outcomes as the local run, and a lost worker costs
one file."""

from __future__ import annotations

import functools
import os
import signal
from pathlib import Path

import pytest

from mandate_etl.executors import DaskExecutor, ExecutorError, SerialExecutor, make_executor
from mandate_etl.pipeline import FileOutcome, discover_inputs, read_one

RAW_2010 = Path(__file__).resolve().parent.parent / "raw" / "2010"


def lost_outcome(path: Path, error: BaseException) -> str:
    """Return the rejection line of a file whose worker was lost."""
    return f"{path.name}: worker lost ({type(error).__name__})"


def name_or_die(path: Path) -> str:
    """Return the file name; kill this worker process mid-file for a file named 'die*'."""
    if path.name.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    return path.name


def outcome_tables(outcome: FileOutcome) -> tuple:
    """Return what a run keeps of an outcome: the report, or the rejection."""
    return (outcome.display, outcome.year, outcome.report, outcome.error and outcome.error.one_line())


@pytest.fixture(scope="module")
def client():
    # imported here, not at collection: importing distributed changes how other tests' isolated
    # workers fail (the deeply nested Word file's error no longer pickles), so only these pay
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
        )
        client = distributed.Client(cluster)
        yield client
        client.close()
        cluster.close()


def test_dask_reads_the_same_outcomes_as_the_local_run(client) -> None:
    inputs = discover_inputs([RAW_2010])
    work = functools.partial(read_one, year=None)
    local = list(SerialExecutor().map(work, inputs, lost_outcome))
    executor = DaskExecutor(client)
    remote = list(executor.map(work, inputs, lost_outcome))
    executor.close()
    assert [outcome_tables(o) for o in remote] == [outcome_tables(o) for o in local]
    assert all(o.ok for o in remote)


def test_a_worker_killed_mid_file_is_one_lost_file(client, tmp_path: Path) -> None:
    items = [tmp_path / "a.docx", tmp_path / "die.docx", tmp_path / "b.docx"]
    results = list(DaskExecutor(client).map(name_or_die, items, lost_outcome))
    assert results[0] == "a.docx" and results[2] == "b.docx"
    assert results[1] == "die.docx: worker lost (KilledWorker)"
    # the cluster replaced its worker and goes on
    assert list(DaskExecutor(client).map(name_or_die, [tmp_path / "c.pdf"], lost_outcome)) == ["c.pdf"]


def test_make_executor_names_what_is_wrong() -> None:
    assert isinstance(make_executor("local"), SerialExecutor)
    with pytest.raises(ExecutorError, match="--scheduler"):
        make_executor("dask")
    with pytest.raises(ExecutorError, match="unknown executor"):
        make_executor("spark")
    with pytest.raises(ExecutorError, match="cannot reach"):
        DaskExecutor("tcp://127.0.0.1:9", timeout=1)


def test_extract_on_dask_writes_the_bytes_of_a_local_run(client, tmp_path: Path) -> None:
    from tests.test_incremental import outputs

    from mandate_etl.pipeline import extract_to

    local = extract_to([RAW_2010], tmp_path / "local", cache=False)
    remote = extract_to([RAW_2010], tmp_path / "dask", cache=False, executor=DaskExecutor(client))
    assert not local.rejected and not remote.rejected
    assert [o.duplicate_of for o in remote.outcomes] == [o.duplicate_of for o in local.outcomes]
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")


def test_more_items_than_the_window_come_back_in_order(client, tmp_path: Path) -> None:
    items = [tmp_path / f"f{i:02d}.docx" for i in range(30)]
    assert list(DaskExecutor(client).map(name_or_die, items, lost_outcome)) == [p.name for p in items]


def test_threads_return_outcomes_in_order_and_equal_to_one_at_a_time() -> None:
    from mandate_etl.executors import ThreadExecutor

    inputs = discover_inputs([RAW_2010]) * 3
    work = functools.partial(read_one, year=None)
    serial = [outcome_tables(o) for o in SerialExecutor().map(work, inputs, lost_outcome)]
    threaded = [outcome_tables(o) for o in ThreadExecutor(2).map(work, inputs, lost_outcome)]
    assert threaded == serial
