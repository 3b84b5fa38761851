"""An event's stages and parts placed on days relative to the event day (T = 0)."""
from __future__ import annotations

from playbook_kit.core.checklists import deadline_text


def timeline(event) -> dict:
    """Stages and parts placed on days relative to the event day (T = 0)."""
    untimed, timed = [], []
    for stage in sorted(event.stages, key=lambda st: st.order):
        for item, label in _entries(stage):
            entry = {"label": label, "title": item.title, "when": deadline_text(item.deadline), "item": item}
            if item.deadline is not None:
                timed.append(_placed(entry, stage, item))
            elif item is stage and not any(part.deadline for part in stage.parts):
                untimed.append(entry)
    timed.sort(key=lambda e: e["key"])
    return {"untimed": untimed, "timed": timed}


def _entries(stage) -> list[tuple[object, str]]:
    """A stage and its parts with their labels (7, 7-1, 7-2 …)."""
    return [(stage, f"{stage.order}")] + [(part, f"{stage.order}-{stage.parts.index(part) + 1}")
                                         for part in stage.parts]


def _placed(entry: dict, stage, item) -> dict:
    deadline = item.deadline
    entry["day"] = deadline.until_day if deadline.until_day is not None else deadline.day
    start = deadline.day if deadline.day is not None else entry["day"]
    # by first day, then a stage before its own parts (7, 7-1, 7-2, 7-3)
    entry["key"] = (start, stage.order, 0 if item is stage else stage.parts.index(item) + 1)
    return entry
