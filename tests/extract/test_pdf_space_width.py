"""The width of a space, measured per font, in every check of whether a space had room.

A monospaced space is 0.6 of the font size, a Carlito one 0.23: a line end that left room for
a Carlito space may leave none for a monospaced one. The geometry below is built here (x in
points, a 100-point text box, 10-point type); one case writes a small PDF with reportlab.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfgen import canvas

from mandate_etl.extract.pdf.document import font_space_widths, page_space_widths
from mandate_etl.extract.pdf.layout import (
    SPACE_WIDTH_RATIO,
    Line,
    TextBox,
    Word,
    ends_paragraph,
    has_room_for,
    inline_marker,
    line_joint,
    starts_paragraph,
    unmarked_end,
)
from mandate_etl.extract.pdf.words import chars_to_words, printed_space_widths

BOX = TextBox(left=0.0, right=100.0, marked_wraps=True)
HEIGHT = 10.0
MONO = 6.0  # a Liberation Mono space at 10 points
NARROW = 2.26  # a Carlito space at 10 points


def char(text: str, x0: float, width: float, font: str = "Mono", size: float = 10.0) -> dict[str, Any]:
    """Return a pdfplumber-like char dict."""
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + width,
        "top": 0.0,
        "bottom": size,
        "fontname": font,
        "size": size,
    }


def line(text: str, x1: float, space: float, top: float = 0.0, printed: bool = False) -> Line:
    """Return a one-line cell text ending at `x1`, its words in a font whose space is `space`
    wide (0.0: not measured), a wrap space printed after its last word when `printed`."""
    parts = text.split()
    words, x = [], x1 - 3.0 * len("".join(parts)) - space * (len(parts) - 1)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        words.append(Word(part, x, top, x + 3.0 * len(part), top + HEIGHT, printed or not last, space))
        x += 3.0 * len(part) + space
    return Line(tuple(words))


# --- measuring: the printed spaces of each font ---


def test_each_font_s_space_is_the_most_common_width_of_its_printed_spaces() -> None:
    """Spaces are measured per font and size; a zero-width space glyph measures nothing, and a
    font that prints no space gets 0.0 (not measured)."""
    chars = [
        char(" ", 0.0, MONO),
        char(" ", 10.0, MONO),
        char(" ", 20.0, 7.5),  # one odd glyph does not move the measure
        char(" ", 30.0, NARROW, font="Carlito"),
        char(" ", 40.0, 0.0, font="Zero"),
        char("a", 50.0, 6.0, font="Zero"),
    ]
    assert printed_space_widths(chars) == {
        ("Mono", 10.0): MONO,
        ("Carlito", 10.0): NARROW,
        ("Zero", 10.0): 0.0,
    }


def test_a_word_carries_the_space_of_its_last_char_s_font() -> None:
    """ "ab" in Mono then "cd" in Carlito: each word gets its font's space; a font with no
    measure gives 0.0, and the line falls back on SPACE_WIDTH_RATIO of its height."""
    chars = [
        char("a", 0.0, 6.0),
        char("b", 6.0, 6.0),
        char(" ", 12.0, MONO),
        char("c", 18.0, 2.0, font="Carlito"),
        char("d", 20.0, 2.0, font="Other"),
    ]
    words = chars_to_words(chars, {("Mono", 10.0): MONO, ("Carlito", 10.0): NARROW})
    assert [(w.text, w.space) for w in words] == [("ab", MONO), ("cd", 0.0)]
    assert Line((words[0],)).space_width == MONO
    assert Line((words[1],)).space_width == SPACE_WIDTH_RATIO * HEIGHT


# --- the room checks: a monospaced space at the edge had no room ---


def test_a_sentence_end_with_no_room_for_a_monospaced_space_is_no_paragraph_end() -> None:
    """ "… el hecho migratorio." ends 7 points short of the edge with no space printed: room
    for a Carlito space (a paragraph ended), none for a monospaced one (a wrap that dropped it)."""
    assert ends_paragraph(line("el hecho migratorio.", 93.0, NARROW), BOX)
    assert not ends_paragraph(line("el hecho migratorio.", 93.0, MONO), BOX)
    below = line("La herramienta", 50.0, MONO, top=12.0)
    assert not starts_paragraph(line("el hecho migratorio.", 93.0, MONO), below, BOX)
    assert unmarked_end(line("el hecho migratorio.", 93.0, MONO), below, BOX)


def test_a_dash_at_the_edge_keeps_its_space_where_none_had_room() -> None:
    """ "de bolsillo –" / "clasificados.": where a space after the dash fitted and none was
    printed, the writer broke inside "–clasificados"; where it had no room, it was dropped."""
    below = line("clasificados.", 40.0, MONO, top=12.0)
    assert line_joint(line("de bolsillo –", 93.0, NARROW), below, BOX) == ""
    assert line_joint(line("de bolsillo –", 93.0, MONO), below, BOX) == " "


def test_a_slash_glued_to_a_word_at_the_edge_is_no_dropped_space() -> None:
    """ "bilaterales/" / "multilarales": a slash glued to a word is rarely followed by a space,
    so the writer broke inside the text, room or not."""
    below = line("multilarales al", 50.0, MONO, top=12.0)
    for space in (NARROW, MONO):
        assert line_joint(line("acuerdos bilaterales/", 93.0, space), below, BOX) == ""


def test_a_dash_glued_to_the_next_line_keeps_its_space_where_none_had_room() -> None:
    """ "trata" / "-especialmente": no room for a monospaced space, so it may have been dropped."""
    below = line("-especialmente de", 60.0, MONO, top=12.0)
    assert line_joint(line("de trata", 93.0, NARROW), below, BOX) == ""
    assert line_joint(line("de trata", 93.0, MONO), below, BOX) == " "


def test_a_list_number_after_a_full_monospaced_line_is_inline() -> None:
    """ "… metodologías y" / "2) Replicar …": the line above had no room for the space it did
    not print, so the number is inside its sentence."""
    below = line("2) Replicar", 50.0, MONO, top=12.0)
    assert not inline_marker(line("del país y", 93.0, NARROW), below, BOX)
    assert inline_marker(line("del país y", 93.0, MONO), below, BOX)


SPACE = st.floats(min_value=0.5, max_value=8.0)
END = st.floats(min_value=40.0, max_value=100.0)


@given(narrow=SPACE, wide=SPACE, x1=END, first=st.integers(min_value=1, max_value=12))
def test_a_wider_space_never_makes_room(narrow: float, wide: float, x1: float, first: int) -> None:
    """Property: for any two space widths, whatever has room with the wider space has room
    with the narrower one: the next word, the wrap space, the paragraph end it proves."""
    narrow, wide = sorted((narrow, wide))
    below = line("x" * first + " y", 3.0 * first + wide + 3.0, wide, top=12.0)
    above_wide, above_narrow = (
        line("el hecho migratorio.", x1, wide),
        line("el hecho migratorio.", x1, narrow),
    )
    assert has_room_for(above_narrow, below, BOX) or not has_room_for(above_wide, below, BOX)
    assert above_narrow.room_for_space(BOX) or not above_wide.room_for_space(BOX)
    assert ends_paragraph(above_narrow, BOX) or not ends_paragraph(above_wide, BOX)


# --- the font's own width, where it prints no space ---


def test_a_font_that_prints_no_space_is_measured_from_its_metrics(tmp_path: Path) -> None:
    """Words drawn one by one print no space; Courier's own space is 0.6 of its size."""
    path = tmp_path / "words.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Courier", 10)
    for i, word in enumerate(["hecho", "migratorio."]):
        pdf.drawString(72 + 40 * i, 700, word)
    pdf.save()
    with pdfplumber.open(path) as doc:
        page = doc.pages[0]
        assert printed_space_widths(page.chars) == {("Courier", 10.0): 0.0}
        assert font_space_widths(page, {("Courier", 10.0), ("Missing", 10.0)}) == {
            ("Courier", 10.0): 6.0,
            ("Missing", 10.0): 0.0,
        }
        assert page_space_widths(page, {}) == {("Courier", 10.0): 6.0}
