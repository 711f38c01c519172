"""Paragraph head markers: bullets, list numbers, mandate and priority references."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate_etl.normalize.markers import marker_of, read_marker, read_number_prefix, read_priorities


@pytest.mark.parametrize(
    ("text", "kind", "number", "priorities", "rest"),
    [
        ("66. (1-6) En 2009 OIM", "mandate", 66, (1, 2, 3, 4, 5, 6), "En 2009 OIM"),
        ("70.Promover y ofrecer", "mandate", 70, (), "Promover y ofrecer"),
        ("74.  A través de BAC", "mandate", 74, (), "A través de BAC"),
        ("77.", "mandate", 77, (), ""),
        ("67. (2) OIM Colombia", "mandate", 67, (2,), "OIM Colombia"),
        ("7.0. CAMPAÑA: ", "dotted", 70, (), "CAMPAÑA: "),
        ("7.0 CAMPAÑA: ", "dotted", 70, (), "CAMPAÑA: "),
        ("7.3  DISEÑO E IMPLEMENTACIÓN", "dotted", 73, (), "DISEÑO E IMPLEMENTACIÓN"),
        ("(3) Migración Laboral", "priority", None, (3,), "Migración Laboral"),
        ("1) Apoyar el mejoramiento", "list", 1, (), "Apoyar el mejoramiento"),
        ("3 )Apoyar  el diseño", "list", 3, (), "Apoyar  el diseño"),
        ("12) El Proyecto", "list", 12, (), "El Proyecto"),
        ("b) segundo", "list", 2, (), "segundo"),
        ("· Prevención: Capacitación", "bullet", None, (), "Prevención: Capacitación"),
        ("\uf0b7 Identificación", "bullet", None, (), "Identificación"),
        ("• ", "bullet", None, (), ""),
        ("-     Alianza con RCN", "dash", None, (), "Alianza con RCN"),
        ("– Seguir prestando", "dash", None, (), "Seguir prestando"),
    ],
)
def it_reads_the_marker_at_the_head(text, kind, number, priorities, rest) -> None:
    marker = read_marker(text)
    assert (marker.kind, marker.number, marker.priorities, marker.rest) == (kind, number, priorities, rest)


@pytest.mark.parametrize(
    "text",
    [
        "En 2009 se llevó a cabo",
        "2009. Un año",  # four digits: a year, not a mandate
        "65. No está en el catálogo",  # two digits outside the catalogue
        "Objetivo Estratégico 7.4 de la OPS",  # a number in the middle is never a marker
        "1.5 millones de migrantes",  # a dotted number outside the catalogue
        "-2 grados",  # a minus sign glued to a number is no dash bullet
        "(ver anexo) Texto",
        "o sea que",  # Spanish "o" is a word, not a bullet
    ],
)
def it_reads_no_marker_in_plain_text(text: str) -> None:
    assert read_marker(text).kind == "none"


def it_reads_word_labels_before_the_text() -> None:
    assert marker_of("1)", 0, "Apoyar").kind == "list"
    assert marker_of("1)", 0, "Apoyar").number == 1
    assert marker_of("•", 0, "Identificación").kind == "bullet"
    assert marker_of("-", 1, "4 Cuñas de radio.").kind == "dash"
    assert marker_of("•", 1, "nivel dos").kind == "dash"
    assert marker_of("b)", 0, "texto").number == 2
    assert marker_of(None, 0, "66. Establecer").kind == "mandate"
    assert (marker_of("66.", 0, "Establecer").kind, marker_of("66.", 0, "Establecer").number) == (
        "mandate",
        66,
    )
    assert marker_of("7.2.", 0, "ESTUDIOS:").kind == "dotted"
    assert (marker_of("2.", 0, "Combatir la trata").kind, marker_of("2.", 0, "x").number) == ("list", 2)


@pytest.mark.parametrize(
    ("text", "numbers", "rest"),
    [
        ("(1-6) En 2009", (1, 2, 3, 4, 5, 6), "En 2009"),
        ("(2, 4) texto", (2, 4), "texto"),
        ("(1–3,5) texto", (1, 2, 3, 5), "texto"),
        ("(6-2) al revés", (), "(6-2) al revés"),
        ("(CRM) siglas", (), "(CRM) siglas"),
    ],
)
def it_reads_priority_ranges(text, numbers, rest) -> None:
    assert read_priorities(text) == (rest, numbers)


def it_reads_any_number_prefix() -> None:
    assert read_number_prefix("65. Texto") == (65, "Texto")
    assert read_number_prefix("3) Texto") == (3, "Texto")
    assert read_number_prefix("7.0 CAMPAÑA") is None


@given(
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=9),
    st.text(alphabet="abcdefghij áéñ", max_size=30),
)
def it_reads_every_priority_range_it_is_given(low: int, width: int, tail: str) -> None:
    rest, numbers = read_priorities(f"({low}-{low + width}) {tail}")
    assert numbers == tuple(range(low, low + width + 1))
    assert rest == tail.lstrip()


@given(
    st.sampled_from(sorted({60, *range(66, 81)})),
    st.sampled_from(["", " ", "  "]),
    st.text(alphabet="ABCDEFabcdef áé", min_size=1, max_size=30).filter(lambda s: not s[0].isdigit()),
)
def it_reads_catalogue_numbers_whatever_the_spacing(number: int, space: str, text: str) -> None:
    marker = read_marker(f"{number}.{space}{text}")
    assert marker.kind == "mandate"
    assert marker.number == number


@given(st.integers(min_value=1, max_value=99), st.text(max_size=40))
def it_never_links_a_list_number(number: int, text: str) -> None:
    marker = read_marker(f"{number}) {text}")
    assert marker.kind == "list"
    assert marker.number == number


@given(st.text(max_size=80))
def it_reads_any_text_without_failing(text: str) -> None:
    marker = read_marker(text)
    assert marker.rest in text
