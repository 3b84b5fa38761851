"""MkDocs hook, run after every plugin: fixes to the built search only.

Hooks run after plugins, so this sees the search index the search plugin has
written. Thin: the logic is in playbook_kit/search_fix.py.
"""
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.plugins.playbook_kit")


def on_files(files, config, **kwargs):
    """Add the pages generated from the data (written by the macros plugin's
    validation, which runs earlier, in on_config)."""
    import json
    from mkdocs.structure.files import File
    generated = ROOT / ".cache" / "generated_pages.json"
    if generated.exists():
        for path, content in json.loads(generated.read_text(encoding="utf-8")).items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
    return files


def on_post_build(config, **kwargs):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from playbook_kit import search_fix
    from playbook_kit.search_dict import read_search_words
    site_dir = Path(config["site_dir"])
    if not search_fix.patch_search_worker(site_dir):
        log.warning("未能修补 Material 搜索的中文分词(search_fix.py 的模式没有匹配), 中文多词搜索会漏掉最后一个词")
    whole, terms = read_search_words(ROOT / ".cache" / "search_words.json")
    search_fix.resegment_index(site_dir, whole, terms, ROOT / ".cache" / "jieba_userdict.txt")
