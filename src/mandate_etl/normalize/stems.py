"""Text into content-word stems, each keeping where it was written (for evidence).

Spanish by default; English when an activity is written in English (`language_of`): the
Program and its priorities are the same in any language, and the lexicon has terms in both.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Literal, NamedTuple

import snowballstemmer

from mandate_etl.data import load_json
from mandate_etl.reference import catalogue
from mandate_etl.text import fold_key, strip_accents

_WORD = re.compile(r"[^\W\d_]+")
_SPLIT = re.compile(r"([^\W\d_]+)")  # a text cut into what lies between words and its words, in turn
# The same cut for a text written in Latin-1 and general punctuation (“ ” – …, none of them a
# letter): the letters of _WORD among those characters, listed, are matched twice as fast as
# the Unicode class itself.
_LATIN_LETTERS = "".join(c for c in map(chr, range(0x100)) if _WORD.fullmatch(c))
_LATIN_SPLIT = re.compile(f"([{re.escape(_LATIN_LETTERS)}]+)")
_NOT_LATIN = re.compile(r"[^\x00-\xff\u2000-\u206f]")
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


class Token(NamedTuple):
    """One content word of a text: its stem, its word key and its character span in that text."""

    stem: str
    key: str
    start: int
    end: int


Language = Literal["es", "en"]
STOPWORD_LISTS: dict[Language, str] = {"es": "words", "en": "words_en"}
STEMMERS: dict[Language, str] = {"es": "spanish", "en": "english"}
TERM_LISTS: dict[Language, str] = {"es": "terms", "en": "terms_en"}  # a lexicon concept's terms
LANGUAGE_WORDS = 60  # a text's language is told from its first words (a sentence or two)
ENDING_LETTERS = 2  # "publicación" (-ac) is not "pública" (-a), nor "capacitación" (-ac) "capacitar" (-ar)


@cache
def _stopwords(language: Language = "es") -> frozenset[str]:
    """Return the folded function words of `language` (`lexicon_stopwords.json`)."""
    return frozenset(fold_key(w) for w in load_json("lexicon_stopwords.json")[STOPWORD_LISTS[language]])


@cache
def _stemmer(language: Language = "es") -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(STEMMERS[language])


def language_of(text: str) -> Language:
    """Return "en" when more of the words of `text` are English function words than Spanish
    ones, else "es" (a text with neither is read as Spanish, the reports' language)."""
    return _language_of_words(_WORD.findall(text))


def _language_of_words(words: Sequence[str]) -> Language:
    """Return the language of a text of `words` (see `language_of`).

    Words are lower-cased, not accent-folded: the function words that decide (de, la, el, que,
    the, of, and) have no accents, and folding every word would cost more than the rest.
    """
    lower = map(str.lower, words[:LANGUAGE_WORDS])
    return "en" if sum(map(_language_votes().get, lower, itertools.repeat(0))) > 0 else "es"


@cache
def _language_votes() -> dict[str, int]:
    """Return, per function word, +1 if only English has it, -1 if only Spanish, 0 if both (one
    look-up per word tells which language's words outnumber the other's)."""
    english, spanish = _stopwords("en"), _stopwords("es")
    return {word: (word in english) - (word in spanish) for word in english | spanish}


def word_to_key(word: str, language: Language = "es") -> tuple[str, str] | None:
    """Return the stem of `word` and its word key, or None for a function word.

    The key is the stem with the first two letters of the word's ending, plural dropped. Snowball
    gives one stem to a noun and a verb of the same family ("centro", "centra"; "género",
    "generar"; "desarrollo", "desarrolló"); their endings start differently, so the key tells
    them apart while a plural or a feminine of the same form still matches the singular
    ("migraciones" ~ "migración", "migrantes" ~ "migrante"). The ending keeps its accent:
    "desarrolló" is a verb. Two letters, because one gives the noun in -ación the key of the
    adjective in -a ("publicación" ~ "pública", "sensibilización" ~ "sensibilizar").
    """
    return words_to_keys([word], language)[0]


WordKeys = dict[str, tuple[str, str] | None]  # a word as written -> its stem and key (None: a function word)


class _WordCache(dict[Language, WordKeys]):
    """The words stemmed so far per language, starting from the reference data's words."""

    def __missing__(self, language: Language) -> WordKeys:
        self[language] = known = dict(_reference_words(language))
        return known


_KEYS = _WordCache()


def clear_word_cache() -> None:
    """Forget every word stemmed so far but the reference data's (for benchmarks that must pay for
    a new file)."""
    _KEYS.clear()
    _KEY_ENDS.clear()


@cache
def _reference_words(language: Language) -> WordKeys:
    """Return the stems and keys of the words of the reference data in `language` (function
    words, lexicon terms, and the Program catalogue, in Spanish), stemmed once per process: a
    report's words are often among them, and the link pass reads those texts anyway."""
    lexicon = load_json("mandate_lexicon.json")["mandates"].values()
    terms = (
        t for entry in lexicon for body in entry["concepts"].values() for t in body[TERM_LISTS[language]]
    )
    program = catalogue().values() if language == "es" else ()
    texts = itertools.chain(load_json("lexicon_stopwords.json")[STOPWORD_LISTS[language]], program, terms)
    known: WordKeys = {}
    _learn(itertools.chain.from_iterable(map(_WORD.findall, texts)), language, known)
    return known


def words_to_keys(words: Sequence[str], language: Language = "es") -> list[tuple[str, str] | None]:
    """Return `word_to_key` of each of `words`, stemming the words never seen in one batch."""
    _learn(words, language)
    return list(map(_KEYS[language].__getitem__, words))


def _learn(words: Iterable[str], language: Language, known: WordKeys | None = None) -> None:
    """Stem the `words` never seen into the word cache (or `known`), in one batch."""
    known = _KEYS[language] if known is None else known
    new = list(set(words).difference(known))  # each word's key is its own: the order is free
    if new:
        stopwords = _stopwords(language)
        lower = [word.lower() for word in new]
        # Accents are folded before stemming so a text typed without them ("migracion") stems the
        # same. A word (letters only) has no spaces, quotes or dashes: `fold_key` of it is its
        # accents stripped, lower-cased, without the typography pass.
        folded = [word if word.isascii() else strip_accents(word).lower() for word in lower]
        content = list(map(stopwords.__contains__, folded))  # True: a function word
        read = list(itertools.compress(folded, map(operator.not_, content)))
        stems = _stemmer(language).stemWords(read)
        known.update(dict.fromkeys(itertools.compress(new, content)))  # function words: None
        written = itertools.compress(new, map(operator.not_, content))
        as_lower = itertools.compress(lower, map(operator.not_, content))
        key_ends = _KEY_ENDS
        for word, low, stem in zip(written, as_lower, stems, strict=True):
            # the word key (see word_to_key), inline: this runs once per word of a new file
            known[word] = (stem, stem + key_ends[low[len(stem) :]])


def ending_to_key_end(ending: str) -> str:
    """Return what a word key adds to the stem of a word whose letters after the stem are
    `ending` (see `word_to_key`): a bar, then the ending's first ENDING_LETTERS letters, plural
    dropped."""
    ending = ending.removesuffix("s")
    return "|" + ("" if ending == "e" else ending[:ENDING_LETTERS])


class _KeyEnds(dict[str, str]):
    """Word ending -> `ending_to_key_end` of it, made once per ending (a few dozen endings, "",
    "o", "as", "ación", end the keys of a report's thousand words)."""

    def __missing__(self, ending: str) -> str:
        self[ending] = end = ending_to_key_end(ending)
        return end


_KEY_ENDS = _KeyEnds()


class Words(NamedTuple):
    """The content words of a text as parallel lists (cheaper than one Token each), every word
    as written, and the language they were read in."""

    stems: list[str]
    keys: list[str]
    positions: list[int]  # index of each content word among all the words of the text
    written: list[str]  # every word of the text (content and function words), as written
    pieces: list[str]  # the text cut before and after each word (a word every second piece)
    language: Language = "es"


def text_to_words(text: str, language: Language | None = "es") -> Words:
    """Return the stems, word keys and word positions of the content words of `text`, in order,
    and all its words; `language` None reads `text` in its own language (`language_of`)."""
    return texts_to_words([text], language)[0]


def texts_to_words(texts: Sequence[str], language: Language | None = "es") -> list[Words]:
    """Return `text_to_words` of each of `texts`, the words never seen stemmed in one batch per
    language (one batch for a whole report costs less than one per text)."""
    cut = [(_SPLIT if _NOT_LATIN.search(text) else _LATIN_SPLIT).split(text) for text in texts]
    written = [pieces[1::2] for pieces in cut]
    languages = [_language_of_words(every) if language is None else language for every in written]
    for one in dict.fromkeys(languages):
        read_in = (every for every, its in zip(written, languages, strict=True) if its == one)
        _learn(itertools.chain.from_iterable(read_in), one)
    return [_words(*read) for read in zip(cut, written, languages, strict=True)]


def _words(pieces: list[str], every: list[str], language: Language) -> Words:
    """Return the Words of a text cut into `pieces`, whose words are `every` (all in the cache)."""
    found = list(map(_KEYS[language].__getitem__, every))
    content: list[tuple[str, str]] = list(filter(None, found))  # C loops: this runs on every text
    positions = list(itertools.compress(range(len(found)), found))
    return Words(list(map(_FIRST, content)), list(map(_SECOND, content)), positions, every, pieces, language)


def word_spans(words: Words) -> tuple[list[int], list[int]]:
    """Return where each word of the text of `words` (content and function words) starts, and
    where each ends (the lengths of its pieces added up: no word is matched again)."""
    edges = list(itertools.accumulate(map(len, words.pieces)))
    return edges[0:-1:2], edges[1::2]


def text_to_tokens(text: str, language: Language = "es") -> tuple[Token, ...]:
    """Return the content words of `text`, in order, as stems and keys with their spans in `text`."""
    matches = list(_WORD.finditer(text))
    found = words_to_keys([match.group() for match in matches], language)
    return tuple(
        Token(pair[0], pair[1], match.start(), match.end())
        for match, pair in zip(matches, found, strict=True)
        if pair is not None
    )


def text_to_keys(text: str, language: Language = "es") -> tuple[str, ...]:
    """Return the word keys (see `word_to_key`) of the content words of `text`, in order."""
    return tuple(token.key for token in text_to_tokens(text, language))


def text_to_stems(text: str, language: Language = "es") -> tuple[str, ...]:
    """Return the stems of the content words of `text`, in order."""
    return tuple(token.stem for token in text_to_tokens(text, language))
