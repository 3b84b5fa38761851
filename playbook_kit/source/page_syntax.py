"""Pages are Markdown with macro calls, and nothing else.

An editor's page may call our macros with a quoted id, `{{ procedure('x') }}`.
That is the whole template language a page gets. Before a page renders, its
Jinja syntax tree is checked: anything else (attribute access, filters,
operators, loops, `set`, `include`, `import`, `extends`, macros of its own) is
a located Chinese error, so a page can neither reach Python objects nor loop
for ever. What passes renders in a sandboxed environment whose only globals are
our macros; no loader (nothing is read from disk), no variables from the
engine (mkdocs' `config`, `page`, hooks) ever reach a page.

The build (through mkdocs-macros, see `MacrosEnvironment`) and
`python -m playbook_kit check` both call `PageRenderer.render`, so both report
the same `path:line:column: 中文说明` for a broken page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from playbook_kit.core.problems import Problem, suggest

MAX_MACRO_CALLS = 300  # per page; every real page has fewer than 20
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
MACRO_EXAMPLE = "{{ procedure('流程编号') }}"
# `{{ name('id') }}` or `{{ name() }}` on one line, the argument without quotes, braces or backslashes
_SIMPLE_CALL = re.compile(r"\{\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\([ \t]*"
                          r"(?:'([^'\\\n{}]*)'|\"([^\"\\\n{}]*)\")?[ \t]*\)[ \t]*\}\}")


@dataclass(frozen=True)
class MacroCall:
    page: str
    line: int
    column: int
    name: str
    argument: str | None


class MacroError(Exception):
    """Raised by a macro for a call the check would have reported (a missing id)."""


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, number of lines before the body)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 0
    return match.group(1), text[match.end():], text.count("\n", 0, match.end())


def _syntax_message(exc: TemplateSyntaxError) -> str:
    text = exc.message or ""
    if "end of" in text or "unexpected end of template" in text or "unclosed" in text:
        return "页面里的 {{ 或 {% 没有闭合"
    if "unexpected '}'" in text or "unexpected char" in text:
        return "页面里有多余或不成对的括号"
    if "Encountered unknown tag" in text:
        return "页面里不能使用 {% … %} 语句"
    return "页面里的宏调用写法不对"


class _PageEnvironment(ImmutableSandboxedEnvironment):
    """Sandbox with no loader, no filters, no tests, only the macros as globals."""

    def __init__(self, macros: dict[str, Callable]):
        super().__init__(loader=None, undefined=StrictUndefined, autoescape=False,
                         keep_trailing_newline=True)
        self.globals.clear()
        self.globals.update(macros)
        self.filters.clear()
        self.tests.clear()


class PageRenderer:
    def __init__(self, macros: dict[str, Callable], specs: dict):
        """`macros`: name -> callable; `specs`: name -> MacroSpec (pages.MACROS)."""
        self.specs = specs
        self.env = _PageEnvironment(macros)

    # --- what a page may contain --------------------------------------------------------
    def parse(self, body: str, path: str, offset: int = 0) -> tuple[list[MacroCall], list[Problem]]:
        """The macro calls of a page body, or the located reasons it may not render."""
        pieces, problems = self._pieces(body, path, offset)
        return [p for p in pieces if isinstance(p, MacroCall)], problems

    _parsed: dict[tuple, tuple[list, list[Problem]]] = {}  # shared: `check` scans, the build renders
    MAX_PARSED = 20_000

    def _pieces(self, body: str, path: str, offset: int) -> tuple[list, list[Problem]]:
        """The page as text pieces and macro calls, in order (or the problems);
        parsed once per page text, whichever renderer asks (a parse depends on
        the macro specs only)."""
        key = (id(self.specs), body, path, offset)
        found = PageRenderer._parsed.get(key)
        if found is None:
            if len(PageRenderer._parsed) >= self.MAX_PARSED:
                PageRenderer._parsed.clear()
            found = PageRenderer._parsed[key] = self._parse_pieces(body, path, offset)
        return list(found[0]), list(found[1])

    def _parse_pieces(self, body: str, path: str, offset: int) -> tuple[list, list[Problem]]:
        count = body.count("{{") + body.count("{%")
        if count > MAX_MACRO_CALLS:
            return [], [Problem(path, 1 + offset, 1, f"这个页面的宏调用太多({count} 个, 上限 {MAX_MACRO_CALLS})",
                                hint="把页面拆成几个页面")]
        simple = self._simple_pieces(body, path, offset)
        if simple is not None:
            return simple, []
        try:
            tree = self.env.parse(body)
        except RecursionError:
            return [], [Problem(path, 1 + offset, 1, "页面里的括号嵌套太深", hint=f"宏调用写成 {MACRO_EXAMPLE}")]
        except TemplateSyntaxError as exc:
            line = (exc.lineno or 1)
            return [], [Problem(path, line + offset, _column(body, line), _syntax_message(exc),
                                hint=f"宏调用写成 {MACRO_EXAMPLE}; 要显示 {{{{ 原样文字, 用 {{% raw %}}…{{% endraw %}} 包起来")]
        pieces: list = []
        problems: list[Problem] = []
        used: dict[int, int] = {}
        for node in tree.body:
            if not isinstance(node, nodes.Output):
                line = node.lineno
                problems.append(Problem(path, line + offset, _column(body, line, "{%"), "页面里不能使用 {% … %} 语句",
                                        hint=f"页面里只能写宏调用, 例如 {MACRO_EXAMPLE}"))
                continue
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    pieces.append(child.data)
                    continue
                line = child.lineno
                column = _column(body, line, "{{", used.get(line, 0))
                used[line] = used.get(line, 0) + 1
                call, problem = self._call(child, path, line + offset, column)
                if call:
                    pieces.append(call)
                if problem:
                    problems.append(problem)
        return pieces, problems

    def _simple_pieces(self, body: str, path: str, offset: int) -> list | None:
        """The pieces of a page made of text and well-formed calls of our macros
        only (almost every page), found without Jinja's lexer and parser; None
        for anything else, which Jinja parses and `_call` checks. It accepts
        exactly what that way would give without a problem: no `{%`, `{#`,
        `\\r` (Jinja normalises line breaks), every `{{` starts a call of a
        known macro with its number of arguments, a plain quoted argument."""
        if "{%" in body or "{#" in body or "\r" in body:
            return None
        pieces: list = []
        position = 0
        for match in _SIMPLE_CALL.finditer(body):
            text = body[position:match.start()]
            if "{{" in text or text.endswith("{"):
                return None
            name, argument = match.group(1), match.group(2) if match.group(2) is not None else match.group(3)
            spec = self.specs.get(name)
            if spec is None or (argument is None) != (spec.kind is None):
                return None
            if text:
                pieces.append(text)
            line_start = body.rfind("\n", 0, match.start()) + 1
            pieces.append(MacroCall(path, body.count("\n", 0, match.start()) + 1 + offset,
                                    match.start() - line_start + 1, name, argument))
            position = match.end()
        rest = body[position:]
        if "{{" in rest:
            return None
        if rest:
            pieces.append(rest)
        return pieces

    def _call(self, node, path: str, line: int, column: int) -> tuple[MacroCall | None, Problem | None]:
        if isinstance(node, nodes.Name):
            return None, self._bare_name(node.name, path, line, column)
        if not (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)):
            return None, Problem(path, line, column, "页面里的 {{ … }} 只能调用宏",
                                 hint=f"写成 {MACRO_EXAMPLE}; 不能访问属性、过滤器或做运算")
        name = node.node.name
        spec = self.specs.get(name)
        if spec is None:
            return None, Problem(path, line, column, f"未知的宏 “{name}”", hint=suggest(name, self.specs))
        argument, slip = _argument(node, spec)
        if slip:
            usage = f"{name}()" if spec.kind is None else f"{name}('编号')"
            return None, Problem(path, line, column, f"宏 “{name}” {slip}", hint=f"写成 {{{{ {usage} }}}}")
        return MacroCall(path, line, column, name, argument), None

    def _bare_name(self, name: str, path: str, line: int, column: int) -> Problem:
        """`{{ name }}`: a macro without its brackets, or a variable."""
        if name in self.specs:
            return Problem(path, line, column, f"宏 “{name}” 后面要加括号",
                           hint=f"写成 {{{{ {name}({'' if self.specs[name].kind is None else chr(39) + '编号' + chr(39)}) }}}}")
        return Problem(path, line, column, f"页面里不能使用变量 “{name}”",
                       hint=f"页面里只能调用宏, 例如 {MACRO_EXAMPLE}")

    # --- rendering -------------------------------------------------------------------
    def render(self, body: str, path: str, offset: int = 0) -> tuple[str | None, list[Problem]]:
        """The page body with its macro calls replaced, or the located problems.

        Nothing of the page is compiled or run: the checked syntax tree holds
        only text and calls of our macros with a quoted id, and those are
        exactly what is evaluated here."""
        pieces, problems = self._pieces(body, path, offset)
        if problems:
            return None, problems
        out = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            macro = self.env.globals[piece.name]
            try:
                out.append(str(macro() if piece.argument is None else macro(piece.argument)))
            except Exception as exc:  # a macro failed: report it where the page called it
                return None, [Problem(path, piece.line, piece.column, _render_message(exc),
                                      hint="运行 python -m playbook_kit check 查看数据里的问题")]
        return "".join(out), []


def _argument(node, spec) -> tuple[str | None, str | None]:
    """(the quoted id a macro call passes, or None; what is wrong with its arguments, or None)."""
    if node.kwargs or node.dyn_args or node.dyn_kwargs or len(node.args) != (0 if spec.kind is None else 1):
        return None, "的参数不对"
    if not node.args:
        return None, None
    arg = node.args[0]
    if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
        return None, "的参数必须是带引号的编号"
    return arg.value, None


def _render_message(exc: Exception) -> str:
    if isinstance(exc, (MacroError, KeyError)):
        return f"宏引用的编号不存在({_short(exc)})"
    if isinstance(exc, SecurityError):
        return "页面里的模板代码访问了不安全的内容, 已被沙箱阻止"
    return f"页面渲染失败({type(exc).__name__})"


def _short(exc: Exception) -> str:
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    return text[:80]


def _column(body: str, line: int, marker: str = "", nth: int = 0) -> int:
    """1-based column of the `nth` occurrence of `marker` on `line` (1 when absent)."""
    lines = body.split("\n")
    if not 1 <= line <= len(lines) or not marker:
        return 1
    text, start = lines[line - 1], -1
    for _ in range(nth + 1):
        start = text.find(marker, start + 1)
        if start < 0:
            return 1
    return start + 1
