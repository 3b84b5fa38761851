"""MkDocs hooks, run after every plugin. Thin: the logic is in playbook_kit.

- on_startup: remember whether this is `serve` (preview: problems are shown in
  the browser) or `build` (problems fail the build).
- on_files: the pages generated from the data (role pages, glossary script);
  while previewing, which pages a rebuild must render (playbook_kit/build/preview.py).
- on_nav, on_serve, on_build_error: the incremental preview (skipped pages keep
  their titles; rebuilds after the first skip unchanged pages; a failed
  rebuild makes the next one complete).
- on_page_content: the HTML policy (playbook_kit/render/html_policy.py) on every page,
  then the glossary's marks (playbook_kit/render/glossary_marks.py).
- on_env: pages that failed to render fail the build before anything is written.
- on_post_build: the search index made whole again after an incremental
  rebuild, then the search fixes and the index split into fragments (before
  the offline plugin inlines the index).
Building into a temporary directory is macros/keep_site.py.
"""
import importlib
import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from playbook_kit.engines import mkdocs_bridge  # noqa: E402 - after the project root is importable

log = logging.getLogger("mkdocs.plugins.playbook_kit")


def _bridge():
    # looked up at each call: under `mkdocs serve` macros/main.py drops the cached
    # playbook_kit modules after a code edit, and the hooks must use the fresh ones
    return importlib.import_module("playbook_kit.engines.mkdocs_bridge")


def on_startup(command, **kwargs):
    _bridge().remember_command(command)


def on_config(config, **kwargs):
    if _bridge().preview_mode():
        # a strict-mode warning would abort the rebuild and leave the browser
        # waiting: the preview shows the pages, `check` and `build` stay strict
        config["strict"] = False
    return config


def on_files(files, config, **kwargs):
    state = _bridge().state_of(config)
    if state is None:
        return files
    for path, content in state.generated_pages(config["use_directory_urls"]).items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    if state.preview:
        _bridge().plan_pages(files, config, state)
    return files


def on_nav(nav, config, files, **kwargs):
    if _bridge().preview_mode():
        _bridge().restore_titles(nav)
    return nav


def on_serve(server, config, builder, **kwargs):
    if _bridge().preview_mode():  # not `serve --clean`, which builds as `build` does
        _bridge().enable_incremental(builder)
        _bridge().watch_closely(server)
    return server


def on_build_error(error, **kwargs):
    if _bridge().preview_mode():
        _bridge().preview_failed()


@mkdocs_bridge.policy_hook  # the only page_content handler: the policy is not applied twice
def on_page_content(html, page, config, **kwargs):
    bridge = _bridge()
    html = bridge.sanitize_page(html, page, body_cleaned=bridge.body_cleaned(config))
    return bridge.mark_glossary(html, page, config)


def on_env(env, config, **kwargs):
    state = _bridge().state_of(config)
    if state is not None and state.page_problems and not state.preview:
        raise PluginError("页面检查未通过, 网站没有更新:\n" + "\n".join(p.format() for p in state.page_problems))
    if state is not None and state.preview:
        return _bridge().reuse_theme_environment(env, config)
    return env


def on_post_build(config, **kwargs):
    try:
        if _bridge().preview_mode():
            _bridge().finish_preview(config)
        _search_fixes(config)
    except Exception as error:  # noqa: BLE001 - no traceback for editors
        raise PluginError(f"搜索索引修补失败({type(error).__name__}: {str(error)[:200]})") from None


def _search_fixes(config):
    search_fix = importlib.import_module("playbook_kit.engines.material_search")  # fresh, as _bridge()
    state = _bridge().state_of(config)
    data = None if state is None else state.search_fix_data(config["use_directory_urls"])
    if data is None:
        return
    worker, protected, terms, ranked = data
    site_dir = Path(config["site_dir"])
    search_fix.resegment_index(site_dir, protected, terms, ROOT / ".cache" / "jieba_userdict.txt")
    try:
        search_fix.patch_search_worker(site_dir, worker)
    except search_fix.WorkerPatchError as error:  # Material's own search over the whole index still works
        log.warning(f"未能修补 Material 的搜索程序(playbook_kit/engines/material_search.py): {error}; 中文搜索会漏词, 编辑页面可能排在内容页面前面")
        return
    fragments = importlib.import_module("playbook_kit.engines.search_fragments")
    fragments.write_fragments(site_dir, ROOT, ranked, inline=_bridge().offline_build(config))
