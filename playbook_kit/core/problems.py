"""Located problems: the one shape every check reports in.

Every check (YAML syntax, schema, cross references, pages) produces
`Problem` objects; the build, the tests and the editors' command all print
them with `Problem.format()` as ``path:line:column: 中文说明``.
"""
from __future__ import annotations

import difflib
import re
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
        """One line, always: data quoted in a message can never start a line of
        its own (no forged `::error` workflow commands, no fake locations)."""
        text = f"{one_line(self.path)}:{self.line}:{self.column}: "
        if self.severity == "warning":
            text += "警告: "
        text += one_line(self.message)
        if self.key_path:
            text += f"(位置: {one_line(self.key_path)})"
        if self.hint:
            text += f" 提示: {one_line(self.hint)}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def one_line(text: object) -> str:
    """Text for one output line: line breaks and other control or invisible
    characters are shown as ⏎ or <U+XXXX>, never emitted."""
    return _UNPRINTABLE.sub(lambda m: "⏎" if m.group(0) in "\r\n" else f"<U+{ord(m.group(0)):04X}>", str(text))


def format_key_path(parts: Iterable[object]) -> str:
    """`("procedures", 0, "steps", 2, "actor")` -> `procedures 第1条 › steps 第3条 › actor`:
    items counted from 1, as pages and reports number steps."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f" 第{part + 1}条"
        else:
            out += (" › " if out else "") + str(part)
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
