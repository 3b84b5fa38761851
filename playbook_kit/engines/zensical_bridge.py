"""The glue for Zensical's mkdocs-macros compatible layer; the only module that
knows its internals (as `mkdocs_bridge.py` is for MkDocs and mkdocs-macros).

Zensical (checked with 0.0.73) maps the `macros:` plugin entry of mkdocs.yml
onto its own Markdown extension (`zensical.extensions.macros`). That layer
differs from mkdocs-macros in ways that matter here:

- it executes `macros/main.py` and calls `define_env(env)` again for **every
  page**, with `env.conf` (no `config_file_path`; it has `root_dir`) and
  `env.page` (`path` relative to `docs_dir`, `meta`);
- it renders the page with its own, unsandboxed Jinja environment that we
  cannot replace, and it has no `on_pre_page_macros`/`on_post_page_macros`;
- it runs no `hooks:`: the HTML policy comes from `markdown_policy.py` (listed
  in mkdocs.yml's `markdown_extensions`), the generated pages from
  `staging.py`; the footer and the search fixes have no place to run;
- it resolves relative links from the Markdown file, not from the page URL
  (`Renderer.links_from_source`).

So, per page, `define_env` here: reuses one validated `BuildState` per
process (validated again when any file under data/, checklists/ or
playbooks/ changed, so `zensical serve` sees edits), renders the page in our
sandbox first (`Renderer.render_page`) and refuses the page unless it
passed: a page that passes contains only `{{ macro('quoted id') }}` calls of
our macros, so Zensical's environment has nothing else to evaluate. A title
with template delimiters is refused too (Zensical would render it), and so is
a file that is not the text the check read (docs_dir may be a staged copy).
Only then are our macros registered for Zensical to call, bound to this page
(`Renderer.macros(page)`: the links they write start from its file). Like the MkDocs path, it assumes
pages are rendered one at a time (0.0.73 calls it from one Python thread).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from playbook_kit.build.site import BuildState, DataError, prepare
from playbook_kit.engines.loading import PluginError, internal_error
from playbook_kit.source.pages import scan_pages
from playbook_kit.source.project_files import PAGES_DIR, file_states

WATCHED = ("data", "checklists", PAGES_DIR)
DELIMITERS = ("{{", "{%", "{#")


class ZensicalPageError(Exception):
    """One located Chinese line (or several) that stops a Zensical build."""


@dataclass
class _Prepared:
    fingerprint: tuple
    state: BuildState


_cache: dict[Path, _Prepared] = {}


def fingerprint(root: Path) -> tuple:
    """Names, sizes and modification times of every file the build reads."""
    return file_states(root, WATCHED)


def build_state(root: Path) -> BuildState:
    """One validated state per process while nothing changed (Zensical calls
    define_env for every page; validating the catalogue each time would be slow)."""
    root = Path(root).resolve()
    now = fingerprint(root)
    cached = _cache.get(root)
    if cached is None or cached.fingerprint != now:
        _cache[root] = _Prepared(now, prepare(root))  # raises DataError on any data or page error
    return _cache[root].state


def define_env(env, root: Path) -> None:
    """Called from macros/main.py's define_env under Zensical, once per page."""
    try:
        _check_and_register(env, root)
    except Exception as error:  # noqa: BLE001 - one Chinese line, never a traceback
        raise PluginError(explain(error)) from None


def _check_and_register(env, root: Path) -> None:
    page = getattr(env, "page", None)
    if page is None:
        return
    state = build_state(root)
    conf = env.conf if isinstance(env.conf, dict) else {}
    renderer = state.renderer
    renderer.directory_urls = bool(conf.get("use_directory_urls", True))
    renderer.links_from_source = True  # Zensical rewrites relative links from the Markdown file's folder
    path = f"{PAGES_DIR}/" + str(page.path).replace(os.sep, "/")
    text = scan_pages(renderer.catalog).texts.get(path)
    if text is None:
        raise ZensicalPageError(f"{path}:1:1: 页面没有经过数据检查(构建开始后才出现?), 不能渲染; 请重新构建")
    if _rendered_file_text(root, conf, page.path) != text:  # docs_dir may be a staged copy (staging.py)
        raise ZensicalPageError(f"{path}:1:1: 要渲染的页面和检查过的不一样(检查之后被改过?); 请重新构建")
    for title in (page.meta.get("title"), getattr(page, "title", None)):
        if isinstance(title, str) and any(mark in title for mark in DELIMITERS):
            raise ZensicalPageError(f"{path}:1:1: 标题里不能有 {{{{、{{% 或 {{# (Zensical 会把标题当作模板渲染)")
    _, problems = renderer.render_page(path, text)  # our sandbox: the check
    if problems:
        raise ZensicalPageError("页面检查未通过:\n" + "\n".join(p.format() for p in problems))
    for name, function in renderer.macros(renderer.page_context(path)).items():
        env.macro(function, name)


def _rendered_file_text(root: Path, conf: dict, page_path: str) -> str | None:
    """The page file Zensical is rendering (under its docs_dir: playbooks/ or a staged copy)."""
    docs_dir = Path(conf.get("docs_dir") or PAGES_DIR)
    if not docs_dir.is_absolute():
        docs_dir = Path(conf.get("root_dir") or root) / docs_dir
    try:
        return (docs_dir / page_path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def explain(error: Exception) -> str:
    """The Chinese message for a refused build (its problems) or an error of the program."""
    if isinstance(error, (DataError, ZensicalPageError)):
        return str(error)
    return internal_error(error)
