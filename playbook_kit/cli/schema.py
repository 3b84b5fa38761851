"""JSON Schemas for editors' tools, generated from the models.

The shapes come from the pydantic models; the ids editors may refer to
(roles, source documents, terms) are added as `enum`s from the current data,
so VS Code completes `actor: ` with real role ids and underlines a typo.
Regenerate with `python -m playbook_kit schema` after adding a role, term or
source document (a test fails while the committed files are out of date).
"""
from __future__ import annotations

import json
from pathlib import Path

from playbook_kit.source.catalog import Catalog, load_catalog
from playbook_kit.core.models import REFERENCE_FIELDS, Checklist, DataFile
from playbook_kit.source.project_files import safe_write

SCHEMAS = {
    "schemas/data-file.schema.json": DataFile,
    "schemas/checklist.schema.json": Checklist,
}



def _add_enums(node, ids: dict[str, list[str]]) -> None:
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            kind = REFERENCE_FIELDS.get(name)
            if kind and ids.get(kind):
                target = prop.get("items", prop) if prop.get("type") == "array" else prop
                for option in target.get("anyOf", [target]):
                    if option.get("type") == "string":
                        option["enum"] = ids[kind]
        for value in node.values():
            _add_enums(value, ids)
    elif isinstance(node, list):
        for value in node:
            _add_enums(value, ids)


def schema_text(model, catalog: Catalog) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    _add_enums(schema, {kind: sorted(catalog.kind(kind)) for kind in ("roles", "sources", "terms")})
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(root: Path) -> list[Path]:
    catalog = load_catalog(root)
    written = []
    for relative, model in SCHEMAS.items():
        written.append(safe_write(root, relative, schema_text(model, catalog)))
    return written
