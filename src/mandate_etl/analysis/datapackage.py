"""Given the outputs folder, write `datapackage.json`: a Frictionless Data Package of its tables.

One resource per table and year (`offices-2010` -> `offices/2010.parquet`): a resource whose path
lists several Parquet files would be read by concatenating their bytes, which only works for text
formats. Every resource carries its Table Schema, made from the pydantic model: types, required,
enumerations, descriptions, primary key, and foreign keys to the same year's tables.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from mandate_etl.analysis.files import available_years
from mandate_etl.load.arrow_schema import unwrap_optional
from mandate_etl.load.atomic import write_bytes_atomically
from mandate_etl.models import TABLES
from mandate_etl.models.tables import Record

DATAPACKAGE_NAME = "datapackage.json"
FIELD_TYPES = {int: "integer", float: "number", bool: "boolean", str: "string"}
# A coverage row of a Program item no office covers has a null office (frictionless reports a
# null in a composite foreign key as a violation) and may name an item no office wrote.
NOT_REFERENCED = {("coverage", "office_id"), ("coverage", "mandate_id")}
# frictionless reads Parquet through pandas, where a missing integer is NaN, printed "nan".
MISSING_INTEGER = ["", "nan"]


def field_descriptor(name: str, annotation: Any, description: str | None) -> dict[str, Any]:
    """Return the Table Schema field of one model field."""
    inner, nullable = unwrap_optional(annotation)
    field: dict[str, Any] = {"name": name, "description": description or ""}
    constraints: dict[str, Any] = {} if nullable else {"required": True}
    if get_origin(inner) is Literal:
        field["type"] = "string"
        constraints["enum"] = list(get_args(inner))
    else:
        field["type"] = FIELD_TYPES[inner]
    if nullable and field["type"] == "integer":
        field["missingValues"] = MISSING_INTEGER
    if constraints:
        field["constraints"] = constraints
    return field


def foreign_keys(model: type[Record], year: int) -> list[dict[str, Any]]:
    """Return the foreign keys of `model`: each `*_id` field that is another table's key."""
    owners = {m.key[-1]: m for m in TABLES if len(m.key) == 2 and m.key[-1].endswith("_id")}
    keys = []
    for name in model.model_fields:
        owner = owners.get(name)
        if owner is None or owner is model or (model.table_name, name) in NOT_REFERENCED:
            continue
        fields = ["report_year", name]
        reference = {"resource": resource_name(owner, year), "fields": fields}
        keys.append({"fields": fields, "reference": reference})
    return keys


def table_schema(model: type[Record], year: int) -> dict[str, Any]:
    """Return the Table Schema of `model` for the resource of `year`."""
    return {
        "fields": [field_descriptor(n, i.annotation, i.description) for n, i in model.model_fields.items()],
        "primaryKey": list(model.key),
        "foreignKeys": foreign_keys(model, year),
    }


def resource_name(model: type[Record], year: int) -> str:
    """Return the resource name of `model`'s table in `year`, e.g. "offices-2010"."""
    return f"{model.table_name}-{year}"


def resource(model: type[Record], year: int) -> dict[str, Any]:
    """Return the resource of `model`'s Parquet file of `year` (no bytes or hash: frictionless
    reads Parquet through pyarrow and cannot check them)."""
    return {
        "name": resource_name(model, year),
        "title": f"{model.table_name} {year}",
        "description": (model.__doc__ or "").strip().splitlines()[0],
        "path": f"{model.table_name}/{year}.parquet",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "profile": "tabular-data-resource",
        "schema": table_schema(model, year),
    }


def datapackage(out: Path) -> dict[str, Any]:
    """Return the Data Package descriptor of every table file under `out`."""
    resources = [
        resource(model, year)
        for year in available_years(out)
        for model in TABLES
        if (out / model.table_name / f"{year}.parquet").exists()
    ]
    return {
        "name": "mandate-etl",
        "title": "Reports of the Inter-American Program for the Human Rights of Migrants",
        "description": "Offices, mandates, activities, their links, coverage and lineage; one resource "
        "per table and year. Column types and descriptions come from mandate_etl's pydantic models.",
        "profile": "tabular-data-package",
        "resources": resources,
    }


def write_datapackage(out: Path) -> Path:
    """Write `<out>/datapackage.json` and return its path."""
    text = json.dumps(datapackage(out), indent=2, ensure_ascii=False) + "\n"
    final = out / DATAPACKAGE_NAME
    write_bytes_atomically(final, lambda p: p.write_text(text, encoding="utf-8"))
    return final
