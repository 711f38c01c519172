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

import bisect
import itertools
import math
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from mandate_etl.models import MandateId
from mandate_etl.normalize.boundaries import Boundaries, clause_starts, text_boundaries
from mandate_etl.normalize.lexicon import MandateConcepts, Term, mandate_lexicon
from mandate_etl.normalize.stems import (
    Language,
    Token,
    Words,
    text_to_stems,
    text_to_words,
    texts_to_words,
    word_spans,
)
from mandate_etl.reference import catalogue

# Chosen for precision (see scripts/eval_links.py): links scored below it are not written.
THRESHOLD = 0.416
# Words of a term may be this many content words apart ("campañas masivas de información").
MAX_GAP = 2
# Inferred scores stay strictly below a repaired link's 0.9.
SCORE_CEILING = 0.89
# Share of the score from TF-IDF similarity; the rest from the concepts matched.
TFIDF_WEIGHT = 0.2
# The head of an activity, where its main purpose is written: its first clause, extended clause
# by clause until it holds HEAD_MIN_WORDS content words (a short heading alone is not the head),
# and never more than HEAD_MAX_WORDS content words.
HEAD_MIN_WORDS = 6
HEAD_MAX_WORDS = 20
# A concept matched only after the head (a modifier, a context) is weaker evidence: its odds of
# being right are divided by this.
DEEP_ODDS_DIVISOR = 2


class Candidate(NamedTuple):
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
    text: str, candidates: Iterable[Candidate], threshold: float = THRESHOLD, words: Words | None = None
) -> tuple[InferredLink, ...]:
    """Return the links of the activity `text` to `candidates` scored at `threshold` or above
    (`words`: the text read by `texts_to_words(…, None)`, when read already)."""
    found = score_candidates(text, candidates, threshold, words)
    return tuple(link for link in found if link.score >= threshold)


def score_candidates(
    text: str, candidates: Iterable[Candidate], at_least: float = 0.0, words: Words | None = None
) -> tuple[InferredLink, ...]:
    """Return every candidate whose lexicon rule `text` satisfies, scored, sorted by mandate_id;
    a candidate that could not score `at_least` even with a cosine of 1 is left out unscored
    (`words`: the text read by `texts_to_words(…, None)`, when read already)."""
    pool, mandate_ids = _pool_of(tuple(candidates))
    if words is None:
        words = text_to_words(text, None)  # in its own language; mandate texts stay as written
    lexicon = mandate_lexicon(words.language)
    present = set(words.keys)
    touched = _touched_concepts(present, words.language, mandate_ids)
    starts: list[int] = []  # where each word starts and ends, and the head: made when first needed
    ends: list[int] = []
    head = -1
    first_at: dict[str, int] = {}  # the first index of each word key, made with the head
    boundaries = _NO_BOUNDARIES  # where a term may not match, made with the head
    query: list[_Query] = []  # the activity's TF-IDF vector and its pool's vectors, made when first needed
    links = []
    positions = words.positions
    for candidate in pool:
        terms = touched.get(candidate.mandate_id)
        if terms is None:
            continue  # no term of its concepts starts with a word of the activity
        concepts = lexicon.get(candidate.mandate_id)
        if concepts is None or not _satisfies(concepts, terms.keys()):
            continue  # no concepts written for it (TF-IDF alone is too weak to link), or the rule fails
        if head < 0:
            starts, ends = word_spans(words)
            boundaries = text_boundaries(text, positions, starts, words.language, words.written)
            head = head_from_clauses(boundaries.clause_starts, len(positions))
            first_at = _first_indexes(words.keys)
        matched = _matched_concepts(words.keys, first_at, terms, head, boundaries)
        if not _satisfies(concepts, matched.keys()):
            continue
        matched = _corroborating(concepts, matched, head)
        if len(matched) > 1:  # in the order written (concepts were found in set order, which varies)
            matched = dict(sorted(matched.items(), key=_written_order))
        found = matched.values()  # C loops below: this runs for every candidate that matched
        strength = evidence_strength(
            map(_odds, map(_TERM, found), map(_FIRST, found), itertools.repeat(head))
        )
        if SCORE_CEILING * ((1 - TFIDF_WEIGHT) * strength + TFIDF_WEIGHT) < at_least:
            continue  # no similarity could lift it to the threshold
        evidence = []  # a loop, not a generator: this runs for every candidate that matched
        for phrase, term, first, last in found:
            evidence.append(
                Evidence(text[starts[positions[first]] : ends[positions[last]]], term.text, phrase)
            )
        if not query:
            query.append(_query_of(words.stems, pool))
        similarity = _cosine_with(query[0], candidate.mandate_id)
        mixed = (1 - TFIDF_WEIGHT) * strength + TFIDF_WEIGHT * similarity
        score = round(min(SCORE_CEILING, SCORE_CEILING * mixed), 4)
        links.append(InferredLink(candidate.mandate_id, score, tuple(evidence)))
    return tuple(links)


_NO_BOUNDARIES = Boundaries((), frozenset())


@cache
def _pool_of(candidates: tuple[Candidate, ...]) -> tuple[tuple[Candidate, ...], frozenset[str]]:
    """Return the candidates sorted, each once, and their mandate ids (once per office)."""
    pool = tuple(sorted(set(candidates)))
    return pool, frozenset(c.mandate_id for c in pool)


def evidence_strength(odds: Iterable[float]) -> float:
    """Return how strongly concepts matched with these odds of being right support a link, in [0, 1).

    Each concept is one independent piece of evidence (noisy-OR): odds 1 (a one-word term in the
    head) 0.5, odds 2 (two words) 0.67, two concepts of odds 1 0.75.
    """
    doubt = 1.0
    for odd in odds:
        doubt *= 1 / (1 + odd)
    return 1 - doubt


Matched = tuple[str, Term, int, int]  # a concept matched: mandate phrase, term, first and last word
_TERM, _FIRST = operator.itemgetter(1), operator.itemgetter(2)


def _written_order(item: tuple[str, Matched]) -> tuple[int, int, str]:
    """Return the sort key of a matched concept (name, match) in the order written: its first
    word, its last word, its name."""
    return item[1][2], item[1][3], item[0]


def _odds(term: Term, first: int, head: int) -> float:
    """Return the odds that a concept matched by `term` from content word `first` is right.

    A term of n content words is right with odds n:1 in the activity's head (its main purpose),
    and with odds divided by DEEP_ODDS_DIVISOR after it (a modifier or a context).
    """
    return len(term.keys) / (1 if first < head else DEEP_ODDS_DIVISOR)


def head_size(text: str, positions: Sequence[int], starts: Sequence[int]) -> int:
    """Return how many of the content words of `text` (at `positions` among all its words, which
    start at `starts`) are in its head: the first clause, extended by clauses up to
    HEAD_MIN_WORDS content words, at most HEAD_MAX_WORDS."""
    return head_from_clauses(clause_starts(text, positions, starts), len(positions))


def head_from_clauses(starts: Sequence[int], count: int) -> int:
    """Return the head's size (see `head_size`) of a text of `count` content words whose clauses
    after the first start at content words `starts` (in order)."""
    after = bisect.bisect_left(starts, HEAD_MIN_WORDS)  # the first clause from that word on
    size = starts[after] if after < len(starts) else count
    return min(max(size, min(HEAD_MIN_WORDS, count)), HEAD_MAX_WORDS)


class _Entry(NamedTuple):
    """A lexicon term of a mandate's concept, as the per-office index holds it."""

    mandate_id: str
    concept: str
    phrase: str
    rank: int  # the term's place in its concept's terms, longest first
    term: Term
    needs: frozenset[str]  # the term's word keys after its first one: all must be present


Touched = dict[str, dict[str, list[_Entry]]]  # mandate_id -> concept -> its terms that may match
# Per word key, the concepts with terms that start with it, as (mandate_id, concept name, its
# one-word terms, its longer terms): a one-word term is present when its key is.
FirstWords = dict[str, tuple[tuple[str, str, list[_Entry], tuple[_Entry, ...]], ...]]


def _touched_concepts(words: AbstractSet[str], language: Language, mandate_ids: frozenset[str]) -> Touched:
    """Return, per mandate_id of `mandate_ids`, its concepts with a term whose word keys are all
    among `words`, and those terms: no other term of theirs can match."""
    index = _first_words_of(mandate_ids, language)
    touched: Touched = {}
    for key in index.keys() & words:
        for mandate_id, concept, single, longer in index[key]:
            possible = single  # never changed in place: the index's own list
            for entry in longer:  # a loop: a comprehension is a function call (most have 0-2 terms)
                if entry.needs <= words:
                    possible = possible + [entry]
            if not possible:
                continue
            concepts = touched.get(mandate_id)
            if concepts is None:
                touched[mandate_id] = {concept: possible}
            elif concept in concepts:
                concepts[concept] = concepts[concept] + possible
            else:
                concepts[concept] = possible
    return touched


@cache
def _first_words_of(mandate_ids: frozenset[str], language: Language) -> FirstWords:
    """Return, per word key, the concepts of `mandate_ids` with terms that start with it (an
    office's mandates: made once per office and language, not per activity)."""
    index: dict[str, dict[tuple[str, str], list[_Entry]]] = {}
    lexicon = mandate_lexicon(language)
    for mandate_id in sorted(mandate_ids & lexicon.keys()):
        for concept in lexicon[mandate_id].concepts:
            for rank, term in enumerate(concept.longest_first):
                entry = _Entry(mandate_id, concept.name, concept.phrase, rank, term, frozenset(term.keys[1:]))
                index.setdefault(term.keys[0], {}).setdefault((mandate_id, concept.name), []).append(entry)
    return {
        key: tuple(
            (mandate_id, name, [e for e in entries if not e.needs], tuple(e for e in entries if e.needs))
            for (mandate_id, name), entries in groups.items()
        )
        for key, groups in index.items()
    }


def _satisfies(concepts: MandateConcepts, names: AbstractSet[str]) -> bool:
    """Return whether `names` hold every concept of at least one `require` set."""
    for required in concepts.require:  # noqa: SIM110 (a loop costs half of any(): one or two sets)
        if required <= names:
            return True
    return False


def _corroborating(concepts: MandateConcepts, matched: dict[str, Matched], head: int) -> dict[str, Matched]:
    """Return `matched` without the supporting concepts (in no `require` set it satisfies: a
    partner, an audience, a use) matched only after the head: they corroborate the activity's
    main purpose, and after it they are context ("… observando el pleno respeto a los derechos
    humanos", "… la visión de los gobiernos")."""
    if max(map(_FIRST, matched.values()), default=-1) < head:
        return matched  # nothing after the head (most links): nothing to drop
    required = frozenset().union(*(r for r in concepts.require if r <= matched.keys()))
    return {name: found for name, found in matched.items() if name in required or found[2] < head}


def _matched_concepts(
    words: list[str],
    first_at: dict[str, int],
    touched: dict[str, list[_Entry]],
    head: int,
    boundaries: Boundaries,
) -> dict[str, Matched]:
    """Return, per concept of `touched` matched in `words` (word keys, in order; `first_at` the
    index of each key's first occurrence), its mandate phrase, its strongest matching term (the
    highest odds given where it is; the longest on a tie) and the first and last index of the
    words that matched it.

    A term matches within a clause and, unless the lexicon writes it as a name ("Comunidad
    Andina"), not inside a body's name (`boundaries`): it is looked for again after one."""
    found: dict[str, Matched] = {}
    bodies, clauses = boundaries.bodies, boundaries.clause_starts  # mostly empty: no check then
    for name, entries in touched.items():
        best = (0.0, 0)
        for entry in entries:
            term = entry.term
            span: tuple[int, int] | None
            if not entry.needs:  # a one-word term: touched, so present
                span = (first_at[term.keys[0]], first_at[term.keys[0]])
                if bodies and span[0] in bodies and not term.is_name:  # one word: in one clause
                    span = _find_admitted(words, term, boundaries, span[0] + 1)
            else:  # its words are present: in order?
                span = _find_keys(words, term.keys)
                if span is not None and (bodies or clauses) and not boundaries.admit(*span, term.is_name):
                    span = _find_admitted(words, term, boundaries, span[0] + 1)
            if span is None:
                continue
            first, last = span
            if (strength := (_odds(term, first, head), -entry.rank)) > best:
                best = strength
                found[name] = (entry.phrase, entry.term, first, last)
    return found


def _find_admitted(
    words: list[str], term: Term, boundaries: Boundaries, start_at: int
) -> tuple[int, int] | None:
    """Return the first run of `words` holding the keys of `term` from index `start_at` on that
    `boundaries` admit, or None."""
    span = _find_keys(words, term.keys, start_at)
    while span is not None and not boundaries.admit(span[0], span[1], term.is_name):
        span = _find_keys(words, term.keys, span[0] + 1)
    return span


def _first_indexes(words: list[str]) -> dict[str, int]:
    """Return the index of the first occurrence of each of `words`."""
    return dict(zip(reversed(words), range(len(words) - 1, -1, -1), strict=True))


def find_term(tokens: Sequence[Token], keys: Sequence[str]) -> tuple[int, int] | None:
    """Return the character span of the first run of `tokens` holding word `keys` in order, or None.

    Consecutive words may be up to MAX_GAP content words apart.
    """
    found = _find_keys([token.key for token in tokens], keys)
    return None if found is None else (tokens[found[0]].start, tokens[found[1]].end)


def _find_keys(words: list[str], keys: Sequence[str], start_at: int = 0) -> tuple[int, int] | None:
    """Return the first and last index of the first run of `words` holding `keys` in order, from
    index `start_at` on, or None."""
    start = start_at - 1
    rest = keys[1:]
    while True:
        try:
            start = words.index(keys[0], start + 1)
        except ValueError:
            return None
        if not rest:
            return start, start  # a one-word term: most of them
        last = start
        for key in rest:
            window = words[last + 1 : last + 2 + MAX_GAP]
            if key not in window:
                break
            last += 1 + window.index(key)
        else:
            return start, last


class _Query(NamedTuple):
    """An activity's TF-IDF vector and norm, and its candidates' vectors (`_mandate_vectors`)."""

    vector: dict[str, float]
    norm: float
    idf: dict[str, float]
    documents: dict[str, tuple[str, ...]]
    vectors: dict[str, tuple[dict[str, float], float]]


def _query_of(stems: Sequence[str], pool: tuple[Candidate, ...]) -> _Query:
    """Return the TF-IDF vector of an activity's `stems` against its candidates `pool` (made once
    per activity, when a candidate is first compared)."""
    idf, unseen, documents, vectors = _mandate_vectors(pool)
    weights = _weigh(Counter(stems), idf, default=unseen)
    return _Query(weights, _norm(weights), idf, documents, vectors)


def _cosine_with(query: _Query, mandate_id: str) -> float:
    """Return the TF-IDF cosine of the activity of `query` with the text of candidate `mandate_id`."""
    found = query.vectors.get(mandate_id)
    if found is None:  # weighed when first needed: most candidates are never compared
        vector = _weigh(Counter(query.documents[mandate_id]), query.idf)
        query.vectors[mandate_id] = found = (vector, _norm(vector))
    return _cosine(query.vector, query.norm, *found)


_MANDATE_STEMS: dict[
    str, tuple[str, ...]
] = {}  # a mandate text's stems (a priority is assigned to several offices)


def clear_text_caches() -> None:
    """Forget the mandate vectors made so far (for benchmarks that must pay for a new file)."""
    _mandate_vectors.cache_clear()
    _MANDATE_STEMS.clear()
    _pool_of.cache_clear()


@cache
def _mandate_vectors(
    pool: tuple[Candidate, ...],
) -> tuple[dict[str, float], float, dict[str, tuple[str, ...]], dict[str, tuple[dict[str, float], float]]]:
    """Return IDF over the candidates and the Program catalogue, the IDF of an unseen word, each
    candidate's stems, and a place for their TF-IDF vectors and norms (filled when first needed).

    The catalogue is added so that an office with few mandates still learns which words are common.
    """
    documents = _pool_documents(pool)
    catalogue_documents, df = _catalogue_counts()
    df = df.copy()  # the documents with each stem: the catalogue's, counted once, then the pool's
    n = len(catalogue_documents)
    emptied = False
    for mandate_id, stems in documents.items():
        replaced = catalogue_documents.get(mandate_id)
        if replaced is None:
            n += 1
        elif replaced is stems:
            continue  # written as the catalogue has it: counted already
        else:
            df.subtract(set(replaced))
            emptied = True
        df.update(set(stems))
    if emptied:  # a stem only the replaced texts had is in no document
        df = Counter({stem: count for stem, count in df.items() if count})
    # a stem's IDF depends on its count only: one logarithm per count, not per stem
    by_count = {count: math.log((1 + n) / (1 + count)) + 1 for count in set(df.values())}
    idf = dict(zip(df.keys(), map(by_count.__getitem__, df.values()), strict=True))
    # A word no mandate uses weighs as the rarest word of the mandates.
    return idf, max(by_count.values(), default=1.0), documents, {}


def _pool_documents(pool: tuple[Candidate, ...]) -> dict[str, tuple[str, ...]]:
    """Return the stems of each candidate's text by mandate_id: the catalogue's when written as
    it has them, else read (the texts never read before in one batch)."""
    known = _catalogue_stems()
    unread = [c.text for c in pool if not known.get(c.text) and c.text not in _MANDATE_STEMS]
    for text, words in zip(unread, texts_to_words(unread), strict=True):
        _MANDATE_STEMS[text] = tuple(words.stems)
    return {c.mandate_id: known.get(c.text) or _MANDATE_STEMS[c.text] for c in pool}


@cache
def _catalogue_counts() -> tuple[dict[str, tuple[str, ...]], Counter[str]]:
    """Return the stems of each Program item of the reference catalogue by mandate_id, and the
    number of those items with each stem (reference data, counted once)."""
    known = _catalogue_stems()
    documents = {str(MandateId.program(number)): known[text] for number, text in catalogue().items()}
    return documents, Counter(itertools.chain.from_iterable(map(set, documents.values())))


@cache
def _catalogue_stems() -> dict[str, tuple[str, ...]]:
    """Return the stems of each Program item's text in the reference catalogue, by text (reference
    data, stemmed once: a report's Program items are mostly written as the catalogue has them)."""
    return {text: text_to_stems(text) for text in catalogue().values()}


# The vector arithmetic below runs as C loops (map over the dicts' views), term by term in the
# same order and with the same operations as the plain comprehensions: the same floats.


def _weigh(counts: Counter[str], idf: dict[str, float], default: float = 0.0) -> dict[str, float]:
    """Return the TF-IDF vector of `counts` (stems unseen in the mandates weigh `default`)."""
    weights = map(idf.get, counts.keys(), itertools.repeat(default))
    return dict(zip(counts.keys(), map(operator.mul, counts.values(), weights), strict=True))


def _norm(vector: dict[str, float]) -> float:
    """Return the Euclidean norm of `vector`."""
    return math.sqrt(sum(map(operator.mul, vector.values(), vector.values())))


def _cosine(a: dict[str, float], a_norm: float, b: dict[str, float], b_norm: float) -> float:
    """Return the cosine of two sparse vectors given their norms (0.0 when either is empty)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(map(operator.mul, small.values(), map(large.get, small.keys(), itertools.repeat(0.0))))
    return dot / (a_norm * b_norm) if a_norm and b_norm else 0.0
