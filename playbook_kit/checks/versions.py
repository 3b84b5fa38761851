"""A checklist whose printed content changed needs a new version.

`check` compares each checklist's printed content (core/checklists.py) with
the same checklist at a base git ref: where the branch left the base branch
of a pull request (`--base origin/main` or PLAYBOOK_BASE_REF), otherwise the merge base of HEAD
with the default branch (origin's HEAD, else `main`): what the branch started
from, so neither a broken intermediate commit nor a commit made since changes
the answer. A base whose data does not load cleanly is replaced by its first
clean ancestor. A changed sheet with an unchanged (or lower) version is an
error at the checklist's `version:` line, naming what changed and the version
to use.
"""
from __future__ import annotations

import os
from pathlib import Path

from playbook_kit.source.catalog import load_catalog
from playbook_kit.core.checklists import content_changes, next_version, printed_content, version_key
from playbook_kit.source.gitsnap import GitError, default_base, first_parent, fork_point, is_repository, snapshot

DEFAULT_BASE = "HEAD"
MAX_BROKEN_BASES = 20  # broken commits skipped back from the base before giving up


def base_ref(option: str | None) -> tuple[str, bool]:
    """(ref, explicit): the option, else PLAYBOOK_BASE_REF, else the merge base
    with the default branch (HEAD outside a repository with one)."""
    if option:
        return option, True
    env = os.environ.get("PLAYBOOK_BASE_REF", "").strip()
    return (env, True) if env else (DEFAULT_BASE, False)


def _clean_base(root: Path, ref: str, explicit: bool) -> tuple[str, dict]:
    """(commit, {checklist id: (version, printed content)}) at the first commit
    from `ref` back whose data loads without errors."""
    commit = fork_point(root, ref) if explicit else default_base(root)
    for _ in range(MAX_BROKEN_BASES):
        with snapshot(root, commit) as old_root:
            old = load_catalog(old_root)
            if not old.unreadable and not any(p.is_error for p in old.problems):
                return commit, {cid: (c.version, printed_content(old, c)) for cid, c in old.kind("checklists").items()}
        parent = first_parent(root, commit)
        if parent is None:
            break
        commit = parent
    return commit, {}


def check_versions(root: Path, catalog, ref: str, explicit: bool) -> str | None:
    """Add a problem per checklist needing a new version; returns a note when no comparison was possible."""
    if not explicit and not is_repository(root):
        return None  # a copy outside git: nothing to compare with
    try:
        commit, before = _clean_base(root, ref, explicit)
    except GitError as exc:
        return f"未能与基准 git 版本比较检查表版本: {exc}"
    ref = ref if explicit else f"基准版本 {commit[:7]}"
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
