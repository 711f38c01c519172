"""Text folding shared by every stage: white space, quotes, dashes, accents."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "´": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "\u00ad": ""})


def fold_whitespace(text: str) -> str:
    """Return `text` in NFC with every run of white space (NBSP included) as one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def fold_typography(text: str) -> str:
    """Return `text` whitespace-folded with curly quotes straight and dashes as hyphens."""
    return fold_whitespace(text).translate(_QUOTES).translate(_DASHES)


def strip_accents(text: str) -> str:
    """Return `text` without combining accents ("MÉXICO" -> "MEXICO")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_key(text: str) -> str:
    """Return a comparison key: typography folded, accents stripped, lower case."""
    return strip_accents(fold_typography(text)).lower()


def slugify(text: str) -> str:
    """Return an ASCII slug of `text` ("Washington, D.C." -> "washington-dc")."""
    key = re.sub(r"[^a-z0-9]+", "-", fold_key(text).replace(".", ""))
    return key.strip("-")
