"""What `mkdocs build --strict` would reject about the pages as a set:
navigation entries that name no page, pages missing from the navigation, and
Markdown links to files that do not exist. Found here so that `check` reports
them at their line before a build does.

Heading anchors (`page.md#小节`) are not checked: MkDocs reports those.
"""
from __future__ import annotations

import fnmatch
import html
import posixpath
import re
from pathlib import Path

import yaml

from playbook_kit.core.problems import Problem
from playbook_kit.source.project_files import PAGES_DIR

CONFIG = "mkdocs.yml"
GENERATED = ("roles/", "learn/role-", "learn/channel-", "quiz/")  # pages made from the data (playbook_kit/build/site.py)
# the target after `](`, found from the `](` itself: linear in the line's length
_LINK = re.compile(r"\]\(\s*+<?([^)\s>\](]++)")
# a reference-style link's definition, `[name]: target` (not a footnote's, `[^1]: text`)
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]++\]:[ \t]*+<?([^\s>]++)")
# schemes a reader's browser may follow (as the HTML policy, render/html_policy.py)
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_FENCE = re.compile(r"^\s*(```|~~~)")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml with its `!ENV` and `!!python/...` tags read as nothing."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def nav_files(nav) -> list[str]:
    """The Markdown files a nav (mkdocs.yml's `nav:`) lists, in order."""
    found, stack = [], [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not re.match(r"^[a-z][a-z0-9+.-]*:", item) and item.endswith(".md"):
                found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def check_site_links(root: Path, pages: dict[str, str]) -> list[Problem]:
    """`pages`: path under the repository (playbooks/…) -> Markdown source."""
    docs = {path.removeprefix(PAGES_DIR + "/") for path in pages}
    problems = _navigation_problems(Path(root), docs)
    for path, source in pages.items():
        problems += _page_links(path, source, docs, Path(root))
    return problems


def _read_config(root: Path) -> tuple[str, dict]:
    """mkdocs.yml as text and as data ({} when absent, a symlink or not YAML)."""
    config_path = root / CONFIG
    if not config_path.is_file() or config_path.is_symlink():
        return "", {}
    text = config_path.read_text(encoding="utf-8")
    try:
        config = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError:
        config = {}
    return text, config if isinstance(config, dict) else {}


def _navigation_problems(root: Path, docs: set[str]) -> list[Problem]:
    """Nav entries naming no page, and pages neither in the nav nor in `not_in_nav`."""
    text, config = _read_config(root)
    nav = config.get("nav")
    if nav is None:
        return []
    problems = []
    listed = nav_files(nav)
    for entry in listed:
        if entry not in docs and not entry.startswith(GENERATED):
            problems.append(Problem(CONFIG, _line_of(text, entry), 1, f"导航里的页面 “{entry}” 不存在",
                                    hint="改成 playbooks/ 下已有的文件, 或先建这个页面"))
    patterns = [line.strip() for line in str(config.get("not_in_nav") or "").splitlines() if line.strip()]
    for doc in sorted(docs - set(listed)):
        if not any(fnmatch.fnmatch("/" + doc, p if p.startswith("/") else "*/" + p) for p in patterns):
            problems.append(Problem(f"{PAGES_DIR}/" + doc, 1, 1, "这个页面不在导航里",
                                    hint=f"在 {CONFIG} 的 nav: 里加上 {doc}"))
    return problems


def _page_links(path: str, source: str, docs: set[str], root: Path) -> list[Problem]:
    problems, fenced = [], False
    directory = posixpath.dirname(path.removeprefix(PAGES_DIR + "/"))
    for number, line in enumerate(source.split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in [*_LINK.finditer(line), *_REFERENCE.finditer(line)]:
            problem = _scheme_problem(match.group(1)) or _link_problem(match.group(1), directory, docs, root)
            if problem:
                message, hint = problem
                problems.append(Problem(path, number, match.start(1) + 1, message, hint=hint))
    return problems


def _scheme_problem(target: str) -> tuple[str, str] | None:
    """A link that could run script (`javascript:`, `data:`, in any case or
    entity spelling): the build would strip it, `check` refuses it at its line."""
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(target)).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", plain)
    if scheme and scheme.group(1) not in SAFE_SCHEMES:
        return f"不允许的链接 “{target[:60]}”", "只允许 http(s)://、mailto:、tel: 或站内相对路径"
    return None


def _link_problem(target: str, directory: str, docs: set[str], root: Path) -> tuple[str, str] | None:
    """(message, hint) when a link target in a page points nowhere, else None."""
    if (re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith(("#", "{{"))
            or re.search(r"[&'\"()<>]", target)):
        return None  # a URL, an anchor, or not a path at all (the HTML policy handles it)
    if target.startswith("/"):
        return f"链接 “{target}” 以 / 开头", "写成相对路径, 例如 ../ka/rtmart.md"
    file = posixpath.normpath(posixpath.join(directory, target.split("#", 1)[0].split("?", 1)[0]))
    if file.startswith("../") or file == "..":
        return f"链接 “{target}” 指到了网站以外", ""
    if file.endswith(".md"):
        if file not in docs and not file.startswith(GENERATED):
            return f"链接 “{target}” 指向的页面不存在", "检查文件名; 页面都在 playbooks/ 下"
        return None
    if not (root / PAGES_DIR / file).is_file() and not (root / "playbook_kit" / "theme" / file).is_file():
        return f"链接 “{target}” 指向的文件不存在", ""
    return None
