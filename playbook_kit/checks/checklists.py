"""Checklists: every procedure has one; each names existing steps or stages,
keeps 3–9 items per pause point, lists critical items first, and follows the
order of its procedure."""
from __future__ import annotations

from collections import Counter

from playbook_kit.checks.references import check_reference
from playbook_kit.core.models import Checklist, Procedure
from playbook_kit.core.problems import suggest
from playbook_kit.source.catalog import Catalog


def check_checklists(catalog: Catalog) -> None:
    for record_id, checklist in catalog.kind("checklists").items():
        _check_checklist(catalog, record_id, checklist)
    covered = {c.source.procedure for c in catalog.kind("checklists").values()}
    for record_id in catalog.kind("procedures"):
        if record_id not in covered:
            catalog.problem("procedures", record_id, "id", message=f"流程 “{record_id}” 没有检查表",
                            hint=f"在 checklists/ 里新建一个 source.procedure 为 {record_id} 的检查表")


def _source_items(catalog: Catalog, record_id: str, checklist: Checklist):
    """(the procedure or event a checklist is made from, the ids of its steps or
    stages and parts), or None when that source does not exist (reported here)."""
    source = checklist.source
    if source.procedure is not None:
        target = catalog.kind("procedures").get(source.procedure)
        if target is None:
            check_reference(catalog, "checklists", record_id, ("source", "procedure"), source.procedure,
                            "procedures", "流程")
            return None
        return target, [step.id for step in target.steps]
    target = catalog.kind("events").get(source.event)
    if target is None:
        check_reference(catalog, "checklists", record_id, ("source", "event"), source.event, "events", "活动")
        return None
    return target, [stage.id for stage in target.stages] + [
        part.id for stage in target.stages for part in stage.parts]


def _check_size(catalog: Catalog, record_id: str, checklist: Checklist, p_index: int, point) -> None:
    count = len(point.items)
    if count > 9:
        catalog.problem("checklists", record_id, "pause_points", p_index, "items",
                        message=f"暂停点 “{point.title}” 有 {count} 项, 超过 9 项",
                        hint="拆成两个暂停点; 每个暂停点 5–9 项最好用")
    elif count < 3 and len(checklist.pause_points) > 1:
        catalog.problem("checklists", record_id, "pause_points", p_index, "items", severity="warning",
                        message=f"暂停点 “{point.title}” 只有 {count} 项", hint="少于 3 项时考虑与相邻暂停点合并")


def _check_items(catalog: Catalog, record_id: str, checklist: Checklist, p_index: int, point,
                 item_ids: list[str]) -> None:
    """Each item exists in the source, and critical items come before the others."""
    seen_normal, seen = False, set()
    for i_index, item in enumerate(point.items):
        if item in seen:
            catalog.problem("checklists", record_id, "pause_points", p_index, "items", i_index,
                            message=f"条目 “{item}” 在暂停点 “{point.title}” 里重复出现", hint="删掉重复的这一项")
        seen.add(item)
        if item not in item_ids:
            catalog.problem("checklists", record_id, "pause_points", p_index, "items", i_index,
                            message=f"来源里没有步骤 “{item}”", hint=suggest(item, item_ids))
        if item not in checklist.critical:
            seen_normal = True
        elif seen_normal:
            catalog.problem("checklists", record_id, "pause_points", p_index, "items", i_index,
                            message=f"关键条目 “{item}” 应排在本暂停点的普通条目之前")


def _check_each_item_once(catalog: Catalog, record_id: str, checklist: Checklist) -> None:
    used = Counter(item for point in checklist.pause_points for item in set(point.items))
    for index, item in enumerate(checklist.critical):
        if item not in used:
            catalog.problem("checklists", record_id, "critical", index,
                            message=f"关键条目 “{item}” 不在任何暂停点里")
    for item, count in used.items():
        if count > 1:
            catalog.problem("checklists", record_id, "pause_points",
                            message=f"条目 “{item}” 在多个暂停点重复出现")


def _check_checklist(catalog: Catalog, record_id: str, checklist: Checklist) -> None:
    found = _source_items(catalog, record_id, checklist)
    if found is None:
        return
    target, item_ids = found
    for p_index, point in enumerate(checklist.pause_points):
        _check_size(catalog, record_id, checklist, p_index, point)
        _check_items(catalog, record_id, checklist, p_index, point, item_ids)
    _check_each_item_once(catalog, record_id, checklist)
    if isinstance(target, Procedure):
        _check_time_order(catalog, record_id, checklist, target)


def _check_time_order(catalog: Catalog, record_id: str, checklist: Checklist, procedure: Procedure) -> None:
    """Items follow the order of the procedure, so time limits read in order."""
    order = {step.id: index for index, step in enumerate(procedure.steps)}
    flat = [item for point in checklist.pause_points for item in point.items if item in order]
    normal = [item for item in flat if item not in checklist.critical]
    if normal != sorted(normal, key=order.get):
        catalog.problem("checklists", record_id, "pause_points", severity="warning",
                        message="条目顺序与来源流程的步骤顺序不一致", hint="按流程顺序排列, 时限才会前后一致")

