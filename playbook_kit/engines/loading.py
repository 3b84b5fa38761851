"""How the engines reach this package: the entry points macros/main.py hands
on, a fresh package under `mkdocs serve`, and the one error type an engine
shows as a message.

Only the standard library (and MkDocs' PluginError, when MkDocs is there) is
imported here: the rest of the package is loaded after `fresh_package`
decided whether the loaded copy is stale.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

try:
    from mkdocs.exceptions import PluginError
except ImportError:  # a successor engine without MkDocs (Zensical)
    class PluginError(Exception):
        pass

PACKAGE = "playbook_kit"
MKDOCS_ENTRY = "playbook_kit.engines.macros_plugin"
ZENSICAL_ENTRY = "playbook_kit.engines.zensical_bridge"


def internal_error(error: BaseException) -> str:
    """The one Chinese line for an error of the build program itself."""
    return f"构建程序自身出错({type(error).__name__}: {str(error)[:200]}); 请把这行信息发给维护人员"


def _package_files(root: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in (root / PACKAGE).rglob("*.py")))


def fresh_package(root: Path) -> None:
    """`mkdocs serve` keeps one process: when a file of playbook_kit/ changed,
    drop the cached modules so the edit shows on the next rebuild. A build
    (and a serve rebuild after a data edit) keeps the modules it has, if
    they are this project's own (not another copy imported before)."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    files = _package_files(root)
    loaded = sys.modules.get(PACKAGE)
    elsewhere = loaded is not None and Path(getattr(loaded, "__file__", None) or ".").resolve().parent != root / PACKAGE
    if elsewhere or (loaded is not None and getattr(loaded, "_engine_files", files) != files):
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]
    package = importlib.import_module(PACKAGE)
    package._engine_files = files


def _is_zensical(env) -> bool:
    return type(env).__module__.split(".")[0] == "zensical"


def define_env(env, root: Path) -> None:
    """mkdocs-macros' (or Zensical's) define_env: one Chinese line on any error."""
    try:
        if _is_zensical(env):
            # called once per page: keep the loaded engine and its validated state
            entry = importlib.import_module(ZENSICAL_ENTRY)
        else:
            fresh_package(root)
            entry = importlib.import_module(MKDOCS_ENTRY)
    except Exception as error:  # noqa: BLE001 - an editor sees one Chinese line, never a traceback
        raise PluginError(internal_error(error)) from None
    entry.define_env(env, root)


def on_pre_page_macros(env) -> None:
    importlib.import_module(MKDOCS_ENTRY).on_pre_page_macros(env)


def on_post_page_macros(env) -> None:
    importlib.import_module(MKDOCS_ENTRY).on_post_page_macros(env)
