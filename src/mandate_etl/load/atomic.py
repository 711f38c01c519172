"""Replace a set of files all at once, so that a run killed at any moment loses nothing.

New files are written beside their targets under temporary names; then a journal listing the
renames is committed (itself by rename); then the renames are done and the journal removed.
`recover` rolls forward any journal a killed run left behind, and removes temporary files no
journal names, so readers only ever see whole old years or whole new years.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

TMP_PREFIX = ".tmp-"
JOURNAL_GLOB = ".journal-*.json"


def temporary_path(final: Path) -> Path:
    """Return the temporary name a new version of `final` is written under."""
    return final.with_name(f"{TMP_PREFIX}{final.name}")


def write_bytes_atomically(final: Path, writer: Callable[[Path], object]) -> None:
    """Write `final` through `writer(tmp)` and a rename: never a half-written `final`."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(final)
    writer(tmp)
    fsync(tmp)
    os.replace(tmp, final)


def replace_all(root: Path, name: str, staged: Sequence[tuple[Path, Path]]) -> None:
    """Rename every (tmp, final) pair of `staged` as one step, journaled under `root`."""
    journal = root / f".journal-{name}.json"
    payload = json.dumps([[str(t.resolve()), str(f.resolve())] for t, f in staged])  # any cwd may recover
    write_bytes_atomically(journal, lambda p: p.write_text(payload, encoding="utf-8"))
    _roll_forward(journal)


def recover(root: Path) -> None:
    """Finish the renames of any journal left in `root`; delete orphaned temporary files."""
    if not root.is_dir():
        return
    for journal in sorted(root.glob(JOURNAL_GLOB)):
        _roll_forward(journal)
    for tmp in root.rglob(f"{TMP_PREFIX}*"):
        tmp.unlink(missing_ok=True)


def _roll_forward(journal: Path) -> None:
    """Do the renames `journal` lists (those not done yet), then remove it."""
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pairs = []  # a journal is only visible once complete; unreadable means nothing to do
    for tmp, final in pairs:
        if Path(tmp).exists():
            os.replace(tmp, final)
    journal.unlink(missing_ok=True)


def fsync(path: Path) -> None:
    """Flush `path` to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
