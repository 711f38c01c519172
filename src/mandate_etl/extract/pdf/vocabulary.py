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
from functools import cache

from mandate_etl.data import load_json
from mandate_etl.extract.grid import GridTable
from mandate_etl.extract.pdf.dictionary import is_common_word, is_dictionary_word
from mandate_etl.extract.pdf.layout import CUT_MARK, Line, fold_word

LONGEST_WORD = 20  # letters: a longer join is two words ("FORTALECIMIENTO" + "INSTITUCIONAL")
JOINERS = re.compile(r"[/\-\u2010-\u2015]")  # "bilaterales/multilar" + "ales": the cut word is after "/"
VOWELS = "aeiouáéíóúàèìòùâêîôûãõü"
LONG_TAIL = 5  # letters: shorter entries of the frequency lists are often noise ("ales", "ia", "n")
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


def resolve_cuts(tables: Iterable[GridTable], known: frozenset[str]) -> None:
    """Replace each CUT_MARK in the paragraphs of `tables` by nothing (a cut) or a space.

    `known` is the document's whole words with the reference words (`reference_words`).
    """
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                cell.paragraphs = [
                    p.model_copy(update={"text": resolve_text(p.text, known)}) if CUT_MARK in p.text else p
                    for p in cell.paragraphs
                ]


def resolve_text(text: str, known: frozenset[str]) -> str:
    """Return `text` with each CUT_MARK replaced by nothing or a space, by the words around it."""
    parts = text.split(CUT_MARK)
    joined = parts[0]
    for part in parts[1:]:
        head = fold_word(JOINERS.split(joined.rsplit(" ", 1)[-1])[-1])
        first, _, after = part.partition(" ")
        tail = fold_word(JOINERS.split(first)[0])
        joined += part if is_one_word(head, tail, known, ends_paragraph=not after) else f" {part}"
    return joined


def is_one_word(head: str, tail: str, known: frozenset[str], ends_paragraph: bool) -> bool:
    """True when the folded pieces `head` and `tail` around a line end are one word cut in two."""
    if len(head + tail) > LONGEST_WORD:
        return False
    if head + tail in known or is_dictionary_word(head + tail):
        return True
    if tail not in known and not (len(tail) >= LONG_TAIL and is_common_word(tail)):  # "COLOMB" + "IA"
        return True
    if head in known or is_dictionary_word(head):
        return False
    return is_plural_end(head, tail) or (ends_paragraph and len(tail) <= SHORT_TAIL)


def is_plural_end(head: str, tail: str) -> bool:
    """True when `tail` is the plural ending `head` takes: "es" after a consonant
    ("multilaral" + "es"), "s" after a vowel. A word "es" ("is") after a word ending in a vowel
    stays a word ("Transmilenio" + "es")."""
    if not head[-1:].isalpha():
        return False
    vowel = head[-1] in VOWELS
    return (tail == "es" and not vowel) or (tail == "s" and vowel)
