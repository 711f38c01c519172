"""Given the texts of a table row, return the report column each cell plays, if it is a header."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mandate_etl.data import load_json
from mandate_etl.models import ColumnRole
from mandate_etl.text import strip_accents

MIN_ROLES_FOR_HEADER = 4  # a header names at least four of the five columns
MAX_HEADER_CHARS = 200  # a header cell is a title, not a paragraph of content


def fold_header_words(text: str) -> set[str]:
    """Return the words of a header cell: lower case, no accents/punctuation/digits, singular."""
    words = re.findall(r"[a-z]+", strip_accents(text).lower())
    return {_singular(w) for w in words}


def _singular(word: str) -> str:
    """Return a naive Spanish/English singular ("actividades" -> "actividad")."""
    if word.endswith("es") and len(word) > 4 and word[-3] in "dlnrz":
        return word[:-2]
    if word.endswith("s") and len(word) > 3 and not word.endswith("ss"):
        return word[:-1]
    return word


def role_of_header(text: str) -> ColumnRole | None:
    """Return the role whose header phrases best match `text`, or None when none matches."""
    if len(text) > MAX_HEADER_CHARS:
        return None
    words = fold_header_words(text)
    best: tuple[int, ColumnRole | None] = (0, None)
    for role_name, phrases in load_json("headers.json")["roles"].items():
        for phrase in phrases:
            folded = {_singular(w) for w in phrase}
            if folded <= words and len(folded) > best[0]:
                best = (len(folded), ColumnRole(role_name))
    return best[1]


def roles_of_header_row(texts: Sequence[str]) -> tuple[ColumnRole | None, ...] | None:
    """Return one role per cell when `texts` is a report header row, else None.

    A role claimed by two cells goes to the first; a header must name at least
    MIN_ROLES_FOR_HEADER distinct roles, the Program mandates among them.
    """
    roles: list[ColumnRole | None] = []
    seen: set[ColumnRole] = set()
    for text in texts:
        role = role_of_header(text)
        if role in seen:
            role = None
        if role is not None:
            seen.add(role)
        roles.append(role)
    if len(seen) < MIN_ROLES_FOR_HEADER or ColumnRole.PROGRAM not in seen:
        return None
    return tuple(roles)
