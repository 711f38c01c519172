"""Inferred links: the scorer's rules and properties (the evaluation against the hand labels is
in test_infer_eval.py)."""

from __future__ import annotations

import bisect
import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mandate_etl.data import load_json
from mandate_etl.normalize.infer import (
    HEAD_MAX_WORDS,
    HEAD_MIN_WORDS,
    Candidate,
    InferredLink,
    _mandate_vectors,
    find_term,
    head_size,
    infer_links,
    score_candidates,
)
from mandate_etl.normalize.lexicon import mandate_lexicon
from mandate_etl.normalize.stems import (
    language_of,
    text_to_keys,
    text_to_stems,
    text_to_tokens,
    text_to_words,
    word_spans,
)
from mandate_etl.text import fold_key

PROGRAM = tuple(
    Candidate(f"program:{m['number']}", m["text"]) for m in load_json("program_mandates.json")["mandates"]
)
PRIORITY_5 = Candidate("institutional:OIM:5", "Continuar con el combate a la trata de personas.")
OIM_LIKE = (*[c for c in PROGRAM if c.mandate_id not in {"program:60", "program:77"}], PRIORITY_5)


def linked(text: str, candidates=PROGRAM) -> set[str]:
    return {link.mandate_id for link in infer_links(text, candidates, threshold=0.0)}


def it_links_a_training_on_trafficking_for_officials_to_75():
    assert "program:75" in linked("Capacitación a funcionarios de migración sobre trata de personas")


def it_links_technical_advice_on_a_refugee_law_to_79_and_not_to_80():
    found = linked("Asesoría técnica al Congreso en el proyecto de ley de refugiados")
    assert "program:79" in found
    assert "program:80" not in found  # no training


def it_needs_every_concept_of_a_rule():
    # a campaign without its subject serves no campaign mandate
    assert linked("Campaña en radio y televisión") == set()
    # trafficking without campaign, victims, study, shelter, return or training: only the priority
    assert linked("Reunión sobre trata de personas", OIM_LIKE) == {"institutional:OIM:5"}


def it_answers_none_for_an_unrelated_activity():
    assert linked("Apertura de la nueva sede administrativa de la oficina") == set()


def it_never_links_a_mandate_that_is_not_a_candidate():
    candidates = [c for c in PROGRAM if c.mandate_id != "program:75"]
    assert "program:75" not in linked("Capacitación sobre trata de personas", candidates)


def it_finds_a_term_with_words_between_its_words():
    tokens = text_to_tokens("campañas masivas de información pública")
    assert find_term(tokens, text_to_keys("campañas de información")) == (0, 31)
    assert find_term(tokens, text_to_keys("información campañas")) is None  # order matters


def it_stems_the_same_with_or_without_accents():
    assert text_to_stems("Capacitación migración") == text_to_stems("capacitacion migracion")


def it_tells_a_noun_from_a_verb_of_the_same_stem():
    assert text_to_stems("centro centra") == ("centr", "centr")
    keys = text_to_keys
    assert keys("centro")[0] != keys("centra")[0]
    assert keys("género")[0] != keys("generar")[0]
    assert keys("desarrollo")[0] != keys("desarrolló")[0]
    assert keys("migraciones") == keys("migración")
    assert keys("migrantes") == keys("migrante")
    assert keys("centros") == keys("centro")


def it_writes_every_lexicon_rule_from_its_own_concepts():
    for entry in mandate_lexicon().values():
        names = {c.name for c in entry.concepts}
        assert entry.require and all(required <= names for required in entry.require)
        assert all(concept.terms for concept in entry.concepts)


OIM_1 = Candidate("institutional:OIM:1", "Apoyar el mejoramiento de la gestión migratoria.")
OIM_2 = Candidate(
    "institutional:OIM:2",
    "Trabajar con los gobiernos en la promoción del respeto de los derechos humanos de los migrantes.",
)
OIM_8 = Candidate("institutional:OIM:8", "Promover la cooperación regional e internacional.")
OPS_1 = Candidate(
    "institutional:OPS:1",
    "Mejorar las condiciones laborales, con énfasis en las condiciones de salud y seguridad en el trabajo.",
)


def terms_of(text: str, candidate: Candidate) -> list[str]:
    """The lexicon terms quoted as evidence of `text`'s link to `candidate` (none when unlinked)."""
    return [e.term for link in score_candidates(text, [candidate]) for e in link.evidence]


def it_reads_no_mandate_in_the_name_of_a_partner_body():
    assert terms_of("La OIM participó junto al Instituto Nacional de Migración en un curso.", OIM_1) == []
    # the activity's own words still count
    assert terms_of("La OIM apoyó la gestión migratoria del Instituto Nacional de Migración.", OIM_1) == [
        "gestión migratoria"
    ]


def it_matches_a_term_written_as_a_name_inside_a_body():
    text = "Reunión con la Secretaría General de la Comunidad Andina."
    assert terms_of(text, OIM_8) == ["Comunidad Andina"]


def it_reads_a_programme_name_as_the_activity_s_words():
    found = linked("En el marco del Programa de Asistencia a Víctimas de la Trata de Personas", OIM_LIKE)
    assert {"program:70", "institutional:OIM:5"} <= found


def it_matches_a_term_within_one_clause():
    assert terms_of("Estrategias que reducen las brechas de salud. Los trabajadores migrantes.", OPS_1) == []
    assert terms_of("Estrategias sobre la salud de los trabajadores migrantes.", OPS_1) == [
        "salud de los trabajadores",
        "trabajadores migrantes",
    ]


def it_counts_a_supporting_concept_only_in_the_head():
    # "gobiernos" (with whom: OIM:2 needs no partner) after the head is context
    deep = (
        "Investigación sobre los mercados de trabajo y las políticas laborales de la región andina. "
        "Los módulos guía observan el pleno respeto a los derechos humanos e incluyen la visión "
        "de los gobiernos."
    )
    assert terms_of(deep, OIM_2) == ["derechos humanos"]
    head = "Diálogo con los gobiernos de la región sobre los derechos humanos de los migrantes."
    assert terms_of(head, OIM_2) == ["gobiernos", "derechos humanos de los migrantes"]


def it_links_assistance_to_return_to_66_without_a_centre():
    assert "program:66" in linked("Brindar asistencia a retornados forzados en zonas fronterizas.")
    assert "program:66" not in linked("Replicar programas de retorno y desarrollo local.")


def it_has_concepts_for_every_program_item():
    assert {c.mandate_id for c in PROGRAM} <= mandate_lexicon().keys()


def evidence_is_in_both(text: str, link: InferredLink) -> bool:
    """Whether each evidence item quotes `text` and a term and phrase of the link's mandate (in the
    language of `text`)."""
    language = language_of(text)
    concepts = mandate_lexicon(language)[link.mandate_id].concepts
    for e in link.evidence:
        if fold_key(e.activity_words) not in fold_key(text):
            return False
        if not any(e.mandate_phrase == c.phrase and e.term in {t.text for t in c.terms} for c in concepts):
            return False
        # the words found stem to the lexicon term's stems, in order
        if find_term(text_to_tokens(e.activity_words, language), text_to_keys(e.term, language)) is None:
            return False
    return bool(link.evidence)


WORDS = st.sampled_from(
    [
        "capacitación",
        "funcionarios",
        "trata",
        "personas",
        "campaña",
        "información",
        "derechos",
        "migrantes",
        "refugiados",
        "asilo",
        "legislación",
        "asesoría",
        "técnica",
        "estudio",
        "diagnóstico",
        "salud",
        "retorno",
        "reintegración",
        "víctimas",
        "centro",
        "atención",
        "jurídica",
        "familias",
        "niños",
        "origen",
        "discriminación",
        "escuelas",
        "taller",
        "seminario",
        "remesas",
        "diáspora",
        "migración",
        "laboral",
        "desarrollo",
        "cooperación",
        "regional",
        "jóvenes",
        "mujeres",
        "frontera",
        "la",
        "de",
        "y",
        "en",
        "para",
        "sobre",
    ]
)
TEXTS = st.lists(WORDS, max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def they_score_below_repaired_links(text):
    for link in score_candidates(text, OIM_LIKE):
        assert 0.0 <= link.score < 0.9


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def they_quote_evidence_present_in_activity_and_mandate(text):
    for link in score_candidates(text, OIM_LIKE):
        assert evidence_is_in_both(text, link), link


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.randoms(use_true_random=False))
def they_do_not_depend_on_candidate_order(text, random):
    shuffled = list(OIM_LIKE)
    random.shuffle(shuffled)
    assert score_candidates(text, shuffled) == score_candidates(text, OIM_LIKE)
    assert score_candidates(text, OIM_LIKE) == score_candidates(text, OIM_LIKE)


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.sets(st.sampled_from(OIM_LIKE)))
def they_link_only_candidates(text, candidates):
    assert {link.mandate_id for link in infer_links(text, candidates, 0.0)} <= {
        c.mandate_id for c in candidates
    }


def head_by_definition(text: str) -> int:
    """The head's size as defined: the first clause, extended clause by clause until it holds
    HEAD_MIN_WORDS content words (all of them when it never does), at most HEAD_MAX_WORDS."""
    positions = text_to_words(text).positions
    size = len(positions)
    for end in re.finditer(r"[.;:!?](?=\s|$)", text):
        reached = bisect.bisect_left(positions, len(text_to_words(text[: end.start()]).written))
        if reached >= HEAD_MIN_WORDS:
            size = reached
            break
    return min(max(size, min(HEAD_MIN_WORDS, len(positions))), HEAD_MAX_WORDS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(WORDS, st.sampled_from([".", ";", ":", "!", "?", ",", "3.5"])), max_size=40))
def they_find_the_head_as_defined(tokens):
    text = " ".join(tokens)
    words = text_to_words(text)
    assert head_size(text, words.positions, word_spans(words)[0]) == head_by_definition(text)


def idf_by_definition(pool: tuple[Candidate, ...]) -> tuple[dict[str, float], float]:
    """IDF as defined: over the candidates' texts and every catalogue item the pool does not
    replace, each document counted once per stem; an unseen word weighs as the rarest."""
    documents = {c.mandate_id: text_to_stems(c.text) for c in pool}
    for c in PROGRAM:
        documents.setdefault(c.mandate_id, text_to_stems(c.text))
    n = len(documents)
    df: dict[str, int] = {}
    for stems in documents.values():
        for stem in set(stems):
            df[stem] = df.get(stem, 0) + 1
    idf = {stem: math.log((1 + n) / (1 + count)) + 1 for stem, count in df.items()}
    return idf, max(idf.values(), default=1.0)


POOL_TEXTS = st.sampled_from(
    [c.text for c in PROGRAM] + [PRIORITY_5.text, "", "Trata de personas y migrantes."]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([c.mandate_id for c in PROGRAM] + ["institutional:OIM:5"]), POOL_TEXTS)
    )
)
def they_weigh_words_over_the_catalogue_and_the_pool_as_defined(items):
    # the catalogue is counted once (reference data), then each candidate's text replaces its
    # item's or adds a document: the same counts, the same floats as counting every time
    pool = tuple(sorted({Candidate(mandate_id, text) for mandate_id, text in dict(items).items()}))
    idf, unseen, _, _ = _mandate_vectors(pool)
    assert (idf, unseen) == idf_by_definition(pool)
