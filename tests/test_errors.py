"""Errors cross process boundaries whole: the worker's refusal reaches the parent as its line."""

from __future__ import annotations

import pickle

from mandate_etl.errors import ExtractError


def it_pickles_file_location_and_reason() -> None:
    error = ExtractError("damaged Word file", file="raw/2010/a.docx", location="table 1, row 2")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is ExtractError
    assert back.one_line() == error.one_line() == "raw/2010/a.docx: table 1, row 2: damaged Word file"


def it_leaves_behind_what_cannot_be_pickled() -> None:
    error = ExtractError("damaged Word file", file="raw/2010/a.docx")
    error.log = lambda: None  # type: ignore[attr-defined]  # e.g. a library's error log
    back = pickle.loads(pickle.dumps(error))
    assert back.one_line() == "raw/2010/a.docx: damaged Word file"
    assert not hasattr(back, "log")
