"""Read the project as it was at a git commit, without touching the working tree.

`snapshot(root, ref)` extracts `data/`, `checklists/` and `playbooks/` of one
commit into a temporary directory with `git archive` and yields its path.
Every git call has a timeout; a missing git, a directory that is not a
repository or an unknown ref raises `GitError` with a Chinese message, never
a traceback.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from playbook_kit.source.project_files import PAGES_DIR

PARTS = ("data", "checklists", PAGES_DIR)
TIMEOUT = 30


class GitError(Exception):
    """Git is missing, the folder is no repository, or the ref does not exist."""


def git(root: Path, *args: str, binary: bool = False, timeout: int = TIMEOUT):
    try:
        result = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True,
                                timeout=timeout, text=not binary, **({} if binary else {"encoding": "utf-8",
                                                                                          "errors": "replace"}))
    except FileNotFoundError:
        raise GitError("找不到 git 命令") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} 超过 {timeout} 秒未完成") from None
    except OSError as exc:
        raise GitError(f"无法运行 git: {exc}") from None
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace") if binary else result.stderr
        raise GitError(stderr.strip().splitlines()[-1] if stderr.strip() else f"git {args[0]} 失败")
    return result.stdout


def resolve(root: Path, ref: str) -> str:
    """The full commit id of `ref`; GitError if it is not a commit."""
    if not ref or ref.startswith("-") or any(ch in ref for ch in "\x00\n\r "):
        raise GitError(f"“{ref}” 不是有效的 git 版本")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", ref + "^{commit}").strip()
    except GitError:
        if not is_repository(root):
            raise GitError(f"{root} 不在 git 仓库里") from None
        raise GitError(f"找不到 git 版本 “{ref}”(分支、标签或提交号)") from None


def is_repository(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except GitError:
        return False


def prefix(root: Path) -> str:
    """Path of `root` inside its repository ('' at the top, 'site/' for a subfolder)."""
    return git(root, "rev-parse", "--show-prefix").strip()


@contextmanager
def snapshot(root: Path, ref: str) -> Iterator[Path]:
    """A temporary directory holding data/, checklists/ and playbooks/ as of `ref`."""
    commit = resolve(root, ref)
    inside = prefix(root)
    listed = git(root, "ls-tree", "--name-only", commit, "--", *(inside + part for part in PARTS)).split("\n")
    present = [line for line in listed if line.strip()]
    with tempfile.TemporaryDirectory(prefix="playbook-snapshot-") as temp:
        target = Path(temp)
        if present:
            data = git(root, "archive", "--format=tar", commit, "--", *present, binary=True, timeout=60)
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                _extract(archive, target)
        yield target / inside if inside else target


def _extract(archive: tarfile.TarFile, target: Path) -> None:
    """Regular files and folders only, never outside `target` (also on Pythons without tar filters)."""
    if hasattr(tarfile, "data_filter"):
        archive.extractall(target, filter="data")
        return
    for member in archive.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            continue  # git archive of data files has neither; symlinks are skipped
        archive.extract(member, target)


def last_change_dates(root: Path, paths: tuple[str, ...] = ("data", "checklists")) -> dict[str, str]:
    """Date of the last commit touching each file under `paths`, from one `git log`
    run. Empty when there is no git history."""
    try:
        output = git(root, "log", "--format=%x00%cs", "--name-only", "--", *paths)
    except GitError:
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in output.splitlines():
        if line.startswith("\x00"):
            current = line[1:]
        elif line and line not in dates:
            dates[line] = current  # newest commit comes first
    return dates


def commits(root: Path, paths: tuple[str, ...] = ("data", "checklists"), limit: int = 60) -> list[dict]:
    """Commits touching `paths`, newest first: {commit, date, subject}. Empty when there is no git history."""
    try:
        output = git(root, "log", f"--max-count={limit}", "--format=%H%x1f%cs%x1f%s", "--", *paths)
    except GitError:
        return []
    found = []
    for line in output.splitlines():
        parts = line.split("\x1f")
        if len(parts) == 3:
            found.append({"commit": parts[0], "date": parts[1], "subject": parts[2]})
    return found
