"""mkdocs-macros entry point: a thin registry, no logic.

Everything real lives in the `playbook_kit` package:
`playbook_kit.engines.loading` picks the engine's side (MkDocs:
`engines/macros_plugin.py`, fresh under `mkdocs serve` after a code edit;
Zensical's macros layer, which calls `define_env` per page and runs no page
hooks: `engines/zensical_bridge.py`), which validates the data and pages
before anything is written, registers one macro per record kind and renders
pages with our macros only.
The project root is this file's grandparent: no engine's config keys needed.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playbook_kit.engines import loading  # noqa: E402 - after the project root is importable
from playbook_kit.engines.loading import PluginError  # noqa: E402 - the error engines show

__all__ = ["PluginError", "define_env", "on_post_page_macros", "on_pre_page_macros"]


def define_env(env):
    loading.define_env(env, ROOT)


def on_pre_page_macros(env):
    loading.on_pre_page_macros(env)


def on_post_page_macros(env):
    loading.on_post_page_macros(env)
