"""Inferred links against the 2010 hand labels: in-sample and leave-one-office-out.

Prints precision and recall at link level (activity–mandate pairs), per office and overall:
1. with the module threshold `infer.THRESHOLD`, then by the labels' confidence;
2. leave one office out: for each office, the threshold is chosen on the other offices only
   (highest F0.5, i.e. weighted to precision; ties to the lower threshold), then that office
   is scored as if unseen. The lexicon and rules are fixed (written before the labels).

    .venv/bin/python scripts/eval_links.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.normalize.link_labels import (  # noqa: E402
    Counts,
    LabelledItem,
    count_links,
    format_table,
    labelled_items,
    total,
)

from mandate_etl.models import NormalizedReport  # noqa: E402
from mandate_etl.normalize.infer import THRESHOLD, InferredLink, score_candidates  # noqa: E402
from mandate_etl.pipeline import run_file  # noqa: E402

DOCX = ROOT / "raw" / "2010" / "informe-organismos-2010.docx"
BETA = 0.5  # F-beta weighting precision twice as much as recall


def f_beta(c: Counts, beta: float = BETA) -> float:
    """Return the F-beta score of `c` (0.0 when nothing is right)."""
    p, r = c.precision, c.recall
    return (1 + beta**2) * p * r / (beta**2 * p + r) if c.tp else 0.0


def choose_threshold(scored: dict[tuple, tuple[InferredLink, ...]], items: list[LabelledItem]) -> float:
    """Return the threshold with the best F0.5 on `items` (lowest on a tie)."""
    options = sorted({0.0} | {link.score for item in items for link in scored[item.key]})
    best, best_f = 0.0, -1.0
    for threshold in options:
        f = f_beta(total(count_links(items, predictor(scored, threshold))))
        if f > best_f:
            best, best_f = threshold, f
    return best


def predictor(scored: dict[tuple, tuple[InferredLink, ...]], threshold: float):
    """Return a function giving an item's predicted mandates at `threshold`."""
    return lambda item: {link.mandate_id for link in scored[item.key] if link.score >= threshold}


def leave_one_office_out(scored, items: list[LabelledItem]) -> tuple[dict[str, Counts], dict[str, float]]:
    """Return per-office counts, each office scored with a threshold chosen on the others."""
    per_office, thresholds = {}, {}
    for office in dict.fromkeys(item.key[0] for item in items):
        rest = [item for item in items if item.key[0] != office]
        thresholds[office] = threshold = choose_threshold(scored, rest)
        mine = [item for item in items if item.key[0] == office]
        per_office.update(count_links(mine, predictor(scored, threshold)))
    return per_office, thresholds


def linked_per_office(report: NormalizedReport) -> dict[str, tuple[int, int, int, int, int]]:
    """Return, per office, its activities and how many are linked explicitly, repaired, only by
    inference, and not at all (an activity counts under its most trusted link)."""
    kinds: dict[str, set[str]] = {}
    for link in report.activity_mandates:
        kinds.setdefault(link.activity_id, set()).add(link.link)
    counts: dict[str, list[int]] = {}
    for activity in report.activities:
        row = counts.setdefault(activity.office_id, [0, 0, 0, 0, 0])
        found = kinds.get(activity.activity_id, set())
        kind = next((k for k in ("explicit", "repaired", "inferred") if k in found), None)
        row[0] += 1
        row[1 + ("explicit", "repaired", "inferred", None).index(kind)] += 1
    return {office: (a, e, r, i, u) for office, (a, e, r, i, u) in counts.items()}


def format_linked(before: NormalizedReport, after: NormalizedReport) -> str:
    """Return per office: activities / explicit, repaired, inferred / unlinked, before -> after."""
    lines = [
        f"{'office':<20} {'activities':>10}  explicit repaired inferred unlinked (--no-infer -> default)"
    ]
    old, new = linked_per_office(before), linked_per_office(after)
    for office, (a, e, r, i, u) in new.items():
        _, e0, r0, i0, u0 = old[office]
        lines.append(
            f"{office:<20} {a:>10}  {e0:>3} {e:>3}  {r0:>3} {r:>3}  {i0:>3} {i:>3}  {u0:>3} -> {u:>3}"
        )
    return "\n".join(lines)


def main() -> None:
    report = run_file(DOCX, 2010, "raw/2010/informe-organismos-2010.docx")
    print("Activities per office by their most trusted link, before (--no-infer) and after:")
    print(format_linked(run_file(DOCX, 2010, "raw/2010/informe-organismos-2010.docx", infer=False), report))
    print()
    items = labelled_items(report)
    scored = {item.key: score_candidates(item.text, item.candidates) for item in items}
    print(f"{len(items)} labelled activities, {sum(len(i.mandates) for i in items)} labelled links\n")
    print(f"In sample, THRESHOLD = {THRESHOLD}:")
    print(format_table(count_links(items, predictor(scored, THRESHOLD))))
    for confidence in ("high", "medium", "low"):
        rows = [item for item in items if item.confidence == confidence]
        c = total(count_links(rows, predictor(scored, THRESHOLD)))
        figures = f"precision {c.precision:.3f}, recall {c.recall:.3f}"
        print(f"  rows labelled {confidence:<6} ({len(rows):>2}): {figures}")
    print(f"\nThreshold with the best F{BETA} on all offices: {choose_threshold(scored, items)}")
    loo, thresholds = leave_one_office_out(scored, items)
    print("\nLeave one office out (threshold chosen on the other offices):")
    print(format_table(loo))
    print("thresholds: " + ", ".join(f"{office} {t}" for office, t in thresholds.items()))


if __name__ == "__main__":
    main()
