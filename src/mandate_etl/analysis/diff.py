"""Given the tables of two years, return what changed: offices, assignments, mandates, counts.

Assignments are compared for the offices present in both years (an added or removed office
brings or takes all of its own); counts are of activities per office and of activities linked
to each mandate, listed only where they differ.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from mandate_etl.analysis.tables import Tables

CLIP = 60  # characters of a mandate text shown in the text form (texts changed are shown whole)


@dataclass(frozen=True)
class Count:
    """A count in both years."""

    id: str
    count_a: int
    count_b: int


@dataclass(frozen=True)
class YearDiff:
    """What changed from `year_a` to `year_b`."""

    year_a: int
    year_b: int
    offices_added: list[dict[str, str]]
    offices_removed: list[dict[str, str]]
    assignments_gained: list[dict[str, str]]
    assignments_lost: list[dict[str, str]]
    mandates_new: list[dict[str, str]]
    mandates_dropped: list[dict[str, str]]
    mandate_texts_changed: list[dict[str, str]]
    activities_per_office: list[Count]
    activities_per_mandate: list[Count]

    def to_json(self) -> str:
        """Return the diff as JSON text."""
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def diff_years(a: Tables, b: Tables, year_a: int, year_b: int) -> YearDiff:
    """Return the changes from the tables `a` of `year_a` to the tables `b` of `year_b`."""
    offices_a, offices_b = _ordered(a.offices, "office_id"), _ordered(b.offices, "office_id")
    kept = [o for o in offices_b if o in offices_a]
    pairs_a = _pairs(a.office_mandates, kept)
    pairs_b = _pairs(b.office_mandates, kept)
    texts_a, texts_b = _texts(a.mandates), _texts(b.mandates)
    return YearDiff(
        year_a,
        year_b,
        offices_added=[_office(b.offices, o) for o in offices_b if o not in offices_a],
        offices_removed=[_office(a.offices, o) for o in offices_a if o not in offices_b],
        assignments_gained=[{"office_id": o, "mandate_id": m} for o, m in pairs_b if (o, m) not in pairs_a],
        assignments_lost=[{"office_id": o, "mandate_id": m} for o, m in pairs_a if (o, m) not in pairs_b],
        mandates_new=[{"mandate_id": m, "text": t} for m, t in texts_b.items() if m not in texts_a],
        mandates_dropped=[{"mandate_id": m, "text": t} for m, t in texts_a.items() if m not in texts_b],
        mandate_texts_changed=[
            {"mandate_id": m, "text_a": t, "text_b": texts_b[m]}
            for m, t in texts_a.items()
            if m in texts_b and texts_b[m] != t
        ],
        activities_per_office=_changed(_per_office(a), _per_office(b)),
        activities_per_mandate=_changed(_per_mandate(a), _per_mandate(b)),
    )


def _ordered(frame: pd.DataFrame, column: str) -> list[str]:
    """Return the distinct values of `column` in table order."""
    return list(dict.fromkeys(frame[column]))


def _pairs(assignments: pd.DataFrame, offices: list[str]) -> list[tuple[str, str]]:
    """Return the (office, mandate) assignments of `offices`, office by office in that order."""
    rank = {o: i for i, o in enumerate(offices)}
    pairs = [
        (o, m) for o, m in zip(assignments["office_id"], assignments["mandate_id"], strict=True) if o in rank
    ]
    return sorted(pairs, key=lambda p: rank[p[0]])  # stable: each office's mandates as listed


def _office(offices: pd.DataFrame, office_id: str) -> dict[str, str]:
    """Return the id and name of one office."""
    return {"office_id": office_id, "name": offices.loc[offices["office_id"] == office_id, "name"].iloc[0]}


def _texts(mandates: pd.DataFrame) -> dict[str, str]:
    """Return mandate id -> text, in table order."""
    return dict(zip(mandates["mandate_id"], mandates["text"], strict=True))


def _per_office(t: Tables) -> dict[str, int]:
    """Return office id -> number of activities (0 for an office without any), in table order."""
    counts = t.activities["office_id"].value_counts()
    return {o: int(counts.get(o, 0)) for o in _ordered(t.offices, "office_id")}


def _per_mandate(t: Tables) -> dict[str, int]:
    """Return mandate id -> number of distinct activities linked to it, in table order."""
    counts = t.activity_mandates.drop_duplicates(["activity_id", "mandate_id"])["mandate_id"].value_counts()
    return {m: int(counts.get(m, 0)) for m in _ordered(t.mandates, "mandate_id")}


def _changed(a: dict[str, int], b: dict[str, int]) -> list[Count]:
    """Return the counts that differ, ids of `b` first, then those only in `a`."""
    ids = [*b, *(i for i in a if i not in b)]
    return [Count(i, a.get(i, 0), b.get(i, 0)) for i in ids if a.get(i, 0) != b.get(i, 0)]


def render_text(d: YearDiff) -> str:
    """Return the diff as text for a person: one section per kind of change."""
    lines = [f"{d.year_a} -> {d.year_b}"]

    def section(title: str, items: list[Any], line) -> None:  # type: ignore[no-untyped-def]
        lines.append(f"{title} ({len(items)})")
        lines.extend(line(item) for item in items)

    section("Offices added", d.offices_added, lambda o: f"  + {o['office_id']}: {o['name']}")
    section("Offices removed", d.offices_removed, lambda o: f"  - {o['office_id']}: {o['name']}")
    section("Assignments gained", d.assignments_gained, lambda p: f"  + {p['office_id']}: {p['mandate_id']}")
    section("Assignments lost", d.assignments_lost, lambda p: f"  - {p['office_id']}: {p['mandate_id']}")
    section("Mandates new", d.mandates_new, lambda m: f"  + {m['mandate_id']}: {_clip(m['text'])}")
    section("Mandates dropped", d.mandates_dropped, lambda m: f"  - {m['mandate_id']}: {_clip(m['text'])}")
    section(
        "Mandate texts changed",
        d.mandate_texts_changed,
        lambda m: f"  ~ {m['mandate_id']}\n    {d.year_a}: {m['text_a']}\n    {d.year_b}: {m['text_b']}",
    )
    section("Activities per office, where changed", d.activities_per_office, _count_line)
    section("Activities linked per mandate, where changed", d.activities_per_mandate, _count_line)
    return "\n".join(lines) + "\n"


def _count_line(c: Count) -> str:
    """Return "  oim-mexico: 5 -> 4 (-1)"."""
    return f"  {c.id}: {c.count_a} -> {c.count_b} ({c.count_b - c.count_a:+d})"


def _clip(text: str) -> str:
    """Return the first CLIP characters of `text` (and an ellipsis when cut)."""
    return text if len(text) <= CLIP else text[:CLIP] + "…"
