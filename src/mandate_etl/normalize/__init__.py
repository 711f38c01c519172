"""Normalize stage: the raw report table into the six tables of one submission."""

from __future__ import annotations

from mandate_etl.models import ExtractedReport, NormalizedReport
from mandate_etl.normalize.build import YEAR_IN_TEXT, build_report

__all__ = ["normalize_report", "title_years"]

TITLE_LINES = 3  # the lines before the table that may hold the title (as check_year reads them)


def normalize_report(report: ExtractedReport, year: int) -> NormalizedReport:
    """Return the offices, mandates, activities, links, lineage and findings of `report`."""
    return build_report(report, year)


def title_years(report: ExtractedReport) -> tuple[list[int], str]:
    """Return the years named by the first title line that names any, and that line
    (([], "") when no title line names a year)."""
    for line in report.preamble[:TITLE_LINES]:
        years = sorted({int(y) for y in YEAR_IN_TEXT.findall(line)})
        if years:
            return years, line
    return [], ""
