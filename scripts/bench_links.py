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
    infer._mandate_vectors.cache_clear()


def score_all(report: NormalizedReport) -> int:
    """Return the number of links inferred for every activity of `report` (caches emptied first)."""
    cold_caches()
    texts = {m.mandate_id: m.text for m in report.mandates}
    assigned: dict[str, list[infer.Candidate]] = {}
    for pair in report.office_mandates:
        assigned.setdefault(pair.office_id, []).append(
            infer.Candidate(pair.mandate_id, texts[pair.mandate_id])
        )
    return sum(len(infer.infer_links(a.text, assigned.get(a.office_id, ()))) for a in report.activities)


def main() -> None:
    report = normalize_report(extract_report(DOCX, "raw/2010/informe-organismos-2010.docx"), 2010)
    ours(DOCX), score_all(report)  # warm-up: imports
    base, links = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        ours(DOCX)
        base.append(time.perf_counter() - started)
        started = time.perf_counter()
        count = score_all(report)
        links.append(time.perf_counter() - started)
    b, s = statistics.median(base), statistics.median(links)
    print(f"extract+normalize 2010 .docx: {b * 1000:.1f} ms (median of {RUNS})")
    print(f"inferred links, {len(report.activities)} activities, {count} links: {s * 1000:.1f} ms")
    print(f"link pass adds {s / b:.1%} (issue 10: at most 20%)")


if __name__ == "__main__":
    main()
