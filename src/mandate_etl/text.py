"""Text folding shared by every stage: white space, quotes, dashes, accents."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "´": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "\u00ad": ""})


def fold_whitespace(text: str) -> str:
    """Return `text` in NFC with every run of white space (NBSP included) as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=8192)
def fold_typography(text: str) -> str:
    """Return `text` whitespace-folded with curly quotes straight and dashes as hyphens."""
    return fold_whitespace(text).translate(_QUOTES).translate(_DASHES)


class _AccentTable(dict[int, str]):
    """str.translate table: each character to its base letters, computed once per character."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        self[code] = base
        return base


_ACCENTS = _AccentTable()


def strip_accents(text: str) -> str:
    """Return `text` without combining accents ("MÉXICO" -> "MEXICO")."""
    return unicodedata.normalize("NFC", text).translate(_ACCENTS)


@lru_cache(maxsize=8192)
def fold_key(text: str) -> str:
    """Return a comparison key: typography folded, accents stripped, lower case."""
    return strip_accents(fold_typography(text)).lower()


def slugify(text: str) -> str:
    """Return an ASCII slug of `text` ("Washington, D.C." -> "washington-dc")."""
    key = re.sub(r"[^a-z0-9]+", "-", fold_key(text).replace(".", ""))
    return key.strip("-")
