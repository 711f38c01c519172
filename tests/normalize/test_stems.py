"""Text into words: the fast paths read every text exactly as the plain definitions do."""

from __future__ import annotations

import re

import snowballstemmer
from hypothesis import given, settings
from hypothesis import strategies as st

from mandate_etl.data import load_json
from mandate_etl.normalize.stems import (
    clear_word_cache,
    language_of,
    text_to_tokens,
    text_to_words,
    texts_to_words,
    word_spans,
    word_to_key,
)
from mandate_etl.text import fold_key

WORD = re.compile(r"[^\W\d_]+")  # what a word is (stems.py): letters only
SPANISH, ENGLISH = "de la el que los para con una", "the of and to in for with on"
# letters with and without accents, typed apart, ligatures, digits, punctuation, spaces
TEXTS = st.lists(
    st.sampled_from([*"aeinoóúñÁÉÑüßİĲﬁª", "\u0301", *"0_ .;:,-–«»\u00a0\n"])
    | st.sampled_from([*SPANISH.split(), *ENGLISH.split(), "Migración", "MIGRANTES", "capacitacion"]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def they_read_the_same_words_as_the_tokens(text):
    words = text_to_words(text)
    tokens = text_to_tokens(text)
    assert words.stems == [t.stem for t in tokens]
    assert words.keys == [t.key for t in tokens]
    assert words.written == WORD.findall(text)
    assert [words.written[i] for i in words.positions] == [text[t.start : t.end] for t in tokens]


# Latin-1 and general punctuation (the fast cut), and characters beyond them (the Unicode one)
LATIN_OR_NOT = st.text(
    st.sampled_from([chr(c) for c in range(0x100)] + [chr(c) for c in range(0x2000, 0x2070)])
    | st.characters(max_codepoint=0x2FFF),
    max_size=40,
)


@settings(max_examples=1000, deadline=None)
@given(LATIN_OR_NOT)
def they_cut_any_text_into_the_words_of_the_unicode_pattern(text):
    words = text_to_words(text)
    assert words.written == WORD.findall(text)
    assert "".join(words.pieces) == text


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def they_place_every_word_where_the_pattern_finds_it(text):
    words = text_to_words(text)
    starts, ends = word_spans(words)
    assert list(zip(starts, ends, strict=True)) == [m.span() for m in WORD.finditer(text)]
    assert "".join(words.pieces) == text


def _stopwords(name: str) -> set[str]:
    return {fold_key(w) for w in load_json("lexicon_stopwords.json")[name]}


@settings(max_examples=500, deadline=None)
@given(st.from_regex(WORD, fullmatch=True))
def they_fold_a_word_as_fold_key_does(word):
    clear_word_cache()  # the word is stemmed now, not remembered
    folded = fold_key(word.lower())
    key = word_to_key(word)
    assert (key is None) == (folded in _stopwords("words"))
    assert key is None or key[0] == snowballstemmer.stemmer("spanish").stemWord(folded)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*SPANISH.split(), *ENGLISH.split(), "The", "De", "a", "no", "migración"]),
        max_size=80,
    )
)
def they_tell_the_language_by_counting_function_words(words):
    lower = [w.lower() for w in words[:60]]
    english = sum(w in _stopwords("words_en") for w in lower)
    spanish = sum(w in _stopwords("words") for w in lower)
    assert language_of(" ".join(words)) == ("en" if english > spanish else "es")


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, max_size=6))
def they_read_texts_together_as_each_alone(texts):
    together = texts_to_words(texts, None)
    clear_word_cache()  # each alone stems its words again
    assert together == [text_to_words(text, None) for text in texts]
