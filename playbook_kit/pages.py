"""Macro calls in playbooks/*.md: which macros exist and what each page renders.

The same table drives three things: the macros registered for mkdocs, the
check that every call names an existing record, and the check that every
record is rendered by some page (no orphan facts).
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, suggest


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
    "term": MacroSpec("terms", covers=False),
    "qty": MacroSpec("quantity", covers=False),
    "open_questions": MacroSpec(None, covers=False),
}

_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.S)


@dataclass(frozen=True)
class MacroCall:
    page: str
    line: int
    column: int
    name: str
    argument: str | None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


_NO_MACROS = re.compile(r"\A---\s*\n(?:.*\n)*?render_macros:\s*false\s*\n(?:.*\n)*?---\s*\n")


def scan_page(text: str, page: str) -> tuple[list[MacroCall], list[Problem]]:
    calls, problems = [], empty_sections(text, page)
    if _NO_MACROS.match(text):
        return calls, problems  # the page shows macro calls as examples, it does not run them
    for match in _EXPRESSION.finditer(text):
        line, column = _position(text, match.start())
        try:
            tree = ast.parse(match.group(1).strip(), mode="eval").body
        except SyntaxError:
            continue  # not a plain call; the sandboxed renderer decides
        if not isinstance(tree, ast.Call) or not isinstance(tree.func, ast.Name):
            continue
        name = tree.func.id
        spec = MACROS.get(name)
        if spec is None:
            problems.append(Problem(page, line, column, f"未知的宏 “{name}”", hint=suggest(name, MACROS)))
            continue
        args = tree.args
        if tree.keywords or (spec.kind is None and args) or (spec.kind is not None and len(args) != 1):
            usage = f"{name}()" if spec.kind is None else f"{name}('编号')"
            problems.append(Problem(page, line, column, f"宏 “{name}” 的参数不对", hint=f"写成 {{{{ {usage} }}}}"))
            continue
        argument = None
        if args:
            if not (isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
                problems.append(Problem(page, line, column, f"宏 “{name}” 的参数必须是带引号的编号"))
                continue
            argument = args[0].value
        calls.append(MacroCall(page, line, column, name, argument))
    return calls, problems


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def empty_sections(text: str, page: str) -> list[Problem]:
    """A heading followed by nothing before the next heading of the same or a higher level."""
    problems, open_heading, fenced = [], None, False
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            level = len(match.group(1))
            if open_heading and level <= open_heading[0]:
                problems.append(Problem(page, open_heading[2], 1, f"标题 “{open_heading[1]}” 下面没有内容",
                                        hint="补上内容或删除这个标题"))
            open_heading = (level, match.group(2), number)
        elif line.strip() and not fenced and open_heading:
            open_heading = None
        elif line.strip() and fenced and open_heading:
            open_heading = None
    if open_heading:
        problems.append(Problem(page, open_heading[2], 1, f"标题 “{open_heading[1]}” 下面没有内容",
                                hint="补上内容或删除这个标题"))
    return problems


def page_files(root: Path, folder: str = "playbooks") -> list[Path]:
    base = root / folder
    return sorted(base.rglob("*.md")) if base.is_dir() else []
