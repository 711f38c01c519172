"""Where a lexicon term may not match: across a clause's end, inside the name of a body."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mandate_etl.normalize.boundaries import Boundaries, text_boundaries
from mandate_etl.normalize.stems import text_to_words, word_spans


def boundaries_of(text: str) -> Boundaries:
    words = text_to_words(text, None)
    return text_boundaries(text, words.positions, word_spans(words)[0], words.language)


def body_words(text: str) -> list[str]:
    """The content words of `text` read as inside a body's name, in order."""
    words = text_to_words(text, None)
    starts, ends = word_spans(words)
    bodies = boundaries_of(text).bodies
    return [text[starts[p] : ends[p]] for j, p in enumerate(words.positions) if j in bodies]


def it_reads_a_body_name_from_its_head_noun_to_its_end():
    text = (
        "La OIM México ha participado junto a la Dirección de Capacitación Migratoria del Instituto "
        "Nacional de Migración en la preparación del curso."
    )
    named = ["Dirección", "Capacitación", "Migratoria", "Instituto", "Nacional", "Migración"]
    assert body_words(text) == named


def it_reads_a_body_name_after_other_capitalised_words():
    # the name is the body's from its head noun: "Departamento de Refugiados", not "Costa Rica"
    assert body_words("en la ley de Costa Rica Departamento de Refugiados") == ["Departamento", "Refugiados"]


def it_does_not_read_a_programme_course_or_policy_as_a_body():
    for text in (
        "En el marco del Programa de Asistencia a Víctimas de la Trata de Personas en el Cono Sur",
        "la preparación del Curso sobre Derechos Humanos de las Personas Migrantes",
        "apoyo técnico para el desarrollo de la Política Integral de Migración del Ecuador",
    ):
        assert body_words(text) == [], text


def it_needs_two_capitalised_words_for_a_name():
    assert body_words("Instituto de formación en migración") == []  # a sentence's first word


def it_ends_a_name_at_a_comma_a_bracket_or_a_lower_case_word():
    assert body_words("la OIM, la OIT, el Ministerio de Trabajo y Promoción del Empleo") == [
        "Ministerio",
        "Trabajo",
        "Promoción",
        "Empleo",
    ]
    assert body_words("la Comisión Nacional (de Derechos Humanos)") == ["Comisión", "Nacional"]
    assert body_words("la Comisión Nacional de derechos humanos") == ["Comisión", "Nacional"]


def it_reads_english_body_names():
    assert body_words("IOM, the CARICOM Secretariat and the Ministry of Labour worked together") == [
        "Secretariat",
        "Ministry",
        "Labour",
    ]


def it_gives_the_first_content_word_of_each_clause():
    text = "Primera frase corta. Segunda frase; nueva idea: final"
    # content words: primera frase corta | segunda frase | nueva idea | final
    assert boundaries_of(text).clause_starts == (3, 5, 7)


def it_admits_a_term_within_one_clause_and_outside_a_body():
    b = Boundaries(clause_starts=(3, 5), bodies=frozenset({6}))
    assert b.admit(0, 2)
    assert not b.admit(2, 3)  # across the first clause's end
    assert b.admit(3, 4)
    assert not b.admit(6, 6)  # inside a body's name
    assert b.admit(6, 6, name=True)  # a term written as a name ("Comunidad Andina")


LOWER_WORDS = st.sampled_from(["instituto", "nacional", "de", "migración", "comisión", "derechos", "la", "y"])


@settings(max_examples=100, deadline=None)
@given(st.lists(LOWER_WORDS, max_size=20).map(" ".join))
def they_read_no_name_in_lower_case_text(text):
    assert boundaries_of(text).bodies == frozenset()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Instituto", "Nacional", "de", "Migración", "campaña", ".", ",", "y"])))
def they_give_indices_of_content_words_in_order(tokens):
    text = " ".join(tokens)
    found = boundaries_of(text)
    n = len(text_to_words(text, None).positions)
    assert list(found.clause_starts) == sorted(found.clause_starts)
    assert all(0 <= i <= n for i in found.clause_starts)
    assert all(0 <= i < n for i in found.bodies)


NAME_TOKENS = [
    "Instituto",
    "INSTITUTO",
    "Instituto2",
    "Nacional",
    "de",
    "Migracion",
    "Ministry",
    "of",
    "Labour",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*NAME_TOKENS, "instituto", "-", " ", ".", ",", "_", "é", "“"]), max_size=30))
def they_read_the_same_names_when_given_the_words_of_the_text(tokens):
    # the words given only let a text without a body's noun skip the search: same result
    text = " ".join(tokens)
    words = text_to_words(text, None)
    starts = word_spans(words)[0]
    given_words = text_boundaries(text, words.positions, starts, words.language, words.written)
    assert given_words == boundaries_of(text)
