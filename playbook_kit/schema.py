"""JSON Schemas for editors' tools, generated from the models."""
from __future__ import annotations

import json
from pathlib import Path

from .models import Checklist, DataFile

SCHEMAS = {
    "schemas/data-file.schema.json": DataFile,
    "schemas/checklist.schema.json": Checklist,
}


def schema_text(model) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(root: Path) -> list[Path]:
    written = []
    for relative, model in SCHEMAS.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(schema_text(model), encoding="utf-8")
        written.append(target)
    return written
