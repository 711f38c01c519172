"""Given the paths a user names, return the submission files, their printable names and years.

No stage is called here: this module only looks at the file system (names, types, folders),
never at a file's content, so a FIFO or a device is refused before anything opens it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from mandate_etl.errors import NotAFileError, UnsafeInputError, YearMissingError
from mandate_etl.extract.registry import input_suffixes

INPUT_SUFFIXES = input_suffixes()  # the endings the readers declare (.docx, .pdf, …)
RAW_FOLDER = "raw"  # submissions live under raw/<year>/; paths are written from there on
YEAR_FOLDER = re.compile(r"^\d{4}$")
FIRST_YEAR, LAST_YEAR = 1990, 2100  # the Program's reports; a year outside is a typo
# A report is a few MB; even a PDF full of photos stays far below this. The parent hashes the
# whole file, so a larger one is refused before it is read.
MAX_INPUT_BYTES = 512 * 1024**2
# Characters that would break the one-line promise or steer a terminal; printed as escapes.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
FILE_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


def discover_inputs(paths: Iterable[Path]) -> list[Path]:
    """Return the inputs: given paths as they are, and the entries under folders named with an
    input ending (.docx, .pdf, …).

    Entries under folders are listed by name, whatever their type (a FIFO or a dangling link
    named `x.docx` is listed, to be refused with a line of its own); links to folders are not
    followed, so a link loop cannot make the walk endless.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_entries_under(path))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _entries_under(folder: Path) -> list[Path]:
    """Return the non-folder entries under `folder` that are submissions, sorted: those named
    with an input ending, and every other file inside a year folder (`raw/2013/notes.txt`).

    A year folder holds submissions only, so a file there with another ending is listed to be
    judged by its content and refused with its line, never passed over in silence; a file
    outside year folders (a README beside them) is no submission.
    """
    entries = []
    for root, _dirs, files in os.walk(folder, followlinks=False):
        in_year = any(_is_year_folder(part) for part in Path(root).parts)
        for name in files:  # links that cannot be followed (loops, dangling) are listed here too
            if name.startswith((".", "~$")):
                continue
            if in_year or Path(name).suffix.lower() in INPUT_SUFFIXES:
                entries.append(Path(root) / name)
    return sorted(entries)


def _is_year_folder(name: str) -> bool:
    """True when a folder's name is a report year (1990-2100)."""
    return bool(YEAR_FOLDER.match(name)) and FIRST_YEAR <= int(name) <= LAST_YEAR


def printable(text: str) -> str:
    """Return `text` safe for one line: undecodable bytes as \\xNN, control characters escaped."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return CONTROL.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    """Return the escape of one control character ("\\n", "\\t", "\\x1b", "\\u2028")."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def lexical_path(path: Path) -> Path:
    """Return `path` made absolute without following links ('..' folded by name)."""
    return Path(os.path.abspath(path))


def display_path(path: Path) -> str:
    """Return the path written in records and messages, printable on one line: from the `raw/`
    folder on ("raw/2010/x.docx") when the file lies under one, else relative to the working
    directory when below it. A link is named by where it lies, not by its target."""
    absolute = lexical_path(path)
    for parent in absolute.parents:
        if parent.name == RAW_FOLDER:
            return printable(absolute.relative_to(parent.parent).as_posix())
    try:
        return printable(absolute.relative_to(lexical_path(Path.cwd())).as_posix())
    except ValueError:
        return printable(str(path))


def folder_year(path: Path) -> int | None:
    """Return the year of the nearest `<year>/` folder above `path` (by name, links not
    followed), or None. A four-digit folder outside FIRST_YEAR..LAST_YEAR is no year."""
    for parent in lexical_path(path).parents:
        if _is_year_folder(parent.name):
            return int(parent.name)
    return None


def year_of(path: Path, display: str, override: int | None) -> int:
    """Return the report year: `override` (--year), else the raw/<year>/ folder name."""
    year = override if override is not None else folder_year(path)
    if year is None:
        raise YearMissingError(
            f"report year unknown: put the file under raw/<year>/ ({FIRST_YEAR}-{LAST_YEAR}) or pass --year",
            file=display,
        )
    return year


def check_input_file(path: Path, display: str) -> None:
    """Return when `path` is a regular file (or a link to one) of at most MAX_INPUT_BYTES.

    Raise NotAFileError naming what it is instead (a FIFO, socket or device is never opened,
    a link loop never followed), or UnsafeInputError when it is too large.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise NotAFileError(_stat_failure(path, exc), file=display) from None
    if not stat.S_ISREG(info.st_mode):
        kind = FILE_KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise NotAFileError(f"{kind}, not a regular file; not read", file=display)
    if info.st_size > MAX_INPUT_BYTES:
        raise UnsafeInputError(
            f"file is {info.st_size // 1024**2} MiB (limit {MAX_INPUT_BYTES // 1024**2} MiB); refused",
            file=display,
        )


def _stat_failure(path: Path, exc: OSError) -> str:
    """Return why `path` could not be looked at: a dangling link, a link loop, or the OS reason."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop; not read"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"dangling symbolic link (its target {printable(os.readlink(path))} does not exist)"
    return f"cannot read file ({exc.strerror or exc})"
