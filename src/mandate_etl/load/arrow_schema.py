"""Given a record model, return its Arrow schema: the pydantic fields are the single source."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, get_args, get_origin

import pyarrow as pa

from mandate_etl.models.tables import Record

SCALARS: dict[type, pa.DataType] = {
    int: pa.int64(),
    str: pa.string(),
    float: pa.float64(),
    bool: pa.bool_(),
}
ENUMERATION = pa.dictionary(pa.int32(), pa.string())  # readers see a category, not a plain string


def unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """Return (inner annotation, nullable) of `X | None` (or of `X` itself, not nullable)."""
    if get_origin(annotation) not in (typing.Union, types.UnionType):
        return annotation, False
    args = [a for a in get_args(annotation) if a is not type(None)]
    if len(args) != 1:
        raise TypeError(f"unsupported union {annotation!r}")
    return args[0], len(args) < len(get_args(annotation))


def arrow_type(annotation: Any) -> tuple[pa.DataType, bool]:
    """Return (Arrow type, nullable) of a field annotation (`str | None`, `Literal[...]`, …)."""
    annotation, nullable = unwrap_optional(annotation)
    if get_origin(annotation) is Literal:
        return ENUMERATION, nullable
    if annotation in SCALARS:
        return SCALARS[annotation], nullable
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(model: type[Record]) -> pa.Schema:
    """Return the Arrow schema of `model`, with its table name, key and field descriptions."""
    fields = []
    for name, info in model.model_fields.items():
        dtype, nullable = arrow_type(info.annotation)
        metadata = {b"description": info.description.encode()} if info.description else None
        fields.append(pa.field(name, dtype, nullable=nullable, metadata=metadata))
    return pa.schema(
        fields,
        metadata={b"table": model.table_name.encode(), b"key": ",".join(model.key).encode()},
    )


def records_to_table(model: type[Record], records: typing.Sequence[Record]) -> pa.Table:
    """Return the Arrow table of `records` (all of type `model`) in the model's schema."""
    schema = arrow_schema(model)
    columns = {name: [getattr(r, name) for r in records] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)
