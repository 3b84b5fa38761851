"""Read the project as it was at a git commit, without touching the working tree.

`snapshot(root, ref)` writes `data/`, `checklists/` and `playbooks/` of one
commit into a temporary directory from git's objects (`ls-tree`, `cat-file`),
never with `git archive`: a committed `.gitattributes` (`export-ignore`)
cannot hide files from it. Only regular files are written; symlinks,
submodules and paths leaving the folder are skipped, and the number and size
of files are capped. Every git call has a timeout; a missing git, a directory
that is not a repository or an unknown ref raises `GitError` with a Chinese
message, never a traceback. `default_base` is the merge base with the
default branch (origin's HEAD, else `main`), what an editor's change is
compared with.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

from playbook_kit.source.project_files import MAX_FILES, PAGES_DIR

PARTS = ("data", "checklists", PAGES_DIR)
TIMEOUT = 30
REGULAR_MODES = ("100644", "100755")
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
DEFAULT_BRANCHES = ("origin/HEAD", "main")


class GitError(Exception):
    """Git is missing, the folder is no repository, or the ref does not exist."""


def git(root: Path, *args: str, binary: bool = False, timeout: int = TIMEOUT, stdin: bytes | None = None):
    text_mode = {} if binary or stdin is not None else {"encoding": "utf-8", "errors": "replace"}
    try:
        result = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True,
                                timeout=timeout, input=stdin, text=bool(text_mode), **text_mode)
    except FileNotFoundError:
        raise GitError("找不到 git 命令") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} 超过 {timeout} 秒未完成") from None
    except OSError as exc:
        raise GitError(f"无法运行 git: {exc}") from None
    if result.returncode != 0:
        stderr = result.stderr if text_mode else result.stderr.decode("utf-8", "replace")
        raise GitError(stderr.strip().splitlines()[-1] if stderr.strip() else f"git {args[0]} 失败")
    return result.stdout


def resolve(root: Path, ref: str) -> str:
    """The full commit id of `ref`; GitError if it is not a commit."""
    if not ref or ref.startswith("-") or any(ch in ref for ch in "\x00\n\r "):
        raise GitError("给出的 git 版本无效")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", ref + "^{commit}").strip()
    except GitError:
        if not is_repository(root):
            raise GitError(f"{root} 不在 git 仓库里") from None
        raise GitError("找不到给出的 git 版本(分支、标签或提交号)") from None


def is_repository(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except GitError:
        return False


def prefix(root: Path) -> str:
    """Path of `root` inside its repository ('' at the top, 'site/' for a subfolder)."""
    return git(root, "rev-parse", "--show-prefix").strip()


def fork_point(root: Path, ref: str) -> str:
    """Where HEAD's branch left `ref`: their merge base (`ref` itself when HEAD has no
    commit in common with it, or `ref` is HEAD or one of its ancestors)."""
    commit = resolve(root, ref)
    try:
        return git(root, "merge-base", "HEAD", commit).strip() or commit
    except GitError:
        return commit


def default_base(root: Path) -> str:
    """The commit an editor's branch started from: the merge base of HEAD with
    the default branch (origin's HEAD, else `main`); HEAD when neither exists."""
    head = resolve(root, "HEAD")
    for branch in DEFAULT_BRANCHES:
        try:
            return git(root, "merge-base", head, resolve(root, branch)).strip()
        except GitError:
            continue
    return head


def first_parent(root: Path, commit: str) -> str | None:
    try:
        return resolve(root, commit + "^")
    except GitError:
        return None


def local_cache(root: Path) -> bool:
    """Whether `.cache/` under `root` can only hold what this machine wrote: a git work tree
    where nothing under `.cache` is tracked and `.cache` is no symlink (a pull request can
    commit files there: they must never be read as a cache)."""
    if (Path(root) / ".cache").is_symlink():
        return False
    try:
        if git(root, "rev-parse", "--is-inside-work-tree", timeout=10).strip() != "true":
            return False
        return not git(root, "ls-files", "-z", "--", ".cache", timeout=10)
    except GitError:
        return False


def git_directory(root: Path) -> Path | None:
    """The repository's own folder (`.git`, shared by worktrees): nothing a commit can put files into."""
    try:
        found = git(root, "rev-parse", "--git-common-dir").strip()
    except GitError:
        return None
    return (root / found).resolve() if found else None


@contextmanager
def snapshot(root: Path, ref: str) -> Iterator[Path]:
    """A temporary directory holding data/, checklists/ and playbooks/ as of `ref`."""
    commit = resolve(root, ref)
    inside = prefix(root)
    with tempfile.TemporaryDirectory(prefix="playbook-snapshot-") as temp:
        target = Path(temp)
        blobs = _regular_files(root, commit, inside)
        if blobs:
            _write_blobs(root, target, blobs)
        yield target / inside if inside else target


def file_at(root: Path, commit: str, relative: str, limit: int) -> bytes | None:
    """The bytes of the regular file `relative` (under `root`) at `commit`; None when it
    is absent there, is no regular file (a symlink is never read) or is over `limit` bytes."""
    listing = git(root, "ls-tree", "-z", "--full-tree", "-l", commit, "--", prefix(root) + relative)
    fields = listing.split("\0")[0].partition("\t")[0].split()
    if len(fields) != 4 or fields[0] not in REGULAR_MODES or not fields[3].isdigit() or int(fields[3]) > limit:
        return None
    return git(root, "cat-file", "blob", fields[2], binary=True, timeout=60)


def _regular_files(root: Path, commit: str, inside: str) -> list[tuple[str, str]]:
    """(object id, path) of each regular file under PARTS at `commit`, capped."""
    listing = git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *(inside + part for part in PARTS))
    found = []
    for entry in listing.split("\0"):
        meta, _, path = entry.partition("\t")
        fields = meta.split()
        if len(fields) != 3 or fields[0] not in REGULAR_MODES or not _plain_path(path):
            continue  # symlinks, submodules and strange paths are never written
        found.append((fields[2], path))
        if len(found) > MAX_FILES:
            raise GitError(f"该版本的数据文件超过 {MAX_FILES} 个")
    return found


def _plain_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return bool(parts) and not path.startswith("/") and not any(p in ("", ".", "..") for p in parts)


def _write_blobs(root: Path, target: Path, blobs: list[tuple[str, str]]) -> None:
    """Every blob's bytes from one `git cat-file --batch`, into `target` (fresh, so nothing there is a link)."""
    output = git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in blobs).encode(),
                 binary=True, timeout=60)
    if len(output) > MAX_SNAPSHOT_BYTES:
        raise GitError("该版本的数据过大")
    position = 0
    for _, path in blobs:
        try:
            header_end = output.index(b"\n", position)
            size = int(output[position:header_end].split()[2])
        except (ValueError, IndexError):
            raise GitError("git cat-file 的输出无法读取") from None
        content = output[header_end + 1:header_end + 1 + size]
        position = header_end + 1 + size + 1
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(content)


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
    """Commits touching `paths`, newest first: {commit, date}; subjects are never read
    (what changed is computed from the data). Empty when there is no git history."""
    try:
        output = git(root, "log", f"--max-count={limit}", "--format=%H %cs", "--", *paths)
    except GitError:
        return []
    found = []
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and len(parts[0]) >= 40:
            found.append({"commit": parts[0], "date": parts[1]})
    return found
