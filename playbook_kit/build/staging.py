"""The site's pages as files, for an engine that runs no MkDocs hooks (Zensical).

Under MkDocs the pages generated from the data (one per role, the learning
paths, the quizzes and their printed sheets, `assets/glossary-data.js`) are
added in `on_files` (macros/hooks.py). Zensical has no such event and its
macros layer only renders pages that already exist, so they are written
before the build instead:

    python -m playbook_kit stage            # → build/zensical-docs/
    zensical build -f zensical.yml          # docs_dir: build/zensical-docs

The folder holds every page of `playbooks/` exactly as the check read and
passed it (the text is written from the validated catalogue, not copied again
from disk), the pictures, and the generated pages, whose links are written the
way Zensical resolves them (from the Markdown file). A generated page never
replaces a page of `playbooks/`, as in the MkDocs build.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from playbook_kit.source.catalog import relative
from playbook_kit.source.project_files import ASSET_SUFFIXES, PAGES_DIR, PAGE_SUFFIXES, list_files, page_files, safe_write
from playbook_kit.build.site import prepare
from playbook_kit.source.pages import scan_pages

STAGE_DIR = "build/zensical-docs"
MARKER = ".playbook-staged"  # only a folder this module wrote is ever emptied


class StageError(Exception):
    pass


def _target(root: Path, folder: str) -> Path:
    target = (root / folder)
    parts = Path(folder).parts
    if not parts or Path(folder).is_absolute() or ".." in parts or parts[0] in (
            "data", "checklists", PAGES_DIR, "macros", "playbook_kit", "tests", "schemas", ".git"):
        raise StageError(f"不能写入 “{folder}”: 请用项目里的一个构建目录, 例如 {STAGE_DIR}")
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise StageError(f"“{current.relative_to(root).as_posix()}” 是符号链接, 拒绝写入")
    if target.exists():
        if not (target / MARKER).is_file():
            raise StageError(f"“{folder}” 已存在, 而且不是本命令生成的目录; 不会清空它")
        shutil.rmtree(target)
    return target


def stage(root: Path, folder: str = STAGE_DIR, directory_urls: bool = True) -> list[str]:
    """Write the pages into `root/folder`; raises DataError (data or pages
    do not pass the check) or StageError (a folder it may not empty)."""
    root = Path(root).resolve()
    state = prepare(root)
    renderer = state.renderer
    renderer.links_from_source = True
    target = _target(root, folder)
    out = Path(folder).as_posix()
    pages = pictures = generated = 0
    for file in page_files(root).files:
        path = relative(root, file)
        safe_write(root, f"{out}/{path.removeprefix(PAGES_DIR + '/')}", scan_pages(renderer.catalog).texts[path])
        pages += 1
    for file in list_files(root, PAGES_DIR, ASSET_SUFFIXES, PAGE_SUFFIXES).files:  # regular files only
        safe_write(root, f"{out}/{relative(root, file).removeprefix(PAGES_DIR + '/')}", file.read_bytes())
        pictures += 1
    for path, content in state.generated_pages(directory_urls).items():
        if (target / path).exists():
            continue
        safe_write(root, f"{out}/{path}", content)
        generated += 1
    safe_write(root, f"{out}/{MARKER}", "written by python -m playbook_kit stage; emptied on every run\n")
    return [f"已写入 {out}/: {pages} 个页面, {pictures} 张图片, {generated} 个由数据生成的文件",
            "下一步: zensical build -f zensical.yml"]
