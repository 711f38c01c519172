"""Benchmark: the inferred-link scorer over every 2010 activity against extract+normalize.

Prints the median time of extract+normalize of the 2010 Word file (as `scripts/bench.py`
measures it), the median time of scoring every activity against its office's mandates
(the per-text caches emptied each run, as `bench.py` empties the text-folding ones; the
lexicon, like the other reference data, is read once per process), and their ratio.
Issue 10 allows ≤ 20%.

    .venv/bin/python scripts/bench_links.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from bench import DOCX, ours  # noqa: E402

from mandate_etl.extract import extract_report  # noqa: E402
from mandate_etl.models import NormalizedReport  # noqa: E402
from mandate_etl.normalize import infer, normalize_report, stems  # noqa: E402

RUNS = 21


def cold_caches() -> None:
    """Empty the scorer's per-text caches, so each run stems every word as if never seen."""
    stems.clear_word_cache()
    infer.clear_text_caches()


def score_all(report: NormalizedReport, unlinked_only: bool = False) -> int:
    """Return the number of links inferred for the activities of `report` (caches emptied first).

    With `unlinked_only`, only the activities with no explicit or repaired link are scored.
    """
    cold_caches()
    texts = {m.mandate_id: m.text for m in report.mandates}
    assigned: dict[str, list[infer.Candidate]] = {}
    for pair in report.office_mandates:
        candidate = infer.Candidate(pair.mandate_id, texts[pair.mandate_id])
        assigned.setdefault(pair.office_id, []).append(candidate)
    linked = {link.activity_id for link in report.activity_mandates} if unlinked_only else set()
    activities = [a for a in report.activities if a.activity_id not in linked]
    return sum(len(infer.infer_links(a.text, assigned.get(a.office_id, ()))) for a in activities)


def main() -> None:
    report = normalize_report(extract_report(DOCX, "raw/2010/informe-organismos-2010.docx"), 2010)
    ours(DOCX), score_all(report)  # warm-up: imports
    times: dict[str, list[float]] = {"base": [], "all": [], "unlinked": []}
    for _ in range(RUNS):
        for name, work in (
            ("base", lambda: ours(DOCX)),
            ("all", lambda: score_all(report)),
            ("unlinked", lambda: score_all(report, unlinked_only=True)),
        ):
            started = time.perf_counter()
            work()
            times[name].append(time.perf_counter() - started)
    base, every, unlinked = (statistics.median(times[name]) for name in ("base", "all", "unlinked"))
    print(f"extract+normalize 2010 .docx: {base * 1000:.1f} ms (median of {RUNS})")
    print(
        f"inferred links, all {len(report.activities)} activities: {every * 1000:.1f} ms, +{every / base:.1%}"
    )
    print(
        f"inferred links, activities with no written number: {unlinked * 1000:.1f} ms, +{unlinked / base:.1%}"
    )
    print("issue 10: the link pass adds at most 20%")


if __name__ == "__main__":
    main()
