"""Validation findings: what is wrong with a submission, where, in the typist's terms."""

from __future__ import annotations

from typing import Literal

from mandate_etl.models.base import FrozenModel

Severity = Literal["error", "warning"]


class Finding(FrozenModel):
    """One problem found in a submission, with a stable code and a findable location."""

    severity: Severity
    code: str
    message: str
    file: str
    location: str = ""
    office: str | None = None
    quote: str | None = None

    def one_line(self) -> str:
        """Return `file: location: severity code: message [office] «quote»`."""
        where = ": ".join(p for p in (self.file, self.location) if p)
        line = f"{where}: {self.severity} {self.code}: {self.message}"
        if self.office:
            line += f" [{self.office}]"
        if self.quote:
            line += f" «{self.quote}»"
        return line
