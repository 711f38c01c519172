"""Given a word, say whether it is a word of the reports' languages (Spanish, English), from
the word-frequency lists shipped inside `pyspellchecker` (nothing is downloaded).

The lists are read once, and only when a line end is still in doubt after the document's own
words (`vocabulary.resolve_text`): most documents never load them.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib.resources import files

LANGUAGES = ("es", "en")  # the reports' languages; each more list costs 0.1-0.7 s to read
RARE_COUNT = 100  # the lists' floor is 50: entries seen that rarely include fragments ("ación")
PLURAL_ENDS = ("es", "s")  # the lists hold singulars: "correspondientes" is "correspondiente" + s


@cache
def _frequencies() -> tuple[dict[str, int], ...]:
    """Return the word frequencies of each language (read once, on first use, straight from the
    lists inside the package: building its SpellChecker objects would take twice as long)."""
    lists = files("spellchecker") / "resources"
    return tuple(json.loads(gzip.decompress((lists / f"{lang}.json.gz").read_bytes())) for lang in LANGUAGES)


def word_count(word: str) -> int:
    """Return how often the folded `word`, or its singular, occurs in the LANGUAGES' lists
    (the highest count of any language; 0 when it is in none)."""
    forms = [word]
    forms += [word[: -len(end)] for end in PLURAL_ENDS if word.endswith(end) and len(word) > len(end) + 2]
    return max((freq.get(form, 0) for freq in _frequencies() for form in forms), default=0)


def is_dictionary_word(word: str) -> bool:
    """True when the folded `word`, or its singular, is a word of one of the LANGUAGES."""
    return word_count(word) > 0


def is_common_word(word: str) -> bool:
    """True when the folded `word`, or its singular, is more than a rare entry of the lists
    (their floor holds fragments and foreign words: "ación", "ales")."""
    return word_count(word) > RARE_COUNT
