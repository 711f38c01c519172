"""Text folding shared by every stage: white space, quotes, dashes, accents."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

BULLETS = "•·\uf0b7\uf0a7▪◦‣∙●■*➢❖✓"  # glyphs that open a bulleted item (Word, PDF symbol fonts)
DASHES = "-–—"  # a dash that opens an item (a level-2 bullet, or one typed)
LIST_GLYPHS = BULLETS + DASHES
TITLE_UPPER_SHARE = 0.8  # share of upper-case letters from which a line reads as a title

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


def canonical_text(texts: Sequence[str]) -> tuple[str, int]:
    """Return the most frequent spelling (first seen on a tie) and the number of spellings."""
    keys = [fold_typography(t) for t in texts]
    counts = Counter(keys)
    best_key = max(counts, key=lambda k: (counts[k], -keys.index(k)))
    return texts[keys.index(best_key)], len(counts)


def text_sha256(text: str) -> str:
    """Return the sha256 hex digest of `text` in UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
