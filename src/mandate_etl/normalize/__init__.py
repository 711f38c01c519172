"""Normalize stage: a raw report table into the six tables of one submission; a year's files into one.

`normalize_report` reads one submission; `assemble_year` joins the submissions of one year (a
mandate written in several files is one row). The loader only writes what these return.
"""

from __future__ import annotations

from mandate_etl.models import ExtractedReport, NormalizedReport
from mandate_etl.normalize.build import allow_year_mismatch, build_report
from mandate_etl.normalize.title import title_years
from mandate_etl.normalize.year import assemble_year

__all__ = ["allow_year_mismatch", "assemble_year", "normalize_report", "title_years"]


def normalize_report(report: ExtractedReport, year: int, infer: bool = True) -> NormalizedReport:
    """Return the offices, mandates, activities, links, lineage and findings of `report`;
    `infer` False: no inferred links (explicit and repaired only)."""
    return build_report(report, year, infer)
