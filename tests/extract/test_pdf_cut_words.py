"""A line end at a cell's edge: a word cut in two, or a wrap at a space the producer did not print."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate_etl.extract.pdf.dictionary import is_common_word, is_derived_word, is_dictionary_word
from mandate_etl.extract.pdf.layout import CUT_MARK, Line, TextBox, Word, cut_at_edge, line_joint, lines_text
from mandate_etl.extract.pdf.vocabulary import (
    is_one_word,
    is_plural_end,
    is_word,
    resolve_cut_text,
    resolve_text,
)

KNOWN = frozenset({"a", "de", "al", "es", "o", "y", "la", "oficina", "argentina", "respecto"})


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Potenciar el mejor aprovechamiento" + CUT_MARK + "de las capacidades", "aprovechamiento de"),
        ("correspondientes" + CUT_MARK + "al nivel", "correspondientes al"),
        ("Oficina" + CUT_MARK + "de la OIM", "Oficina de"),
        ("la OIM en Argentin" + CUT_MARK + "a", "Argentina"),
        ("Relatorí" + CUT_MARK + "a Especial", "Relatoría Especial"),
        ("Transpot/Transmileni" + CUT_MARK + "o", "Transpot/Transmilenio"),
        ("bilaterales/multilaral" + CUT_MARK + "es al respecto", "bilaterales/multilarales al"),
        ("bilaterales/multilarales" + CUT_MARK + "al respecto", "bilaterales/multilarales al respecto"),
        ("bilaterales/multil" + CUT_MARK + "arales al", "bilaterales/multilarales al"),
        ("FORTALECIMIENTO" + CUT_MARK + "INSTITUCIONAL", "FORTALECIMIENTO INSTITUCIONAL"),
    ],
)
def test_cut_or_wrap_is_decided_by_the_words(text: str, want: str) -> None:
    """The document's words first, then the languages' word lists, then a plural ending or a
    short end of paragraph; in doubt, a space (both pieces stay readable)."""
    assert want in resolve_text(text, KNOWN)


def test_word_lists_know_plurals_and_ignore_their_rare_fragments() -> None:
    """The lists hold singulars ("correspondiente"); their floor holds fragments ("ación")."""
    assert is_dictionary_word("correspondientes") and is_dictionary_word("aprovechamiento")
    assert not is_dictionary_word("multilarales")
    assert is_common_word("mejores") and not is_common_word("ación")


@pytest.mark.parametrize(
    ("head", "tail", "plural"),
    [("multilaral", "es", True), ("transmilenio", "es", False), ("casa", "s", True), ("red", "s", False)],
)
def test_plural_endings(head: str, tail: str, plural: bool) -> None:
    """'es' follows a consonant, 's' a vowel."""
    assert is_plural_end(head, tail) is plural


WORDS = st.sampled_from(["argentina", "oficina", "respecto"])


@given(word=WORDS, at=st.integers(min_value=1, max_value=7))
def test_a_known_word_cut_anywhere_is_made_whole(word: str, at: int) -> None:
    """Property: a word printed whole elsewhere in the document, cut at any letter, is one word."""
    assert is_one_word(word[:at], word[at:], KNOWN, ends_paragraph=False)


@given(
    head=st.sampled_from(["oficina", "respecto", "aprovechamiento"]),
    tail=st.sampled_from(["de", "al", "y"]),
)
def test_a_word_then_a_short_word_is_a_wrap(head: str, tail: str) -> None:
    """Property: a dictionary word wrapped before a short word keeps its space."""
    assert not is_one_word(head, tail, KNOWN, ends_paragraph=False)


def _line(*words: tuple[str, float, float, bool]) -> Line:
    return Line(tuple(Word(t, x0, 0.0, x1, 10.0, space) for t, x0, x1, space in words))


BOX = TextBox(left=0.0, right=100.0, marked_wraps=True)


def test_where_wraps_are_marked_a_cut_piece_is_alone_on_its_line() -> None:
    """LibreOffice and Word move a long word to a new line before cutting it: a full line
    that ends after other words was wrapped, not cut."""
    below = _line(("aprovechamiento", 0.0, 90.0, False))
    alone = _line(("Transmileni", 0.0, 99.5, False))
    after_words = _line(("el", 0.0, 10.0, True), ("mejor", 70.0, 99.5, False))
    assert cut_at_edge(alone, below, BOX)
    assert not cut_at_edge(after_words, below, BOX)
    assert cut_at_edge(after_words, below, TextBox(left=0.0, right=100.0, marked_wraps=False))


@pytest.mark.parametrize("label", ["\u2022", "\uf0b7", "7)", "12."])
def test_a_cut_piece_after_a_list_label_is_alone_on_its_line(label: str) -> None:
    """The first line of a list item holds its label, then the start of a word too long for
    the cell ("•" "Desarr" / "ollo"): the label is no word of the text, the piece is still alone."""
    below = _line(("ollo", 10.0, 40.0, True), ("de", 42.0, 50.0, True))
    first = _line((label, 0.0, 5.0, False), ("Desarr", 10.0, 99.5, False))
    assert cut_at_edge(first, below, BOX)
    assert line_joint(first, below, BOX) == CUT_MARK
    after_words = _line((label, 0.0, 5.0, False), ("el", 10.0, 20.0, True), ("mejor", 70.0, 99.5, False))
    assert not cut_at_edge(after_words, below, BOX)


def test_a_line_ending_in_a_glued_slash_goes_on_without_a_space() -> None:
    """ "bilaterales/" + "multilarales": broken after the slash, inside one text; a slash the
    writer followed by a space keeps it (the printed wrap space says so)."""
    below = _line(("multilarales", 0.0, 60.0, True), ("al", 62.0, 70.0, True))
    glued = _line(("bilaterales/", 0.0, 60.0, False))
    spaced = _line(("bilaterales/", 0.0, 60.0, True))
    assert lines_text([glued, below], BOX) == "bilaterales/multilarales al"
    assert lines_text([spaced, below], BOX) == "bilaterales/ multilarales al"
    unmarked = TextBox(left=0.0, right=100.0, marked_wraps=False)
    assert lines_text([glued, below], unmarked) == "bilaterales/ multilarales al"


def test_a_dash_glued_to_the_next_line_joins_only_where_a_space_had_room() -> None:
    """ "investigación" / "-acción" with room for a space not printed is one text; a full line
    ending after other words ("… de trata" / "-especialmente") may have dropped its space at
    the edge, so it stays."""
    below = _line(("-acción.", 0.0, 40.0, True))
    roomy = _line(("investigación", 0.0, 60.0, False))
    at_edge = _line(("víctimas", 0.0, 40.0, True), ("de", 42.0, 50.0, True), ("trata", 52.0, 99.5, False))
    assert line_joint(roomy, below, BOX) == ""
    assert line_joint(at_edge, below, BOX) == " "


def test_a_compound_too_long_for_the_line_is_cut_before_its_hyphen() -> None:
    """ "investigación-acción." is wider than the cell: the writer cut it before the hyphen,
    so the piece fills its line alone and the next line opens with the glued hyphen: one word.
    A dash bullet ("- acción", a dash and a space) opens an item and is never glued."""
    alone = _line(("investigación", 0.0, 98.5, False))
    glued = _line(("-acción.", 0.0, 40.0, True))
    bullet = _line(("-", 0.0, 4.0, True), ("acción", 8.0, 40.0, False))
    assert line_joint(alone, glued, BOX) == ""
    assert line_joint(alone, bullet, BOX) == " "


@given(
    head=st.sampled_from(["investigación", "socio", "micro", "counter"]),
    tail=st.sampled_from(["acción.", "demográfico", "créditos", "trafficking"]),
    dash=st.sampled_from("-–"),
    slack=st.floats(min_value=0.0, max_value=1.9),
    char=st.floats(min_value=4.0, max_value=8.0),
)
def test_a_compound_cut_before_its_hyphen_is_joined_whole(
    head: str, tail: str, dash: str, slack: float, char: float
) -> None:
    """Property: a compound wider than its cell, cut before its hyphen wherever the piece ends
    (within one char of the edge) and whatever the font width, reads as written."""
    right = len(head) * char + slack
    box = TextBox(left=0.0, right=right, marked_wraps=True)
    above = _line((head, 0.0, right - slack, False))
    below = _line((dash + tail, 0.0, (len(tail) + 1) * char, True))
    assert lines_text([above, below], box) == head + dash + tail


@pytest.mark.parametrize(
    "word",
    [
        "capacitaciones",  # capacitar
        "capacitacion",  # capacitar (a heading in capitals without its accent)
        "emprendimiento",  # emprender
        "departamentales",  # departamento
        "focalizado",  # focal
        "específicamente",  # específica
        "organizaciones",  # organización
        "interamericano",  # americano
        "operan",  # operar
        "reciban",  # recibir
        "puedan",  # poder (pued- before the ending)
        "conozcan",  # conocer (conozc-)
        "contribuyan",  # contribuir (contribuy-)
        "estará",  # estar: the future is built on the infinitive
    ],
)
def test_a_word_of_a_listed_words_family_is_a_word(word: str) -> None:
    """The lists hold few derived words; a stem with another ending of its family attests it."""
    assert not is_dictionary_word(word)
    assert is_derived_word(word, is_dictionary_word)


@pytest.mark.parametrize(
    "word", ["prevenciónfocalizado", "entidadesguberna", "oficinala", "promoverla", "ales", "ación"]
)
def test_two_words_glued_or_a_bare_ending_are_no_family_word(word: str) -> None:
    """A glued pair has no stem that is a word; an ending alone has no stem at all. An infinitive
    and a clitic ("promoverla") read the same as an infinitive and an article ("promover la"):
    no evidence either way."""
    assert not is_derived_word(word, is_dictionary_word)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "las entidades" + CUT_MARK + "guberna" + CUT_MARK + "mentales vinculadas",
            "entidades gubernamentales vinc",
        ),
        ("su adecuada" + CUT_MARK + "implemen" + CUT_MARK + "tación y", "adecuada implementación y"),
        ("compartir" + CUT_MARK + "experienc" + CUT_MARK + "ias y", "compartir experiencias y"),
        (
            "Ofi" + CUT_MARK + "cin" + CUT_MARK + "a Reg" + CUT_MARK + "ion" + CUT_MARK + "al",
            "Oficina Regional",
        ),
        ("de prevención" + CUT_MARK + "focalizado en", "prevención focalizado en"),
        ("el emprendimien" + CUT_MARK + "to y", "emprendimiento y"),
        (
            "tendencias y" + CUT_MARK + "fact" + CUT_MARK + "ores asociado" + CUT_MARK + "s a",
            "y factores asociados a",
        ),
        ("de reinte" + CUT_MARK + "gració" + CUT_MARK + "n a", "de reintegración a"),
        ("capacitar" + CUT_MARK + "a los", "capacitar a los"),
        ("las departamental" + CUT_MARK + "es y", "departamentales y"),
    ],
)
def test_pieces_alone_on_their_lines_are_decided_together(text: str, want: str) -> None:
    """The joins that leave the fewest pieces that are no word win; else left to right."""
    assert want in resolve_text(text, KNOWN)


def test_a_decision_without_evidence_is_quoted_and_one_with_evidence_is_not() -> None:
    """A join into no word, or a space beside a piece that is none, is a doubt; a known word is not."""
    assert resolve_cut_text("la OIM en Argentin" + CUT_MARK + "a", KNOWN) == ("la OIM en Argentina", [])
    assert resolve_cut_text("bilaterales/multilaral" + CUT_MARK + "es al", KNOWN)[1] == [
        "bilaterales/multilarales"
    ]
    assert resolve_cut_text("el 70.Promo" + CUT_MARK + "ver", KNOWN)[1] == []
    assert resolve_cut_text("capacitar" + CUT_MARK + "a los", KNOWN)[1] == ["capacitar a"]  # or "capacitara"


def test_a_rare_list_entry_is_no_base() -> None:
    """The lists' floor holds fragments ("reinter"): a word derived from one is no word."""
    assert not is_word("reinte", KNOWN) and is_word("reintegración", KNOWN)


NONSENSE = st.text(alphabet="qxzkw", min_size=3, max_size=8)


@given(head=NONSENSE, tail=NONSENSE)
def test_pieces_that_are_no_word_are_never_read_in_silence(head: str, tail: str) -> None:
    """Property: whatever is decided for two pieces no list knows, a doubt quotes them."""
    text, doubts = resolve_cut_text(f"la {head}" + CUT_MARK + f"{tail} de", KNOWN)
    assert doubts and all(piece in " ".join(doubts).replace(" ", "") for piece in (head, tail))


@given(word=WORDS, at=st.integers(min_value=1, max_value=7))
def test_a_known_word_cut_anywhere_raises_no_doubt(word: str, at: int) -> None:
    """Property: a known word cut at any letter is made whole without a doubt."""
    assert resolve_cut_text(f"la {word[:at]}" + CUT_MARK + f"{word[at:]} de", KNOWN) == (f"la {word} de", [])
