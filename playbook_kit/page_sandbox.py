"""Swap mkdocs-macros' plain Jinja environment for a sandboxed one.

mkdocs-macros renders every page with an unsandboxed `jinja2.Environment`:
Jinja in a page could reach `os` during the build. We rebuild its
environment as an `ImmutableSandboxedEnvironment` with the same loader,
delimiters, globals and filters, before the first page renders.
"""
from __future__ import annotations

from jinja2.sandbox import ImmutableSandboxedEnvironment

_OPTIONS = ("loader", "undefined", "block_start_string", "block_end_string",
            "variable_start_string", "variable_end_string", "comment_start_string",
            "comment_end_string")


def sandboxed_copy(env) -> ImmutableSandboxedEnvironment:
    if isinstance(env, ImmutableSandboxedEnvironment):
        return env
    sandbox = ImmutableSandboxedEnvironment(**{name: getattr(env, name) for name in _OPTIONS})
    sandbox.globals.update(env.globals)
    sandbox.filters.update(env.filters)
    sandbox.tests.update(env.tests)
    return sandbox


def ensure_sandboxed(plugin) -> None:
    """Called before each page's macros render; idempotent."""
    plugin._env = sandboxed_copy(plugin.env)
