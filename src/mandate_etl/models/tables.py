"""The output tables (CONTRACT.md §2). These models are the single source of the Parquet and
JSON schemas: `load/arrow_schema.py` and `load/json_schema.py` derive both from them."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from mandate_etl.models.base import FrozenModel

OfficeKind = Literal["country", "regional", "agency"]
Scheme = Literal["program", "institutional"]
Section = Literal["carried_out", "planned"]
LinkKind = Literal["explicit", "repaired", "inferred"]
Disposition = Literal[
    "header",
    "group",
    "office",
    "mandate",
    "duplicate_mandate",
    "activity",
    "heading",
    "empty",
    "residue",
]


class Record(FrozenModel):
    """Columns every row of every table carries: the year and where the row came from."""

    table_name: ClassVar[str]
    key: ClassVar[tuple[str, ...]]

    report_year: int = Field(description="Year of the report, from raw/<year>/ or --year")
    source_file: str = Field(description="Path of the submission, relative to the repository")
    source_sha256: str = Field(description="SHA-256 of the submission file")
    source_locator: str = Field(
        description='Human-readable place, e.g. "table 1, row 5, column 4, paragraphs 3-7"'
    )
    source_page: int | None = Field(default=None, description="PDF page; null for Word")


class Office(Record):
    """A reporting office (one row of the report table)."""

    table_name: ClassVar[str] = "offices"
    key: ClassVar[tuple[str, ...]] = ("report_year", "office_id")

    office_id: str = Field(description="Stable slug across years, e.g. oim-mexico")
    name: str = Field(description="Office name as written, whitespace folded")
    organization: str | None = Field(description="Acronym as written: OIM, ACNUR, OPS, OACDH")
    organization_name: str | None = Field(description="Full name of the organization")
    country_code: str | None = Field(description="ISO 3166-1 alpha-2 of a country office")
    office_kind: OfficeKind


class Mandate(Record):
    """A Program item or an institutional priority, stored once per year."""

    table_name: ClassVar[str] = "mandates"
    key: ClassVar[tuple[str, ...]] = ("report_year", "mandate_id")

    mandate_id: str = Field(description="program:66 or institutional:OIM:3, stable across years")
    scheme: Scheme
    organization: str | None = Field(description="Owner of an institutional mandate; null for program")
    number: int = Field(description="Printed number; 1-based position for an unnumbered list")
    text: str = Field(description="Canonical text, numbering removed, whitespace folded")
    text_sha256: str
    variant_count: int = Field(description="Distinct spellings merged into this mandate")
    occurrence_count: int = Field(description="Office rows in which it was written")


class OfficeMandate(Record):
    """Which office is assigned which mandate."""

    table_name: ClassVar[str] = "office_mandates"
    key: ClassVar[tuple[str, ...]] = ("report_year", "office_id", "mandate_id")

    office_id: str
    mandate_id: str


class Activity(Record):
    """One activity item of column 4 (carried out) or column 5 (planned)."""

    table_name: ClassVar[str] = "activities"
    key: ClassVar[tuple[str, ...]] = ("report_year", "activity_id")

    activity_id: str = Field(description="Stable hash of year, office, section and text")
    office_id: str
    section: Section
    seq: int = Field(description="1-based order within office and section")
    heading: str | None = Field(description='Title the item sits under, e.g. "CAMPAÑA"')
    text: str = Field(description="Item text, list markers and references removed, whitespace folded")


class ActivityMandate(Record):
    """A link from an activity to a mandate it reports on."""

    table_name: ClassVar[str] = "activity_mandates"
    key: ClassVar[tuple[str, ...]] = ("report_year", "activity_id", "mandate_id")

    activity_id: str
    mandate_id: str
    link: LinkKind
    score: float = Field(description="1.0 for explicit; lower for repaired or inferred")


class LineageRecord(Record):
    """What became of one non-empty source paragraph."""

    table_name: ClassVar[str] = "lineage"
    key: ClassVar[tuple[str, ...]] = ("report_year", "source_file", "source_locator")

    text: str = Field(description="The paragraph as written (list label included)")
    disposition: Disposition
    target_table: str | None
    target_id: str | None
    reason: str | None = None


TABLES: tuple[type[Record], ...] = (
    Office,
    Mandate,
    OfficeMandate,
    Activity,
    ActivityMandate,
    LineageRecord,
)
