"""Given several reports of one year, return the year's tables (mandates merged by id)."""

from __future__ import annotations

from collections.abc import Sequence

from mandate_etl.models import TABLE_NAMES, Mandate, NormalizedReport
from mandate_etl.models.tables import Record
from mandate_etl.text import canonical_text, text_sha256


def merge_reports(reports: Sequence[NormalizedReport]) -> dict[str, list[Record]]:
    """Return table name -> records of all `reports`; a mandate written in several is one row."""
    tables: dict[str, list[Record]] = {name: [] for name in TABLE_NAMES}
    for report in reports:
        for name in TABLE_NAMES:
            tables[name].extend(report.table(name))
    mandates = [m for m in tables["mandates"] if isinstance(m, Mandate)]
    tables["mandates"] = list(_merge_mandates(mandates, reports))
    return tables


def _merge_mandates(mandates: Sequence[Mandate], reports: Sequence[NormalizedReport]) -> list[Mandate]:
    """Return one Mandate per id, its spellings and occurrences counted over every report."""
    spellings: dict[str, list[str]] = {}
    for report in reports:
        for mandate_id, text in report.mandate_spellings:
            spellings.setdefault(mandate_id, []).append(text)
    merged: dict[str, Mandate] = {}
    for m in mandates:
        first = merged.setdefault(m.mandate_id, m)
        texts = spellings.get(m.mandate_id)
        if first is m or not texts:
            continue
        text, variants = canonical_text(texts)
        merged[m.mandate_id] = first.model_copy(
            update={
                "text": text,
                "text_sha256": text_sha256(text),
                "variant_count": variants,
                "occurrence_count": first.occurrence_count + m.occurrence_count,
            }
        )
    return list(merged.values())
