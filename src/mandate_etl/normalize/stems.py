"""Spanish text into content-word stems, each keeping where it was written (for evidence)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import snowballstemmer

from mandate_etl.data import load_json
from mandate_etl.text import fold_key

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Token:
    """One content word of a text: its stem, its word key and its character span in that text."""

    stem: str
    key: str
    start: int
    end: int


@cache
def _stopwords() -> frozenset[str]:
    """Return the folded Spanish function words of `lexicon_stopwords.json`."""
    return frozenset(fold_key(w) for w in load_json("lexicon_stopwords.json")["words"])


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("spanish")


@cache
def word_to_stem(word: str) -> str | None:
    """Return the Snowball stem of `word` (accents folded, lower case), or None for a function word."""
    key = fold_key(word)
    if key in _stopwords():
        return None
    # Accents are folded before stemming so a text typed without them ("migracion") stems the same.
    return _stemmer().stemWord(key)


@cache
def word_to_key(word: str) -> str | None:
    """Return the stem of `word` with the first letter of its ending, plural dropped, or None.

    Snowball gives one stem to a noun and a verb of the same family ("centro", "centra";
    "género", "generar"; "desarrollo", "desarrolló"); their endings start differently, so
    the key tells them apart while a plural or a feminine of the same form still matches the
    singular ("migraciones" ~ "migración", "migrantes" ~ "migrante"). The ending keeps its
    accent: "desarrolló" is a verb.
    """
    stem = word_to_stem(word)
    if stem is None:
        return None
    ending = word.lower()[len(stem) :]
    ending = ending[:-1] if ending.endswith("s") else ending
    return f"{stem}|{'' if ending == 'e' else ending[:1]}"


def text_to_tokens(text: str) -> tuple[Token, ...]:
    """Return the content words of `text`, in order, as stems and keys with their spans in `text`."""
    tokens = []
    for match in _WORD.finditer(text):
        stem, key = word_to_stem(match.group()), word_to_key(match.group())
        if stem is not None and key is not None:
            tokens.append(Token(stem, key, match.start(), match.end()))
    return tuple(tokens)


def text_to_keys(text: str) -> tuple[str, ...]:
    """Return the word keys (see `word_to_key`) of the content words of `text`, in order."""
    return tuple(token.key for token in text_to_tokens(text))


def text_to_stems(text: str) -> tuple[str, ...]:
    """Return the stems of the content words of `text`, in order."""
    return tuple(token.stem for token in text_to_tokens(text))
