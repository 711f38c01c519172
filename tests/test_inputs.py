"""Inputs as the file system gives them: types, printable names, years by path."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from mandate_etl.errors import NotAFileError, UnsafeInputError, YearMissingError
from mandate_etl.inputs import (
    check_input_file,
    discover_inputs,
    display_path,
    folder_year,
    printable,
    year_of,
)


def test_printable_escapes_control_characters_and_undecodable_bytes() -> None:
    assert printable("new\nline.docx") == "new\\nline.docx"
    assert printable("tab\there\r") == "tab\\there\\r"
    assert printable("esc\x1b[31m.docx") == "esc\\x1b[31m.docx"
    assert printable("sep\u2028.pdf") == "sep\\u2028.pdf"
    assert printable(os.fsdecode(b"caf\xe9.docx")) == "caf\\xe9.docx"
    assert printable("Año 2010 «México».docx") == "Año 2010 «México».docx"


def test_years_are_read_from_the_path_within_bounds(tmp_path: Path) -> None:
    assert folder_year(tmp_path / "raw" / "2011" / "x.docx") == 2011
    assert folder_year(tmp_path / "raw" / "1950" / "x.docx") is None  # before the Program
    assert folder_year(tmp_path / "raw" / "2101" / "x.docx") is None
    assert year_of(tmp_path / "raw" / "2011" / "x.docx", "x", None) == 2011
    assert year_of(tmp_path / "raw" / "2011" / "x.docx", "x", 2012) == 2012
    with pytest.raises(YearMissingError, match="1990-2100"):
        year_of(tmp_path / "raw" / "1950" / "x.docx", "x", None)


def test_a_link_takes_the_year_and_name_of_where_it_lies_not_of_its_target(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "2012" / "x.docx"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"x")
    link = tmp_path / "raw" / "2011" / "x.docx"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    assert folder_year(link) == 2011
    assert display_path(link) == "raw/2011/x.docx"


def make_special_files(folder: Path) -> dict[str, str]:
    """Create a FIFO, a socket, a dangling link and a link loop in `folder`; return name -> reason."""
    os.mkfifo(folder / "pipe.docx")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.pdf"))
    server.close()
    (folder / "gone.docx").symlink_to(folder / "missing.docx")
    (folder / "loop-a.pdf").symlink_to(folder / "loop-b.pdf")
    (folder / "loop-b.pdf").symlink_to(folder / "loop-a.pdf")
    return {
        "pipe.docx": "a named pipe (FIFO), not a regular file; not read",
        "sock.pdf": "a socket, not a regular file; not read",
        "gone.docx": f"dangling symbolic link (its target {folder}/missing.docx does not exist)",
        "loop-a.pdf": "symbolic link loop; not read",
        "loop-b.pdf": "symbolic link loop; not read",
    }


def test_entries_that_are_not_regular_files_are_listed_then_refused_unopened(tmp_path: Path) -> None:
    reasons = make_special_files(tmp_path)
    (tmp_path / "ok.docx").write_bytes(b"x")
    assert sorted(p.name for p in discover_inputs([tmp_path])) == sorted([*reasons, "ok.docx"])
    for name, reason in reasons.items():
        with pytest.raises(NotAFileError) as caught:
            check_input_file(tmp_path / name, name)
        assert str(caught.value) == f"{name}: {reason}"
    check_input_file(tmp_path / "ok.docx", "ok.docx")


def test_a_device_is_refused() -> None:
    with pytest.raises(NotAFileError, match=r"^null: a character device, not a regular file; not read$"):
        check_input_file(Path("/dev/null"), "null")


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("mandate_etl.inputs.MAX_INPUT_BYTES", 1024**2)
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024**2)  # sparse: nothing to write
    with pytest.raises(UnsafeInputError, match=r"^big\.pdf: file is 3 MiB \(limit 1 MiB\); refused$"):
        check_input_file(big, "big.pdf")


def test_every_file_in_a_year_folder_is_a_submission_and_none_outside(tmp_path: Path) -> None:
    """A year folder holds submissions only: a file there with another ending is listed, to be
    judged by content and refused with its line; beside the year folders only input endings."""
    raw = tmp_path / "raw"
    (raw / "2013" / "sub").mkdir(parents=True)
    for name in (
        "2013/notes.txt",
        "2013/bad.xlsx",
        "2013/r.DOCX",
        "2013/sub/x.bin",
        "2013/.hidden",
        "2013/~$lock.docx",
        "README.md",
        "loose.pdf",
    ):
        (raw / name).write_bytes(b"x")
    assert [p.relative_to(raw).as_posix() for p in discover_inputs([raw])] == [
        "2013/bad.xlsx",
        "2013/notes.txt",
        "2013/r.DOCX",
        "2013/sub/x.bin",
        "loose.pdf",
    ]
