"""The floor of a project: the same site, with what our macros produced written as plain files.

`dump(project, docs, site)` builds `project` once with `mkdocs build`'s own
steps plus one extra plugin that runs after every other plugin and hook:
- on_files: every file the build got from the docs folder or that a hook
  generated (pictures, `assets/glossary-data.js`, the role, learning and quiz
  pages) is written to `docs`;
- on_page_markdown: every page's Markdown as mkdocs-macros hands it on to
  MkDocs (macros rendered, the footer of on_post_page_macros included), with
  its front matter, replaces the page's source in `docs`, and the glossary
  words the build's hooks mark on the page (`BuildState.glossary_words`) go
  to `docs/.glossary-words.json` (a dot file: MkDocs leaves it out).

`write_floor(project, docs, floor)` makes the floor project: `docs` as its
docs folder, the project's mkdocs.yml minus the macros plugin, minus `hooks:`
(and minus `watch:`, whose folders it does not have), same theme, custom_dir,
scripts, styles, Markdown extensions and search plugin with the same jieba
user dictionary; the glossary words are moved out of its docs folder.

`write_verify_config(floor, project)` adds `verify.yml`: the floor plus one
hook, what the build's hooks do to every page's HTML: our HTML policy
(`mkdocs_bridge.sanitize_page`), then the glossary's marks with the dumped
words (`mkdocs_bridge.mark_words`). Its pages must be byte-identical to the
build's: that checks the dump. The plain floor's pages differ only by how the
policy's sanitiser (nh3) writes HTML (`&para;` as `¶`, `data-x` as
`data-x=""`) and by the glossary's marks.

`compare_sites(a, b)` tells which built pages are byte-identical.

    python benchmarks/floor.py PROJECT DOCS SITE   # the dump, in a fresh process
"""
from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import sys
from pathlib import Path

import yaml

OUR_EXTENSION = re.compile(r"^[ \t]*-[ \t]*playbook_kit\.[\w.]+[ \t]*\n", re.M)
DUMP_PRIORITY = -1000  # after mkdocs-macros (0) and our hooks (0)
GLOSSARY_WORDS = ".glossary-words.json"  # {page src_uri: [[spelling, term id or null], ...]}


class Dumper:
    """An MkDocs plugin object (only its on_* methods matter)."""

    def __init__(self, docs: Path):
        self.docs = docs
        self.glossary_words: dict[str, list] = {}

    def _write(self, src_uri: str, content: bytes) -> None:
        target = self.docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    def on_files(self, files, config, **kwargs):
        docs_dir = Path(config["docs_dir"]).resolve()
        for file in files:
            from_docs = file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs_dir)
            if file.generated_by or from_docs:
                self._write(file.src_uri, file.content_bytes)
        return files

    def on_page_markdown(self, markdown, page, config, files, **kwargs):
        front = ""
        if page.meta:
            front = "---\n" + yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=False) + "---\n"
        self._write(page.file.src_uri, (front + markdown).encode("utf-8"))
        from playbook_kit.engines.mkdocs_bridge import page_glossary_words
        words = page_glossary_words(page, config)
        if words:
            self.glossary_words[page.file.src_uri] = [[word.text, word.term_id] for word in words]
        return markdown

    def on_post_build(self, config, **kwargs):
        text = json.dumps(self.glossary_words, ensure_ascii=False, indent=0, sort_keys=True)
        self._write(GLOSSARY_WORDS, text.encode("utf-8"))


for _name in ("on_files", "on_page_markdown", "on_post_build"):
    getattr(Dumper, _name).mkdocs_priority = DUMP_PRIORITY


def dump_main(project: str, docs: str, site: str) -> None:
    """`mkdocs build -d SITE` in PROJECT (what mkdocs' build command does), plus the Dumper."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    os.chdir(project)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    config = load_config("mkdocs.yml", site_dir=site)
    config.plugins["benchmark-floor-dump"] = Dumper(Path(docs).resolve())
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _without_macros(plugins: list) -> list:
    def name(entry):
        return entry if isinstance(entry, str) else next(iter(entry))
    return [entry for entry in plugins if name(entry) != "macros"]


def write_floor(project: Path, docs: Path, floor: Path) -> None:
    """The floor project in `floor`, its docs folder moved from `docs`."""
    from mkdocs.utils.yaml import yaml_load
    floor.mkdir(parents=True)
    with open(project / "mkdocs.yml", "rb") as handle:
        config = yaml_load(handle)
    docs_dir = config.get("docs_dir", "docs")
    shutil.move(str(docs), floor / docs_dir)
    shutil.move(str(floor / docs_dir / GLOSSARY_WORDS), floor / GLOSSARY_WORDS.lstrip("."))
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    if custom_dir:
        shutil.copytree(project / custom_dir, floor / custom_dir)
    # the same jieba user dictionary (written by our macros during the dump)
    for entry in config.get("plugins", []):
        options = entry.get("search") if isinstance(entry, dict) else None
        if options and options.get("jieba_dict_user"):
            target = floor / options["jieba_dict_user"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(project / options["jieba_dict_user"], target)
    # mkdocs.yml (and an INHERIT parent) as it is, overridden by floor.yml, minus our own
    # Markdown extensions (playbook_kit.render.markdown_policy: our HTML policy is our cost, not the floor's)
    for path in project.glob("*.yml"):
        text = OUR_EXTENSION.sub("", path.read_text(encoding="utf-8"))
        (floor / ("site-config.yml" if path.name == "mkdocs.yml" else path.name)).write_text(text, encoding="utf-8")
    override = {"INHERIT": "site-config.yml", "hooks": [], "watch": [],
                "plugins": _without_macros(config.get("plugins", []))}
    (floor / "mkdocs.yml").write_text(json.dumps(override, ensure_ascii=False, indent=1), encoding="utf-8")


VERIFY_HOOK = """import json
import sys
from pathlib import Path
sys.path.insert(0, {project!r})
from playbook_kit.engines.mkdocs_bridge import mark_words, sanitize_page
from playbook_kit.render.glossary_marks import Word

WORDS = json.loads((Path(__file__).parent / {words!r}).read_text(encoding="utf-8"))


def on_page_content(html, page, **kwargs):
    words = [Word(text, term_id) for text, term_id in WORDS.get(page.file.src_uri, [])]
    return mark_words(sanitize_page(html, page), words)
"""


def write_verify_config(floor: Path, project: Path) -> str:
    """The floor plus what our hooks do to page HTML (the policy, the glossary's
    marks), to check the dump; returns the config's file name."""
    hook = VERIFY_HOOK.format(project=str(project), words=GLOSSARY_WORDS.lstrip("."))
    (floor / "verify_policy.py").write_text(hook, encoding="utf-8")
    (floor / "verify.yml").write_text('{"INHERIT": "mkdocs.yml", "hooks": ["verify_policy.py"]}\n', encoding="utf-8")
    return "verify.yml"


def compare_sites(reference: Path, other: Path) -> tuple[list[str], dict[str, str]]:
    """(identical page paths, {differing or missing page: first differing line})."""
    same, different = [], {}
    for page in sorted(reference.rglob("*.html")):
        rel = page.relative_to(reference).as_posix()
        twin = other / rel
        if not twin.exists():
            different[rel] = "missing from the floor"
            continue
        a, b = page.read_bytes(), twin.read_bytes()
        if a == b:
            same.append(rel)
            continue
        lines = difflib.unified_diff(a.decode("utf-8", "replace").splitlines(),
                                     b.decode("utf-8", "replace").splitlines(), n=0, lineterm="")
        changed = [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        different[rel] = " | ".join(line[:160] for line in changed[:2])
    return same, different


if __name__ == "__main__":
    dump_main(*sys.argv[1:4])
