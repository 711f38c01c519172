"""Where a lexicon term may not match in an activity's text: across a clause's end, or inside
the name of a body.

* **Clauses.** A term's words are read in one clause: "… reducen las brechas en la equidad de
  salud y la discriminación. La introducción de los trabajadores …" does not say "salud de los
  trabajadores".
* **Names of bodies.** A mandate's words inside the name of an institution, an authority, an
  organisation or a network ("Instituto Nacional de Migración", "Comisión Nacional de Derechos
  Humanos", "Comisión de Asuntos Jurídicos y Políticos") say what the named body works on, not
  what the activity does: work done "junto a la Dirección … del Instituto Nacional de Migración"
  is not migration management. Names of programmes, projects, courses, policies and works are
  read as the activity's words: they usually state its own purpose ("Programa de Asistencia a
  Víctimas de la Trata de Personas", "Curso sobre Derechos Humanos de las Personas Migrantes").

A body's name is a Capitalised noun of `data/body_names.json` ("Dirección", "Ministry")
followed by at least one more Capitalised word, each joined to the next by spaces or a hyphen
and at most NAME_MAX_LINKS function words ("Comisión de Asuntos Jurídicos y Políticos de la
OEA"); it ends at its last Capitalised word, and does not run across other punctuation.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from mandate_etl.data import load_json
from mandate_etl.normalize.stems import STOPWORD_LISTS, Language
from mandate_etl.text import fold_key

CLAUSE_END = re.compile(r"[.;:!?](?=\s|$)")
_START = operator.methodcaller("start")
# Function words a body's name may hold in a row ("Instituto Nacional de la Mujer": 2).
NAME_MAX_LINKS = 3
BODY_LISTS: dict[Language, str] = {"es": "words", "en": "words_en"}
_CAPITALISED = r"[A-ZÁÉÍÓÚÜÑÀÈÌÒÙÇ][^\W\d_]*"
_SPACE = r"[ \t\u00a0]+"
_JOIN = r"[ \t\u00a0]*[-–][ \t\u00a0]*|" + _SPACE


class Boundaries(NamedTuple):
    """An activity's clause starts and body names, as indices among its content words."""

    clause_starts: tuple[int, ...]  # the first content word of each clause after the first
    bodies: frozenset[int]  # the content words inside a body's name

    def admit(self, first: int, last: int, name: bool = False) -> bool:
        """Return whether a term may match content words `first`..`last`: in one clause and,
        unless the term is itself a `name` ("Comunidad Andina"), not inside a body's name."""
        after = bisect.bisect_right(self.clause_starts, first)
        if after < len(self.clause_starts) and self.clause_starts[after] <= last:
            return False
        return name or first not in self.bodies or last not in self.bodies


def text_boundaries(
    text: str,
    positions: Sequence[int],
    starts: Sequence[int],
    language: Language = "es",
    written: Iterable[str] | None = None,
) -> Boundaries:
    """Return the clause starts and body names of `text`, as indices among its content words
    (at `positions` among all its words, which start at characters `starts`: `stems.word_spans`;
    `written`: all its words, when read already)."""
    bodies: set[int] = set()
    # a body's name starts with one of the nouns as a whole word: a text without one has none
    # (most texts: the set look-up costs less than the search)
    unnamed = written is not None and _body_nouns(language).isdisjoint(written)
    for name in () if unnamed else _body_name_pattern(language).finditer(text):
        first = bisect.bisect_left(starts, name.start())
        last = bisect.bisect_left(starts, name.end())
        bodies.update(range(bisect.bisect_left(positions, first), bisect.bisect_left(positions, last)))
    return Boundaries(clause_starts(text, positions, starts), frozenset(bodies))


def clause_starts(text: str, positions: Sequence[int], starts: Sequence[int]) -> tuple[int, ...]:
    """Return the index, among the content words of `text` (at `positions` among all its words,
    which start at characters `starts`), of the first content word of each clause after the
    first (a clause ends at CLAUSE_END; no word runs across the punctuation that ends it)."""
    # C loops (map), not a generator: this runs for every activity scored
    words = map(bisect.bisect_left, itertools.repeat(starts), map(_START, CLAUSE_END.finditer(text)))
    return tuple(map(bisect.bisect_left, itertools.repeat(positions), words))


@cache
def _noun_forms(language: Language) -> frozenset[str]:
    """Return the nouns that start a body's name in `language`, as listed and accent-folded."""
    nouns = load_json("body_names.json")[BODY_LISTS[language]]
    return frozenset(form for word in nouns for form in (word, fold_key(word)))


@cache
def _body_nouns(language: Language) -> frozenset[str]:
    """Return the nouns that start a body's name in `language` as the pattern matches them:
    Capitalised (its initial upper-case), as listed and accent-folded."""
    return frozenset(noun[:1].upper() + noun[1:] for noun in _noun_forms(language))


@cache
def _body_name_pattern(language: Language) -> re.Pattern[str]:
    """Return the pattern of a body's name in `language` (made once per process)."""
    by_initial: dict[str, set[str]] = {}
    for noun in _noun_forms(language):
        by_initial.setdefault(noun[:1].upper(), set()).add(noun[1:])
    # grouped by capital initial, the initial first: the search skips ahead to those letters (an
    # alternation of whole words tried at every word is four times slower); the look-behind after
    # the initial asks that it starts a word
    head = "|".join(
        rf"{re.escape(initial)}(?<![^\W\d_].)(?:{_alternation(rests)})"
        for initial, rests in sorted(by_initial.items())
    )
    link = _alternation(load_json("lexicon_stopwords.json")[STOPWORD_LISTS[language]])
    more = rf"(?:{_JOIN})(?:(?:{link}){_SPACE}){{0,{NAME_MAX_LINKS}}}{_CAPITALISED}"
    return re.compile(rf"(?:{head})\b(?:{more})+")


def _alternation(words: Iterable[str]) -> str:
    """Return a pattern matching any of `words`, the longest first."""
    return "|".join(sorted(map(re.escape, words), key=lambda w: (-len(w), w)))
