"""read_tables: one typed DataFrame per table, in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import mandate_etl
from mandate_etl.analysis.tables import Tables
from mandate_etl.errors import AnalysisError
from mandate_etl.models import TABLES


def test_one_frame_per_table_with_attribute_access(outputs_2010: Path) -> None:
    t = mandate_etl.read_tables(outputs_2010)
    assert Tables.names() == [m.table_name for m in TABLES]
    assert (len(t.offices), len(t.mandates), len(t.office_mandates)) == (9, 26, 121)
    assert (len(t.activities), len(t.activity_mandates)) == (81, 37)
    assert t["activities"] is t.activities
    assert repr(t).startswith("Tables(offices: 9 rows, mandates: 26 rows, office_mandates: 121 rows,")


def test_dtypes_are_typed(outputs_2010: Path) -> None:
    t = mandate_etl.read_tables(outputs_2010)
    assert t.activities["section"].dtype == pd.CategoricalDtype(["carried_out", "planned"])
    assert list(t.activity_mandates["link"].cat.categories) == ["explicit", "repaired", "inferred"]
    assert list(t.offices["office_kind"].cat.categories) == ["country", "regional", "agency"]
    assert t.mandates["scheme"].dtype == "category"
    assert t.lineage["disposition"].dtype == "category"
    assert list(t.lineage["target_table"].cat.categories) == ["offices", "mandates", "activities"]
    assert t.offices["source_page"].dtype == "Int64"
    assert t.offices["source_page"].isna().all()
    assert t.activities["seq"].dtype == "Int64"
    assert t.activities["text"].dtype == pd.StringDtype()
    assert t.offices["country_code"].dtype == pd.StringDtype()
    assert t.activity_mandates["score"].dtype == "Float64"
    assert t.coverage["assigned"].dtype == "boolean"


def test_enumerations_are_dictionary_encoded_in_parquet(outputs_2010: Path) -> None:
    schema = pq.read_schema(outputs_2010 / "activities" / "2010.parquet")
    assert schema.field("section").type == pa.dictionary(pa.int32(), pa.string())
    assert pd.read_parquet(outputs_2010 / "activities")["section"].dtype == "category"  # plain pandas too


def test_years_filter_and_missing_year(outputs_2010: Path) -> None:
    assert len(mandate_etl.read_tables(outputs_2010, years=2010).offices) == 9
    assert len(mandate_etl.read_tables(outputs_2010, years=[2010]).offices) == 9
    with pytest.raises(AnalysisError, match=r"no tables for 2011 \(years present: 2010\)"):
        mandate_etl.read_tables(outputs_2010, years=2011)
    with pytest.raises(AnalysisError, match="no tables found"):
        mandate_etl.read_tables(outputs_2010 / "nowhere")


def test_a_column_a_later_year_adds_is_kept(outputs_2010: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(outputs_2010, out)
    table = pq.read_table(out / "activity_mandates" / "2010.parquet")
    later = table.append_column("reviewed_by", pa.array(["x"] * len(table)))
    pq.write_table(later, out / "activity_mandates" / "2011.parquet")
    links = mandate_etl.read_tables(out).activity_mandates
    assert list(links.columns)[-1] == "reviewed_by"
    assert len(links) == 2 * len(table)
    assert links["reviewed_by"].isna().sum() == len(table)  # 2010 has no such column
    assert links["link"].dtype == "category"
