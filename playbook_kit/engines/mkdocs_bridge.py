"""The glue between MkDocs / mkdocs-macros and the engine; the only module
that knows their internals, so a successor engine replaces just this.

- `MacrosEnvironment` stands in for mkdocs-macros' Jinja environment. The
  plugin hands it each page's Markdown together with every variable it has
  (`config`, `page`, `environment`, hooks …); it drops them all and renders the
  page with `PageRenderer` (our macros only, in a sandbox). Any other text the
  plugin asks it to render (a page title) is returned as it is: data and
  titles are never template source. It never raises, so mkdocs-macros never
  reaches its `exit(100)`.
- `SiteSwap` makes `mkdocs build` write into a temporary sibling directory and
  move it over `site/` only when the whole build succeeded (strict-mode
  warnings included): a failed build leaves the previous site byte for byte.
- `preview_mode()`: `mkdocs serve` keeps running through any bad edit and
  shows the located problems in the browser instead of the pages.
"""
from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path
from typing import TYPE_CHECKING

from playbook_kit.build import preview
from playbook_kit.checks.site_links import nav_files
from playbook_kit.engines.material_search import own_dictionary_tokenizer, restore_jieba
from playbook_kit.render.glossary_marks import Word, mark_terms
from playbook_kit.render.html_policy import clean_page, clean_title, escape_text
from playbook_kit.engines.loading import PluginError
from playbook_kit.source.project_files import PAGES_DIR, inside_repository, linked_part, readable_mode

if TYPE_CHECKING:  # the engine (pydantic, the models) loads only where it runs: build_child.py
    from playbook_kit.build.site import BuildState

log = logging.getLogger("mkdocs.plugins.playbook_kit")
STATE_ATTRIBUTE = "playbook_state"
_RUNTIME_MODULE = "_playbook_kit_runtime"


# --- which command is running --------------------------------------------------------------
def _runtime():
    """Process-wide state that survives `serve` reloading the hooks and
    macros/main.py dropping the cached playbook_kit modules (not inherited by
    child processes, unlike an environment variable)."""
    module = sys.modules.get(_RUNTIME_MODULE)
    if module is None:
        module = sys.modules[_RUNTIME_MODULE] = types.ModuleType(_RUNTIME_MODULE)
    return module


def remember_command(command: str) -> None:
    """From MkDocs' on_startup, which runs after the first config is loaded."""
    _runtime().command = command


def offline_build(config) -> bool:
    """Material's offline plugin is on: the site is read from file://, where the search worker cannot fetch."""
    plugin = config["plugins"].get("material/offline") or config["plugins"].get("offline")
    return bool(plugin is not None and plugin.config.get("enabled"))


def preview_mode() -> bool:
    command = getattr(_runtime(), "command", None)
    if command is None:  # before on_startup: the command line says it (`mkdocs serve …`)
        words = [word for word in sys.argv[1:] if not word.startswith("-")]
        command = words[0] if words else None
    return command == "serve"


def state_of(config) -> BuildState | None:
    return getattr(config, STATE_ATTRIBUTE, None)


def attach(config, state: BuildState) -> None:
    setattr(config, STATE_ATTRIBUTE, state)


def keep_out_of_garbage_collection() -> None:
    """After `prepare` (also when it failed): the validated catalogue and
    rendered pages live until the build ends. Python's garbage collector
    would walk these hundreds of thousands of objects again at every
    collection the rest of the build triggers (Markdown, the theme, search),
    which made every page slower than in the same build without our data
    (1000 procedures: 49 s instead of about 40). `gc.freeze()` moves
    everything alive now out of its reach; the next preview rebuild releases
    it first (`gc.unfreeze()` in `begin_build`). Collection, paused while
    `prepare` built those objects, resumes."""
    gc.freeze()
    gc.enable()


def begin_build() -> None:
    """Before a build in this process: what the previous build froze can be
    collected again. Then collection pauses until `keep_out_of_garbage_collection`:
    `prepare` allocates the catalogue, its checks and every rendered page, all
    of which stay alive, and the collector would walk the growing heap again
    and again for nothing (1000 procedures: nine full passes, a tenth of
    `prepare`). The little garbage `prepare` leaves stays until the process ends
    or the next preview rebuild."""
    gc.unfreeze()
    gc.disable()


def warm_search_dictionary(config) -> None:
    """Load jieba's dictionary now, as Material's search plugin would in its
    own on_config a moment later (while the build's child validates, see
    build_child.py): only when that plugin runs and uses jieba's own dictionary."""
    for plugin in (config.get("plugins") or {}).values():
        if type(plugin).__module__ != "material.plugins.search.plugin":
            continue
        settings = getattr(plugin, "config", None)
        if settings is None or not settings.get("enabled", True) or settings.get("jieba_dict"):
            return
        try:  # function-level: jieba loads its dictionary only when the search plugin uses it
            import jieba
        except ImportError:
            return
        jieba.initialize()
        restore_jieba()  # the first call keeps jieba's own dictionary (word_boundaries uses it)
        return


# --- the page environment mkdocs-macros uses ---------------------------------------------
class _Rendered:
    def __init__(self, text: str):
        self._text = text

    def render(self, *args, **kwargs) -> str:  # the plugin's variables are ignored
        return self._text


class MacrosEnvironment:
    """What mkdocs-macros calls `env`: `from_string(markdown).render(**variables)`."""
    variable_start_string = "{{"
    block_start_string = "{%"
    comment_start_string = "{#"

    def __init__(self, state: BuildState):
        self.state = state
        self.globals: dict = {}
        self.filters: dict = {}
        self._page: tuple[str, str, str] | None = None  # (path, source file text, markdown)
        self.rendered: set[str] = set()

    def begin_page(self, path: str, source: str, markdown: str) -> None:
        self._page = (path, source, markdown)

    def from_string(self, text: str, *args, **kwargs) -> _Rendered:
        if self._page is None or text is not self._page[2] and text != self._page[2]:
            return _Rendered(text)  # a title or any other text: shown as written
        path, source, _ = self._page
        self._page = None
        self.rendered.add(path)
        return _Rendered(self.state.render_page(path, source))


def verify_rendered(plugin, path: str) -> None:
    """A tripwire: a page whose macros ran must have gone through our environment
    (if mkdocs-macros ever renders with its own, unsandboxed one, the build stops)."""
    environment = getattr(plugin, "_env", None)
    meta = getattr(plugin.page, "meta", {}) or {}
    if meta.get("render_macros") is False:
        return
    if not isinstance(environment, MacrosEnvironment) or path not in environment.rendered:
        raise RuntimeError(f"{path} 没有经过页面沙箱渲染(mkdocs-macros 的内部可能变了)")


def install(plugin, state: BuildState) -> MacrosEnvironment:
    """Make `plugin` (mkdocs-macros) render pages through our environment."""
    environment = getattr(plugin, "_env", None)
    if not isinstance(environment, MacrosEnvironment) or environment.state is not state:
        environment = MacrosEnvironment(state)
        plugin._env = environment
    return environment


# --- what the theme prints without escaping -------------------------------------------------
POLICY_EXTENSION = "playbook_kit.render.markdown_policy"


def body_cleaned(config) -> bool:
    """Whether the Markdown conversion already applied the HTML policy to the
    page body (`playbook_kit.render.markdown_policy` in mkdocs.yml, for engines that
    run no hooks) and no plugin can have changed the HTML since: every
    `on_page_content` handler is ours (`policy_hook`). Then the hook does not
    clean it twice."""
    if POLICY_EXTENSION not in (config.get("markdown_extensions") or []):
        return False
    handlers = getattr(config.get("plugins"), "events", {}).get("page_content", [])
    return all(getattr(handler, POLICY_HOOK_MARK, False) for handler in handlers)


POLICY_HOOK_MARK = "applies_html_policy"


def policy_hook(function):
    """Mark an `on_page_content` hook as the one that applies the HTML policy."""
    setattr(function, POLICY_HOOK_MARK, True)
    return function


def sanitize_page(html: str, page, body_cleaned: bool = False) -> str:
    """Page body through the HTML policy (unless the Markdown conversion did
    it, see `body_cleaned`); title, table of contents and front matter values
    (printed raw by the theme) as inert text."""
    page.title = clean_title(page.title)
    stack = list(getattr(page, "toc", None) or [])
    while stack:
        item = stack.pop()
        item.title = clean_title(item.title)
        stack.extend(item.children)
    meta = getattr(page, "meta", None)
    if isinstance(meta, dict):
        for key, value in list(meta.items()):
            if isinstance(value, str) and key != "title":
                meta[key] = escape_text(value)
    return html if body_cleaned else clean_page(html)


# --- the glossary's marks, chosen at build time ----------------------------------------------
_TOKENIZER = []  # jieba's own dictionary, without the glossary words (a fresh Tokenizer)


def word_boundaries(text: str) -> set[int]:
    """Where words start and end in `text`, as jieba cuts it with its own
    dictionary: 就来客情形 is 就/来客/情形, so 客情 is not a word there."""
    if not _TOKENIZER:
        _TOKENIZER.append(own_dictionary_tokenizer())
    cuts, position = {0}, 0
    for token in _TOKENIZER[0].cut(text):
        position += len(token)
        cuts.add(position)
    return cuts


def page_glossary_words(page, config) -> list[Word]:
    """What the glossary may mark on `page` (none when the build is broken)."""
    state = state_of(config)
    if state is None or state.broken:
        return []
    return state.glossary_words(f"{PAGES_DIR}/{page.file.src_uri}")


def mark_words(html: str, words: list[Word]) -> str:
    """The page body with `words` marked (render/glossary_marks.py), at jieba's word boundaries."""
    return mark_terms(html, words, word_boundaries)


def mark_glossary(html: str, page, config) -> str:
    """The page body with the glossary terms in scope marked (render/glossary_marks.py)."""
    return mark_words(html, page_glossary_words(page, config))


# --- a failed build keeps the previous site -------------------------------------------------
class SiteSwap:
    def __init__(self, config):
        self.target = Path(os.path.abspath(config["site_dir"]))  # a symlink is not followed
        refuse_linked_site(Path(config["config_file_path"] or ".").parent, self.target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.building = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-", dir=self.target.parent))
        os.chmod(self.building, readable_mode(directory=True))  # mkdtemp gives 0700: unreadable to a web server
        config["site_dir"] = str(self.building)

    def finish(self) -> None:
        """Called last in on_post_build: move the new site into place, unless
        strict mode is about to abort the build for warnings."""
        if _strict_warnings():
            self.discard()
            return
        old = None
        if self.target.is_symlink():
            self.target.unlink()
        elif self.target.exists():
            old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
            if old.exists():
                shutil.rmtree(old, ignore_errors=True)
            os.replace(self.target, old)
        os.replace(self.building, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        if self.building.exists():
            shutil.rmtree(self.building, ignore_errors=True)


def refuse_linked_site(root: Path, site: Path) -> None:
    """A site folder inside the repository must not be, or lie under, a symlink:
    a committed `site -> ../victim` would have MkDocs empty `../victim` and
    write the site there. A folder outside it is the one the user typed (`-d`)."""
    inside = inside_repository(root, site)
    linked = inside and linked_part(*inside)
    if linked:
        shown = linked.relative_to(inside[0]).as_posix()
        raise PluginError(f"{shown}:1:1: 网站输出目录 “{shown}” 是符号链接, 拒绝写入(它会清空并覆盖链接指向的目录)"
                          f" 提示: 删除这个符号链接, 网站会在构建时生成")


def _strict_warnings() -> bool:
    """MkDocs counts warnings in strict mode and aborts after on_post_build."""
    for handler in logging.getLogger("mkdocs").handlers:
        counts = getattr(handler, "get_counts", None)
        if counts is not None and counts():
            return True
    return False


# --- the preview: a serve rebuild renders only the pages an edit changed ----------------------
def fresh_search_dictionary() -> None:
    restore_jieba()


class _QuietDirtyNotice(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be inaccurate;
    ours rebuilds every page when the navigation changes (preview.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


WATCH_INTERVAL = 0.2  # seconds between two looks at data/ and checklists/ (MkDocs: 0.5)


def watch_closely(server) -> None:
    """From on_serve: the folders watched after it (`watch:` in mkdocs.yml: data/,
    checklists/ …) are polled every 0.2 s instead of 0.5 s, a third of a second
    less before an edit shows. A poll lists about 200 small files."""
    observer = getattr(server, "observer", None)
    if observer is not None and isinstance(getattr(observer, "_timeout", None), (int, float)):
        observer._timeout = min(observer._timeout, WATCH_INTERVAL)


def enable_incremental(builder) -> bool:
    """From on_serve: later rebuilds skip unchanged pages (MkDocs' dirty build,
    with the pages to rebuild chosen by `plan_pages`). MkDocs' serve keeps
    whether a rebuild is dirty in its builder's closure (`is_dirty`); if that
    ever changes, the preview falls back to full rebuilds."""
    code, closure = getattr(builder, "__code__", None), getattr(builder, "__closure__", None)
    if code is None or not closure or "is_dirty" not in code.co_freevars:
        log.info("预览: 无法开启增量重建(MkDocs 的 serve 变了), 每次修改都完整重建")
        return False
    closure[code.co_freevars.index("is_dirty")].cell_contents = True
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _QuietDirtyNotice) for f in logger.filters):
        logger.addFilter(_QuietDirtyNotice())
    return True


def plan_pages(files, config, state: BuildState) -> None:
    """From on_files while previewing: fingerprint every page and mark the
    unchanged ones as not modified, so a dirty rebuild skips them."""
    pages: dict[str, tuple[str, str]] = {}
    documents = list(files.documentation_pages())
    in_nav = set(nav_files(config["nav"])) if config["nav"] else None
    for file in documents:
        path = f"{PAGES_DIR}/" + file.src_path.replace(os.sep, "/")
        source = file.content_string
        rendered = state.render_page(path, source)
        # only titles shown in the navigation are on other pages
        title = preview.title_key(source) if in_nav is None or file.src_uri in in_nav else ""
        pages[file.src_uri] = (preview.page_fingerprint(source, rendered, state.page_footer(path)), title)
    root = Path(config["docs_dir"]).parent
    site = Path(config["site_dir"]).resolve()
    outputs = {file.src_uri: file.abs_dest_path for file in documents
               if Path(file.abs_dest_path).resolve().is_relative_to(site)}
    rebuilt = preview.plan(pages, preview.inputs_fingerprint(root, config.config_file_path), outputs)
    for file in documents:
        modified = file.src_uri in rebuilt
        file.is_modified = (lambda flag: lambda: flag)(modified)
    preview.memory().documents = documents
    for plugin in config["plugins"].values():  # Material's own dirty merge would duplicate entries
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev, plugin.is_dirty = None, False


def reuse_theme_environment(env, config):
    """From on_env while previewing: the theme's Jinja environment of the previous
    build, whose templates are already compiled (MkDocs makes a new one every
    build). Only while nothing but data and pages changed (`preview.inputs_fingerprint`
    covers mkdocs.yml and the theme's custom_dir in playbook_kit/)."""
    mem = preview.memory()
    key = (tuple(config.theme.dirs), config.theme.locale and str(config.theme.locale), mem.inputs)
    cached = mem.theme_environment
    if cached is not None and cached[0] == key:
        return cached[1]
    mem.theme_environment = (key, env)
    return env


def restore_titles(nav) -> None:
    """Skipped pages are not read: give them the title they had (navigation, footer links)."""
    mem = preview.memory()
    for page in nav.pages:
        if page.file.src_uri not in mem.rebuilt and mem.titles.get(page.file.src_uri):
            page.title = mem.titles[page.file.src_uri]


def finish_preview(config) -> None:
    """From on_post_build, before the search fixes: the whole search index, the titles."""
    mem = preview.memory()
    documents = mem.documents
    preview.merge_search_index(Path(config["site_dir"]) / "search" / "search_index.json",
                               [(f.src_uri, f.page.url if f.page else f.url) for f in documents])
    preview.finished({f.src_uri: f.page.title for f in documents if f.page is not None and f.page.markdown is not None})


def preview_failed() -> None:
    preview.forget()
