"""The pydantic models are the single source of the Parquet and JSON schemas."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from mandate_etl.load.arrow_schema import arrow_schema
from mandate_etl.load.json_schema import schema_documents
from mandate_etl.models import TABLES, Activity, Mandate, Office

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


@pytest.mark.parametrize("name", sorted(schema_documents()))
def test_committed_json_schema_is_current(name: str) -> None:
    committed = (SCHEMAS / name).read_text(encoding="utf-8") if (SCHEMAS / name).exists() else ""
    assert committed == schema_documents()[name], f"schemas/{name} is stale: run `make schemas`"


def test_no_stray_schema_files() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(schema_documents())


def test_arrow_types_follow_the_annotations() -> None:
    schema = arrow_schema(Office)
    assert schema.field("report_year").type == pa.int64()
    assert not schema.field("report_year").nullable
    assert schema.field("country_code").type == pa.string()
    assert schema.field("country_code").nullable
    assert schema.field("source_page").nullable
    assert schema.field("office_kind").type == pa.dictionary(pa.int32(), pa.string())
    assert arrow_schema(Mandate).field("variant_count").type == pa.int64()
    assert arrow_schema(Activity).metadata[b"key"] == b"report_year,activity_id"


def test_every_table_carries_provenance() -> None:
    for model in TABLES:
        names = arrow_schema(model).names
        assert names[:5] == ["report_year", "source_file", "source_sha256", "source_locator", "source_page"]
