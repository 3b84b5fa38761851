"""The texts facts may quote, and who stands behind each: the originals and the organisation's decisions.

Two kinds of text are authorities, both registered in `data/sources.yml`:
- `originals:` the files of original documents under `data/original/`, each
  pinned by its SHA-256. The originals never change: a changed byte is an
  error at the first changed line (found against the base commit when git has
  it, else line 1), and so is a deleted, oversized, non-UTF-8 or unregistered
  file there. New rules are decisions, not edits of the originals.
- `decisions:` the organisation's own 通知, 制度, 会议纪要 and 邮件确认, each
  with who issued it, when, its reference and an owner, its text in
  `data/decisions/<id>.txt`, pinned the same way (a changed text shows as a
  changed registration in the review).

`read_authorities` reads them once for the provenance check, reporting every
state that would otherwise switch quote checking off or widen it.
"""
from __future__ import annotations

import hashlib
from datetime import date
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from playbook_kit.checks.references import check_reference
from playbook_kit.checks.reviews import today
from playbook_kit.checks.versions import base_ref
from playbook_kit.core.models import DECISION_DIR, ORIGINAL_DIR, ResolvedNote, walk_models
from playbook_kit.core.problems import Problem
from playbook_kit.source.gitsnap import GitError, default_base, file_at, fork_point, is_repository

MAX_ORIGINAL_BYTES = 8 * 1024 * 1024
MAX_DECISION_BYTES = 256 * 1024
EDITING_GUIDE = "编辑指南“记录组织的决定”"


@dataclass
class AuthorityTexts:
    originals: list[tuple[str, str]] = field(default_factory=list)  # (original id, text) in registration order
    decisions: dict[str, str] = field(default_factory=dict)         # decision id -> text
    complete: bool = True  # every registered original was read intact


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_file(kind: str, record) -> str:
    """The repository path of a registered original's or decision's text."""
    return f"{ORIGINAL_DIR}/{record.file}" if kind == "originals" else f"{DECISION_DIR}/{record.id}.txt"


def authorities(catalog) -> list[dict]:
    """Every registered authority, for reviewers and CODEOWNERS: kind, id, title,
    the text's path, its owner(s), and for decisions who issued it, when, the reference."""
    owners_of_originals = sorted({doc.owner for doc in catalog.kind("sources").values()})
    found = [{"kind": "originals", "id": oid, "title": o.title, "path": text_file("originals", o),
              "owners": owners_of_originals} for oid, o in catalog.kind("originals").items()]
    found += [{"kind": "decisions", "id": did, "title": d.title, "path": text_file("decisions", d),
               "owners": [d.owner], "type": d.type, "date": d.date, "issued_by": d.issued_by,
               "reference": d.reference} for did, d in sorted(catalog.kind("decisions").items(),
                                                              key=lambda item: (item[1].date, item[0]))]
    return found


def read_authorities(catalog) -> AuthorityTexts:
    """The registered texts that are intact; a located problem for every file that is not."""
    texts = AuthorityTexts()
    for oid, original in catalog.kind("originals").items():
        text = _read_pinned(catalog, "originals", oid, original, MAX_ORIGINAL_BYTES)
        if text is None:
            texts.complete = False
        else:
            texts.originals.append((oid, text))
    for did, decision in catalog.kind("decisions").items():
        text = _read_pinned(catalog, "decisions", did, decision, MAX_DECISION_BYTES)
        if text is not None:
            texts.decisions[did] = text
    registered = {original.file for original in catalog.kind("originals").values()}
    _unregistered(catalog, ORIGINAL_DIR, registered, "原文文件", "originals")
    _unregistered(catalog, DECISION_DIR, {f"{did}.txt" for did in catalog.kind("decisions")}, "决定文件", "decisions")
    if catalog.kind("sources") and not catalog.kind("originals") and ORIGINAL_DIR not in catalog.unreadable:
        catalog.problems.append(Problem("data/sources.yml", 1, 1, "没有登记原文文件(originals), 原文片段无法核对",
                                        hint="在 data/sources.yml 的 originals 下登记 data/original/ 里的原文文件和它的 sha256"))
        texts.complete = False
    return texts


def _read_pinned(catalog, kind: str, record_id: str, record, limit: int) -> str | None:
    """The text of one registered file if it is a regular file within `limit`, its hash the pinned one, UTF-8."""
    relative = text_file(kind, record)
    label = "原文文件" if kind == "originals" else "决定的文本"
    path = catalog.root / relative
    if path.parent.is_symlink() or (catalog.root / "data").is_symlink():
        return None  # a linked folder is never read: reported as such (`_unregistered`, the file listing)
    try:
        info = os.lstat(path)
    except OSError:
        catalog.problem(kind, record_id, "file" if kind == "originals" else "id",
                        message=f"{label} {relative} 不存在(被删除或改名了?)",
                        hint="原文不能删除, 请恢复这个文件" if kind == "originals"
                        else f"把决定的全文存为 {relative}(UTF-8 文本), 见{EDITING_GUIDE}")
        return None
    if not stat.S_ISREG(info.st_mode):
        catalog.problems.append(Problem(relative, 1, 1, f"{label} {relative} 不是普通文件(符号链接或目录), 不能读取",
                                        hint="把真实的文件内容放进仓库"))
        return None
    if info.st_size > limit:
        catalog.problems.append(Problem(relative, 1, 1, f"{label} {relative} 超过 {limit // 1024} KB, 不读取",
                                        hint="原文不能修改, 请恢复原来的文件" if kind == "originals" else "决定的文本应是简短的全文"))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        catalog.problems.append(Problem(relative, line, 1, f"{label} {relative} 第 {line} 行不是 UTF-8 编码, 不能读取",
                                        hint="原文不能修改, 请恢复原来的文件" if kind == "originals"
                                        else "用 UTF-8 保存这个文件"))
        return None
    if kind == "originals" and _differs_from_base(catalog.root, relative, data):
        _changed(catalog, kind, record_id, record, relative, text)
        return None
    if record.sha256 is None:
        catalog.problem(kind, record_id, "id", message=f"决定 “{record_id}” 还没有写 sha256",
                        hint=f"在它的登记里加上 sha256: {sha256_of(data)}(固定这份文本)")
        return None
    if sha256_of(data) != record.sha256:
        _changed(catalog, kind, record_id, record, relative, text)
        return None
    return text


def _changed(catalog, kind: str, record_id: str, record, relative: str, text: str) -> None:
    if kind == "decisions":
        catalog.problem(kind, record_id, "sha256",
                        message=f"决定的文本 {relative} 与登记的 sha256 不符(文本被改过)",
                        hint=f"已发布的决定不应修改; 确实要登记这份文本, 把 sha256 改为 {sha256_of(text.encode('utf-8'))}")
        return
    line = _first_changed_line(catalog.root, relative, text)
    catalog.problems.append(Problem(
        relative, line, 1, f"原文 {relative} 从第 {line} 行起被改动了(与基准版本或登记的 sha256 不符): 原文不能修改",
        hint=f"撤销对这个文件的改动。原文说的不再适用时, 把组织的新规定登记为决定, 见{EDITING_GUIDE}"))


def _base_commit(root: Path) -> str | None:
    """The commit this branch started from (the base the version check uses); None outside git."""
    if not is_repository(root):
        return None
    ref, explicit = base_ref(None)
    try:
        return fork_point(root, ref) if explicit else default_base(root)
    except GitError:
        return None


def _base_text(root: Path, relative: str) -> bytes | None:
    """An original's bytes in the base commit; None outside git or where the base has none."""
    commit = _base_commit(root)
    if commit is None:
        return None
    try:
        return file_at(root, commit, relative, MAX_ORIGINAL_BYTES)
    except GitError:
        return None


def _differs_from_base(root: Path, relative: str, data: bytes) -> bool:
    """Whether an original differs from its copy in the base commit. The pin in
    sources.yml is part of the same pull request, so a PR that changes the text
    and its sha256 together is caught here: originals never change on a branch."""
    old = _base_text(root, relative)
    return old is not None and old != data


def _first_changed_line(root: Path, relative: str, text: str) -> int:
    """The first line that differs from the file in the base commit; 1 without git or base."""
    data = _base_text(root, relative)
    if data is None:
        return 1
    old = data.decode("utf-8", "replace")
    for number, (new_line, old_line) in enumerate(zip(text.split("\n"), old.split("\n")), 1):
        if new_line != old_line:
            return number
    return min(len(text.split("\n")), len(old.split("\n"))) + 1 if text != old else 1


def _unregistered(catalog, folder: str, registered: set[str], label: str, kind: str) -> None:
    """Every entry of `folder` that is not a registered file is an error (hidden files and folders too)."""
    base = catalog.root / folder
    if base.is_symlink() or (base.exists() and not base.is_dir()):
        catalog.problems.append(Problem(folder, 1, 1, f"“{folder}” 必须是仓库里的普通目录", hint="删除这个符号链接或文件"))
        return
    if not base.is_dir():
        return
    for name in sorted(os.listdir(base))[:200]:
        if name not in registered:
            catalog.problems.append(Problem(
                f"{folder}/{name}", 1, 1, f"“{folder}/{name}” 是未登记的{label}, 不会被当作依据",
                hint=f"在 data/sources.yml 的 {kind} 下登记它(谁、何时、文号、负责人和 sha256), 或删除它; 见{EDITING_GUIDE}"))


def check_authorities(catalog) -> None:
    """Who stands behind each decision exists, and every resolved 待核实 names a role, a real date and a decision."""
    for did, decision in catalog.kind("decisions").items():
        for field_name in ("issued_by", "owner"):
            check_reference(catalog, "decisions", did, (field_name,), getattr(decision, field_name), "roles", "岗位")
        _check_date(catalog, "decisions", did, ("date",), decision.date)
    for kind, record_id, record in list(catalog.all_records()):
        for path, item in walk_models(record):
            for index, note in enumerate(getattr(item, "unverified", None) or []):
                if isinstance(note, ResolvedNote):
                    _check_resolution(catalog, kind, record_id, path + ("unverified", index), note)


def _check_resolution(catalog, kind: str, record_id: str, key: tuple, note: ResolvedNote) -> None:
    check_reference(catalog, kind, record_id, key + ("confirmed_by",), note.confirmed_by, "roles", "岗位")
    check_reference(catalog, kind, record_id, key + ("authority",), note.authority, "decisions", "决定")
    _check_date(catalog, kind, record_id, key + ("confirmed_on",), note.confirmed_on)


def _check_date(catalog, kind: str, record_id: str, key: tuple, value: str) -> None:
    """A real calendar date, not after today: a decision in force or a confirmation that happened."""
    try:
        when = date.fromisoformat(value)
    except ValueError:
        catalog.problem(kind, record_id, *key, message=f"日期 “{value}” 不存在", hint="写成 \"2026-12-01\" 这样的年-月-日")
        return
    if when > today():
        catalog.problem(kind, record_id, *key, message=f"日期 {value} 在今天之后",
                        hint="只登记已经生效的决定和已经做完的核实")
