"""mkdocs-macros entry point: a thin registry, no logic.

Everything real lives in the `playbook_kit` package: this file validates the
data and pages before anything is written (`site.prepare`; under `mkdocs
build` in a forked child while MkDocs loads jieba's dictionary,
`build_child.py`), registers one macro per record kind and hands
mkdocs-macros our page environment (`mkdocs_bridge.MacrosEnvironment`), which
renders pages with our macros only.
Under Zensical's macros layer (no mkdocs installed, `define_env` per page, no
page hooks) `playbook_kit.engines.zensical_bridge` does the same job.
The project root is this file's grandparent: no engine's config keys needed.
"""
import sys
from pathlib import Path

try:
    from mkdocs.exceptions import PluginError
except ImportError:  # a successor engine without MkDocs (Zensical)
    class PluginError(Exception):
        pass

ROOT = Path(__file__).resolve().parent.parent
_state = {}


def _engine_files(root: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in (root / "playbook_kit").rglob("*.py")))


def _fresh_engine():
    # `mkdocs serve` keeps one process: when a file of playbook_kit/ changed,
    # drop the cached modules so the edit shows on the next rebuild. A build
    # (and a serve rebuild after a data edit) keeps the modules it has, if
    # they are this project's own (not another copy imported before).
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    files = _engine_files(ROOT)
    loaded = sys.modules.get("playbook_kit")
    elsewhere = loaded is not None and Path(getattr(loaded, "__file__", None) or ".").resolve().parent != ROOT / "playbook_kit"
    if elsewhere or (loaded is not None and getattr(loaded, "_engine_files", files) != files):
        for name in [n for n in sys.modules if n == "playbook_kit" or n.startswith("playbook_kit.")]:
            del sys.modules[name]
    import playbook_kit
    import playbook_kit.build.build_child
    import playbook_kit.engines.mkdocs_bridge
    playbook_kit._engine_files = files
    return playbook_kit.engines.mkdocs_bridge, playbook_kit.build.build_child


class _Refused(Exception):
    """The child's validation refused the build: its message, as it is."""


def _in_process(env, bridge, root):
    """Validate and render here (the preview, or no child process)."""
    import playbook_kit.build.site as site
    bridge.begin_build()
    try:
        if bridge.preview_mode():
            bridge.fresh_search_dictionary()
        state = site.prepare(root, preview=bridge.preview_mode())
    finally:
        bridge.keep_out_of_garbage_collection()
    state.edit = site.edit_links(env.conf, root)
    return state


def _prepare(env, bridge, build_child, root):
    if bridge.preview_mode() or not build_child.wanted():
        return _in_process(env, bridge, root)
    answer = build_child.run(root, env.conf, _explain, lambda: bridge.warm_search_dictionary(env.conf))
    if answer is None:
        return _in_process(env, bridge, root)
    kind, value = answer
    if kind != "ok":
        raise _Refused(value)
    return build_child.SnapshotState(value, fallback=lambda: _in_process(env, bridge, root))


def define_env(env):
    root = ROOT
    if type(env).__module__.split(".")[0] == "zensical":
        return _define_zensical_env(env)
    try:
        bridge, build_child = _fresh_engine()
        state = _prepare(env, bridge, build_child, root)
    except _Refused as refused:
        raise PluginError(str(refused)) from None
    except Exception as error:  # noqa: BLE001 - an editor sees one Chinese line, never a traceback
        raise PluginError(_explain(error)) from None
    bridge.attach(env.conf, state)
    _state.update(bridge=bridge, state=state)
    for name, function in state.macro_functions().items():
        env.macro(function, name)


def _define_zensical_env(env):
    # called once per page: keep the loaded engine (no _fresh_engine) and its validated state
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from playbook_kit.engines import zensical_bridge
    try:
        zensical_bridge.define_env(env, ROOT)
    except Exception as error:  # noqa: BLE001 - one Chinese line, never a traceback
        raise PluginError(zensical_bridge.explain(error) or _explain(error)) from None


def _explain(error) -> str:
    if type(error).__name__ == "DataError":
        return str(error)
    return f"构建程序自身出错({type(error).__name__}: {str(error)[:200]}); 请把这行信息发给维护人员"


def on_pre_page_macros(env):
    # mkdocs-macros builds its own Jinja environment after define_env: replace
    # it before every page (the replacement renders our macros only)
    page = env.page
    _state["bridge"].install(env, _state["state"]).begin_page("playbooks/" + page.file.src_path, page.file.content_string, env.markdown)
    _state["state"].use_directory_urls(env.conf.get("use_directory_urls", True))


def on_post_page_macros(env):
    """Every page ends with its edit links (page and data files) and owners."""
    state = _state["state"]
    try:
        _state["bridge"].verify_rendered(env, "playbooks/" + env.page.file.src_path)
    except RuntimeError as error:
        raise PluginError(str(error)) from None
    if state.broken:
        return
    env.markdown += "\n\n" + state.page_footer("playbooks/" + env.page.file.src_path) + "\n"
