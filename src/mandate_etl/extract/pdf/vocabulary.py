"""Given the words of a whole document, decide the line ends that may cut a word.

A word cut at a cell's edge ("Washingt" + "on") and a short word wrapped at a space the
producer did not print ("Oficina" + "de") look alike on the page (`layout.line_joint` marks
them with CUT_MARK); the words tell them apart. A word is known when it is printed inside a
line anywhere in the document (neither first nor last on it, the places where a cut leaves its
pieces), or followed by a printed space, or is a word of a reference name (organizations,
countries), the words office names are made of. The two pieces are one word when joined they
are a known word ("Argentin" + "a"),
when the second is not a known word ("COLOMB" + "IA", "Comisio" + "nado"), or when the first is
not one and the second is one or two letters ("Washingt" + "on", "Relatorí" + "a": short words
are known, and a cut often leaves a short end); else the line end was a wrap ("Oficina" + "de",
"administraciones" + "migratorias"). A join longer than any common word is never one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from mandate_etl.data import load_json
from mandate_etl.extract.grid import GridTable
from mandate_etl.extract.pdf.layout import CUT_MARK, Line, fold_word

LONGEST_WORD = 20  # letters: a longer join is two words ("FORTALECIMIENTO" + "INSTITUCIONAL")
SHORT_TAIL = 2  # letters: a known word this short after an unknown one is more likely its end


def whole_words(lines: Iterable[Line]) -> set[str]:
    """Return the folded words of `lines` that no cut can have split: those printed inside a
    line (neither first nor last on it) and those a printed space follows (but a line's first
    word, which may be the end of a word cut on the line above)."""
    whole: set[str] = set()
    for line in lines:
        whole.update(fold_word(w.text) for w in line.words[1:-1])
        whole.update(fold_word(w.text) for w in line.words[1:][-1:] if w.space_after)
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
        head = fold_word(joined.rsplit(" ", 1)[-1])
        tail = fold_word(part.split(" ", 1)[0])
        one_word = len(head + tail) <= LONGEST_WORD and (
            head + tail in known or tail not in known or (head not in known and len(tail) <= SHORT_TAIL)
        )
        joined += part if one_word else f" {part}"
    return joined
