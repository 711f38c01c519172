"""Word list numbers and bullets, replayed from numbering.xml."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate_etl.errors import UnsafeInputError
from mandate_etl.extract.docx.numbering import (
    MAX_LABEL_TEXT,
    MAX_START,
    Level,
    ListLabeler,
    bounded_int,
    format_number,
)


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (3, "decimal", "3"),
        (3, "lowerLetter", "c"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (53, "lowerLetter", "aaa"),
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (7, "decimalZero", "07"),
        (5, "none", ""),
    ],
)
def it_formats_numbers_like_word(value: int, fmt: str, text: str) -> None:
    assert format_number(value, fmt) == text


def labeler() -> ListLabeler:
    """Return a labeler with a decimal "%1)" list, a two-level outline and a Symbol bullet list."""
    return ListLabeler(
        {
            "1": {0: Level(1, "decimal", "%1)")},
            "2": {0: Level(1, "decimal", "%1."), 1: Level(1, "lowerLetter", "%1.%2.")},
            "3": {0: Level(1, "bullet", "\uf0b7"), 1: Level(1, "bullet", "-")},
            "4": {0: Level(5, "upperRoman", "%1 -")},
        }
    )


def it_counts_each_list_on_its_own() -> None:
    lab = labeler()
    assert [lab.label("1", 0) for _ in range(3)] == ["1)", "2)", "3)"]
    assert lab.label("4", 0) == "V -"
    assert lab.label("1", 0) == "4)"


def it_restarts_deeper_levels() -> None:
    lab = labeler()
    labels = [lab.label("2", lvl) for lvl in (0, 1, 1, 0, 1)]
    assert labels == ["1.", "1.a.", "1.b.", "2.", "2.a."]


def it_draws_symbol_bullets_as_unicode() -> None:
    lab = labeler()
    assert (lab.label("3", 0), lab.label("3", 1)) == ("•", "-")


def it_gives_no_label_outside_a_known_list() -> None:
    lab = labeler()
    assert lab.label("0", 0) is None
    assert lab.label("9", 0) is None
    assert lab.label("1", 5) is None


DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def read_roman(roman: str) -> int:
    """Return the value of a Roman numeral (a digit before a larger one subtracts)."""
    values = [DIGITS[ch] for ch in roman]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


@given(st.integers(min_value=1, max_value=3999))
def it_writes_roman_numerals_that_read_back(value: int) -> None:
    assert read_roman(format_number(value, "upperRoman")) == value


def test_label_text_of_a_document_is_capped() -> None:
    # The longest pattern and start a level may have: about 5,000 characters per label.
    labeler = ListLabeler({"1": {0: Level(start=MAX_START, fmt="upperRoman", text="%1" * 127)}})
    with pytest.raises(UnsafeInputError, match=f"list labels add up to more than {MAX_LABEL_TEXT}"):
        for _ in range(MAX_LABEL_TEXT // 1000):
            labeler.label("1", 0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, 1), ("7", 7), ("x", 1), ("", 1), (" 3 ", 3)],
)
def test_bounded_int_reads_what_word_writes(value: str | None, expected: int) -> None:
    assert bounded_int(value, 1, 0, MAX_START, "start") == expected


@pytest.mark.parametrize("value", ["-1", "32768", "9" * 40, "9" * 5000])
def test_bounded_int_refuses_out_of_range_numbers_in_one_line(value: str) -> None:
    with pytest.raises(UnsafeInputError) as caught:
        bounded_int(value, 1, 0, MAX_START, "numbering.xml list 3: level 0 start")
    assert caught.value.reason.startswith("numbering.xml list 3: level 0 start is ")
    assert len(caught.value.reason) < 100
