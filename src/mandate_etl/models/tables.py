"""The output tables (CONTRACT.md §2). These models are the single source of the Parquet and
JSON schemas: `load/arrow_schema.py` and `load/json_schema.py` derive both from them."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from mandate_etl.models.base import FrozenModel
from mandate_etl.models.ids import Scheme
from mandate_etl.models.source import document_order

OfficeKind = Literal["country", "regional", "agency"]
Section = Literal["carried_out", "planned"]
LinkKind = Literal["explicit", "repaired", "inferred"]
TargetTable = Literal["offices", "mandates", "activities"]
Disposition = Literal[
    "header",
    "group",
    "office",
    "mandate",
    "duplicate_mandate",
    "activity",
    "heading",
    "lead_in",
    "empty",
    "residue",
]


class Provenance(FrozenModel):
    """Columns every row of every table carries: the year and where the row came from.

    The place is written twice: as a locator a person reads, and as numbers (1-based, as in
    the locator) a query filters on. A record made of several paragraphs of one cell names
    the first and the last; one that spans cells names the first paragraph only. A record made
    of part of a paragraph (an item typed inline, "… y 7) …") also names its characters:
    `text[source_char_start - 1 : source_char_end]`, null when it covers whole paragraphs.
    """

    report_year: int = Field(description="Year of the report, from raw/<year>/ or --year")
    source_file: str = Field(description="Path of the submission, relative to the repository")
    source_sha256: str = Field(description="SHA-256 of the submission file")
    source_locator: str = Field(
        description='Human-readable place, e.g. "table 1, row 5, column 4, paragraphs 3-7"'
    )
    source_page: int | None = Field(default=None, description="PDF page; null for Word")
    source_table: int | None = Field(default=None, description="Table number (per page in a PDF)")
    source_row: int | None = Field(default=None, description="Row number within the table")
    source_column: int | None = Field(default=None, description="Column number; null for a whole row")
    source_paragraph_first: int | None = Field(default=None, description="First paragraph in the cell")
    source_paragraph_last: int | None = Field(default=None, description="Last paragraph in the cell")
    source_char_start: int | None = Field(
        default=None,
        description="First character (1-based) of the row in its first paragraph; null: whole paragraphs",
    )
    source_char_end: int | None = Field(
        default=None,
        description="Last character (1-based, inclusive) in its last paragraph; null: whole paragraphs",
    )

    def document_order(self) -> tuple[int, int, int, int, int]:
        """Return the sort key of the row's (first) place: page, table, row, column, paragraph."""
        return document_order(
            self.source_page,
            self.source_table,
            self.source_row,
            self.source_column,
            self.source_paragraph_first,
        )


PROVENANCE_COLUMNS: tuple[str, ...] = tuple(n for n in Provenance.model_fields if n != "report_year")


class Record(Provenance):
    """A row of one of the output tables: provenance, then the table's own columns."""

    table_name: ClassVar[str]
    key: ClassVar[tuple[str, ...]]


class Office(Record):
    """A reporting office (one row of the report table)."""

    table_name: ClassVar[str] = "offices"
    key: ClassVar[tuple[str, ...]] = ("report_year", "office_id")

    office_id: str = Field(description="Stable slug across years, e.g. oim-mexico")
    name: str = Field(description="Office name as written, whitespace folded")
    organization: str | None = Field(description="Acronym as written: OIM, ACNUR, OPS, OACDH")
    organization_name: str | None = Field(description="Full name of the organization")
    country_code: str | None = Field(description="ISO 3166-1 alpha-2 of a country office")
    office_kind: OfficeKind = Field(
        description="country, regional (a regional office) or agency (a whole organization)"
    )


class Mandate(Record):
    """A Program item or an institutional priority, stored once per year."""

    table_name: ClassVar[str] = "mandates"
    key: ClassVar[tuple[str, ...]] = ("report_year", "mandate_id")

    mandate_id: str = Field(description="program:66 or institutional:OIM:3, stable across years")
    scheme: Scheme = Field(
        description="program (an item of the Program) or institutional (an office's own priority)"
    )
    organization: str | None = Field(description="Owner of an institutional mandate; null for program")
    number: int = Field(description="Printed number; 1-based position for an unnumbered list")
    text: str = Field(description="Canonical text, numbering removed, whitespace folded")
    text_sha256: str = Field(description="SHA-256 of the canonical text")
    variant_count: int = Field(description="Distinct spellings merged into this mandate")
    occurrence_count: int = Field(description="Office rows in which it was written")


class OfficeMandate(Record):
    """Which office is assigned which mandate."""

    table_name: ClassVar[str] = "office_mandates"
    key: ClassVar[tuple[str, ...]] = ("report_year", "office_id", "mandate_id")

    office_id: str = Field(description="The office (offices.office_id)")
    mandate_id: str = Field(description="The mandate assigned to it (mandates.mandate_id)")


class Activity(Record):
    """One activity item of column 4 (carried out) or column 5 (planned)."""

    table_name: ClassVar[str] = "activities"
    key: ClassVar[tuple[str, ...]] = ("report_year", "activity_id")

    activity_id: str = Field(description="Stable hash of year, office, section and text")
    office_id: str = Field(description="The office that reports it (offices.office_id)")
    section: Section = Field(description="carried_out (column 4) or planned (column 5)")
    seq: int = Field(description="1-based order within office and section")
    heading: str | None = Field(description='Title the item sits under, e.g. "CAMPAÑA"')
    lead_in: str | None = Field(
        default=None,
        description='The line that introduces the item\'s list, e.g. "Algunas de las actividades … son:"',
    )
    text: str = Field(description="Item text, list markers and references removed, whitespace folded")


class ActivityMandate(Record):
    """A link from an activity to a mandate it reports on."""

    table_name: ClassVar[str] = "activity_mandates"
    key: ClassVar[tuple[str, ...]] = ("report_year", "activity_id", "mandate_id")

    activity_id: str = Field(description="The activity (activities.activity_id)")
    mandate_id: str = Field(description="The mandate it reports on (mandates.mandate_id)")
    link: LinkKind = Field(
        description="explicit (number written in the text), repaired (a recognised typo), inferred (content)"
    )
    score: float = Field(description="1.0 for explicit; lower for repaired or inferred")
    evidence: str | None = Field(
        default=None,
        description="For inferred links: the activity's matched words and the mandate phrase they "
        'match ("capacitación → "ofrecer capacitación"; …"); null for explicit and repaired',
    )


class LineageRecord(Record):
    """What became of one non-empty source paragraph."""

    table_name: ClassVar[str] = "lineage"
    key: ClassVar[tuple[str, ...]] = ("report_year", "source_file", "source_locator")

    text: str = Field(
        description="The paragraph as written (list label included), or its characters named by the row"
    )
    disposition: Disposition = Field(
        description="What the paragraph became: office, mandate, activity, heading, …"
    )
    target_table: TargetTable | None = Field(description="Table of the record it became part of, if any")
    target_id: str | None = Field(description="Id of that record (office_id, mandate_id or activity_id)")
    reason: str | None = Field(default=None, description="Why, for residue and duplicate_mandate")


class Coverage(Record):
    """How one office covers one mandate in a year: its linked activities by kind and section.

    One row per assigned mandate of each office, one per mandate an office only links activities
    to, and one with a null office per Program mandate no office covers (neither assigned nor
    linked); that row's provenance is the Program catalogue."""

    table_name: ClassVar[str] = "coverage"
    key: ClassVar[tuple[str, ...]] = ("report_year", "office_id", "mandate_id")

    office_id: str | None = Field(description="The office (offices.office_id); null: no office covers it")
    mandate_id: str = Field(description="The mandate (mandates.mandate_id, or a Program catalogue item)")
    assigned: bool = Field(description="The office lists the mandate in its row")
    activities: int = Field(description="Activities of the office linked to the mandate")
    explicit: int = Field(description="Of those, linked by a number written in the text")
    repaired: int = Field(description="Of those, linked by a recognised typo of a number")
    inferred: int = Field(description="Of those, linked from content")
    carried_out: int = Field(description="Of those, carried out (column 4)")
    planned: int = Field(description="Of those, planned (column 5)")


TABLES: tuple[type[Record], ...] = (
    Office,
    Mandate,
    OfficeMandate,
    Activity,
    ActivityMandate,
    LineageRecord,
    Coverage,
)

TABLE_NAMES: tuple[str, ...] = tuple(model.table_name for model in TABLES)
