"""Given a word, say whether it is a word of the reports' languages (Spanish, English), from
the word-frequency lists shipped inside `pyspellchecker` (nothing is downloaded).

The lists are read once, and only when a line end is still in doubt after the document's own
words (`vocabulary.resolve_text`): most documents never load them.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
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


# Spanish derivation: words of one family share a stem; the lists hold few derived forms
# ("capacitar" but not "capacitación", "emprender" but not "emprendimiento"). A word is
# attested when it is the stem of one ending of a family plus another ending of the same
# family that the lists or the document hold. Each family is productive (any -ar verb makes
# -ación and -ado), so no word list of its own is needed.
UNACCENTED = str.maketrans("áéíóú", "aeiou")
SUFFIX_FAMILIES = (
    (
        "ar",
        "ación",
        "aciones",
        "ado",
        "ada",
        "ados",
        "adas",
        "amiento",
        "amientos",
        "ando",
        "ante",
        "antes",
        "ará",
        "ara",
        "arán",
        "aron",
    ),
    ("er", "ir", "ición", "iciones", "ido", "ida", "idos", "idas", "imiento", "imientos", "iendo"),
    ("", "izar", "ización", "izaciones", "izado", "izada", "izados", "izadas"),  # focal: focalizado
    ("o", "a", "al", "ales", "almente"),  # departamento: departamentales
    ("", "mente"),  # específica: específicamente
    ("ón", "ones"),  # organización: organizaciones (the plural loses the accent)
)
UNACCENTED_FAMILIES = tuple(  # headings in capitals often drop accents: "CAPACITACION"
    tuple(end.translate(UNACCENTED) for end in family) for family in SUFFIX_FAMILIES
)
PREFIXES = ("inter", "latino", "pan", "multi", "micro", "trans", "sub", "socio", "auto", "co")
MIN_STEM = 4  # letters a stem keeps: shorter ones make words of fragments ("ado", "ales")


# Verb forms the lists lack (present, subjunctive, preterite: "operan", "reciban", "reunió"),
# by their infinitive; a stem may change before some endings: "pued-an" poder, "promuev-an"
# promover, "conozc-an" conocer, "contribuy-an" contribuir.
VERB_ENDINGS = {
    "ar": ("a", "an", "as", "e", "en", "es", "ó", "aba", "aban", "aron"),
    "er": ("e", "en", "es", "a", "an", "as", "ió", "ieron", "ía", "ían"),
    "ir": ("e", "en", "es", "a", "an", "as", "ió", "ieron", "ía", "ían"),
}
FUTURE_ENDINGS = ("á", "án", "ía", "ían")
INFINITIVES = ("ar", "er", "ir")
STEM_CHANGES = (("ue", "o"), ("ie", "e"), ("zc", "c"), ("uy", "u"))


def verb_bases(word: str) -> list[str]:
    """Return the infinitives `word` may be a form of (the future and the conditional are
    built on the infinitive: "estará", "realizarían")."""
    bases = [
        word[: -len(end)]
        for end in FUTURE_ENDINGS
        if word.endswith(end) and word[: -len(end)].endswith(INFINITIVES)
    ]
    for infinitive, endings in VERB_ENDINGS.items():
        for end in endings:
            stem = word[: -len(end)]
            if not word.endswith(end) or len(stem) < MIN_STEM:
                continue
            stems = [stem] + [
                stem[::-1].replace(a[::-1], b[::-1], 1)[::-1] for a, b in STEM_CHANGES if a in stem[-3:]
            ]
            bases += [s + infinitive for s in stems]
    return bases


def derived_stems(word: str) -> list[str]:
    """Return the words of `word`'s families it may derive from: its stem with each other
    ending of a family whose ending it has, then what follows a prefix it starts with."""
    bases: list[str] = []
    for family in (*SUFFIX_FAMILIES, *UNACCENTED_FAMILIES):
        for end in family:
            if end and word.endswith(end) and len(word) - len(end) >= MIN_STEM:
                stem = word[: -len(end)]
                bases += [stem + other for other in family if other != end]
    bases += verb_bases(word)
    bases += [word[len(p) :] for p in PREFIXES if word.startswith(p) and len(word) - len(p) > MIN_STEM]
    return bases


def is_derived_word(word: str, attested: Callable[[str], bool]) -> bool:
    """True when the folded `word` is not `attested` itself but a word of its family is (or,
    after a prefix, its rest is, or derives from one that is)."""
    if any(attested(base) for base in derived_stems(word)):
        return True
    rests = [word[len(p) :] for p in PREFIXES if word.startswith(p) and len(word) - len(p) > MIN_STEM]
    return any(attested(stem) for rest in rests for stem in derived_stems(rest))
