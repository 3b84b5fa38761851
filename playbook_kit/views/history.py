"""The playbook's history in reader terms, from git: 最近更新 and each checklist's versions.

Every commit that touched data/ or checklists/ is read from git's objects
(gitsnap.py), reduced to a reader view (changes.py) and compared with the last
commit before it whose data loaded without errors: a commit with broken data
is left out, so a slip and its fix show as one change (or none). Commit
messages never reach readers: what changed is said from the data. Each
commit's change is cached inside the repository's git folder (keyed by the
code that makes it), never under a path a pull request can commit, so a
build reads each commit once. Without git (a copy of the project, a tarball)
the history is empty and the pages say so.
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

CACHE = "playbook-history"  # inside the git folder
MAX_COMMITS = 60
MAX_LINES = 12  # per record on the 最近更新 page
MAX_CACHE_BYTES = 4 * 1024 * 1024
FIRST = "首次发布"
VERSION_ONLY = "版本号调整, 打印内容未变"


class BrokenCommit(Exception):
    """The data at a commit does not load cleanly: the commit is left out of the history."""


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
        catalog = load_catalog(old_root)
        if catalog.unreadable or any(problem.is_error for problem in catalog.problems):
            raise BrokenCommit(commit)
        view = catalog_view(catalog)
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


class _Cache:
    """Steps stored in the git folder, one JSON file per (previous, commit) pair."""

    def __init__(self, root: Path):
        git_dir = gitsnap.git_directory(root)
        self.folder = git_dir / CACHE / _code_key() if git_dir else None

    def read(self, name: str) -> dict | None:
        path = self.folder / name if self.folder else None
        try:
            if path is None or path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_CACHE_BYTES:
                return None
            step = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        keys = {"added", "removed", "changed", "checklists", "sheets"}
        return step if isinstance(step, dict) and keys <= step.keys() else None

    def write(self, name: str, step: dict) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / name).write_text(json.dumps(step, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # a read-only checkout: the history is computed again next time


@lru_cache(maxsize=4)
def _history(root: str, head: str) -> tuple[dict, ...]:
    """(commit info + change) per readable commit, newest first; each commit is
    compared with the last commit before it whose data loaded cleanly."""
    base = Path(root)
    cache = _Cache(base)
    entries = []
    previous, previous_view = None, None  # the last clean commit, and its view once read
    for info in reversed(gitsnap.commits(base, limit=MAX_COMMITS)):  # oldest first
        name = f"{previous or 'first'}-{info['commit']}.json"
        step, view = cache.read(name), None
        if step is None:
            try:
                view = _view_at(base, info["commit"])
                if previous is not None and previous_view is None:
                    previous_view = _view_at(base, previous)
                step = _step(previous_view or EMPTY, view)
            except (BrokenCommit, gitsnap.GitError, OSError, ValueError, KeyError, AttributeError, TypeError):
                continue  # a broken or unreadable commit is left out of the history, never a failed build
            cache.write(name, step)
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
    """最近更新: per date (newest first) the records changed that day, in reader terms.
    `entries`: `history(root)` when the caller already has it."""
    days: dict[str, list[dict]] = {}
    for entry in (history(root) if entries is None else entries):
        items = _entry_items(entry, page_of)
        if items and (entry["date"] in days or len(days) < limit):
            days.setdefault(entry["date"], []).extend(items)
    return [{"date": date, "items": _merged(items)} for date, items in days.items()]


def _entry_items(entry: dict, page_of) -> list[dict]:
    """What one commit changed, as 最近更新 lists it."""
    step = entry["change"]
    if entry["first"]:
        return [{"name": f"首次收录 {len(step['added'])} 条记录", "lines": [], "target": None}]
    items = []
    for view, lines in step["changed"]:
        items.append({"name": record_name(view), "lines": lines, "target": _target(page_of, view)})
    items += _grouped("新增", step["added"], page_of)
    items += _grouped("删除", step["removed"], None)
    for sheet in step["checklists"]:
        if sheet.get("new") or sheet.get("removed") or not sheet["lines"]:
            continue
        if sheet["version"] != sheet["old_version"]:
            items.append({"name": f"检查表《{sheet['title']}》升为版本 {sheet['version']}", "lines": [],
                          "target": _target(page_of, {"kind": "checklists", "id": sheet["id"]})})
    return items


def _merged(items: list[dict]) -> list[dict]:
    """One item per record a day (its lines from every commit of the day, newest first), lines capped."""
    by_name: dict[str, dict] = {}
    for item in items:
        kept = by_name.setdefault(item["name"], {**item, "lines": []})
        kept["lines"] += [line for line in item["lines"] if line not in kept["lines"]]
    for item in by_name.values():
        lines = item["lines"]
        if len(lines) > MAX_LINES:
            item["lines"] = lines[:MAX_LINES] + [f"… 另有 {len(lines) - MAX_LINES} 处修改"]
    return list(by_name.values())


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
    """Versions of one checklist by date, newest first: {version, date, lines} for each day its printed content changed.

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
            out.append({"version": sheet["version"], "date": entry["date"], "lines": [FIRST]})
        else:
            lines = content_changes(previous["content"], sheet["content"])
            if lines or sheet["version"] != previous["version"]:
                out.append({"version": sheet["version"], "date": entry["date"], "lines": lines or [VERSION_ONLY]})
        previous = sheet
    if current is not None and previous is not None:
        lines = content_changes(previous["content"], current["content"])
        if lines or current["version"] != previous["version"]:
            out.append({"version": current["version"], "date": "未提交", "lines": lines or [VERSION_ONLY]})
    return list(reversed(_by_date(out)))


def _by_date(versions: list[dict]) -> list[dict]:
    """One row per date (oldest first): the day's last version and all the day's changes."""
    days: list[dict] = []
    for entry in versions:
        if days and days[-1]["date"] == entry["date"]:
            day = days[-1]
            day["version"] = entry["version"]
            if day["lines"] != [FIRST]:  # published that day: the first version is what it says
                day["lines"] = [line for line in day["lines"] if line != VERSION_ONLY]
                day["lines"] += [line for line in entry["lines"] if line not in day["lines"]]
                day["lines"] = day["lines"] or [VERSION_ONLY]
        else:
            days.append({**entry, "lines": list(entry["lines"])})
    return days
