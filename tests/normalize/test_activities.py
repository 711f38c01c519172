"""Activity cells into items: headings, continuations, pasted mandate text, links."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.normalize.helpers import paragraphs

from mandate_etl.normalize.activities import OfficeScope, activity_items, is_title_like
from mandate_etl.normalize.markers import read_marker
from mandate_etl.reference import catalogue
from mandate_etl.text import fold_key

LONG = "La oficina desarrolló talleres de capacitación para funcionarios públicos en tres provincias."
SCOPE = OfficeScope(
    office_name="Oficina de prueba",
    organization="OIM",
    assigned=frozenset(
        {
            "program:66",
            "program:70",
            "program:74",
            "institutional:OIM:1",
            "institutional:OIM:2",
            "institutional:OIM:3",
        }
    ),
    mandate_texts=tuple(fold_key(t) for t in catalogue().values()),
)


def items_of(*texts):  # type: ignore[no-untyped-def]
    """Return (items, the whole result) of a cell made of `texts`."""
    result = activity_items(paragraphs(*texts), SCOPE)
    return result.value, result


def it_makes_one_item_per_plain_paragraph() -> None:
    items, _ = items_of(LONG, "", "Otra actividad de la oficina con el ministerio del trabajo en la región.")
    assert [i.text for i in items] == [
        LONG,
        "Otra actividad de la oficina con el ministerio del trabajo en la región.",
    ]
    assert [i.heading for i in items] == [None, None]


def it_joins_a_sentence_broken_over_paragraphs() -> None:
    items, _ = items_of(
        "66. (1) La OIM apoyó la política para la lucha",
        "",
        "contra la trata de personas y",
        "reparación de las víctimas",
    )
    assert len(items) == 1
    assert (
        items[0].text
        == "La OIM apoyó la política para la lucha contra la trata de personas y reparación de las víctimas"
    )
    assert set(items[0].links) == {"program:66", "institutional:OIM:1"}


def it_reads_a_dotted_heading_as_a_repaired_link_for_the_items_below() -> None:
    items, _ = items_of(
        "7.0. CAMPAÑA: ",
        ("•", "Identificación de modalidades de trata.", 0),
        ("•", "Producción de materiales:", 0),
        ("-", "4 Cuñas de radio.", 1),
        "-     Alianza con RCN",
    )
    assert [(i.heading, i.text) for i in items] == [
        ("CAMPAÑA", "Identificación de modalidades de trata."),
        ("CAMPAÑA", "Producción de materiales: 4 Cuñas de radio. Alianza con RCN"),  # ends show
    ]
    assert all(i.links == {"program:70": ("program:70", "repaired", 0.9)} for i in items)


def it_does_not_repair_a_reference_to_an_unassigned_mandate() -> None:
    items, ctx = items_of("7.2. ESTUDIOS:", ("•", "Realización de una revisión sistemática.", 0))
    assert items[0].heading == "ESTUDIOS"
    assert items[0].links == {}
    assert [f.code for f in ctx.notes] == ["W-ACTIVITY-REFERENCE-UNREAD"]


def it_ends_a_heading_at_an_item_with_a_mandate_number() -> None:
    items, _ = items_of(
        "7.4. ASISTENCIA A VÍCTIMAS:",
        ("•", "Se asistieron 71 víctimas de trata.", 0),
        "74.  A través de BAC, la OIM brinda apoyo para la reintegración de víctimas.",
    )
    assert [i.heading for i in items] == ["ASISTENCIA A VÍCTIMAS", None]
    assert items[1].links == {"program:74": ("program:74", "explicit", 1.0)}


def it_never_links_a_list_number() -> None:
    items, _ = items_of(
        "1) Desarrollar proyectos de gestión migratoria.", "2) Apoyar la implementación del plan."
    )
    assert [i.links for i in items] == [{}, {}]
    assert [i.text for i in items] == [
        "Desarrollar proyectos de gestión migratoria.",
        "Apoyar la implementación del plan.",
    ]


def it_links_a_lone_priority_reference() -> None:
    items, _ = items_of("(3) Migración Laboral Temporal y Circular entre dos países de la región.")
    assert items[0].links == {"institutional:OIM:3": ("institutional:OIM:3", "explicit", 1.0)}


def it_keeps_pasted_mandate_text_out_of_the_activities() -> None:
    pasted = f"70.{catalogue()[70]}"
    items, ctx = items_of(pasted, "", f"71.{catalogue()[71]}", LONG)
    assert [i.text for i in items] == [LONG]
    assert [f.code for f in ctx.notes] == ["W-MANDATE-PASTED"]
    assert "2 paragraphs" in ctx.notes[0].message


def it_continues_an_open_enumeration() -> None:
    items, _ = items_of(
        "76. (2) La OIM trabajó en las siguientes áreas:  Retorno; Migración Laboral ",
        "Intercambio de pericia y remesas.",
        "Cooperación Técnica",
        "Estadísticas Migratorias",
    )
    assert len(items) == 1
    assert items[0].text.endswith(
        "Migración Laboral; Intercambio de pericia y remesas. Cooperación Técnica; Estadísticas Migratorias"
    )


def it_does_not_take_two_titles_in_a_row_as_a_heading() -> None:
    items, _ = items_of("Cooperación Técnica", "Estadísticas Migratorias")
    assert [(i.heading, i.text) for i in items] == [
        (None, "Cooperación Técnica"),
        (None, "Estadísticas Migratorias"),
    ]


def it_merges_a_lone_bullet_with_the_paragraph_after_it() -> None:
    items, ctx = items_of("•", "Identificación de cuatro modalidades de trata de personas.")
    assert [i.text for i in items] == ["Identificación de cuatro modalidades de trata de personas."]
    assert len(items[0].paragraphs) == 2
    assert not ctx.notes


def it_reads_titles() -> None:
    assert is_title_like(read_marker("Child Migration in the Caribbean "))
    assert is_title_like(read_marker("7.3  DISEÑO E IMPLEMENTACIÓN DE UN FONDO DE ASISTENCIA"))
    assert is_title_like(read_marker("Conferencia Regional: "))
    assert not is_title_like(read_marker("reparación de las víctimas"))
    assert not is_title_like(read_marker("· Prevención"))
    assert not is_title_like(read_marker(LONG))
    assert not is_title_like(
        read_marker(
            "Algunas de las actividades más importantes emprendidas por la oficina, en este sentido, son:"
        )
    )


WORDS = st.sampled_from(
    ("la", "oficina", "apoyó", "talleres", "para", "funcionarios", "de", "migración")
    + ("en", "tres", "provincias", "con")
)
SENTENCE = st.lists(WORDS, min_size=12, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(deadline=None)  # the first example also reads the reference data; a shared machine is slow
@given(st.lists(SENTENCE, min_size=1, max_size=8), st.lists(st.booleans(), min_size=8, max_size=8))
def it_keeps_every_character_of_plain_sentences(sentences: list[str], blanks: list[bool]) -> None:
    texts: list[str] = []
    for sentence, blank in zip(sentences, blanks, strict=False):
        texts.append(sentence)
        if blank:
            texts.append("")
    items, _ = items_of(*texts)
    assert [i.text for i in items] == sentences


@given(st.lists(SENTENCE, min_size=1, max_size=6), st.sampled_from(["•", "·", "\uf0b7"]))
def it_makes_one_item_per_bullet_whatever_the_glyph(sentences: list[str], glyph: str) -> None:
    items, _ = items_of(*(f"{glyph} {s}" for s in sentences))
    assert [i.text for i in items] == sentences


def it_keeps_a_number_that_is_no_assigned_mandate_in_the_text() -> None:
    items, ctx = items_of("7.5 millones de dólares se destinaron a la asistencia de víctimas en la región.")
    assert items[0].text == "7.5 millones de dólares se destinaron a la asistencia de víctimas en la región."
    assert items[0].links == {}
    assert [f.code for f in ctx.notes] == ["W-ACTIVITY-REFERENCE-UNREAD"]


def it_recognises_mandate_text_pasted_over_several_paragraphs() -> None:
    words = catalogue()[66].split()
    thirds = [" ".join(words[: len(words) // 3]), " ".join(words[len(words) // 3 : 2 * len(words) // 3])]
    thirds.append(" ".join(words[2 * len(words) // 3 :]))
    items, result = items_of(LONG, f"66. {thirds[0]}", thirds[1], "", thirds[2], LONG + " Otra vez.")
    assert [i.text for i in items] == [LONG, LONG + " Otra vez."]
    assert [(p.disposition, p.paragraph.ref.paragraph) for p in result.placements] == [
        ("duplicate_mandate", 2),
        ("duplicate_mandate", 3),
        ("duplicate_mandate", 5),
    ]
    assert [n.code for n in result.notes] == ["W-MANDATE-PASTED"]
    assert "3 paragraphs" in result.notes[0].message


# Items as a reader counts them (issue 10): lead-ins, inline items, sub-items, a list's end.


def it_keeps_a_lead_in_out_of_the_activities_and_on_its_items() -> None:
    lead = "Algunas de las actividades más importantes emprendidas por la oficina, en este sentido, son:"
    items, result = items_of(LONG, lead, f"· {LONG}", "· Asesoramiento técnico a los gobiernos.")
    assert [(i.text, i.lead_in) for i in items] == [
        (LONG, None),
        (LONG, lead),
        ("Asesoramiento técnico a los gobiernos.", lead),
    ]
    assert [p.ref.paragraph for p in items[1].lead_in_paragraphs] == [2]


def it_keeps_sub_items_in_their_item_with_a_visible_separator() -> None:
    items, _ = items_of(
        ("•", "Difusión a través de:", 0),
        "-     Alianza con RCN y Caracol",
        ("-", "Alianza con la CNT", 1),
        ("-", "Comités Departamentales", 1),
    )
    assert [i.text for i in items] == [
        "Difusión a través de: Alianza con RCN y Caracol; Alianza con la CNT; Comités Departamentales"
    ]
    assert items[0].lead_in is None


def it_reads_a_lead_in_before_items_and_an_item_before_its_sub_items() -> None:
    # the one rule: what follows at the line's own level are items; what follows deeper are its parts
    items, _ = items_of(
        "Apoyo técnico a las autoridades departamentales mediante un plan nacional dirigido a los ejes "
        "de acción:",
        "· Prevención: capacitación a periodistas.",
        "· Asistencia: capacitación a organizaciones.",
    )
    assert [(i.text, i.lead_in is not None) for i in items] == [
        ("Prevención: capacitación a periodistas.", True),
        ("Asistencia: capacitación a organizaciones.", True),
    ]
    items, _ = items_of(
        ("•", "Producción de los siguientes materiales:", 0),
        ("-", "4 Cuñas de radio.", 1),
        ("-", "5 referencias de afiches.", 1),
    )
    assert [(i.text, i.lead_in) for i in items] == [
        ("Producción de los siguientes materiales: 4 Cuñas de radio. 5 referencias de afiches.", None)
    ]


def it_does_not_take_a_paragraph_ending_in_a_colon_before_plain_text_as_a_lead_in() -> None:
    items, _ = items_of(f"{LONG[:-1]}, entre los consensos logrados se señaló: ", LONG)
    assert len(items) == 2
    assert items[1].lead_in is None


def it_splits_a_typed_item_that_continues_the_cells_list() -> None:
    text = (
        "6) Adelantar proyecto que promuevan la transferencia de conocimientos, metodologías "
        "y 7) Replicar programas."
    )
    items, _ = items_of("5) Brindar asistencia a retornados.", text)
    assert [i.text for i in items] == [
        "Brindar asistencia a retornados.",
        "Adelantar proyecto que promuevan la transferencia de conocimientos, metodologías",
        "Replicar programas.",
    ]
    cut = text.index("7)")
    assert [i.span for i in items] == [None, (1, cut), (cut + 1, len(text))]
    placements = [pl for i in items for pl in i.placements("x")]
    assert "".join(text[s - 1 : e] for s, e in (pl.span for pl in placements[1:] if pl.span)) == text


def it_never_splits_an_enumeration_inside_a_sentence() -> None:
    unlisted = (
        "Los objetivos generales de la encuesta son 1) conocer la situación, 2) caracterizar a los "
        "jóvenes, 3) conocer sus actitudes y 4) evaluar el impacto de la migración."
    )
    lettered = (
        "12) El Proyecto se centró en prevenir el trabajo infantil. Para cumplimentar con este "
        "propósito: a) se otorgaron micro-créditos; b) se promocionó el derecho de los niños; y c) "
        "se brindó asistencia en la regularización migratoria."
    )
    orphan = (
        "Así, el Objetivo Estratégico 7.4 establece indicadores que permitan conocer normas y pautas "
        "de derechos humanos regionales e internacionales; y 2) instrumentos de derechos humanos."
    )
    restarted = "1) Los objetivos son 1) conocer la situación y 2) caracterizar a los jóvenes."
    for text in (unlisted, lettered, orphan, restarted):
        items, _ = items_of(text)
        assert len(items) == 1, text
        assert items[0].span is None


NUMBER = st.integers(min_value=1, max_value=20)
JOINS = st.sampled_from([" y ", ", ", "; ", "; y ", " "])


@given(NUMBER, st.lists(SENTENCE, min_size=2, max_size=4), JOINS)
def it_splits_the_next_numbers_of_a_list_and_keeps_every_character(
    first: int, sentences: list[str], join: str
) -> None:
    parts = [f"{first + k}) {s[:-1]}" for k, s in enumerate(sentences)]
    text = join.join(parts) + "."
    items, _ = items_of(text)
    assert len(items) == len(sentences)
    assert [i.text.rstrip(".") for i in items] == [s[:-1] for s in sentences]
    spans = [i.span for i in items]
    assert spans[0] is not None and spans[0][0] == 1 and spans[-1] is not None and spans[-1][1] == len(text)
    assert all(
        a is not None and b is not None and b[0] == a[1] + 1 for a, b in zip(spans, spans[1:], strict=False)
    )


@given(NUMBER, st.lists(SENTENCE, min_size=2, max_size=4), JOINS)
def it_never_splits_numbers_in_a_paragraph_that_is_no_list_item(
    first: int, sentences: list[str], join: str
) -> None:
    text = (
        "La oficina se propuso: " + join.join(f"{first + k}) {s[:-1]}" for k, s in enumerate(sentences)) + "."
    )
    items, _ = items_of(text)
    assert len(items) == 1


def it_ends_a_heading_where_its_list_ends() -> None:
    items, _ = items_of(
        "Avances de los Estados – Mejores prácticas: ",
        "· Adopción de una ley de refugiados.",
        "· Adopción de una política de refugiados.",
        "El creciente reconocimiento entre los Estados de los nexos entre trata y asilo.",
    )
    assert [i.heading for i in items] == ["Avances de los Estados – Mejores prácticas"] * 2 + [None]


def it_keeps_a_heading_over_a_lead_in_and_its_list() -> None:
    items, _ = items_of(
        "7.5. CAPACITACIÓN A FUNCIONARIOS:",
        "Apoyo técnico a las autoridades departamentales mediante un plan dirigido a los ejes de acción:",
        "· Prevención: capacitación a periodistas.",
        "· Asistencia: capacitación a organizaciones.",
    )
    assert [(i.heading, i.lead_in is not None) for i in items] == [("CAPACITACIÓN A FUNCIONARIOS", True)] * 2


def it_ends_a_numbered_list_at_a_number_that_starts_again() -> None:
    items, _ = items_of("Se llevo a cabo:", "1) Un taller en Lima.", "2) Un foro en Quito.", "1) Otro plan.")
    assert [i.heading for i in items] == ["Se llevo a cabo", "Se llevo a cabo", None]


def it_reports_a_heading_with_a_broken_word() -> None:
    _, result = items_of("7.5. CAPACITACIÓ N A FUNCIONARIOS:", ("•", "Se capacitó a 34 personas de ONG.", 0))
    assert [n.code for n in result.notes if n.code == "W-HEADING-FRAGMENT"] == ["W-HEADING-FRAGMENT"]
    assert "«N»" in next(n.message for n in result.notes if n.code == "W-HEADING-FRAGMENT")


def it_reads_capitals_in_a_mixed_case_heading_as_an_acronym() -> None:
    _, result = items_of("IOM’s Caribbean Counter Trafficking CAR CT", LONG)
    assert not [n for n in result.notes if n.code == "W-HEADING-FRAGMENT"]
