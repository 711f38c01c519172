"""Given several reports of one year, return the year's tables (mandates merged by id)."""

from __future__ import annotations

from collections.abc import Sequence

from mandate_etl.models import TABLE_NAMES, Mandate, NormalizedReport
from mandate_etl.models.tables import Record


def merge_reports(reports: Sequence[NormalizedReport]) -> dict[str, list[Record]]:
    """Return table name -> records of all `reports`; a mandate written in several is one row."""
    tables: dict[str, list[Record]] = {name: [] for name in TABLE_NAMES}
    for report in reports:
        for name in TABLE_NAMES:
            tables[name].extend(report.table(name))
    mandates = [m for m in tables["mandates"] if isinstance(m, Mandate)]
    tables["mandates"] = list(_merge_mandates(mandates))
    return tables


def _merge_mandates(mandates: Sequence[Mandate]) -> list[Mandate]:
    """Return one Mandate per id: the first, with occurrences summed and variants at least its own."""
    merged: dict[str, Mandate] = {}
    for m in mandates:
        if m.mandate_id not in merged:
            merged[m.mandate_id] = m
            continue
        first = merged[m.mandate_id]
        merged[m.mandate_id] = first.model_copy(
            update={
                "occurrence_count": first.occurrence_count + m.occurrence_count,
                "variant_count": first.variant_count
                + (0 if m.text_sha256 == first.text_sha256 else m.variant_count),
            }
        )
    return list(merged.values())
