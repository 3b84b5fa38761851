"""Identity: every record and every item inside a record has its own id."""
from __future__ import annotations

from collections import Counter

from playbook_kit.source.catalog import Catalog

def check_unique_ids(catalog: Catalog) -> None:
    """Ids are unique across kinds too, so a macro call names one record."""
    seen: dict[str, str] = {}
    for kind, record_id, _ in list(catalog.all_records()):
        if record_id in seen and seen[record_id] != kind:
            other = catalog.origin(seen[record_id], record_id)
            catalog.problem(kind, record_id, "id", message=f"编号 “{record_id}” 已被另一条记录使用",
                            hint=f"另一条在 {other.path}; 请换一个编号")
        seen.setdefault(record_id, kind)


def _nested_unique(catalog: Catalog, kind: str, record_id: str, field: str, items) -> None:
    counts = Counter(item.id for item in items)
    for index, item in enumerate(items):
        if counts[item.id] > 1:
            catalog.problem(kind, record_id, field, index, "id",
                            message=f"同一记录内编号 “{item.id}” 重复", hint="每个条目的编号必须不同")


def check_nested_ids(catalog: Catalog) -> None:
    for kind, field in (("procedures", "steps"), ("rule_sets", "rules"), ("forms", "fields"),
                        ("events", "stages"), ("decision_tables", "rules"),
                        ("decision_tables", "inputs"), ("decision_tables", "outputs"),
                        ("checklists", "pause_points")):
        for record_id, record in catalog.kind(kind).items():
            _nested_unique(catalog, kind, record_id, field, getattr(record, field))
