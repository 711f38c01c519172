"""Normalize stage: the raw report table into the six tables of one submission."""

from __future__ import annotations

from mandate_etl.models import ExtractedReport, NormalizedReport
from mandate_etl.normalize.build import build_report

__all__ = ["normalize_report"]


def normalize_report(report: ExtractedReport, year: int) -> NormalizedReport:
    """Return the offices, mandates, activities, links, lineage and findings of `report`."""
    return build_report(report, year)
