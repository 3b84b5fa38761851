"""mkdocs-macros' entry points (macros/main.py hands them on through loading.py).

`define_env` validates the data and pages before anything is written
(`site.prepare`; under `mkdocs build` in a forked child while MkDocs loads
jieba's dictionary, build_child.py), attaches the state to MkDocs' config and
registers one macro per record kind; before every page our sandboxed page
environment (`mkdocs_bridge.MacrosEnvironment`) replaces mkdocs-macros' own;
after it, the page gets its footer.
"""
from __future__ import annotations

import sys
from pathlib import Path

from playbook_kit.build import build_child
from playbook_kit.views import edit_links
from playbook_kit.engines import mkdocs_bridge as bridge
from playbook_kit.engines.loading import PluginError, internal_error
from playbook_kit.source.project_files import PAGES_DIR

SITE_MODULE = "playbook_kit.build.site"


class _Refused(Exception):
    """The child's validation refused the build: its message, as it is."""


def explain(error: BaseException) -> str:
    """The Chinese message for an error of validation (its problems) or of the program."""
    # build.site (pydantic, the models) is imported only where validation runs (the
    # build child, or in process): an error raised before it loaded is not its DataError
    site = sys.modules.get(SITE_MODULE)
    if site is not None and isinstance(error, site.DataError):
        return str(error)
    return internal_error(error)


def _in_process(conf, root: Path):
    """Validate and render here (the preview, or no child process)."""
    # function-level: the models and every check load only when this process validates
    from playbook_kit.build import site
    bridge.begin_build()
    try:
        if bridge.preview_mode():
            bridge.fresh_search_dictionary()
        state = site.prepare(root, preview=bridge.preview_mode())
    finally:
        bridge.keep_out_of_garbage_collection()
    state.edit = site.edit_links(conf, root)
    return state


def prepare(conf, root: Path):
    """The validated build state: from the build child when it runs, else in process."""
    if bridge.preview_mode() or not build_child.wanted():
        return _in_process(conf, root)
    answer = build_child.run(root, conf, explain, lambda: bridge.warm_search_dictionary(conf))
    if answer is None:
        return _in_process(conf, root)
    kind, value = answer
    if kind != "ok":
        raise _Refused(value)
    # the child filled repo_url/edit_uri in its own copy of the config: fill this process's too,
    # or Material shows no edit button and no repository link
    edit_links.from_config(conf, root)
    return build_child.SnapshotState(value, fallback=lambda: _in_process(conf, root))


def define_env(env, root: Path) -> None:
    try:
        state = prepare(env.conf, root)
    except _Refused as refused:
        raise PluginError(str(refused)) from None
    except Exception as error:  # noqa: BLE001 - an editor sees one Chinese line, never a traceback
        raise PluginError(explain(error)) from None
    bridge.attach(env.conf, state)
    for name, function in state.macro_functions().items():
        env.macro(function, name)


def _page_path(env) -> str:
    return f"{PAGES_DIR}/" + env.page.file.src_path


def on_pre_page_macros(env) -> None:
    # mkdocs-macros builds its own Jinja environment after define_env: replace
    # it before every page (the replacement renders our macros only)
    state = bridge.state_of(env.conf)
    bridge.install(env, state).begin_page(_page_path(env), env.page.file.content_string, env.markdown)
    state.use_directory_urls(env.conf.get("use_directory_urls", True))


def on_post_page_macros(env) -> None:
    """Every page ends with its edit links (page and data files) and owners."""
    state = bridge.state_of(env.conf)
    try:
        bridge.verify_rendered(env, _page_path(env))
    except RuntimeError as error:
        raise PluginError(str(error)) from None
    if state.broken:
        return
    env.markdown += "\n\n" + state.page_footer(_page_path(env)) + "\n"
