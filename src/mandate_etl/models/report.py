"""What the normalizer hands to the loader: the six tables, of one submission or of a year."""

from __future__ import annotations

from mandate_etl.models.base import FrozenModel
from mandate_etl.models.document import SourceFile
from mandate_etl.models.findings import Finding
from mandate_etl.models.ids import Scheme
from mandate_etl.models.tables import (
    TABLE_NAMES,
    Activity,
    ActivityMandate,
    Coverage,
    LineageRecord,
    Mandate,
    Office,
    OfficeMandate,
    Provenance,
    Record,
)


class Tables(FrozenModel):
    """The output tables (`TABLES`), of one submission or of a year."""

    report_year: int
    offices: tuple[Office, ...]
    mandates: tuple[Mandate, ...]
    office_mandates: tuple[OfficeMandate, ...]
    activities: tuple[Activity, ...]
    activity_mandates: tuple[ActivityMandate, ...]
    lineage: tuple[LineageRecord, ...]
    coverage: tuple[Coverage, ...]

    def table(self, name: str) -> tuple[Record, ...]:
        """Return the records of the table called `name` (e.g. "activities")."""
        if name not in TABLE_NAMES:
            raise KeyError(name)
        records: tuple[Record, ...] = getattr(self, name)
        return records

    def counts(self) -> dict[str, int]:
        """Return the number of rows of each table."""
        return {name: len(self.table(name)) for name in TABLE_NAMES}


class MandateOccurrence(Provenance):
    """One mandate as written in one office row: what a year's `mandates` row is counted from.

    The year's canonical text, variant and occurrence counts are decided over the occurrences
    of all its files (`normalize.assemble_year`), so each file hands its occurrences on.
    """

    mandate_id: str
    scheme: Scheme
    organization: str | None
    number: int
    office_id: str
    text: str


class NormalizedReport(Tables):
    """One submission's records, ready to be assembled into its year, and what validation found."""

    source: SourceFile
    findings: tuple[Finding, ...] = ()
    occurrences: tuple[MandateOccurrence, ...] = ()
