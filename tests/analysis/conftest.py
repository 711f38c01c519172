"""The 2010 outputs, written once per session by the real pipeline, for the analyst tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import RAW_2010_DOCX

from mandate_etl.pipeline import extract_to


@pytest.fixture(scope="session")
def outputs_2010(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an outputs folder holding the 2010 Word report's tables (do not modify it)."""
    out = tmp_path_factory.mktemp("outputs")
    result = extract_to([RAW_2010_DOCX], out, isolate=False)
    assert not result.rejected
    return out
