"""Given an extracted report, return the years its title names."""

from __future__ import annotations

import re

from mandate_etl.models import ExtractedReport

YEAR_IN_TEXT = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
TITLE_LINES = 3  # the lines before the table that may hold the title


def title_years(report: ExtractedReport) -> tuple[list[int], str]:
    """Return the years named by the first title line that names any, and that line
    (([], "") when no title line names a year)."""
    for line in report.preamble[:TITLE_LINES]:
        years = sorted({int(y) for y in YEAR_IN_TEXT.findall(line)})
        if years:
            return years, line
    return [], ""
