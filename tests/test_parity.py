"""The 2010 Word file and its PDF give the same tables (all columns but provenance)."""

from __future__ import annotations

import pytest

from mandate_etl.models import PROVENANCE_COLUMNS, NormalizedReport

PROVENANCE = set(PROVENANCE_COLUMNS)


def without_provenance(report: NormalizedReport, table: str) -> list[dict[str, object]]:
    """Return the rows of `table` without their provenance columns."""
    return [r.model_dump(exclude=PROVENANCE) for r in report.table(table)]


@pytest.mark.parametrize(
    "table", ["offices", "mandates", "office_mandates", "activities", "activity_mandates"]
)
def test_word_and_pdf_give_the_same_table(
    report_2010_docx: NormalizedReport, report_2010_pdf: NormalizedReport, table: str
) -> None:
    assert without_provenance(report_2010_pdf, table) == without_provenance(report_2010_docx, table)


def test_pdf_rows_carry_their_page(report_2010_pdf: NormalizedReport) -> None:
    assert all(o.source_page is not None for o in report_2010_pdf.offices)
    assert report_2010_pdf.offices[0].source_locator.startswith("page 1, ")
    by_cell: dict[tuple[str, str], list[int]] = {}
    for a in report_2010_pdf.activities:
        by_cell.setdefault((a.office_id, a.section), []).append(a.source_page or 0)
    assert all(pages == sorted(pages) for pages in by_cell.values())  # a cell runs down the pages
    assert max(max(pages) for pages in by_cell.values()) <= 27


def test_pdf_lineage_is_complete(
    report_2010_docx: NormalizedReport, report_2010_pdf: NormalizedReport
) -> None:
    def texts(report: NormalizedReport) -> list[str]:
        return sorted(
            " ".join(r.text.replace("\uf0b7", "•").split())
            for r in report.lineage
            if r.disposition not in ("header", "empty")
        )

    assert sum(r.disposition == "residue" for r in report_2010_pdf.lineage) == 0
    assert len(texts(report_2010_pdf)) <= len(texts(report_2010_docx))
