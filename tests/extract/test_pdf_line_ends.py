"""A line end in a PDF cell: a wrap or a paragraph end, read from geometry built here.

Each case is a cell of `Line`s whose words sit where a writer would print them (x in points,
a 100-point text box, 10-point type); no PDF is written.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mandate_etl.extract.pdf.layout import (
    NO_BREAK_BEFORE,
    SPACE_WIDTH_RATIO,
    Line,
    TextBox,
    Word,
    first_piece_width,
    has_room_for,
    lines_text,
    lines_to_paragraphs,
    split_lead_ins,
)
from mandate_etl.extract.pdf.vocabulary import whole_words

BOX = TextBox(left=0.0, right=100.0, marked_wraps=True)
HEIGHT = 10.0
CHAR = 3.0  # points per character of the words below


def line(
    text: str, top: float = 0.0, x0: float = 0.0, space: bool = True, right: float | None = None
) -> Line:
    """Return a line printing `text` from `x0`, one word after another at one space each; its
    last word is followed by a printed space when `space`, and ends at `right` when given (the
    space before it widened, as in justified text)."""
    words, x = [], x0
    parts = text.split()
    for i, part in enumerate(parts):
        width = CHAR * len(part)
        if i == len(parts) - 1 and right is not None:
            x = max(right - width, x)
        words.append(Word(part, x, top, x + width, top + HEIGHT, space if i == len(parts) - 1 else True))
        x += width + SPACE_WIDTH_RATIO * HEIGHT
    return Line(tuple(words))


def cell(*texts: tuple[str, bool, float | None]) -> list[Line]:
    """Return the lines of a cell, one per (text, wrap space printed, right end), 12 points apart."""
    return [line(t, top=12.0 * i, space=s, right=r) for i, (t, s, r) in enumerate(texts)]


# --- a word and the punctuation no line is broken before wrap as one piece ---


def test_a_word_and_a_slash_after_it_wrap_together() -> None:
    """ "Intercambio de pericia" ends short of the edge by more than "Remesas", but "Remesas /"
    cannot be broken (no line is broken before "/", even after a space): the line wrapped, the
    paragraph goes on."""
    above = line("de pericia", right=70.0)
    with_slash = line("Remesas / canalización", top=12.0)
    without = line("Remesas canalización", top=12.0)
    assert not has_room_for(above, with_slash, BOX)
    assert has_room_for(above, without, BOX)
    assert len(lines_to_paragraphs([above, with_slash], BOX)) == 1
    assert len(lines_to_paragraphs([above, without], BOX)) == 2


@given(
    word=st.text(alphabet="abcdefghij", min_size=1, max_size=12),
    mark=st.sampled_from(NO_BREAK_BEFORE),
    gap=st.floats(min_value=0.0, max_value=6.0),
    room=st.floats(min_value=0.0, max_value=100.0),
)
def test_punctuation_after_the_first_word_never_makes_room(
    word: str, mark: str, gap: float, room: float
) -> None:
    """Property: the first piece of a line spans its first word and any punctuation a line is
    not broken before; where the bare word had no room, the piece has none either."""
    bare = Line((Word(word, 0.0, 12.0, CHAR * len(word), 22.0, True),))
    piece = Line((*bare.words, Word(mark, bare.x1 + gap, 12.0, bare.x1 + gap + 3.0, 22.0, True)))
    above = line("texto", right=100.0 - room)
    assert first_piece_width(piece) == piece.x1 - piece.x0
    assert has_room_for(above, bare, BOX) or not has_room_for(above, piece, BOX)


# --- the document's whole words: a line's first word after a printed wrap space ---


def test_a_first_word_after_a_printed_wrap_space_is_whole() -> None:
    """ "laboral, " ends in a printed wrap space, so "desarrollando" (a space after it too)
    began and ended at spaces: a whole word, though first on its line. After a line that ends
    without one, or on a cell's first line (a page break may have cut it), it may be a cut
    word's end and is not counted."""
    lines = cell(
        ("migración laboral,", True, None), ("desarrollando", True, None), ("mejores canales", True, None)
    )
    assert {"desarrollando", "mejores"} <= whole_words([lines])
    assert "migración" not in whole_words([lines])
    unmarked = cell(("migración laboral", False, None), ("desarrollando", True, None))
    assert "desarrollando" not in whole_words([unmarked])


# --- a list's lead-in after a sentence that ends at the cell's edge ---

AT_EDGE = 99.0  # the sentence's last char this close to the edge leaves no room for a space
ACNUR = [
    ("Como parte de su mandato el ACNUR apoya", True, None),
    ("el Programa de los Migrantes.", False, AT_EDGE),
    ("Algunas de las actividades son:", False, None),
    ("· En Febrero de 2009 un curso.", False, None),
]


def read(lines: list[Line]) -> tuple[list[str], set[int]]:
    """Return the paragraph texts of a cell's lines and the indexes of lead-ins parted."""
    groups, parted = split_lead_ins(lines_to_paragraphs(lines, BOX), BOX)
    return [lines_text(g, BOX) for g in groups], parted


def test_a_lead_in_after_a_sentence_ending_at_the_edge_is_its_own_paragraph() -> None:
    """No gap, no indent and no room for the wrap space: the page cannot tell a paragraph end
    from a wrap after "Migrantes.". The sentence ending in ':' before a list item is read as
    the list's lead-in, a paragraph of its own, and is named as unsure."""
    texts, parted = read(cell(*ACNUR))
    assert texts == [
        "Como parte de su mandato el ACNUR apoya el Programa de los Migrantes.",
        "Algunas de las actividades son:",
        "· En Febrero de 2009 un curso.",
    ]
    assert parted == {1}


def test_a_sentence_ending_at_the_edge_goes_on_when_nothing_else_says_otherwise() -> None:
    """Not before a list, not a lead-in ending in ':', or the lead-in's sentence began inside
    a line: the paragraph goes on, as it does after most such line ends."""
    no_list = [*ACNUR[:3], ("Otro párrafo.", False, None)]
    no_colon = [*ACNUR[:2], ("Algunas de las actividades son", False, None), ACNUR[3]]
    inside = [*ACNUR[:2], ("Así. Algunas de las actividades son:", False, None), ACNUR[3]]
    assert read(cell(*no_list)) == (
        [
            "Como parte de su mandato el ACNUR apoya el Programa de los Migrantes. "
            "Algunas de las actividades son:",
            "Otro párrafo.",
        ],
        set(),
    )
    assert read(cell(*no_colon))[1] == set() and len(read(cell(*no_colon))[0]) == 2
    assert read(cell(*inside))[1] == set() and len(read(cell(*inside))[0]) == 2


@given(
    room=st.floats(min_value=0.0, max_value=20.0),
    printed=st.booleans(),
)
def test_a_lead_in_is_parted_only_where_the_page_leaves_the_end_open(room: float, printed: bool) -> None:
    """Property: wherever the sentence before a lead-in ends, the text is kept whole and in
    order. A printed wrap space proves the paragraph goes on (one paragraph, no doubt); with room
    for the space and none printed it ended (two, no doubt); with no room the lead-in is parted
    and named unsure."""
    lines = cell(*ACNUR)
    lines[1] = line(ACNUR[1][0], top=12.0, space=printed, right=100.0 - room)
    texts, parted = read(lines)
    assert " ".join(texts) == " ".join(t for t, _, _ in ACNUR)
    has_room = 100.0 - room + SPACE_WIDTH_RATIO * HEIGHT <= BOX.right - 2.0
    if printed:
        assert len(texts) == 2 and parted == set()
    elif has_room:
        assert len(texts) == 3 and parted == set()
    else:
        assert len(texts) == 3 and parted == {1}
