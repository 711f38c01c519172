"""program_items and institutional_items: mandates of one cell, as returned values."""

from __future__ import annotations

from tests.normalize.helpers import paragraphs

from mandate_etl.normalize.mandates import institutional_items, program_items
from mandate_etl.reference import catalogue


def it_reads_numbered_program_items_and_their_continuations() -> None:
    result = program_items(paragraphs(f"66. {catalogue()[66]}", "77.", catalogue()[77]), "Oficina")
    assert [(i.mandate_id, i.text) for i in result.value] == [
        ("program:66", catalogue()[66]),
        ("program:77", catalogue()[77]),
    ]
    assert [len(i.paragraphs) for i in result.value] == [1, 2]
    assert result.placements == () and result.notes == ()


def it_places_unnumbered_text_that_matches_no_item_as_residue() -> None:
    result = program_items(paragraphs("Texto sin número que no es ningún mandato del programa."), "Oficina")
    assert result.value == []
    assert [(p.disposition, p.paragraph.ref.paragraph) for p in result.placements] == [("residue", 1)]
    assert [n.code for n in result.notes] == ["W-MANDATE-UNNUMBERED"]


def it_matches_an_unnumbered_item_to_the_catalogue_with_a_note() -> None:
    result = program_items(paragraphs(catalogue()[70]), "Oficina")
    assert [i.mandate_id for i in result.value] == ["program:70"]
    assert [(n.code, n.office) for n in result.notes] == [("W-MANDATE-UNNUMBERED", "Oficina")]


def it_numbers_bullets_by_position_and_keeps_printed_numbers() -> None:
    bullets = institutional_items(paragraphs(("•", "Proteger.", 0), ("•", "Asistir.", 0)), "OPS")
    assert [(i.mandate_id, i.text) for i in bullets] == [
        ("institutional:OPS:1", "Proteger."),
        ("institutional:OPS:2", "Asistir."),
    ]
    numbered = institutional_items(paragraphs("3) Proteger.", "y asistir.", "5) Combatir."), "OIM")
    assert [(i.mandate_id, i.text) for i in numbered] == [
        ("institutional:OIM:3", "Proteger. y asistir."),
        ("institutional:OIM:5", "Combatir."),
    ]
