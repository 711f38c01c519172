"""Writes the JSON Schemas of the output tables and of validation findings into `schemas/`.

`python -m mandate_etl.load.json_schema schemas/` regenerates them; a test fails when the
committed files differ from what the models generate.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mandate_etl.models import TABLES
from mandate_etl.models.findings import FindingsDocument


def schema_documents() -> dict[str, str]:
    """Return file name -> JSON text of every generated schema."""
    documents = {f"{model.table_name}.schema.json": model.model_json_schema() for model in TABLES}
    documents["findings.schema.json"] = FindingsDocument.model_json_schema()
    return {name: json.dumps(doc, indent=2, ensure_ascii=False) + "\n" for name, doc in documents.items()}


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into `directory` and return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(path)
