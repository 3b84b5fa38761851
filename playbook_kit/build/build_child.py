"""`mkdocs build`: validate and render in a child process while MkDocs goes on.

Before MkDocs renders any page, the build validates every data file and page
and renders every page's macros (`site.prepare`, the same as `check`). That
work needs nothing from MkDocs but its configuration, and MkDocs' next step,
Material's search plugin loading jieba's dictionary (about a second), needs
nothing from it but the user dictionary that `prepare` writes. So on a
machine with more than one core the build forks: the child imports the
engine, validates, renders every page, footer and generated page and sends
them back as plain data (`Snapshot`); the parent loads jieba's dictionary
meanwhile, then serves MkDocs from the snapshot (`SnapshotState`, the part of
`site.BuildState` the build uses). Nothing else changes: the same functions
compute the same text, and the parent checks each page's source against the
text the child rendered (any difference: the parent validates and renders
itself). An error in the child is the same one Chinese message, never a
traceback. `mkdocs serve` (the preview), one core, no `os.fork` (Windows) or
PLAYBOOK_BUILD_CHILD=0 keep everything in one process (=1 forks even on one core).
"""
from __future__ import annotations

import gc
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from playbook_kit.core.problems import Problem
from playbook_kit.source.project_files import PAGES_DIR
from playbook_kit.source.pages import scan_pages


@dataclass
class Snapshot:
    """Everything the build asks of the engine after validation, as plain data."""
    pages: dict[str, tuple[str, str]]        # page path -> (source text, Markdown with macros rendered)
    footers: dict[str, str]                  # page path -> footer
    generated: dict[str, str]                # generated file -> content
    directory_urls: bool
    macro_names: list[str]
    search: tuple | None                     # site.BuildState.search_fix_data()
    glossary: dict[str, list] = field(default_factory=dict)  # page path -> site.BuildState.glossary_words()
    page_problems: list = field(default_factory=list)


def wanted() -> bool:
    """PLAYBOOK_BUILD_CHILD=0: never; =1: whenever os.fork exists; unset: with more than one core."""
    setting = os.environ.get("PLAYBOOK_BUILD_CHILD", "")
    if setting == "0" or not hasattr(os, "fork"):
        return False
    if setting == "1":
        return True
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return cores > 1


def take(root: Path, conf) -> Snapshot:
    """In the child: validate (raises site.DataError), then compute what the build will ask."""
    # function-level: the parent imports this module and must not load the models and
    # checks (pydantic …) that only the child needs
    from playbook_kit.build import site
    state = site.prepare(root)
    state.edit = site.edit_links(conf, root)
    directory_urls = bool(conf.get("use_directory_urls", True))
    generated = state.generated_pages(directory_urls)
    state.use_directory_urls(directory_urls)
    pages = {path: (text, state.render_page(path, text))
             for path, text in scan_pages(state.renderer.catalog).texts.items()}
    footer_paths = list(pages) + [f"{PAGES_DIR}/{path}" for path in generated if path.endswith(".md")]
    return Snapshot(pages=pages, footers={path: state.page_footer(path) for path in footer_paths},
                    generated=generated, directory_urls=directory_urls, macro_names=list(state.macro_functions()),
                    search=state.search_fix_data(directory_urls), page_problems=list(state.page_problems),
                    glossary={path: state.glossary_words(path) for path in footer_paths})


def run(root: Path, conf, explain: Callable[[BaseException], str], meanwhile: Callable[[], None]):
    """Fork, let the child `take` the snapshot, run `meanwhile` here.
    Returns ("ok", Snapshot), ("error", message) or None (the child did not
    answer: the caller does the work itself)."""
    read_end, write_end = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never prints a traceback
        status = 1
        try:
            os.close(read_end)
            gc.disable()  # everything it builds lives until it exits
            try:
                answer = ("ok", take(root, conf))
            except Exception as error:  # noqa: BLE001 - sent back as one line
                answer = ("error", explain(error))
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(answer, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        except BaseException:  # noqa: BLE001 - Ctrl-C or a broken pipe: the parent decides
            pass
        finally:
            os._exit(status)
    os.close(write_end)
    reader = os.fdopen(read_end, "rb")
    data = b""
    try:
        meanwhile()
        data = reader.read()
    finally:
        reader.close()  # if `meanwhile` failed: the child's write fails, it exits
        _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    answer = pickle.loads(data)  # our own child's answer, never a file
    return answer if isinstance(answer, tuple) and len(answer) == 2 else None


class SnapshotState:
    """What the build uses of `site.BuildState`, answered from a Snapshot;
    anything the snapshot does not hold is computed by a full in-process
    state (`fallback()`), which validates again."""
    preview = False

    def __init__(self, snapshot: Snapshot, fallback: Callable[[], object]):
        self.problems: list = []  # errors stopped the child: none here
        self.snapshot = snapshot
        self._fallback = fallback
        self._full = None
        self.directory_urls = snapshot.directory_urls
        self.page_problems = list(snapshot.page_problems)

    @property
    def broken(self) -> bool:
        return False

    def full(self):
        """The in-process state, or None when validating again failed (a file
        changed during the build): that becomes a page problem, which stops
        the build before anything is written (hooks.on_env)."""
        if self._full is None:
            try:
                self._full = self._fallback()
            except Exception as error:  # noqa: BLE001 - one located line, never a traceback
                self._full = False
                first = str(error).splitlines()[1:2] or [type(error).__name__]
                self.page_problems.append(Problem(PAGES_DIR, 1, 1, f"构建过程中文件被修改, 重新检查未通过: {first[0][:300]}",
                                                  hint="再运行一次 python -m playbook_kit check 和 mkdocs build"))
            else:
                self._full.use_directory_urls(self.directory_urls)
        return self._full or None

    def _same_urls(self) -> bool:
        return self.directory_urls == self.snapshot.directory_urls

    def use_directory_urls(self, flag: bool) -> None:
        self.directory_urls = bool(flag)
        if self._full is not None:
            self._full.use_directory_urls(flag)

    def render_page(self, path: str, text: str) -> str:
        found = self.snapshot.pages.get(path)
        if found is not None and found[0] == text and self._same_urls():
            return found[1]
        full = self.full()
        if full is None:
            return ""
        before = len(full.page_problems)
        html = full.render_page(path, text)
        self.page_problems.extend(full.page_problems[before:])
        return html

    def page_footer(self, path: str) -> str:
        found = self.snapshot.footers.get(path)
        if found is not None and self._same_urls():
            return found
        full = self.full()
        return "" if full is None else full.page_footer(path)

    def generated_pages(self, directory_urls: bool) -> dict[str, str]:
        if bool(directory_urls) == self.snapshot.directory_urls:
            return dict(self.snapshot.generated)
        full = self.full()
        return {} if full is None else full.generated_pages(directory_urls)

    def glossary_words(self, path: str) -> list:
        found = self.snapshot.glossary.get(path)
        if found is not None:
            return found
        full = self.full()
        return [] if full is None else full.glossary_words(path)

    def macro_functions(self) -> dict[str, Callable]:
        """The macros' names for mkdocs-macros; pages are rendered by the child
        (MacrosEnvironment never calls these)."""
        def unused(*args, **kwargs):
            raise RuntimeError("宏只在页面沙箱里运行")
        return {name: unused for name in self.snapshot.macro_names}

    def search_fix_data(self, directory_urls: bool):
        if bool(directory_urls) == self.snapshot.directory_urls:
            return self.snapshot.search
        full = self.full()
        return None if full is None else full.search_fix_data(directory_urls)
