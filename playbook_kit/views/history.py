"""The playbook's history in reader terms, from git: 最近更新 and each checklist's versions.

Every commit that touched data/ or checklists/ is read with `git archive`
(gitsnap.py), reduced to a reader view (changes.py) and compared with the
commit before it. Each commit's change is cached in .cache/history/ (keyed
by the code that makes it), so a build reads each commit once. Without git
(a copy of the project, a tarball) the history is empty and the pages say so.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from playbook_kit.source import gitsnap
from playbook_kit.source.catalog import load_catalog
from playbook_kit.views.changes import catalog_view, compare, record_name
from playbook_kit.core.checklists import content_changes
from playbook_kit.core.models import KIND_NAMES
from playbook_kit.source.project_files import safe_read, safe_write

CACHE = ".cache/history"
MAX_COMMITS = 60
MAX_LINES = 12  # per record on the 最近更新 page


def _code_key() -> str:
    """Cached changes are valid for the code that made them: every module of
    the package can change how a record reads (labels, units, templates)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _view_at(root: Path, commit: str) -> dict:
    with gitsnap.snapshot(root, commit) as old_root:
        view = catalog_view(load_catalog(old_root))
    for key, record in view["records"].items():
        record["id"] = key.split("/", 1)[1]
    return view


EMPTY = {"records": {}, "checklists": {}}


def _brief(view: dict) -> dict:
    """What the history pages show of a record: its kind, id and title."""
    return {"kind": view["kind"], "id": view["id"], "title": view["title"]}


def _step(before: dict, after: dict) -> dict:
    """One commit's change, reduced to what 最近更新 and the checklist versions show
    (small enough to cache: a build reads these instead of every old catalogue)."""
    report = compare(before, after)
    return {"added": [_brief(v) for v in report.added], "removed": [_brief(v) for v in report.removed],
            "changed": [[_brief(v), lines] for v, lines in report.changed],
            "checklists": report.checklists,
            "sheets": {key: {"version": sheet["version"], "content": sheet["content"]}
                       for key, sheet in after["checklists"].items()}}


def _cached_step(root: Path, name: str) -> dict | None:
    text = safe_read(root, name)
    if text is None:
        return None
    try:
        step = json.loads(text)
        return step if isinstance(step, dict) and {"added", "removed", "changed", "checklists", "sheets"} <= step.keys() else None
    except ValueError:
        return None


@lru_cache(maxsize=4)
def _history(root: str, head: str) -> tuple[dict, ...]:
    """(commit info + change) per commit, newest first. Each commit's change
    against the one before is cached in .cache/history/ (keyed by the code
    that makes it); only a commit not seen before is read with git."""
    base = Path(root)
    cache_dir = f"{CACHE}/{_code_key()}"
    commits = gitsnap.commits(base, limit=MAX_COMMITS)
    entries = []
    previous, previous_view = None, None  # the last commit that could be read, and its view once read
    for info in reversed(commits):  # oldest first
        name = f"{cache_dir}/{previous or 'first'}-{info['commit']}.json"
        step = _cached_step(base, name)
        view = None
        if step is None:
            try:
                if previous is not None and previous_view is None:
                    previous_view = _view_at(base, previous)
                view = _view_at(base, info["commit"])
                step = _step(previous_view or EMPTY, view)
            except (gitsnap.GitError, OSError, ValueError, KeyError, AttributeError, TypeError):
                continue  # an unreadable old commit is left out of the history, never a failed build
            try:
                safe_write(base, name, json.dumps(step, ensure_ascii=False))
            except OSError:
                pass
        entries.append({**info, "first": previous is None, "change": step})
        previous, previous_view = info["commit"], view
    return tuple(reversed(entries))


def history(root: Path) -> tuple[dict, ...]:
    """The history of `root`, empty without git."""
    try:
        head = gitsnap.resolve(root, "HEAD")
    except gitsnap.GitError:
        return ()
    return _history(str(root), head)


def recent_updates(root: Path, page_of=None, limit: int = 30, entries: tuple | None = None) -> list[dict]:
    """最近更新: per commit (newest first) its date, subject and the records changed, in reader terms.
    `entries`: `history(root)` when the caller already has it."""
    out = []
    for entry in (history(root) if entries is None else entries)[:limit]:
        step = entry["change"]
        if entry["first"]:
            items = [{"name": f"首次收录 {len(step['added'])} 条记录", "lines": [], "target": None}]
        else:
            items = []
            for view, lines in step["changed"]:
                shown = lines[:MAX_LINES] + ([f"… 另有 {len(lines) - MAX_LINES} 处修改"] if len(lines) > MAX_LINES else [])
                items.append({"name": record_name(view), "lines": shown, "target": _target(page_of, view)})
            items += _grouped("新增", step["added"], page_of)
            items += _grouped("删除", step["removed"], None)
            for sheet in step["checklists"]:
                if sheet.get("new") or sheet.get("removed") or not sheet["lines"]:
                    continue
                if sheet["version"] != sheet["old_version"]:
                    items.append({"name": f"检查表《{sheet['title']}》升为版本 {sheet['version']}", "lines": [],
                                  "target": _target(page_of, {"kind": "checklists", "id": sheet["id"]})})
        if items:
            out.append({"date": entry["date"], "subject": entry["subject"], "commit": entry["commit"][:7],
                        "items": items})
    return out


def _grouped(verb: str, views: list[dict], page_of, most: int = 5) -> list[dict]:
    """One item per record, or one line per kind when a commit adds many of it."""
    by_kind: dict[str, list[dict]] = {}
    for view in views:
        by_kind.setdefault(view["kind"], []).append(view)
    items = []
    for kind, group in by_kind.items():
        if len(group) <= most:
            items += [{"name": verb + record_name(view), "lines": [], "target": _target(page_of, view)}
                      for view in group]
        else:
            names = "、".join(view["title"] for view in group[:most])
            items.append({"name": f"{verb} {len(group)} 条{KIND_NAMES.get(kind, kind)}: {names} 等", "lines": [],
                          "target": None})
    return items


def _target(page_of, view: dict):
    return page_of(view["kind"], view["id"]) if page_of else None


def checklist_history(root: Path, checklist_id: str, current: dict | None = None,
                      entries: tuple | None = None) -> list[dict]:
    """Versions of one checklist, newest first: {version, date, lines} whenever its printed content changed.

    `current` ({version, content}) is the working tree's sheet: when it differs from the last
    commit it heads the list as 未提交, so an editor previewing with `mkdocs serve` sees it."""
    out = []
    previous = None
    for entry in reversed(history(root) if entries is None else entries):  # oldest first
        sheet = entry["change"]["sheets"].get(checklist_id)
        if sheet is None:
            previous = None
            continue
        if previous is None:
            out.append({"version": sheet["version"], "date": entry["date"], "lines": ["首次发布"]})
        else:
            lines = content_changes(previous["content"], sheet["content"])
            if lines or sheet["version"] != previous["version"]:
                out.append({"version": sheet["version"], "date": entry["date"],
                            "lines": lines or ["版本号调整, 打印内容未变"]})
        previous = sheet
    if current is not None and previous is not None:
        lines = content_changes(previous["content"], current["content"])
        if lines or current["version"] != previous["version"]:
            out.append({"version": current["version"], "date": "未提交", "lines": lines or ["版本号调整, 打印内容未变"]})
    return list(reversed(out))
