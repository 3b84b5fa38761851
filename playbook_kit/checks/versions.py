"""A checklist whose printed content changed needs a new version.

`check` compares each checklist's printed content (core/checklists.py) with
the same checklist at a base git ref: the base branch in a pull request
(`--base origin/main` or PLAYBOOK_BASE_REF), the last commit otherwise. A
changed sheet with an unchanged (or lower) version is an error at the
checklist's `version:` line, naming what changed and the version to use.
"""
from __future__ import annotations

import os
from pathlib import Path

from playbook_kit.source.catalog import load_catalog
from playbook_kit.core.checklists import content_changes, next_version, printed_content, version_key
from playbook_kit.source.gitsnap import GitError, is_repository, snapshot

DEFAULT_BASE = "HEAD"


def base_ref(option: str | None) -> tuple[str, bool]:
    """(ref, explicit): the option, else PLAYBOOK_BASE_REF, else HEAD."""
    if option:
        return option, True
    env = os.environ.get("PLAYBOOK_BASE_REF", "").strip()
    return (env, True) if env else (DEFAULT_BASE, False)


def check_versions(root: Path, catalog, ref: str, explicit: bool) -> str | None:
    """Add a problem per checklist needing a new version; returns a note when no comparison was possible."""
    if not explicit and not is_repository(root):
        return None  # a copy outside git: nothing to compare with
    try:
        with snapshot(root, ref) as old_root:
            old = load_catalog(old_root)
            before = {cid: (c.version, printed_content(old, c)) for cid, c in old.kind("checklists").items()}
    except GitError as exc:
        return f"未能与 git 版本 “{ref}” 比较检查表版本: {exc}"
    for cid, checklist in catalog.kind("checklists").items():
        if cid not in before:
            continue
        old_version, old_content = before[cid]
        changes = content_changes(old_content, printed_content(catalog, checklist))
        if version_key(checklist.version) < version_key(old_version):
            catalog.problem("checklists", cid, "version",
                            message=f"版本 {checklist.version} 比 {ref} 里的 {old_version} 还低",
                            hint=f"版本只能升高, 例如 {next_version(old_version)}")
        elif changes and checklist.version == old_version:
            shown = "; ".join(changes[:2]) + (f" 等 {len(changes)} 处" if len(changes) > 2 else "")
            catalog.problem("checklists", cid, "version",
                            message=f"检查表 “{cid}” 的打印内容与 {ref} 相比已改变, 版本仍是 {checklist.version}",
                            hint=f"把 version 改为 \"{next_version(checklist.version)}\"。改动: {shown}")
    return None
