"""`python -m playbook_kit export --json FILE`: the whole validated catalogue as JSON.

Shape (documented in README, read back by tests/test_provenance.py):

    {"format": "playbook-catalogue", "version": 1,
     "source_text": ["data/original/....txt", "data/decisions/<id>.txt"],  # the registered authorities
     "counts": {"records": N, "fragments": N, "open_questions": N, "<kind>": N, ...},
     "records": {"<kind>": [{...every field of the record..., "quotes": [...],
                            "_file": "data/....yml", "_line": 12}, ...], ...},
     "open_questions": [{"document", "kind", "record_id", "where", "note", "path", "line"}, ...],
     "resolved_questions": [{... the same, "confirmed_by", "confirmed_on", "authority"}, ...]}

Every record of every kind is there with its id, `sources` and `quotes` (a
fragment is a string, or {"text", "cleaned"} when it was cleaned), nested
items with theirs. Only a catalogue that passes `check` is exported.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from playbook_kit.build.validate import validate
from playbook_kit.views.open_questions import collect, resolved
from playbook_kit.checks.authorities import authorities
from playbook_kit.checks.provenance import count_fragments
from playbook_kit.source.project_files import write_output

FORMAT_VERSION = 1


def catalogue_json(catalog) -> dict:
    records: dict[str, list] = {kind: [] for kind in catalog.records}  # every kind, an empty one too
    for kind, record_id, record in catalog.all_records():
        origin = catalog.origin(kind, record_id)
        data = record.model_dump(mode="json")
        data["_file"] = origin.path
        data["_line"] = origin.loaded.locate(origin.key_path + ("id",), prefer_key=True)[0]
        records.setdefault(kind, []).append(data)
    questions = collect(catalog)
    counts = {kind: len(items) for kind, items in records.items()}
    counts.update(records=sum(counts.values()), fragments=count_fragments(catalog), open_questions=len(questions))
    return {"format": "playbook-catalogue", "version": FORMAT_VERSION,
            "source_text": [authority["path"] for authority in authorities(catalog)],
            "counts": counts, "records": records,
            "open_questions": [asdict(q) for q in questions],
            "resolved_questions": [asdict(q) for q in resolved(catalog)]}


def export(root: Path, out: Path) -> tuple[int, list[str]]:
    catalog, problems = validate(root)
    errors = [p for p in problems if p.is_error]
    if errors:
        return 1, [p.format() for p in errors] + [f"数据检查未通过, 没有导出: 共 {len(errors)} 个错误"]
    payload = catalogue_json(catalog)
    try:
        write_output(root, out, json.dumps(payload, ensure_ascii=False, indent=1))
    except OSError as exc:  # a symlink on the way inside the repository
        return 1, [f"没有导出: {exc}"]
    c = payload["counts"]
    return 0, [f"已导出 {out}: {c['records']} 条记录, {c['fragments']} 个原文片段, {c['open_questions']} 个待核实问题"]
