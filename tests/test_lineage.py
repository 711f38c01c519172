"""Nothing lost: every non-empty paragraph of the 2010 report has exactly one lineage row.

The paragraphs are counted from the seed (the plain-text export of the original table, in
tests/fixtures/seed/), not from our own extractor, so the test can catch a paragraph the
extractor drops.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby
from pathlib import Path

import pytest

from mandate_etl.models import LineageRecord, NormalizedReport

SEED = Path(__file__).parent / "fixtures" / "seed" / "informe-organismos-2010.txt"
LABEL_LINES = ("•", "-")  # a Word bullet, exported on its own line before the item's text
HEADER_PARAGRAPHS = 5  # the header row is not in the export
MARKER = re.compile(r"^(\d{1,2}\.|\d\.\d\.?|\d{1,2}\s?\)|[•·\uf0b7\-–]|\(\d+(-\d+)?\))*$")


def seed_paragraphs() -> list[str]:
    """Return the non-empty paragraphs of the seed, Word bullets joined to their text."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].lstrip(" ")  # an export artefact (shared/raw/README.md)
    paragraphs: list[str] = []
    pending: str | None = None
    for line in lines:
        text = line[1:] if line.startswith("\t") else line
        if text in LABEL_LINES:
            pending = text
            continue
        if pending is not None:
            text, pending = f"{'•' if pending == '•' else '-'} {text}", None
        if text:
            paragraphs.append(text)
    return paragraphs


def squeeze(text: str) -> str:
    """Return `text` without any white space."""
    return re.sub(r"\s+", "", text)


def whole_paragraphs(lineage: tuple[LineageRecord, ...]) -> list[str]:
    """Return the text of each paragraph: a paragraph placed in parts (character spans) joined."""
    out: dict[tuple[int, ...], str] = {}
    for r in lineage:
        out[r.document_order()] = out.get(r.document_order(), "") + r.text
    return list(out.values())


def test_every_seed_paragraph_has_one_lineage_row(report_2010_docx: NormalizedReport) -> None:
    lineage = tuple(r for r in report_2010_docx.lineage if r.disposition != "header")
    assert Counter(whole_paragraphs(lineage)) == Counter(seed_paragraphs())
    assert sum(r.disposition == "header" for r in report_2010_docx.lineage) == HEADER_PARAGRAPHS


def test_lineage_locators_are_unique(report_2010_docx: NormalizedReport) -> None:
    locators = [r.source_locator for r in report_2010_docx.lineage]
    assert len(locators) == len(set(locators))


def test_dispositions_of_the_2010_report(report_2010_docx: NormalizedReport) -> None:
    counts = Counter(r.disposition for r in report_2010_docx.lineage)
    assert counts["residue"] == 0
    assert counts["duplicate_mandate"] == 11  # Argentina, column 5: mandates 66-76 pasted
    assert counts["office"] == 9
    assert counts["group"] == 1
    assert counts["empty"] == 2  # ACNUR column 4 and OPS column 5 end with a single space


def _targets(report: NormalizedReport, disposition: str) -> dict[str, list[str]]:
    """Return target id -> texts of its lineage paragraphs, in order."""
    out: dict[str, list[str]] = {}
    for r in report.lineage:
        if r.disposition == disposition and r.target_id:
            out.setdefault(r.target_id, []).append(r.text)
    return out


def test_activity_texts_are_their_paragraphs(report_2010_docx: NormalizedReport) -> None:
    paragraphs = _targets(report_2010_docx, "activity")
    for activity in report_2010_docx.activities:
        # sub-items are joined by "; " (docs/rules.md), which no paragraph holds
        joined = _strip_markers(paragraphs[activity.activity_id]).replace(";", "")
        assert joined == squeeze(activity.text).replace(";", ""), activity.text


def _strip_markers(texts: list[str]) -> str:
    """Return the texts joined without white space, each without a leading list marker or reference,
    and without the conjunction that joined a part to the next inline item ("… metodologías y")."""
    out = []
    for t in texts:
        m = re.match(r"^(\d{1,2}\.|\d\.\d\.?|\d{1,2}\s?\)|[•·\uf0b7\-–])?\s*(\(\d+(-\d+)?\))?", t)
        part = t[m.end() :] if m else t
        out.append(squeeze(re.sub(r"[\s,;]+(y|e|o|u)\s*$", "", part)))
    return "".join(out)


def _cell(row: LineageRecord) -> tuple[str | None, int | None, int | None, int | None]:
    """Return (target id, table, row, column) of a lineage row: its record and cell."""
    return (row.target_id, row.source_table, row.source_row, row.source_column)


def test_mandate_texts_are_their_paragraphs(report_2010_docx: NormalizedReport) -> None:
    rows = [r for r in report_2010_docx.lineage if r.disposition == "mandate"]
    texts = {m.mandate_id: squeeze(m.text) for m in report_2010_docx.mandates}
    for (mandate_id, *_), group in groupby(rows, key=_cell):
        joined = "".join(squeeze(r.text) for r in group)
        assert mandate_id is not None
        marker = joined[: len(joined) - len(texts[mandate_id])]
        assert joined == marker + texts[mandate_id], mandate_id
        assert MARKER.fullmatch(marker), joined[:10]


def test_office_names_are_their_paragraphs(report_2010_docx: NormalizedReport) -> None:
    paragraphs = _targets(report_2010_docx, "office")
    for office in report_2010_docx.offices:
        assert squeeze("".join(paragraphs[office.office_id])) == squeeze(office.name)


@pytest.mark.parametrize("fixture", ["report_2010_docx", "report_2010_pdf"])
def test_lineage_rows_are_in_document_order(fixture: str, request: pytest.FixtureRequest) -> None:
    report: NormalizedReport = request.getfixturevalue(fixture)
    places = [(*r.document_order(), r.source_char_start or 0) for r in report.lineage]
    assert places == sorted(places)
    assert len(set(places)) == len(places)


@pytest.mark.parametrize("fixture", ["report_2010_docx", "report_2010_pdf"])
def test_lineage_numbers_say_what_the_locator_says(fixture: str, request: pytest.FixtureRequest) -> None:
    report: NormalizedReport = request.getfixturevalue(fixture)
    for r in report.lineage:
        assert r.source_paragraph_first == r.source_paragraph_last
        parts = [("page", r.source_page), ("table", r.source_table), ("row", r.source_row)]
        parts += [("column", r.source_column), ("paragraph", r.source_paragraph_first)]
        locator = ", ".join(f"{name} {n}" for name, n in parts if n is not None)
        if r.source_char_start is not None:
            locator += f", characters {r.source_char_start}-{r.source_char_end}"
        assert r.source_locator == locator


def test_a_paragraph_holding_two_items_has_a_lineage_row_per_item(report_2010_docx: NormalizedReport) -> None:
    parts = [r for r in report_2010_docx.lineage if r.source_char_start is not None]
    whole = (
        "6) Adelantar proyecto que promuevan la transferencia de conocimientos, metodologías y 7) Replicar"
    )
    assert "".join(r.text for r in parts).startswith(whole)  # Colombia, column 5 (seed l.288)
    assert [r.disposition for r in parts] == ["activity", "activity"]
    assert parts[1].text.startswith("7) Replicar")
    assert parts[0].source_char_end is not None and parts[1].source_char_start == parts[0].source_char_end + 1
    targets = {a.activity_id: a.text for a in report_2010_docx.activities}
    assert targets[parts[1].target_id or ""].startswith("Replicar programas")


def test_a_lead_in_is_no_activity(report_2010_docx: NormalizedReport) -> None:
    lead_ins = [r for r in report_2010_docx.lineage if r.disposition == "lead_in"]
    assert [r.text[:40] for r in lead_ins] == [
        "Apoyo técnico a las autoridades departam",  # Colombia, column 5 (seed l.317)
        "Algunas de las actividades más important",  # ACNUR, column 4 (seed l.485)
    ]
