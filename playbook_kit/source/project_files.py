"""Which files of the repository the build reads, and the rules for them.

Editors' pull requests are untrusted, so a file is read only when it really
lies inside the repository: a symlink (to `/proc/self/environ`, to a secret
elsewhere on the CI machine) or a special file (a FIFO would hang the build)
under `data/`, `checklists/` or `playbooks/` is a located error, and so is a
file the build would otherwise skip silently (`*.YML`) or publish unchecked
(`.html`, `.svg`, `.js` under `playbooks/`: only Markdown and pictures are
editor content; the site's scripts and styles live in `playbook_kit/theme/`).
Every file the tools write goes through `safe_write` (a path inside the
repository: never through a symlink, a committed `dist -> /home/x` or
`change-report.md -> ../victim` included) or `write_output` (a path the user
typed: inside the repository the same rules, outside it where the user said);
`linked_part` refuses a symlinked output folder (`site -> ../victim`).
"""
from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from playbook_kit.core.problems import Problem

DATA_SUFFIXES = (".yml", ".yaml")
PAGE_SUFFIXES = (".md",)
# pictures a page may show; everything else under playbooks/ is refused
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_FILES = 5000
PAGES_DIR = "playbooks"  # the MkDocs docs_dir: the pages editors write


def page_url(src_path: str, directory_urls: bool = True) -> str:
    """MkDocs' URL of a page file relative to the site root: `ka/rtmart/`
    (directory URLs) or `ka/rtmart.html` (the offline build); `src_path` is
    under the docs folder, with or without the `playbooks/` prefix."""
    stem = src_path.removeprefix(PAGES_DIR + "/").removesuffix(".md")
    directory, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        if directory_urls:
            return directory + "/" if directory else ""
        return (directory + "/" if directory else "") + "index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


@dataclass
class Listing:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def list_files(root: Path, folder: str, suffixes: tuple[str, ...],
               allowed_other: tuple[str, ...] = ()) -> Listing:
    """Regular files under `root/folder` ending in `suffixes`, sorted, and a
    problem for each entry that must not be read or would be ignored."""
    out = Listing()
    base = Path(root) / folder
    if base.is_symlink():
        out.problems.append(Problem(folder, 1, 1, f"目录 “{folder}” 是符号链接, 不能读取",
                                    hint="把真实的文件放进仓库, 不要用符号链接"))
        return out
    if not base.is_dir():
        return out
    for directory, subdirs, names in os.walk(base, followlinks=False):
        here = Path(directory)
        _skip_linked_directories(root, here, subdirs, out)
        subdirs.sort()
        for name in sorted(names):
            found = _entry(root, here / name, folder, suffixes, allowed_other)
            if isinstance(found, Problem):
                out.problems.append(found)
            elif found is not None:
                out.files.append(found)
            if len(out.files) > MAX_FILES:
                out.problems.append(Problem(folder, 1, 1, f"“{folder}/” 里的文件超过 {MAX_FILES} 个"))
                return out
    return out


def _skip_linked_directories(root: Path, here: Path, subdirs: list[str], out: Listing) -> None:
    """Remove symlinked directories from an `os.walk` listing, each reported."""
    for name in list(subdirs):
        path = here / name
        if path.is_symlink():
            subdirs.remove(name)
            out.problems.append(_refused(root, path, "是指向别处的符号链接目录, 不能读取"))


def _entry(root: Path, path: Path, folder: str, suffixes: tuple[str, ...],
           allowed_other: tuple[str, ...]) -> Path | Problem | None:
    """The file to read, the problem with it, or None for a file quietly passed over."""
    name = path.name
    if name.startswith("."):
        return None  # editor swap files, .gitkeep
    display = path.relative_to(root).as_posix()
    lower = name.lower()
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        return _refused(root, path, "是符号链接, 不能读取" if _inside(root, path)
                        else "是指向仓库外的符号链接, 不能读取")
    if not stat.S_ISREG(mode):
        return _refused(root, path, "不是普通文件, 不能读取")
    if lower.endswith(suffixes) and not name.endswith(suffixes):
        return Problem(display, 1, 1, f"文件扩展名要用小写: “{name}” 不会被读取",
                       hint=f"改名为 {name[:len(name) - len(lower.rsplit('.', 1)[1])]}"
                            f"{lower.rsplit('.', 1)[1]}")
    if name.endswith(suffixes):
        return path
    if not lower.endswith(allowed_other):
        return Problem(display, 1, 1, f"“{folder}/” 里不允许放这种文件: “{name}”",
                       hint=_hint_for(folder, suffixes, allowed_other))
    return None


def _hint_for(folder: str, suffixes: tuple[str, ...], allowed_other: tuple[str, ...]) -> str:
    allowed = "、".join(suffixes + allowed_other)
    if folder == PAGES_DIR:
        return f"这里只放页面和图片({allowed}); 网页脚本和样式属于代码, 放在 playbook_kit/theme/"
    return f"这里只放 {allowed} 文件"


def _refused(root: Path, path: Path, why: str) -> Problem:
    display = path.relative_to(root).as_posix()
    return Problem(display, 1, 1, f"“{display}” {why}", hint="删除它, 把真实的文件内容放进仓库")


def data_files(root: Path, folder: str) -> Listing:
    # data/original/*.txt: the source documents the provenance check reads
    return list_files(root, folder, DATA_SUFFIXES, (".md", ".txt"))


def page_files(root: Path) -> Listing:
    return list_files(root, PAGES_DIR, PAGE_SUFFIXES, ASSET_SUFFIXES)


def file_states(root: Path, folders: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """(path, size, modification time) of every file under `folders`, symlinks
    not followed, `__pycache__` left out: equal tuples mean nothing changed."""
    entries = []
    for folder in folders:
        for directory, subdirs, names in os.walk(Path(root) / folder, followlinks=False):
            subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
            for name in sorted(names):
                path = os.path.join(directory, name)
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                entries.append((path, info.st_size, info.st_mtime_ns))
    return tuple(entries)


def linked_part(root: Path, relative: str | Path) -> Path | None:
    """The first of `root/relative` and the folders on the way to it that is a
    symlink (an editor can commit `.cache -> /`, `site -> ../victim`), or None."""
    current = Path(root)
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


def inside_repository(root: Path, path: str | Path) -> tuple[Path, str] | None:
    """(repository folder, `path` relative to it) when `path` lies inside the
    repository, read as written (`..` resolved, symlinks not followed), else None."""
    absolute = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(root)), Path(root).resolve()):
        if absolute.is_relative_to(base) and absolute != base:
            return base, absolute.relative_to(base).as_posix()
    return None


def safe_read(root: Path, relative: str, limit: int = 50_000_000) -> str | None:
    """A cache file's text, or None: missing, too large, unreadable or reached
    through a symlink anywhere below `root` (an editor could commit `.cache -> /`)."""
    current = Path(root) / relative
    if linked_part(root, relative) is not None:
        return None
    try:
        if not current.is_file() or current.stat().st_size > limit:
            return None
        return current.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def readable_mode(directory: bool = False) -> int:
    """The mode a new file (0644) or folder (0755) gets under the usual umask:
    a web server running as another user can read the site."""
    return (0o777 if directory else 0o666) & ~_umask()


class RefusedPath(OSError):
    """A write refused because of a symlink on the way; `path` is where (relative)."""

    def __init__(self, path: str):
        self.path = path
        super().__init__(f"“{path}” 是符号链接, 拒绝写入")

    def located(self) -> str:
        return f"{self.path}:1:1: {self} 提示: 删除这个符号链接, 需要时工具会生成真正的文件夹"


def safe_write(root: Path, relative: str, text: str | bytes) -> Path:
    """Write `root/relative` (text as UTF-8, or bytes) without following a symlink anywhere on the way."""
    root = Path(root)
    target = root / relative
    current = root
    for part in Path(relative).parent.parts:
        current = current / part
        if current.is_symlink():
            raise RefusedPath(current.relative_to(root).as_posix())
        current.mkdir(exist_ok=True)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if not target.is_symlink() and target.is_file() and target.read_bytes() == data:
        return target
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    os.fchmod(handle, readable_mode())
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)  # replaces a symlink itself, never its target
    return target


def write_output(root: Path, path: str | Path, text: str | bytes) -> Path:
    """Write a file a command was asked for (`export --json`, `changes --out`,
    `pdf --out`). Inside the repository (where a pull request could have
    committed `dist -> /elsewhere`) with `safe_write`'s rules; a path outside
    it was typed by the user, so it is written there (a symlink in its last
    part replaced, not followed)."""
    inside = inside_repository(root, path)
    if inside is not None:
        return safe_write(*inside, text)
    absolute = Path(os.path.abspath(path))
    absolute.parent.mkdir(parents=True, exist_ok=True)
    return safe_write(absolute.parent, absolute.name, text)
