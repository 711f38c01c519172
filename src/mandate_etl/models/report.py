"""What the normalizer hands to the loader: the six tables of one submission, and findings."""

from __future__ import annotations

from mandate_etl.models.base import FrozenModel
from mandate_etl.models.document import SourceFile
from mandate_etl.models.findings import Finding
from mandate_etl.models.tables import (
    Activity,
    ActivityMandate,
    LineageRecord,
    Mandate,
    Office,
    OfficeMandate,
    Record,
)


class NormalizedReport(FrozenModel):
    """One submission's records, ready to load, and what validation found in it."""

    source: SourceFile
    report_year: int
    offices: tuple[Office, ...]
    mandates: tuple[Mandate, ...]
    office_mandates: tuple[OfficeMandate, ...]
    activities: tuple[Activity, ...]
    activity_mandates: tuple[ActivityMandate, ...]
    lineage: tuple[LineageRecord, ...]
    findings: tuple[Finding, ...] = ()
    mandate_spellings: tuple[tuple[str, str], ...] = ()  # (mandate_id, text) per office row, in order

    def table(self, name: str) -> tuple[Record, ...]:
        """Return the records of the table called `name` (e.g. "activities")."""
        return getattr(self, name)

    def counts(self) -> dict[str, int]:
        """Return the number of rows of each table."""
        return {name: len(self.table(name)) for name in TABLE_NAMES}


TABLE_NAMES = ("offices", "mandates", "office_mandates", "activities", "activity_mandates", "lineage")
