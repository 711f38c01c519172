"""The synthetic archive (scripts/make_archive.py): deterministic by seed, every file readable."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from mandate_etl.pipeline import ReadOptions, read_inputs

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_archive.py"


def load_script():
    """Return the make_archive script as a module."""
    spec = importlib.util.spec_from_file_location("make_archive", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Return relative path -> content of every file under `root`."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    archive = load_script()
    options = ["4", "--years", "2009-2010", "--pdf-share", "0.5", "--seed", "7", "--out"]
    archive.main([*options, str(tmp_path / "a")])
    archive.main([*options, str(tmp_path / "b")])
    first, second = tree_bytes(tmp_path / "a"), tree_bytes(tmp_path / "b")
    assert first == second
    index = json.loads(first["archive.json"])
    assert [r["year"] for r in index["files"]] == [2009, 2010, 2009, 2010]
    assert {r["format"] for r in index["files"]} == {"docx", "pdf"}


def test_another_seed_writes_other_files(tmp_path: Path) -> None:
    archive = load_script()
    archive.main(["2", "--years", "2010", "--seed", "1", "--out", str(tmp_path / "a")])
    archive.main(["2", "--years", "2010", "--seed", "2", "--out", str(tmp_path / "b")])
    assert tree_bytes(tmp_path / "a") != tree_bytes(tmp_path / "b")


def test_every_submission_is_read_without_error(tmp_path: Path) -> None:
    archive = load_script()
    rows = archive.make_archive(6, [2010, 2011], 0.5, 11, tmp_path)
    outcomes = read_inputs([tmp_path], options=ReadOptions(isolate=False))
    assert len(outcomes) == len(rows) == 6
    assert [o.display for o in outcomes if not o.ok] == []
    offices = {o.year: set() for o in outcomes}
    for o in outcomes:  # no office twice in a year
        ids = {x.office_id for x in o.report.offices}
        assert not ids & offices[o.year]
        offices[o.year] |= ids
