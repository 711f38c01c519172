"""Replace a set of files all at once, so that a run killed at any moment loses nothing.

New files are written beside their targets under temporary names; then a journal listing the
renames is committed (itself by rename); then the renames are done and the journal removed.
`recover` rolls forward any journal a killed run left behind, and removes the temporary files
of runs that are no longer alive, so readers only ever see whole old years or whole new years.

Temporary and journal names carry the writing process's id and a random part
(`.tmp-<pid>-<hex>-<name>`): two runs never share one, and a run only ever deletes its own or
those of a dead run. `recover` must be called while holding the output lock (`load/lock.py`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path

TMP_PREFIX = ".tmp-"
JOURNAL_PREFIX = ".journal-"
OWNER = re.compile(r"^\.(?:tmp|journal)-(\d+)-[0-9a-f]+-")  # the pid in a temporary name


def temporary_path(final: Path) -> Path:
    """Return a name no other writer uses for a new version of `final`, beside it."""
    return final.with_name(f"{TMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{final.name}")


def write_bytes_atomically(final: Path, writer: Callable[[Path], object]) -> None:
    """Write `final` through `writer(tmp)` and a rename: never a half-written `final`."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(final)
    try:
        writer(tmp)
        fsync(tmp)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)  # gone after the rename; removed here when a step failed


def replace_all(root: Path, name: str, staged: Sequence[tuple[Path, Path]]) -> None:
    """Rename every (tmp, final) pair of `staged` as one step, journaled under `root`."""
    journal = root / f"{JOURNAL_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{name}.json"
    payload = json.dumps([[str(t.resolve()), str(f.resolve())] for t, f in staged])  # any cwd may recover
    write_bytes_atomically(journal, lambda p: p.write_text(payload, encoding="utf-8"))
    _roll_forward(journal)


def recover(root: Path) -> None:
    """Finish the renames of any journal left in `root`; delete the temporary files of dead
    runs. Call it only while holding the output lock: then no live run has a journal open."""
    if not root.is_dir():
        return
    for journal in sorted(root.glob(f"{JOURNAL_PREFIX}*.json")):
        _roll_forward(journal)
    for tmp in root.rglob(f"{TMP_PREFIX}*"):
        if not _owner_alive(tmp.name):
            tmp.unlink(missing_ok=True)


def remove_temporaries(paths: Sequence[Path]) -> None:
    """Delete the temporary files in `paths` (this run's own, after a failed write)."""
    for path in paths:
        path.unlink(missing_ok=True)


def _owner_alive(name: str) -> bool:
    """True when the process whose id a temporary name carries still runs (not this one:
    this run has no temporaries while it recovers). Names without an id are an old run's."""
    match = OWNER.match(name)
    if not match or int(match.group(1)) == os.getpid():
        return False
    try:
        os.kill(int(match.group(1)), 0)
    except (ProcessLookupError, OverflowError):  # gone, or no pid could be that large
        return False
    except PermissionError:  # alive, under another user
        return True
    return True


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
