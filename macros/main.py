"""mkdocs-macros entry point: a thin registry, no logic.

Everything real lives in the `playbook_kit` package; this file validates the
data before any page is written, registers one macro per record kind and
sandboxes the page environment.
"""
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

_state = {}


def _fresh_engine():
    # `mkdocs serve` keeps one process: drop the cached engine so edits to
    # playbook_kit/ show on the next rebuild.
    for name in [n for n in sys.modules if n == "playbook_kit" or n.startswith("playbook_kit.")]:
        del sys.modules[name]
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    import playbook_kit.page_sandbox
    import playbook_kit.site
    return playbook_kit.site, playbook_kit.page_sandbox


def define_env(env):
    site, page_sandbox = _fresh_engine()
    root = Path(env.conf["config_file_path"]).resolve().parent
    try:
        renderer = site.prepare(root)
    except site.DataError as error:
        raise PluginError(str(error)) from None
    _state.update(site=site, sandbox=page_sandbox, renderer=renderer,
                  edit=site.edit_links(env.conf, root))
    for name, function in site.macro_functions(renderer).items():
        env.macro(function, name)


def on_pre_page_macros(env):
    _state["sandbox"].ensure_sandboxed(env, "playbooks/" + env.page.file.src_path)
    _state["renderer"].base = _state["site"].page_base(env.page.url)
    _state["renderer"].directory_urls = env.conf.get("use_directory_urls", True)


def on_post_page_macros(env):
    """Every page ends with its edit links (page and data files) and owners."""
    footer = _state["renderer"].page_footer("playbooks/" + env.page.file.src_path, _state["edit"])
    env.markdown += "\n\n" + footer + "\n"
