"""Mandate ids: `program:66`, `institutional:OIM:3`, written and read in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

Scheme = Literal["program", "institutional"]


@dataclass(frozen=True, order=True)
class MandateId:
    """A mandate's identity: its scheme, the organization owning it (institutional) and number."""

    scheme: Scheme
    number: int
    organization: str | None = None

    @classmethod
    def program(cls, number: int) -> MandateId:
        """Return the id of Program item `number`."""
        return cls("program", number)

    @classmethod
    def institutional(cls, organization: str, number: int) -> MandateId:
        """Return the id of priority `number` of `organization`."""
        return cls("institutional", number, organization)

    @classmethod
    def parse(cls, text: str) -> MandateId:
        """Return the id written as `text`; raise ValueError when it is not a mandate id."""
        parts = text.split(":")
        if parts[0] == "program" and len(parts) == 2 and parts[1].isdigit():
            return cls.program(int(parts[1]))
        if parts[0] == "institutional" and len(parts) == 3 and parts[1] and parts[2].isdigit():
            return cls.institutional(parts[1], int(parts[2]))
        raise ValueError(f"not a mandate id: {text!r}")

    def __str__(self) -> str:
        """Return the id as written in the tables."""
        if self.scheme == "program":
            return f"{self.scheme}:{self.number}"
        return f"{self.scheme}:{cast(str, self.organization)}:{self.number}"
