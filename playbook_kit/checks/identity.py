"""Identity: every record and every item inside a record has its own id."""
from __future__ import annotations

from collections import Counter

from playbook_kit.source.catalog import Catalog
from playbook_kit.source.pages import scan_pages
from playbook_kit.source.project_files import page_url

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


def check_generated_page_names(catalog: Catalog) -> None:
    """Each role gets a generated page `roles/<id>.md`: an id that lands on the
    address of another page (`index` is the 岗位 page `roles/`, or an editor's
    page under `playbooks/roles/`) would take its place."""
    taken = {page_url(path): path for path in scan_pages(catalog).texts}
    for role_id in catalog.kind("roles"):
        address = page_url(f"roles/{role_id}.md")
        if address in taken or role_id == "index":
            catalog.problem("roles", role_id, "id", message=f"编号 “{role_id}” 会生成网址 /{address}, 与页面"
                            f" {taken.get(address, 'roles.md')} 重名, 会顶替它", hint="请换一个编号")
