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
from mandate_etl.models.report import TABLE_NAMES, NormalizedReport
from mandate_etl.models.source import SourceRef
from mandate_etl.models.tables import (
    TABLES,
    Activity,
    ActivityMandate,
    Coverage,
    LineageRecord,
    Mandate,
    Office,
    OfficeMandate,
    Record,
)

__all__ = [
    "TABLES",
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
