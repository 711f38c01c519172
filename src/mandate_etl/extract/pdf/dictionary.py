"""Given a word, say whether it is a word of the report's languages (Spanish, English,
Portuguese, French), from the word-frequency lists shipped inside `pyspellchecker`.

The lists are read once, and only when a line end is still in doubt after the document's own
words (`vocabulary.resolve_text`): most documents never load them.
"""

from __future__ import annotations

from functools import cache

LANGUAGES = ("es", "en", "pt", "fr")  # the OAS's languages
RARE_COUNT = 100  # the lists' floor is 50: entries seen that rarely include fragments ("ación")
PLURAL_ENDS = ("es", "s")  # the lists hold singulars: "correspondientes" is "correspondiente" + s


@cache
def _frequencies() -> tuple[dict[str, int], ...]:
    """Return the word frequencies of each language (loaded once, on first use)."""
    from spellchecker import SpellChecker  # slow to load: only when a line end is in doubt

    return tuple(SpellChecker(language=lang, distance=1).word_frequency.dictionary for lang in LANGUAGES)


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
