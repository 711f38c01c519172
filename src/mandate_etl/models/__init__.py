"""Frozen pydantic models exchanged between the stages."""

from mandate_etl.models.base import FrozenModel
from mandate_etl.models.document import (
    Cell,
    ColumnRole,
    ExtractedReport,
    Paragraph,
    Row,
    RowKind,
    SourceFile,
)
from mandate_etl.models.findings import Finding, Severity
from mandate_etl.models.ids import MandateId
from mandate_etl.models.report import MandateOccurrence, NormalizedReport, Tables
from mandate_etl.models.source import SourceRef
from mandate_etl.models.tables import (
    PROVENANCE_COLUMNS,
    TABLE_NAMES,
    TABLES,
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

__all__ = [
    "PROVENANCE_COLUMNS",
    "TABLES",
    "MandateId",
    "MandateOccurrence",
    "Provenance",
    "Tables",
    "TABLE_NAMES",
    "NormalizedReport",
    "Activity",
    "ActivityMandate",
    "Cell",
    "Coverage",
    "ColumnRole",
    "ExtractedReport",
    "Finding",
    "FrozenModel",
    "LineageRecord",
    "Mandate",
    "Office",
    "OfficeMandate",
    "Paragraph",
    "Record",
    "Row",
    "RowKind",
    "Severity",
    "SourceFile",
    "SourceRef",
]
