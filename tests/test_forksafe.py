"""A worker is never forked while another thread is inside Arrow, and the child is not held."""

from __future__ import annotations

import multiprocessing
import threading
import time

from mandate_etl.forksafe import arrow_section

HOLD_S = 0.4


def use_the_section_in_the_child() -> None:
    """Enter the section in a forked child (it would hang there on an inherited held lock)."""
    with arrow_section():
        pass


def test_a_fork_waits_for_the_arrow_section_and_the_child_is_free() -> None:
    inside = threading.Event()

    def hold() -> None:
        with arrow_section():
            inside.set()
            time.sleep(HOLD_S)

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait()
    started = time.perf_counter()
    child = multiprocessing.get_context("fork").Process(target=use_the_section_in_the_child)
    child.start()
    waited = time.perf_counter() - started
    child.join(timeout=10)
    holder.join()
    assert waited >= HOLD_S / 2
    assert child.exitcode == 0
