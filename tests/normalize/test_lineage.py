"""assemble_lineage: one row per non-empty paragraph, decided once, in document order."""

from __future__ import annotations

import pytest
from tests.normalize.helpers import report, row

from mandate_etl.errors import NormalizeError
from mandate_etl.normalize.lineage import assemble_lineage
from mandate_etl.normalize.results import Placement


def it_gives_each_paragraph_its_placement_and_the_rest_a_leftover_disposition() -> None:
    extracted = report(row(3, ["Oficina"], ["Texto suelto"], [" "], [""]), row(2, ["Otra"]))
    office = extracted.rows[0].cells[0].paragraphs[0]
    result = assemble_lineage(extracted, 2099, [Placement(office, "office", "offices", "x")])
    assert [(r.source_locator, r.disposition, r.reason) for r in result.value] == [
        ("table 1, row 2, column 1, paragraph 1", "residue", "not placed by any rule"),
        ("table 1, row 3, column 1, paragraph 1", "office", None),
        ("table 1, row 3, column 2, paragraph 1", "residue", "not placed by any rule"),
        ("table 1, row 3, column 3, paragraph 1", "empty", None),
    ]  # document order, although row 3 came first; the empty paragraph of column 4 has no row
    assert [n.code for n in result.notes] == ["W-RESIDUE", "W-RESIDUE"]
    assert [r.source_row for r in result.value] == [2, 3, 3, 3]
    assert {(r.source_paragraph_first, r.source_paragraph_last) for r in result.value} == {(1, 1)}


def it_refuses_a_paragraph_placed_twice() -> None:
    extracted = report(row(2, ["Oficina"]))
    p = extracted.rows[0].cells[0].paragraphs[0]
    with pytest.raises(NormalizeError, match="placed twice"):
        assemble_lineage(extracted, 2099, [Placement(p, "office"), Placement(p, "residue")])
