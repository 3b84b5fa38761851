"""Compiled record templates kept between builds (Jinja's bytecode cache).

Compiling our thirty-odd templates is about a fifth of a second of every
build; loading them compiled is almost free. The cache is `.cache/jinja/`,
keyed by Jinja on each template's source (an edited template compiles
again) and on the Python and Jinja versions.

A cached template is code that runs, so the cache is used only when nobody
but this machine can have written it: the project is a git work tree, nothing
under `.cache/` is tracked (`.cache/` is ignored, so a pull request can only
bring files there by a forced add, which `git ls-files` shows), and `.cache`
is a real folder, not a symlink. Otherwise (a copy without git, a tracked
file in `.cache/`, no git) the templates compile as before: slower, same site.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache

from playbook_kit.source import gitsnap

CACHE = ".cache/jinja"


def trusted_cache_dir(root: Path) -> Path | None:
    """`.cache/jinja` under `root` when only this machine can have written it, else None."""
    root = Path(root)
    if not gitsnap.local_cache(root) or (root / CACHE).is_symlink():
        return None
    try:
        (root / CACHE).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return root / CACHE


def bytecode_cache(root: Path) -> BytecodeCache | None:
    directory = trusted_cache_dir(root)
    return FileSystemBytecodeCache(str(directory)) if directory is not None else None
