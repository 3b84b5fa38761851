"""Swap mkdocs-macros' plain Jinja environment for a sandboxed one.

mkdocs-macros renders every page with an unsandboxed `jinja2.Environment`:
Jinja in a page could reach `os` during the build. We rebuild its
environment as an `ImmutableSandboxedEnvironment` with the same loader,
delimiters, globals and filters, before the first page renders. A page
whose template fails is reported as `playbooks/<page>:<line>: 中文说明`.
"""
from __future__ import annotations

import logging

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

log = logging.getLogger("mkdocs.plugins.playbook_kit")

_OPTIONS = ("loader", "undefined", "block_start_string", "block_end_string",
            "variable_start_string", "variable_end_string", "comment_start_string",
            "comment_end_string")


def explain(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        return f"页面里的模板代码访问了不安全的内容, 已被沙箱阻止({exc})"
    if isinstance(exc, UndefinedError):
        return f"页面里用了不存在的变量或宏({exc})"
    if isinstance(exc, TemplateSyntaxError):
        return f"页面里的模板语法错误({exc.message})"
    return f"页面渲染失败({type(exc).__name__}: {exc})"


def _template_line(exc: Exception) -> int:
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    line, tb = 1, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class PageSandbox(ImmutableSandboxedEnvironment):
    page_path = "playbooks"

    def report(self, exc: Exception) -> None:
        log.error(f"{self.page_path}:{_template_line(exc)}: {explain(exc)}")

    def from_string(self, source, globals=None, template_class=None):
        try:
            template = super().from_string(source, globals, template_class)
        except TemplateSyntaxError as exc:
            self.report(exc)
            raise
        return _Guarded(template, self)


class _Guarded:
    def __init__(self, template, sandbox: PageSandbox):
        self._template, self._sandbox = template, sandbox

    def render(self, *args, **kwargs):
        try:
            return self._template.render(*args, **kwargs)
        except Exception as exc:
            self._sandbox.report(exc)
            raise


def sandboxed_copy(env) -> PageSandbox:
    if isinstance(env, PageSandbox):
        return env
    sandbox = PageSandbox(**{name: getattr(env, name) for name in _OPTIONS})
    sandbox.globals.update(env.globals)
    sandbox.filters.update(env.filters)
    sandbox.tests.update(env.tests)
    return sandbox


def ensure_sandboxed(plugin, page_path: str) -> None:
    """Called before each page's macros render."""
    plugin._env = sandboxed_copy(plugin.env)
    plugin._env.page_path = page_path
