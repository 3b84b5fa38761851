"""MkDocs hooks: `mkdocs build` writes into a temporary sibling of site/ and
moves it into place only when the whole build succeeded, so a failed build
leaves the previous site byte for byte (playbook_kit/engines/mkdocs_bridge.py, SiteSwap).
`mkdocs serve` builds into its own temporary directory and is left alone.
"""
import importlib
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
_swap = {}


def on_config(config, **kwargs):
    # looked up at each build: under `mkdocs serve` macros/main.py may have
    # dropped the cached playbook_kit modules after a code edit
    mkdocs_bridge = importlib.import_module("playbook_kit.engines.mkdocs_bridge")
    if not mkdocs_bridge.preview_mode():
        _swap["site"] = mkdocs_bridge.SiteSwap(config)
    return config


@event_priority(-1000)  # after every other plugin, the offline plugin's inlined index included
def on_post_build(config, **kwargs):
    if "site" in _swap:
        _swap.pop("site").finish()


def on_build_error(error, **kwargs):
    if "site" in _swap:
        _swap.pop("site").discard()
