"""Incremental preview: under `mkdocs serve`, a data edit rebuilds only the
pages whose output it changes.

MkDocs' own `--dirty` rebuild skips every page whose source file is older
than its output: right for a Markdown edit, wrong for ours, where a YAML edit
changes pages whose files did not change. Here the decision is made from what
a page will show: each page's fingerprint is its source, its Markdown with the
macros rendered (the same renderer and cache the build uses, so it costs
nothing extra) and its footer. A rebuild skips the pages whose fingerprint is
unchanged and rebuilds the others; it rebuilds everything when anything else
changed (mkdocs.yml, the engine and theme in playbook_kit/, macros/, the set
of pages, a page title shown in the navigation), after a failed rebuild, and
on the first build. Only the theme rendering of unchanged pages is skipped, so
a page is never stale: its output depends on nothing but what is fingerprinted
and the navigation, which forces a full rebuild when it changes.

Material's search index only receives the rebuilt pages; `merge_search_index`
puts the others back from the previous build in the order of a clean build,
so the preview's index equals `mkdocs build`'s.

State lives in `memory()`, a module that survives serve reloading the hooks
and macros/main.py dropping changed playbook_kit modules. Engine details (the
serve builder's `is_dirty`, `File.is_modified`) are confined to the hooks that
call this module.
"""
from __future__ import annotations

import hashlib
import json
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

from playbook_kit.source.project_files import file_states

_MEMORY = "_playbook_kit_preview"
WATCHED_CODE = ("playbook_kit", "macros")


@dataclass
class Memory:
    inputs: str = ""                                          # fingerprint of config + engine files
    pages: dict[str, str] = field(default_factory=dict)       # src_uri -> page fingerprint
    titles: dict[str, object] = field(default_factory=dict)   # src_uri -> title after the last build
    search: dict[str, list] = field(default_factory=dict)     # page url -> its raw search entries
    title_keys: dict[str, str] = field(default_factory=dict)  # src_uri -> what decides its title
    complete: bool = False                                    # the last build finished
    # this build
    full: bool = True
    rebuilt: set[str] = field(default_factory=set)            # src_uri of pages rebuilt now
    documents: list = field(default_factory=list)             # this build's page files, in order
    outputs: dict[str, str] = field(default_factory=dict)     # src_uri -> its file in the site folder
    theme_environment: tuple | None = None                    # (key, the theme's compiled Jinja environment)


def memory() -> Memory:
    module = sys.modules.get(_MEMORY)
    if module is None:
        module = sys.modules[_MEMORY] = types.ModuleType(_MEMORY)
    if not isinstance(getattr(module, "memory", None), Memory):
        module.memory = Memory()  # first build, or playbook_kit was reloaded (that build is complete anyway)
    return module.memory


def inputs_fingerprint(root: Path, config_file: str | None) -> str:
    """Everything outside data/, checklists/ and the pages that shapes every page."""
    digest = hashlib.sha256()
    states = list(file_states(root, WATCHED_CODE))
    if config_file:
        try:
            stat = Path(config_file).stat()
            states.insert(0, (config_file, stat.st_size, stat.st_mtime_ns))
        except OSError:
            pass
    for path, size, mtime in states:
        digest.update(f"{path}\0{mtime}\0{size}\n".encode())
    return digest.hexdigest()


def page_fingerprint(source: str, rendered: str, footer: str) -> str:
    digest = hashlib.sha256()
    for part in (source, rendered, footer):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0\1\0")
    return digest.hexdigest()


def title_key(source: str) -> str:
    """What decides a page's title in the navigation: front matter and first heading."""
    head = [line for line in source.splitlines()[:200] if line.startswith(("title:", "# ", '{"title"'))]
    return "\n".join(head[:2])


def plan(pages: dict[str, tuple[str, str]], inputs: str, outputs: dict[str, str] | None = None) -> set[str]:
    """Decide this build: `pages` is src_uri -> (fingerprint, title key),
    `outputs` src_uri -> the file it is written to. Returns the src_uris to
    rebuild (all of them for a full build). The output of a page that is gone
    (a role removed from the data) is deleted: a rebuild that skips pages does
    not empty the site folder first."""
    mem = memory()
    outputs = outputs or {}
    for uri in set(mem.outputs) - set(pages):
        try:
            Path(mem.outputs[uri]).unlink()
        except OSError:
            pass
    mem.outputs = outputs
    fingerprints = {uri: fp for uri, (fp, _) in pages.items()}
    titles = {uri: key for uri, (_, key) in pages.items()}
    full = (not mem.complete or inputs != mem.inputs or set(pages) != set(mem.pages)
            or titles != mem.title_keys)
    rebuilt = set(pages) if full else {uri for uri, fp in fingerprints.items() if mem.pages.get(uri) != fp}
    mem.full, mem.rebuilt, mem.inputs = full, rebuilt, inputs
    mem.pages, mem.title_keys = fingerprints, titles
    mem.complete = False  # until this build finishes
    return rebuilt


def forget() -> None:
    """A rebuild failed: the next one rebuilds everything."""
    memory().complete = False


def merge_search_index(index_file: Path, pages: list[tuple[str, str]]) -> None:
    """Put the skipped pages' search entries back, in the order of a clean build.

    `pages`: (src_uri, url) of every page in the build's order. Material wrote
    the entries of the rebuilt pages only; an entry belongs to the page whose
    url is its location before '#'."""
    mem = memory()
    if not index_file.exists():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    fresh: dict[str, list] = {}
    for entry in index.get("docs", []):
        fresh.setdefault(entry.get("location", "").split("#", 1)[0], []).append(entry)
    if mem.full:
        mem.search = {url: fresh.get(url, []) for _, url in pages}
        return
    for uri, url in pages:
        if uri in mem.rebuilt:
            mem.search[url] = fresh.get(url, [])
    index["docs"] = [entry for _, url in pages for entry in mem.search.get(url, [])]
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def finished(titles: dict[str, object]) -> None:
    mem = memory()
    mem.titles.update(titles)
    mem.complete = True
