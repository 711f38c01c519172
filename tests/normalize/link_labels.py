"""The 2010 hand labels of links (`tests/golden/2010/links.csv`) joined to activity texts and
candidates, and precision/recall of predicted links against them (link level: activity–mandate
pairs). Used by tests/normalize/test_infer_eval.py and scripts/eval_links.py."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mandate_etl.models import NormalizedReport
from mandate_etl.normalize.infer import Candidate

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "2010"

Key = tuple[str, str, int]  # office_id, section, seq


@dataclass(frozen=True)
class LabelledItem:
    """One labelled activity: its key, full text (heading first), candidates and hand-labelled mandates."""

    key: Key
    text: str
    candidates: tuple[Candidate, ...]
    mandates: frozenset[str]
    confidence: str


@dataclass(frozen=True)
class Counts:
    """Link-level agreement: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """Return TP / (TP + FP), 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Return TP / (TP + FN), 1.0 when nothing was labelled."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _rows(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def labelled_items(report: NormalizedReport) -> list[LabelledItem]:
    """Return every labelled activity of `report`, its text checked against the golden text_start.

    Golden tables give the keys, assignments and labels; only the full texts (the golden tables
    keep the first 60 characters) come from the normalized report.
    """
    activities = {(a.office_id, a.section, a.seq): a for a in report.activities}
    texts = {m.mandate_id: m.text for m in report.mandates}
    assigned: dict[str, list[Candidate]] = {}
    for row in _rows("office_mandates.csv"):
        candidate = Candidate(row["mandate_id"], texts[row["mandate_id"]])
        assigned.setdefault(row["office_id"], []).append(candidate)
    items = []
    for row in _rows("links.csv"):
        key = (row["office_id"], row["section"], int(row["seq"]))
        activity = activities[key]
        assert activity.text.startswith(row["text_start"].rstrip()), (key, activity.text[:60])
        text = f"{activity.heading}. {activity.text}" if activity.heading else activity.text
        mandates = frozenset(m for m in row["mandates"].split(";") if m)
        items.append(LabelledItem(key, text, tuple(assigned[key[0]]), mandates, row["confidence"]))
    return items


def count_links(
    items: Iterable[LabelledItem], predict: Callable[[LabelledItem], set[str]]
) -> dict[str, Counts]:
    """Return the link-level counts per office of `predict` against the labels."""
    per_office: dict[str, Counts] = {}
    for item in items:
        predicted = predict(item)
        counts = Counts(
            len(predicted & item.mandates), len(predicted - item.mandates), len(item.mandates - predicted)
        )
        per_office[item.key[0]] = per_office.get(item.key[0], Counts()) + counts
    return per_office


def total(per_office: Mapping[str, Counts]) -> Counts:
    """Return the counts summed over offices."""
    return sum(per_office.values(), Counts())


def format_table(per_office: Mapping[str, Counts]) -> str:
    """Return per-office and overall precision/recall as an aligned text table."""
    lines = [f"{'office':<20} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}"]
    for office, c in [*per_office.items(), ("overall", total(per_office))]:
        lines.append(f"{office:<20} {c.tp:>4} {c.fp:>4} {c.fn:>4} {c.precision:>10.3f} {c.recall:>8.3f}")
    return "\n".join(lines)
