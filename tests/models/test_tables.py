"""The output table models: every field says what it holds."""

from __future__ import annotations

import pytest

from mandate_etl.models import TABLES
from mandate_etl.models.tables import Record


@pytest.mark.parametrize("model", TABLES, ids=lambda m: m.table_name)
def test_every_field_has_a_description(model: type[Record]) -> None:
    missing = [name for name, info in model.model_fields.items() if not (info.description or "").strip()]
    assert missing == [], f"{model.table_name}: fields without a description: {missing}"
