"""Checklists follow their procedures: every step is on the checklist or excluded with a reason.

A step added to a procedure would otherwise silently stay off the printed
checklist. The problem is reported at the step's line, where the editor
just typed it.
"""
from __future__ import annotations

from playbook_kit.core.problems import suggest


def check_checklist_coverage(catalog) -> None:
    for record_id, checklist in catalog.kind("checklists").items():
        procedure_id = checklist.source.procedure
        procedure = catalog.kind("procedures").get(procedure_id) if procedure_id else None
        if procedure is None:
            continue  # events are checked by stage elsewhere; a missing procedure is reported already
        on_sheet = {item for point in checklist.pause_points for item in point.items}
        step_ids = [step.id for step in procedure.steps]
        excluded = {}
        for index, entry in enumerate(checklist.excluded):
            if entry.item not in step_ids:
                catalog.problem("checklists", record_id, "excluded", index, "item",
                                message=f"流程 “{procedure_id}” 里没有步骤 “{entry.item}”",
                                hint=suggest(entry.item, step_ids))
            elif entry.item in on_sheet:
                catalog.problem("checklists", record_id, "excluded", index, "item",
                                message=f"步骤 “{entry.item}” 已在暂停点里, 不能同时写在 excluded 里",
                                hint="二选一: 从暂停点删掉它, 或从 excluded 删掉它")
            elif entry.item in excluded:
                catalog.problem("checklists", record_id, "excluded", index, "item",
                                message=f"步骤 “{entry.item}” 在 excluded 里重复")
            excluded[entry.item] = entry.reason
        path = catalog.source_files("checklists", record_id)
        for index, step in enumerate(procedure.steps):
            if step.id not in on_sheet and step.id not in excluded:
                catalog.problem("procedures", procedure_id, "steps", index, "id",
                                message=f"步骤 “{step.id}” 不在检查表 “{record_id}” 上, 也没有写明不上的理由",
                                hint=f"在 {path} 的某个暂停点 items 里加上 {step.id}, "
                                     f"或在 excluded 里写 - {{item: {step.id}, reason: 理由}}")
