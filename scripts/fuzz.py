"""Fuzz `extract_report` with thousands of mutated Word and PDF files; print cases and crashes.

A crash is anything but a MandateEtlError leaving `extract_report`, a message that is not one
line starting with the file's name, or a case running past --case-timeout seconds. The mutations
are those of tests/test_fuzz.py (bytes of the file, bytes of a Word part, and XML-level edits:
DTDs, entities, wrappers, deep nesting, huge attributes and numbers), drawn here with a seeded
random generator. Run it under a memory limit (`ulimit -v`): a case that would exhaust memory
then fails as a MemoryError crash instead of starving the machine.

    .venv/bin/python scripts/fuzz.py --cases 5000 [--seed 1] [--case-timeout 20]

Exit status: 0 when no case crashed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import logging
import random
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_fuzz import (  # noqa: E402  (run as a script: the repository is not on the path)
    TOKENS,
    WORD_PARTS,
    XML_KINDS,
    Mutation,
    XmlMutation,
    check_clean_outcome,
    mutate,
    mutate_part,
    mutate_xml,
    seed_docx,
    seed_pdf,
)

KINDS = ("flip", "insert", "overwrite", "delete", "truncate")
TARGETS = ("docx-bytes", "docx-xml", "docx-tree", "docx-tree", "pdf-bytes")


class CaseTimeout(Exception):
    """A case ran past the per-case time limit."""


def random_mutations(rng: random.Random) -> list[Mutation]:
    """Return one to four random mutations, as tests/test_fuzz.py draws them."""
    mutations = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(KINDS)
        payload = rng.choice(TOKENS) if rng.random() < 0.5 else rng.randbytes(rng.randint(1, 16))
        if kind == "delete":
            payload = bytes(rng.randint(1, 64))
        mutations.append((kind, rng.randrange(2**31), payload))
    return mutations


def random_xml_mutations(rng: random.Random) -> list[XmlMutation]:
    """Return one to four random XML-level mutations, as tests/test_fuzz.py draws them."""
    return [
        (rng.choice(XML_KINDS), rng.randrange(2**31), rng.randint(1, 5000)) for _ in range(rng.randint(1, 4))
    ]


def mutated_case(rng: random.Random, target: str) -> tuple[bytes, str]:
    """Return the mutated bytes of one case and the file suffix they are written under."""
    if target == "docx-tree":
        return mutate_xml(seed_docx(), random_xml_mutations(rng)), ".docx"
    mutations = random_mutations(rng)
    if target == "docx-bytes":
        return mutate(seed_docx(), mutations), ".docx"
    if target == "docx-xml":
        return mutate_part(seed_docx(), rng.choice(WORD_PARTS), mutations), ".docx"
    return mutate(seed_pdf(), mutations), ".pdf"


def run_case(data: bytes, path: Path, limit: int) -> str:
    """Return the case's outcome ("read" or the reason) or "CRASH: ..." for a crash."""
    signal.alarm(limit)
    try:
        return check_clean_outcome(data, path)
    except CaseTimeout:
        return f"CRASH: ran past {limit} s"
    except BaseException as exc:  # noqa: BLE001  (counting what escapes is the point)
        return f"CRASH: {type(exc).__name__}: {exc}"[:300]
    finally:
        signal.alarm(0)


def reason_kind(outcome: str) -> str:
    """Return the outcome without the details that differ from case to case."""
    return re.sub(r"\(.*|\d+", "…", outcome)[:90]


def _on_alarm(signum: int, frame: object) -> None:
    """Raise CaseTimeout inside the running case."""
    raise CaseTimeout


def main(argv: list[str] | None = None) -> int:
    """Return 0 after running the cases when none crashed, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--case-timeout", type=int, default=20)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _on_alarm)
    logging.disable(logging.WARNING)  # pdfminer warns about every repair it makes
    rng = random.Random(args.seed)
    outcomes: collections.Counter[tuple[str, str]] = collections.Counter()
    crashes: list[tuple[str, str]] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        for case in range(args.cases):
            target = TARGETS[case % len(TARGETS)]
            data, suffix = mutated_case(rng, target)
            outcome = run_case(data, Path(folder) / f"case{suffix}", args.case_timeout)
            outcomes[(target, reason_kind(outcome))] += 1
            if outcome.startswith("CRASH"):
                crashes.append((target, outcome))
    for (target, kind), count in sorted(outcomes.items()):
        print(f"{count:6d}  {target:10s}  {kind}")
    for target, outcome in crashes[:20]:
        print(f"crash  {target}: {outcome}")
    print(f"cases run: {args.cases}  crashes: {len(crashes)}  seconds: {time.monotonic() - started:.0f}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
