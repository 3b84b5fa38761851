"""Macro calls in playbooks/*.md: which macros exist and what each page renders.

The same table drives three things: the macros registered for mkdocs, the
check that every call names an existing record, and the check that every
record is rendered by some page (no orphan facts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playbook_kit.source.page_syntax import MacroCall, PageRenderer, split_front_matter
from playbook_kit.core.problems import Problem
from playbook_kit.source.project_files import page_files
from playbook_kit.source.yaml_strict import invisible_character, load_text


@dataclass(frozen=True)
class MacroSpec:
    kind: str | None        # kind of the id argument, None for no argument
    covers: bool = True     # a call renders the record (counts against orphans)
    covers_all: str | None = None  # a no-argument call renders every record of this kind


MACROS: dict[str, MacroSpec] = {
    "procedure": MacroSpec("procedures"),
    "rule_set": MacroSpec("rule_sets"),
    "form": MacroSpec("forms"),
    "decision_table": MacroSpec("decision_tables"),
    "operating_model": MacroSpec("operating_models"),
    "operating_models": MacroSpec(None, covers_all="operating_models"),
    "event": MacroSpec("events"),
    "script": MacroSpec("scripts"),
    "checklist": MacroSpec("checklists"),
    "checklist_link": MacroSpec("checklists", covers=False),
    "checklists_index": MacroSpec(None, covers=False),
    "channel_overview": MacroSpec("channel", covers=False),
    "role_view": MacroSpec("roles", covers=False),
    "checklist_bundle": MacroSpec("channel", covers=False),
    "glossary": MacroSpec(None, covers_all="terms"),
    "roles_catalog": MacroSpec(None, covers_all="roles"),
    "sources_catalog": MacroSpec(None, covers_all="sources"),
    "original_files": MacroSpec(None, covers_all="originals"),
    "decisions_catalog": MacroSpec(None, covers_all="decisions"),
    "term": MacroSpec("terms", covers=False),
    "qty": MacroSpec("quantity", covers=False),
    "recent_updates": MacroSpec(None, covers=False),
    "open_questions": MacroSpec(None, covers=False),
    "learning_paths": MacroSpec(None, covers=False),
    "quizzes": MacroSpec(None, covers=False),
}

# front matter keys a page may set, and what each may hold
FRONT_MATTER_KEYS = {
    "title": "页面标题(文字)",
    "search": "搜索设置, 例如 boost: 0.3 或 exclude: true",
    "hide": "隐藏页面部件, 例如 [navigation, toc]",
    "render_macros": "false: 页面里的 {{ }} 原样显示, 不调用宏",
}
HIDE_VALUES = ("navigation", "toc", "footer", "path", "feedback", "tags")


def check_front_matter(text: str, page: str) -> tuple[dict, list[Problem]]:
    """The page's front matter as data, read with the strict loader, and its problems."""
    loaded, problems = load_text(text, page)
    problems = [Problem(p.path, p.line + 1, p.column, p.message, hint=p.hint) for p in problems]
    if loaded is None:
        return {}, problems
    data = loaded.data if isinstance(loaded.data, dict) else {}
    if not isinstance(loaded.data, dict):
        problems.append(Problem(page, 2, 1, "页面开头 --- 之间应为“键: 值”", hint="例如 “title: 标题”"))
    for key, value in data.items():
        line, column = loaded.locate((key,), prefer_key=True)
        message = _front_matter_slip(key, value)
        if message:
            hint = ("可用: " + "; ".join(f"{k}({v})" for k, v in FRONT_MATTER_KEYS.items())
                    if key not in FRONT_MATTER_KEYS else "")
            problems.append(Problem(page, line + 1, column, message, hint=hint))
    return data, problems


def _front_matter_slip(key: str, value) -> str | None:
    """What is wrong with one front-matter setting, or None."""
    if key not in FRONT_MATTER_KEYS:
        return f"页面开头不支持设置 “{key}”"
    if key == "title" and not isinstance(value, str):
        return "title 应为文字"
    if key == "render_macros" and not isinstance(value, bool):
        return "render_macros 只能是 true 或 false"
    if key == "hide" and not (isinstance(value, list) and all(v in HIDE_VALUES for v in value)):
        return "hide 应为列表, 可选值: " + "、".join(HIDE_VALUES)
    if key == "search" and not _search_setting(value):
        return "search 只能设置 boost(数字)或 exclude(true/false)"
    return None


def _search_setting(value) -> bool:
    if not isinstance(value, dict) or not set(value) <= {"boost", "exclude"}:
        return False
    boost = value.get("boost", 1)
    return (isinstance(boost, (int, float)) and not isinstance(boost, bool) and 0 <= boost <= 10
            and isinstance(value.get("exclude", False), bool))


_PARSER = PageRenderer({}, MACROS)


def scan_page(text: str, page: str) -> tuple[list[MacroCall], list[Problem]]:
    """The macro calls of one page and every problem of it, without rendering."""
    problems = empty_sections(text, page)
    found = invisible_character(text)
    if found:
        problems.append(Problem(page, found[0], found[1], f"页面里有看不见的字符({found[2]})",
                                hint="删除它: 常见于从网页、聊天软件复制粘贴"))
    front, body, offset = split_front_matter(text)
    meta: dict = {}
    if front is not None:
        meta, bad = check_front_matter(front, page)
        problems += bad
    if meta.get("render_macros") is False:
        return [], problems  # the page shows macro calls as examples, it does not run them
    calls, bad = _PARSER.parse(body, page, offset)
    return calls, problems + bad


_HEADING = re.compile(r"^(#{1,6})[ \t]++(.*+)$")


def empty_sections(text: str, page: str) -> list[Problem]:
    """A heading followed by nothing before the next heading of the same or a higher level."""
    problems, open_heading, fenced = [], None, False
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match and match.group(2).strip(" \t#"):
            level = len(match.group(1))
            if open_heading and level <= open_heading[0]:
                problems.append(Problem(page, open_heading[2], 1, f"标题 “{open_heading[1][:60]}” 下面没有内容",
                                        hint="补上内容或删除这个标题"))
            open_heading = (level, match.group(2).strip().rstrip("#").strip(), number)
        elif line.strip() and not fenced and open_heading:
            open_heading = None
        elif line.strip() and fenced and open_heading:
            open_heading = None
    if open_heading:
        problems.append(Problem(page, open_heading[2], 1, f"标题 “{open_heading[1]}” 下面没有内容",
                                hint="补上内容或删除这个标题"))
    return problems


MAX_PAGE_BYTES = 512 * 1024


@dataclass
class PageScan:
    """Every page of playbooks/ as read once: its text, its macro calls, and
    what stopped a page from being read or parsed."""
    texts: dict[str, str] = field(default_factory=dict)   # page path -> Markdown source
    calls: list[MacroCall] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def records_shown(catalog, call: MacroCall) -> list[tuple[str, str]]:
    """(kind, id) of the records a macro call renders: every record of its kind
    for a no-argument call like `glossary()`, the named record for one like
    `procedure('x')`, none for a call that only links or lists."""
    spec = MACROS[call.name]
    if spec.covers_all:
        return [(spec.covers_all, record_id) for record_id in catalog.kind(spec.covers_all)]
    if spec.covers and spec.kind:
        return [(spec.kind, call.argument)]
    return []


def scan_pages(catalog) -> PageScan:
    """The project's pages, read and parsed on first use and kept with the catalogue."""
    if catalog.pages is None:
        catalog.pages = _scan(Path(catalog.root))
    return catalog.pages


def _scan(root: Path) -> PageScan:
    scan = PageScan()
    listing = page_files(root)
    scan.problems.extend(listing.problems)
    for file in listing.files:
        path = file.relative_to(root).as_posix()
        text = _read_page(scan, file, path)
        if text is None:
            continue
        scan.texts[path] = text
        found, bad = scan_page(text, path)
        scan.calls.extend(found)
        scan.problems.extend(bad)
    return scan


def _read_page(scan: PageScan, file: Path, path: str) -> str | None:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        scan.problems.append(Problem(path, 1, 1, f"无法读取页面: {exc.strerror}"))
        return None
    if len(raw) > MAX_PAGE_BYTES:
        scan.problems.append(Problem(path, 1, 1, f"页面太大({len(raw) // 1024} KB, 上限 {MAX_PAGE_BYTES // 1024} KB)",
                                     hint="拆成几个页面"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        scan.problems.append(Problem(path, line, 1, "页面不是 UTF-8 编码",
                                     hint="请用 UTF-8 编码保存(VS Code 右下角点击编码 → “通过编码保存” → UTF-8)"))
        return None
