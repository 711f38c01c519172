"""Inferred links: which of its office's mandates an activity serves, read from its words.

Pure: given an activity's text and the mandates assigned to its office, return the links a
careful reader would draw, each with a score below the repaired links' 0.9 and the evidence
that made it (the activity's words and the mandate phrase they match). Two signals:

* the concept lexicon (`data/mandate_lexicon.json`): a mandate is a candidate only when every
  concept of one of its `require` sets is matched by the activity's words (stems in order);
  the more concepts matched, and the longer the terms that matched them, the higher the score
  (a one-word term such as "retorno" is weaker evidence than "trata de personas");
* TF-IDF cosine between the activity and the mandate's own text, a smaller share of the score.

No model, nothing fetched: Snowball stems, a stopword list and the lexicon ship with the package.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from mandate_etl.data import load_json
from mandate_etl.normalize.lexicon import Concept, MandateConcepts, Term, mandate_lexicon
from mandate_etl.normalize.stems import Token, text_to_stems, text_to_tokens

# Chosen for precision (see scripts/eval_links.py): links scored below it are not written.
THRESHOLD = 0.39
# Words of a term may be this many content words apart ("campañas masivas de información").
MAX_GAP = 2
# Inferred scores stay strictly below a repaired link's 0.9.
SCORE_CEILING = 0.89
# Share of the score from TF-IDF similarity; the rest from the concepts matched.
TFIDF_WEIGHT = 0.2


@dataclass(frozen=True, order=True)
class Candidate:
    """A mandate assigned to the activity's office: its id and its text."""

    mandate_id: str
    text: str


@dataclass(frozen=True)
class Evidence:
    """Why a concept matched: the activity's words, the lexicon term, the mandate phrase."""

    activity_words: str
    term: str
    mandate_phrase: str


@dataclass(frozen=True)
class InferredLink:
    """An inferred activity–mandate link: score in [0, 0.9) and the evidence behind it."""

    mandate_id: str
    score: float
    evidence: tuple[Evidence, ...]

    @property
    def evidence_text(self) -> str:
        """Return the evidence as one line: `words → "mandate phrase"; …`."""
        return "; ".join(f'{e.activity_words} → "{e.mandate_phrase}"' for e in self.evidence)


def infer_links(
    text: str, candidates: Iterable[Candidate], threshold: float = THRESHOLD
) -> tuple[InferredLink, ...]:
    """Return the links of the activity `text` to `candidates` scored at `threshold` or above."""
    return tuple(link for link in score_candidates(text, candidates) if link.score >= threshold)


def score_candidates(text: str, candidates: Iterable[Candidate]) -> tuple[InferredLink, ...]:
    """Return every candidate whose lexicon rule `text` satisfies, scored, sorted by mandate_id."""
    pool = tuple(sorted(set(candidates)))
    lexicon = mandate_lexicon()
    tokens = text_to_tokens(text)
    similarity = _cosines(text_to_stems(text), pool)
    links = []
    for candidate in pool:
        concepts = lexicon.get(candidate.mandate_id)
        if concepts is None:
            continue  # no concepts written for it: TF-IDF alone is too weak to link
        evidence = _matched_concepts(text, tokens, concepts)
        if not _satisfies(concepts, evidence):
            continue
        strength = evidence_strength(evidence.values())
        mixed = (1 - TFIDF_WEIGHT) * strength + TFIDF_WEIGHT * similarity[candidate.mandate_id]
        score = round(min(SCORE_CEILING, SCORE_CEILING * mixed), 4)
        links.append(InferredLink(candidate.mandate_id, score, tuple(evidence.values())))
    return tuple(links)


def evidence_strength(evidence: Iterable[Evidence]) -> float:
    """Return how strongly the matched concepts support a link, in [0, 1).

    Each concept is one independent piece of evidence, and a term of n content words is taken
    to be right with odds n:1 (noisy-OR): one word 0.5, two words 0.67, two one-word concepts 0.75.
    """
    doubt = 1.0
    for item in evidence:
        words = len(text_to_stems(item.term))
        doubt *= 1 / (1 + words)
    return 1 - doubt


def _satisfies(concepts: MandateConcepts, evidence: dict[str, Evidence]) -> bool:
    """Return whether every concept of at least one `require` set has evidence."""
    return any(required <= evidence.keys() for required in concepts.require)


def _matched_concepts(text: str, tokens: Sequence[Token], concepts: MandateConcepts) -> dict[str, Evidence]:
    """Return, per concept matched in `tokens`, the evidence of its longest matching term."""
    found = {}
    for concept in concepts.concepts:
        evidence = _concept_evidence(text, tokens, concept)
        if evidence is not None:
            found[concept.name] = evidence
    return found


def _concept_evidence(text: str, tokens: Sequence[Token], concept: Concept) -> Evidence | None:
    """Return the evidence of the longest term of `concept` found in `tokens` (first on a tie)."""
    best: tuple[Term, tuple[int, int]] | None = None
    for term in concept.terms:
        span = find_term(tokens, term.keys)
        if span is not None and (best is None or len(term.keys) > len(best[0].keys)):
            best = (term, span)
    if best is None:
        return None
    term, (start, end) = best
    return Evidence(text[start:end], term.text, concept.phrase)


def find_term(tokens: Sequence[Token], keys: Sequence[str]) -> tuple[int, int] | None:
    """Return the character span of the first run of `tokens` holding word `keys` in order, or None.

    Consecutive words may be up to MAX_GAP content words apart.
    """
    for i, token in enumerate(tokens):
        if token.key != keys[0]:
            continue
        last = i
        for key in keys[1:]:
            window = range(last + 1, min(len(tokens), last + 2 + MAX_GAP))
            last = next((j for j in window if tokens[j].key == key), -1)
            if last < 0:
                break
        if last >= 0:
            return tokens[i].start, tokens[last].end
    return None


def _cosines(stems: Sequence[str], pool: tuple[Candidate, ...]) -> dict[str, float]:
    """Return the TF-IDF cosine of `stems` with each candidate's text."""
    idf, vectors = _mandate_vectors(pool)
    query = _weigh(Counter(stems), idf, default=max(idf.values(), default=1.0))
    return {mid: _cosine(query, vector) for mid, vector in vectors.items()}


@cache
def _mandate_vectors(pool: tuple[Candidate, ...]) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Return IDF over the candidates and the Program catalogue, and each candidate's TF-IDF vector.

    The catalogue is added so that an office with few mandates still learns which words are common.
    """
    documents = {c.mandate_id: text_to_stems(c.text) for c in pool}
    for item in load_json("program_mandates.json")["mandates"]:
        documents.setdefault(f"program:{item['number']}", text_to_stems(item["text"]))
    df = Counter(stem for stems in documents.values() for stem in set(stems))
    n = len(documents)
    idf = {stem: math.log((1 + n) / (1 + count)) + 1 for stem, count in df.items()}
    vectors = {c.mandate_id: _weigh(Counter(documents[c.mandate_id]), idf) for c in pool}
    return idf, vectors


def _weigh(counts: Counter[str], idf: dict[str, float], default: float = 0.0) -> dict[str, float]:
    """Return the TF-IDF vector of `counts` (stems unseen in the mandates weigh `default`)."""
    return {stem: count * idf.get(stem, default) for stem, count in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Return the cosine of two sparse vectors (0.0 when either is empty)."""
    dot = sum(weight * b.get(stem, 0.0) for stem, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0
