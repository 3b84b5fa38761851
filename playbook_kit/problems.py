"""Located problems: the one shape every check reports in.

Every check (YAML syntax, schema, cross references, pages) produces
`Problem` objects; the build, the tests and the editors' command all print
them with `Problem.format()` as ``path:line:column: 中文说明``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    severity: str = field(default="error", compare=False)  # "error" | "warning"
    key_path: str = field(default="", compare=False)
    hint: str = field(default="", compare=False)

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: "
        if self.severity == "warning":
            text += "警告: "
        text += self.message
        if self.key_path:
            text += f"(位置: {self.key_path})"
        if self.hint:
            text += f" 提示: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def format_key_path(parts: Iterable[object]) -> str:
    """`("procedures", 0, "steps", 2, "actor")` -> `procedures[0].steps[2].actor`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def suggest(word: str, choices: Iterable[str], limit: int = 8) -> str:
    """A Chinese hint naming the closest valid choices, or listing them."""
    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    if close:
        return "你是不是想写 " + "、".join(f"“{c}”" for c in close) + "?"
    if not choices:
        return ""
    shown = "、".join(choices[:limit])
    more = f" 等 {len(choices)} 个" if len(choices) > limit else ""
    return f"可用的值: {shown}{more}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems))


def summary(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"共 {errors} 个错误, {warnings} 个警告"
