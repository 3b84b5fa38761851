"""Event timelines: stages in order, deadlines never going back in time."""
from __future__ import annotations

from playbook_kit.source.catalog import Catalog


def _end_day(deadline) -> int | None:
    """The day by which it is done: `until_day` for a period, else `day`."""
    if deadline is None:
        return None
    return deadline.until_day if deadline.until_day is not None else deadline.day


def _check_parts(catalog: Catalog, record_id: str, index: int, stage) -> None:
    """Parts have distinct ids, run forward in time and stay inside their stage's days."""
    previous = None
    for p_index, part in enumerate(stage.parts):
        ids = [p.id for p in stage.parts]
        if ids.count(part.id) > 1:
            catalog.problem("events", record_id, "stages", index, "parts", p_index, "id",
                            message=f"环节编号 “{part.id}” 重复")
        day = _end_day(part.deadline)
        if day is None:
            continue
        if previous is not None and day < previous:
            catalog.problem("events", record_id, "stages", index, "parts", p_index, "deadline",
                            message=f"环节 “{part.title}” 的时间 T{day:+d} 早于前一环节 T{previous:+d}",
                            hint="按时间先后排列环节")
        if stage.deadline and not (stage.deadline.day <= day <= _end_day(stage.deadline)):
            catalog.problem("events", record_id, "stages", index, "parts", p_index, "deadline",
                            message=f"环节 “{part.title}” 的时间 T{day:+d} 超出所属阶段的时间范围")
        previous = day


def _check_stages_in_time(catalog: Catalog, record_id: str, event) -> None:
    """A later stage never ends before an earlier one."""
    timed = [(stage.order, _end_day(stage.deadline), index) for index, stage in enumerate(event.stages) if stage.deadline]
    timed.sort()
    for (o1, d1, _), (o2, d2, index) in zip(timed, timed[1:]):
        if d2 < d1:
            catalog.problem("events", record_id, "stages", index, "deadline",
                            message=f"第 {o2} 阶段的时间 T{d2:+d} 早于第 {o1} 阶段的 T{d1:+d}")


def check_event_timeline(catalog: Catalog) -> None:
    """Stages in order, deadlines never going back in time (T+1 ≤ T+3 ≤ T+7)."""
    for record_id, event in catalog.kind("events").items():
        orders = [stage.order for stage in event.stages]
        for index, stage in enumerate(event.stages):
            if orders.count(stage.order) > 1:
                catalog.problem("events", record_id, "stages", index, "order",
                                message=f"阶段顺序号 {stage.order} 重复")
            if stage.deadline and stage.deadline.until_day is not None and stage.deadline.until_day < stage.deadline.day:
                catalog.problem("events", record_id, "stages", index, "deadline",
                                message="截止日 until_day 早于开始日 day")
            _check_parts(catalog, record_id, index, stage)
        _check_stages_in_time(catalog, record_id, event)
