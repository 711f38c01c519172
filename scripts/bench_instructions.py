"""The link pass's cost in instructions (valgrind's callgrind): exact, unlike time on a shared machine.

Runs three processes under `valgrind --tool=callgrind` (Debian package `valgrind`): each imports
the package and runs extract+normalize of the 2010 Word file once with and once without inferred
links (warm-up: imports, reference data), then five more runs with inferred links, five without,
or none. The differences give the instructions of one extract+normalize and of its link pass,
per-text caches emptied before each run as `scripts/bench.py` does (a new file pays for its
words). Issue 10 allows the link pass 20% of extract+normalize.

    .venv/bin/python scripts/bench_instructions.py      # about 2 minutes
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
COLLECTED = re.compile(r"Collected : (\d+)")


def child(mode: str) -> None:
    """Warm up, then run extract+normalize RUNS times: `infer`, `noinfer` or `none`."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    bench.ours(bench.DOCX, True)
    bench.ours(bench.DOCX, False)
    if mode != "none":
        for _ in range(RUNS):
            bench.ours(bench.DOCX, mode == "infer")


def instructions(mode: str) -> int:
    """Return the instructions callgrind counts for the child process in `mode`."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out"]
            + [sys.executable, __file__, mode],
            env={**os.environ, "PYTHONHASHSEED": "0"},  # the same set orders every time
            capture_output=True,
            text=True,
            check=True,
        )
    found = COLLECTED.search(done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_instructions: valgrind not found (install the Debian package valgrind)")
    base, without, with_links = (instructions(mode) for mode in ("none", "noinfer", "infer"))
    plain = (without - base) / RUNS
    linked = (with_links - base) / RUNS
    print(f"docx  2010 .docx, instructions per run (callgrind, {RUNS} runs after a warm-up):")
    print(f"  extract+normalize with --no-infer: {plain / 1e6:8.1f} M")
    print(f"  extract+normalize:                 {linked / 1e6:8.1f} M")
    print(
        f"  link pass, inferred links:         {(linked - plain) / 1e6:8.1f} M  "
        f"+{linked / plain - 1:.1%} of extract+normalize (issue 10: at most +20%)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in ("infer", "noinfer", "none"):
        child(sys.argv[1])
    else:
        main()
