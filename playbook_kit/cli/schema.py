"""JSON Schemas for editors' tools, generated from the models alone.

The shapes come from the pydantic models (titles and descriptions in
Chinese, so VS Code explains each field while typing). They hold no ids from
the data: adding a role, term or source document never makes them stale
(so `check` passing means CI's schema test passes too, and two editors
adding terms never conflict in them). Whether an id exists is `check`'s
job, with a "你是不是想写 …" hint. Regenerate with `python -m playbook_kit
schema` after changing a model (tests/test_schema.py fails while stale).
"""
from __future__ import annotations

import json
from pathlib import Path

from playbook_kit.core.models import Checklist, DataFile
from playbook_kit.core.problems import Problem
from playbook_kit.source.project_files import safe_write

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
        written.append(safe_write(root, relative, schema_text(model)))
    return written


def stale_schemas(root: Path) -> list[Problem]:
    """A problem per committed schema that differs from the models (a copy without schemas/ has none)."""
    problems = []
    for relative, model in SCHEMAS.items():
        path = root / relative
        if not path.is_file() or path.is_symlink():
            continue
        current, expected = path.read_text(encoding="utf-8", errors="replace"), schema_text(model)
        if current != expected:
            line = next((n for n, (a, b) in enumerate(zip(current.split("\n"), expected.split("\n")), start=1)
                         if a != b), 1)
            problems.append(Problem(relative, line, 1, f"{relative} 与数据模型不一致(已过期)",
                                    hint="运行 python -m playbook_kit generate, 把重新生成的文件一起提交"))
    return problems
