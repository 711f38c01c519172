"""The mandate concept lexicon (`data/mandate_lexicon.json`) as stemmed, matchable terms."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from mandate_etl.data import load_json
from mandate_etl.normalize.stems import TERM_LISTS, Language, text_to_keys


@dataclass(frozen=True)
class Term:
    """A word or phrase a report writer uses for a concept, and its content-word keys in order."""

    text: str
    keys: tuple[str, ...]

    @property
    def is_name(self) -> bool:
        """Return whether the lexicon writes the term as a name ("Comunidad Andina", "CARICOM")."""
        return not self.text.islower()


@dataclass(frozen=True)
class Concept:
    """One idea of a mandate: the mandate phrase it stands for and the terms that express it."""

    name: str
    phrase: str
    terms: tuple[Term, ...]

    @cached_property
    def longest_first(self) -> tuple[Term, ...]:
        """Return the terms, longest first (the lexicon's order on a tie)."""
        return tuple(sorted(self.terms, key=lambda term: -len(term.keys)))


@dataclass(frozen=True)
class MandateConcepts:
    """The concepts of one mandate and the concept sets (any one, fully matched) that make a link."""

    mandate_id: str
    concepts: tuple[Concept, ...]
    require: tuple[frozenset[str], ...]


def _entry_to_concepts(mandate_id: str, entry: dict[str, Any], language: Language) -> MandateConcepts:
    """Given one lexicon entry, return its concepts with every term of `language` stemmed."""
    concepts = tuple(
        Concept(
            name=name,
            phrase=body["phrase"],
            terms=tuple(
                Term(t, keys) for t in body[TERM_LISTS[language]] if (keys := text_to_keys(t, language))
            ),
        )
        for name, body in entry["concepts"].items()
    )
    return MandateConcepts(mandate_id, concepts, tuple(frozenset(alt) for alt in entry["require"]))


@cache
def mandate_lexicon(language: Language = "es") -> dict[str, MandateConcepts]:
    """Return the lexicon's concepts per mandate_id ("program:66", "institutional:OIM:3"), with
    the terms of `language`."""
    entries = load_json("mandate_lexicon.json")["mandates"]
    return {mid: _entry_to_concepts(mid, entry, language) for mid, entry in entries.items()}


@cache
def concepts_by_first_word(language: Language = "es") -> dict[str, tuple[tuple[str, str], ...]]:
    """Return, per word key, the (mandate_id, concept name) pairs with a term starting with it.

    A concept none of whose terms starts with a word of the text cannot match it.
    """
    index: dict[str, dict[tuple[str, str], None]] = {}
    for mandate_id, entry in mandate_lexicon(language).items():
        for concept in entry.concepts:
            for term in concept.terms:
                index.setdefault(term.keys[0], {})[(mandate_id, concept.name)] = None
    return {key: tuple(pairs) for key, pairs in index.items()}
