"""Given the words of a whole document, decide the line ends that may cut a word.

A word cut at a cell's edge ("Washingt" + "on") and a short word wrapped at a space the
producer did not print ("Oficina" + "de") look alike on the page (`layout.line_joint` marks
them with CUT_MARK); the words tell them apart. A word is known when it is printed inside a
line anywhere in the document (neither first nor last on it, the places where a cut leaves its
pieces), or followed by a printed space (a line's first word only after a line that ended in
a printed wrap space), or is a word of a reference name (organizations, countries), the words
office names are made of. The two pieces are one word when joined they
are a known word or a dictionary word ("Argentin" + "a", "Relatorí" + "a"), or when the second
is not a known word ("COLOMB" + "IA"). Else, when the first is a known or dictionary word, the
line end was a wrap ("Oficina" + "de", "aprovechamiento" + "de"). When neither piece says, a
short second piece that ends its paragraph is a cut end ("Transmileni" + "o": a one-letter word
does not end a paragraph), and so is a plural ending ("multilaral" + "es"); otherwise the
line end stays a wrap ("multilarales" + "al"): a wrong
space keeps both pieces readable, a wrong join makes a word nobody wrote. A join longer than any
common word is never one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import product

from mandate_etl.data import load_json
from mandate_etl.extract.grid import GridTable
from mandate_etl.extract.pdf.dictionary import is_common_word, is_derived_word, is_dictionary_word
from mandate_etl.extract.pdf.layout import CUT_MARK, Line, fold_word
from mandate_etl.models import Paragraph

LONGEST_WORD = 20  # letters: a longer join is two words ("FORTALECIMIENTO" + "INSTITUCIONAL")
JOINERS = re.compile(r"[/\-\u2010-\u2015]")  # "bilaterales/multilar" + "ales": the cut word is after "/"
VOWELS = "aeiouáéíóúàèìòùâêîôûãõü"
LONG_TAIL = 5  # letters: shorter entries of the frequency lists are often noise ("ales", "ia", "n")
LETTER_RUNS = re.compile(r"[^\W\d_]+")
LISTED, DERIVED = 2, 1  # evidence that a string is a word (`evidence`)
MAX_RUN = 8  # line ends decided together at most: 2**8 readings to weigh
SHORT_TAIL = 2  # letters: a word this short does not end a paragraph, a cut word's end may


def whole_words(blocks: Iterable[Sequence[Line]]) -> set[str]:
    """Return the folded words of `blocks` (each a cell's lines, top to bottom) that no cut can
    have split: those printed inside a line (neither first nor last on it), and those a printed
    space follows but a line's first word, which may be the end of a word cut on the line above;
    unless that line ended in a printed wrap space: then the word began after a space too."""
    whole: set[str] = set()
    for lines in blocks:
        for above, line in zip([None, *lines], lines, strict=False):
            whole.update(fold_word(w.text) for w in line.words[1:-1])
            begun = line.words if above is not None and above.wrapped_at_space else line.words[1:]
            whole.update(fold_word(w.text) for w in begun if w.space_after)
    return whole


@cache
def reference_words() -> frozenset[str]:
    """Return the folded words of the organizations' and countries' names and acronyms."""
    names: list[str] = []
    for org in load_json("organizations.json")["organizations"]:
        names += [org["acronym"], org["name"], *org["acronyms"], *org["names"]]
    for country in load_json("countries.json")["countries"]:
        names += [country["name"], *country["names"]]
    return frozenset(fold_word(w) for name in names for w in name.split())


@dataclass(frozen=True)
class Doubt:
    """A cut-word decision no evidence backed: `quote` is the word or words as read."""

    table: GridTable
    paragraph: Paragraph
    quote: str


def resolve_cuts(tables: Iterable[GridTable], known: frozenset[str]) -> list[Doubt]:
    """Replace each CUT_MARK in the paragraphs of `tables` by nothing (a cut) or a space;
    return the decisions no evidence backed (`resolve_cut_text`).

    `known` is the document's whole words with the reference words (`reference_words`).
    """
    doubts: list[Doubt] = []
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs = []
                for p in cell.paragraphs:
                    if CUT_MARK in p.text:
                        text, quotes = resolve_cut_text(p.text, known)
                        p = p.model_copy(update={"text": text})
                        doubts += [Doubt(table, p, quote) for quote in quotes]
                    paragraphs.append(p)
                cell.paragraphs = paragraphs
    return doubts


def resolve_text(text: str, known: frozenset[str]) -> str:
    """Return `text` with each CUT_MARK replaced by nothing or a space, by the words around it."""
    return resolve_cut_text(text, known)[0]


def resolve_cut_text(text: str, known: frozenset[str]) -> tuple[str, list[str]]:
    """Return `text` with each CUT_MARK replaced by nothing or a space, and the words (as
    read) of each decision that had no evidence: a join that made no known word, or a space
    that left a piece that is no known word.

    A word cut over several lines leaves pieces alone on their lines ("entidades" /
    "guberna" / "mentales"): the marks around them are decided together, so that the fewest
    words are unknown ("entidades gubernamentales", not "entidadesguberna mentales"), then the
    fewest only derived, then the fewest words ("y factores", not "y fact ores"); when that
    reads no better, one after the other, left to right.
    """
    parts = text.split(CUT_MARK)
    joined, doubts = parts[0], []
    index = 1
    while index < len(parts):
        end = run_end(parts, index)
        first, space, after = parts[end].partition(" ")
        pieces = [joined.rsplit(" ", 1)[-1], *parts[index:end], first]
        cuts = decide_run(pieces, known, ends_paragraph=not after)
        for part, cut in zip(parts[index : end + 1], cuts, strict=True):
            joined += part if cut else f" {part}"
        doubts += unsure_words(pieces, cuts, known)
        index = end + 1
    return joined, doubts


def run_end(parts: Sequence[str], index: int) -> int:
    """Return the index of the last part of the run of marks from `index`: the parts after
    the marks that are single words alone on their lines (a next mark follows them)."""
    end = index
    while end + 1 < len(parts) and parts[end] and " " not in parts[end] and not JOINERS.search(parts[end]):
        end += 1
    return end


def decide_run(pieces: Sequence[str], known: frozenset[str], ends_paragraph: bool) -> list[bool]:
    """Return, for each line end between `pieces` (as read), True where it cut a word."""
    folded = [fold_word(JOINERS.split(pieces[0])[-1])]
    folded += [fold_word(p) for p in pieces[1:-1]] + [fold_word(JOINERS.split(pieces[-1])[0])]
    greedy, head = [], folded[0]
    for at, tail in enumerate(folded[1:], start=2):
        cut = is_one_word(head, tail, known, ends_paragraph=ends_paragraph and at == len(folded))
        greedy.append(cut)
        head = head + tail if cut else tail
    if len(greedy) < 2 or len(greedy) > MAX_RUN:
        return greedy
    best = min(
        product((False, True), repeat=len(greedy)), key=lambda cuts: reading_score(folded, cuts, known)
    )
    return list(best) if reading_score(folded, best, known) < reading_score(folded, greedy, known) else greedy


def group_words(pieces: Sequence[str], cuts: Sequence[bool]) -> list[tuple[str, int, int]]:
    """Return the words `pieces` make with the line ends `cuts`, each with the indices of its
    first and last piece."""
    words, start = [], 0
    for index, cut in enumerate([*cuts, False]):
        if not cut:
            words.append(("".join(pieces[start : index + 1]), start, index))
            start = index + 1
    return words


def reading_score(folded: Sequence[str], cuts: Sequence[bool], known: frozenset[str]) -> tuple[int, int, int]:
    """Return how bad the reading of the folded pieces with `cuts` is: how many of its words
    are no word (a join longer than LONGEST_WORD never is one), how many only derive from one,
    then how many words it has: fewer when all are words ("y factores", not "y fact ores"), more
    when one is not, so that the unknown piece is not glued to a word ("adecuada implemen...")."""
    words = [word for word, _, _ in group_words(folded, cuts)]
    grades = [evidence(word, known) if len(word) <= LONGEST_WORD else 0 for word in words]
    unknown = grades.count(0)
    return unknown, grades.count(DERIVED), -len(words) if unknown else len(words)


def unsure_words(pieces: Sequence[str], cuts: Sequence[bool], known: frozenset[str]) -> list[str]:
    """Return, as read, the words around each line end of `pieces` whose decision is unproven:
    a joined word that is no known word, or a space beside a piece that is none."""
    folded = [fold_word(JOINERS.split(pieces[0])[-1])]
    folded += [fold_word(p) for p in pieces[1:-1]] + [fold_word(JOINERS.split(pieces[-1])[0])]
    words = group_words(folded, cuts)
    read = group_words(list(pieces), cuts)
    doubts: list[str] = []
    for (word, start, stop), (text, _, _) in zip(words, read, strict=True):
        if start == stop or is_listed(word, known):  # the known words first: no list to load
            continue
        if not is_word(word, known) or from_common_words(folded[start : stop + 1], known):
            doubts.append(text)  # no word, or only derived from common words ("Trans" "milenio")
    for (left, _, _), (right, _, _), (text_l, _, _), (text_r, _, _) in zip(
        words, words[1:], read, read[1:], strict=False
    ):
        joined_too = len(left + right) <= LONGEST_WORD and is_word(left + right, known)
        if not (is_word(left, known) and is_word(right, known)) or joined_too:
            doubts.append(f"{text_l} {text_r}")  # a piece no word, or joined a word too ("realizar a")
    return doubts


def from_common_words(group: Sequence[str], known: frozenset[str]) -> bool:
    """True when each folded piece of `group` is a known or common word, but for a word and
    its plural ending ("departamental" + "es")."""
    if len(group) == 2 and is_plural_end(*group):
        return False
    return all(piece in known or is_common_word(piece) for piece in group)


def is_word(word: str, known: frozenset[str]) -> bool:
    """True when the folded `word` is a known word, a dictionary word, or derives from one
    (`dictionary.is_derived_word`); each run of letters is weighed alone, so a list number
    glued to a word ("70.Promover") or a piece without letters (a number) says nothing."""
    return evidence(word, known) > 0


def is_listed(word: str, known: frozenset[str]) -> bool:
    """True when the folded `word` is a known or dictionary word itself, not only derived."""
    return evidence(word, known) > DERIVED


def evidence(word: str, known: frozenset[str]) -> int:
    """Return LISTED when each run of letters of the folded `word` is a known or dictionary
    word, DERIVED when some run only derives from one, else 0."""
    if word in known:
        return LISTED
    return min((core_evidence(core, known) for core in LETTER_RUNS.findall(word)), default=LISTED)


def core_evidence(word: str, known: frozenset[str]) -> int:
    """Return LISTED, DERIVED or 0 for the folded letters `word`."""
    if word in known or is_dictionary_word(word):
        return LISTED
    return DERIVED if is_derived(word, known) else 0


def joins_as_word(head: str, tail: str, known: frozenset[str]) -> bool:
    """True when the folded pieces joined are a word, but not when the join is only derived
    and the pieces are words, the second a short one: "capacitar" + "a" reads as well as
    "capacitara", and two words keep both readable."""
    word = head + tail
    if is_listed(word, known):
        return True
    return is_word(word, known) and not reads_as_two_words(head, tail, known)


def reads_as_two_words(head: str, tail: str, known: frozenset[str]) -> bool:
    """True when the folded pieces are words and the second is a short one that is not the
    first's plural ending ("capacitar" + "a", but not "departamental" + "es")."""
    short = len(tail) <= SHORT_TAIL and not is_plural_end(head, tail)
    return short and is_word(head, known) and is_word(tail, known)


def is_one_word(head: str, tail: str, known: frozenset[str], ends_paragraph: bool) -> bool:
    """True when the folded pieces `head` and `tail` around a line end are one word cut in two."""
    if len(head + tail) > LONGEST_WORD:
        return False
    if joins_as_word(head, tail, known):
        return True
    if tail not in known and not (len(tail) >= LONG_TAIL and is_common_tail(tail, known)):  # "COLOMB" + "IA"
        return True
    if is_word(head, known):
        return False
    return is_plural_end(head, tail) or (ends_paragraph and len(tail) <= SHORT_TAIL)


def is_common_tail(tail: str, known: frozenset[str]) -> bool:
    """True when the folded `tail` is a common word or derives from a known one ("focalizado")."""
    return is_common_word(tail) or is_derived(tail, known)


def is_derived(word: str, known: frozenset[str]) -> bool:
    """True when the folded `word` derives from a word of the document or a common list word
    (`dictionary.is_derived_word`); the lists' rare entries are no base ("reinter")."""
    return is_derived_word(word, lambda base: base in known or is_common_word(base))


def is_plural_end(head: str, tail: str) -> bool:
    """True when `tail` is the plural ending `head` takes: "es" after a consonant
    ("multilaral" + "es"), "s" after a vowel. A word "es" ("is") after a word ending in a vowel
    stays a word ("Transmilenio" + "es")."""
    if not head[-1:].isalpha():
        return False
    vowel = head[-1] in VOWELS
    return (tail == "es" and not vowel) or (tail == "s" and vowel)
