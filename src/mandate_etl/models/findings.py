"""Validation findings: what is wrong with a submission, where, in the typist's terms."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal, TypedDict

from pydantic import Field

from mandate_etl.models.base import FrozenModel
from mandate_etl.models.source import SourceRef

Severity = Literal["error", "warning", "info"]  # info: advice to the submitter, never a failure


class Finding(FrozenModel):
    """One problem found in a submission, with a stable code and a findable location.

    `location` is the place in words; `table` … `page` are the same place as numbers
    (1-based, null when the place has no such part), for tools that sort or filter.
    """

    severity: Severity
    code: str
    message: str
    file: str
    location: str = ""
    office: str | None = None
    quote: str | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None
    page: int | None = None

    def one_line(self) -> str:
        """Return `file: location: severity code: message [office] «quote»`."""
        where = ": ".join(p for p in (self.file, self.location) if p)
        line = f"{where}: {self.severity} {self.code}: {self.message}"
        if self.office:
            line += f" [{self.office}]"
        if self.quote:
            line += f" «{self.quote}»"
        return line


class Place(TypedDict, total=False):
    """The location fields of a Finding."""

    location: str
    table: int | None
    row: int | None
    column: int | None
    paragraph: int | None
    page: int | None


def place_of(ref: SourceRef | None) -> Place:
    """Return the location fields of a finding at `ref`: its locator in words and as numbers."""
    if ref is None:
        return {}
    return Place(
        location=ref.locator(),
        table=ref.table,
        row=ref.row,
        column=ref.column,
        paragraph=ref.paragraph,
        page=ref.page,
    )


class FindingsSummary(FrozenModel):
    """How many files were validated, and their findings counted by severity and by code."""

    files: int
    errors: int
    warnings: int
    infos: int = 0
    by_code: dict[str, int] = Field(description="finding code -> how many times it was found")


class FindingsDocument(FrozenModel):
    """What `mandate-etl validate --format json` prints: every finding, then a summary."""

    findings: tuple[Finding, ...]
    summary: FindingsSummary


def findings_document(findings: Sequence[Finding], files: int) -> FindingsDocument:
    """Return the findings of `files` validated files with their summary."""
    summary = FindingsSummary(
        files=files,
        errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        infos=sum(f.severity == "info" for f in findings),
        by_code=dict(sorted(Counter(f.code for f in findings).items())),
    )
    return FindingsDocument(findings=tuple(findings), summary=summary)
