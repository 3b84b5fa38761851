"""What a checklist prints: its items made from the source procedure or event.

One function gives the items the template renders (`checklist_items`), and
one gives the printed content as plain reader text (`printed_content`), so
the version check, the change report and the history all compare exactly
what a trainer gets on paper.
"""
from __future__ import annotations

from playbook_kit.core import texts
from playbook_kit.core.models import Checklist, open_notes


def time_limit_text(limit) -> str:
    if limit is None:
        return ""
    amount = texts.format_quantity(limit.amount)
    if limit.relation == "内":
        return f"{limit.anchor or ''}{amount}内"
    return f"{limit.anchor or ''}{limit.relation}{amount}"


def deadline_text(deadline) -> str:
    if deadline is None:
        return ""

    def one(day: int) -> str:
        return "活动日 (T)" if day == 0 else (f"T{day:+d}")
    if deadline.until_day is None:
        return one(deadline.day)
    return f"{one(deadline.day)} ~ {one(deadline.until_day)}"


def checklist_source(catalog, checklist: Checklist):
    """(kind, record) of the procedure or event the checklist is made from, or None."""
    if checklist.source.procedure:
        record = catalog.kind("procedures").get(checklist.source.procedure)
        return ("procedures", record) if record else None
    record = catalog.kind("events").get(checklist.source.event)
    return ("events", record) if record else None


def checklist_items(catalog, checklist: Checklist) -> dict[str, dict]:
    """Item id -> {text, owner (role id), limit} for every step, stage and part of the source."""
    found = checklist_source(catalog, checklist)
    if found is None:
        return {}
    kind, origin = found
    if kind == "procedures":
        return {step.id: {"text": step.action, "owner": step.actor, "limit": time_limit_text(step.time_limit),
                          "uncertain": bool(open_notes(step))}
                for step in origin.steps}
    items = {}
    for stage in origin.stages:
        items[stage.id] = {"text": stage.title + "：" + "；".join(stage.tasks or [p.title for p in stage.parts]),
                           "owner": stage.owner, "limit": deadline_text(stage.deadline),
                           "uncertain": bool(open_notes(stage))}
        for part in stage.parts:
            items[part.id] = {"text": part.title + "：" + "；".join(part.tasks), "owner": part.owner or stage.owner,
                              "limit": deadline_text(part.deadline or stage.deadline),
                              "uncertain": bool(open_notes(part))}
    return items


def printed_content(catalog, checklist: Checklist) -> dict[str, list[str]]:
    """The printed sheet as `key -> [label, reader text]` (quantities filled in,
    role names, not ids). Items are keyed by their id, so inserting one item
    shows as one addition, not as every later item changing."""
    found = checklist_source(catalog, checklist)
    origin = found[1] if found else None
    lookup = catalog.quantity_lookup(origin) if origin is not None else (lambda name: None)
    items = checklist_items(catalog, checklist)
    out = {
        "title": ["标题", checklist.title],
        "objective": ["目的", checklist.objective],
        "type": ["类型", checklist.type],
        "audience": ["使用岗位", catalog.role_name(checklist.audience)],
        "coordinator": ["核对签字", catalog.role_name(checklist.coordinator)],
        "origin": ["依据", origin.title if origin is not None else ""],
    }
    for number, point in enumerate(checklist.pause_points, start=1):
        # compared by title and item ids (third element): an item's wording shows on the item itself
        out[f"pause:{point.id}"] = [f"暂停点 {number}", point.title + ": " + "、".join(
            texts.first_clause(texts_of(items, item, lookup), 16) for item in point.items), point.title + "|" + ",".join(point.items)]
        for item_id in point.items:
            if item_id not in items:
                continue
            text = texts_of(items, item_id, lookup)
            meta = catalog.role_name(items[item_id]["owner"])
            if items[item_id]["limit"]:
                meta += " · " + items[item_id]["limit"]
            critical = "[关键] " if item_id in checklist.critical else ""
            out[f"item:{item_id}"] = [f"条目 “{texts.first_clause(text, 16)}”", f"{critical}{text}({meta})"]
    return out


def content_changes(before: dict, after: dict) -> list[str]:
    """Reader lines for what changed between two printed contents."""
    lines = []
    for key, (label, value, *raw) in after.items():
        if key not in before:
            lines.append(f"新增{label}: {value}")
        elif before[key][-1] != (raw[0] if raw else value):
            lines.append(f"{before[key][0]}: {before[key][1]} → {value}")
    for key, (label, value, *_) in before.items():
        if key not in after:
            lines.append(f"删除{label}: {value}")
    return lines


def texts_of(items: dict, item_id: str, lookup) -> str:
    item = items.get(item_id)
    if item is None:
        return item_id
    return texts.filled(item["text"], lookup)


def version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except (ValueError, AttributeError):
        return (0,)


def next_version(version: str) -> str:
    major, _, minor = version.partition(".")
    try:
        return f"{major}.{int(minor or 0) + 1}"
    except ValueError:
        return version
