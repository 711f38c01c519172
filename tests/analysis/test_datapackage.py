"""datapackage.json: a Frictionless Data Package that `frictionless validate` accepts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from mandate_etl.analysis.datapackage import DATAPACKAGE_NAME, write_datapackage
from mandate_etl.models import TABLES


def frictionless(path: Path) -> subprocess.CompletedProcess[str]:
    """Run `frictionless validate` on the package at `path`."""
    command = [str(Path(sys.executable).with_name("frictionless")), "validate", "--json", str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=path.parent)


def test_the_2010_package_validates(outputs_2010: Path) -> None:
    result = frictionless(outputs_2010 / DATAPACKAGE_NAME)
    report = json.loads(result.stdout)
    assert report["valid"], result.stdout[:3000]
    assert result.returncode == 0
    assert [t["name"] for t in report["tasks"]] == [f"{m.table_name}-2010" for m in TABLES]
    assert {t["name"]: t["stats"]["rows"] for t in report["tasks"]}["activities-2010"] == 81


def test_every_field_is_typed_and_described(outputs_2010: Path) -> None:
    package = json.loads((outputs_2010 / DATAPACKAGE_NAME).read_text(encoding="utf-8"))
    by_name = {r["name"]: r["schema"] for r in package["resources"]}
    for model in TABLES:
        schema = by_name[f"{model.table_name}-2010"]
        assert [f["name"] for f in schema["fields"]] == list(model.model_fields)
        assert all(f["description"] for f in schema["fields"]), model.table_name
        assert schema["primaryKey"] == list(model.key)
    links = {f["name"]: f for f in by_name["activity_mandates-2010"]["fields"]}
    assert links["link"]["constraints"] == {"required": True, "enum": ["explicit", "repaired", "inferred"]}
    assert links["score"]["type"] == "number"
    assert by_name["activity_mandates-2010"]["foreignKeys"] == [
        {
            "fields": ["report_year", "activity_id"],
            "reference": {"resource": "activities-2010", "fields": ["report_year", "activity_id"]},
        },
        {
            "fields": ["report_year", "mandate_id"],
            "reference": {"resource": "mandates-2010", "fields": ["report_year", "mandate_id"]},
        },
    ]


def test_a_broken_foreign_key_fails_validation(outputs_2010: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(outputs_2010, out)
    path = out / "activities" / "2010.parquet"
    table = pq.read_table(path)
    index = table.schema.get_field_index("office_id")
    offices = ["nowhere"] + table["office_id"].to_pylist()[1:]
    pq.write_table(table.set_column(index, table.schema.field(index), pa.array(offices)), path)
    write_datapackage(out)
    report = json.loads(frictionless(out / DATAPACKAGE_NAME).stdout)
    assert not report["valid"]
    errors = [e["type"] for t in report["tasks"] for e in t["errors"]]
    assert set(errors) == {"foreign-key"}
