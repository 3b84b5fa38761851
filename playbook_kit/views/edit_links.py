"""Edit links from MkDocs' own `repo_url` and `edit_uri`.

MkDocs (and Material's edit button) build a page's edit link as
`repo_url + edit_uri + path inside docs_dir`. `edit_uri` ends with the docs
folder (`edit/main/playbooks/`), so one level up is the project root: data
files are edited at `…/edit/main/data/ka/rtmart.yml`. Hosts that show a
file with line anchors (GitHub, GitLab: `/blob/…#L12`) also get a link to
each record's line. When `repo_url` is not set, it is derived from the git
remote `origin` (credentials dropped); without one, paths show as text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from playbook_kit.source import gitsnap


MKDOCS_DEFAULTS = ("edit/master/docs/", "src/default/docs/")


@dataclass(frozen=True)
class EditLinks:
    edit_root: str = ""  # prefix: + project path -> edit the file
    view_root: str = ""  # prefix: + project path + #L<line> -> the file at that line

    def edit(self, path: str) -> str:
        return self.edit_root + quote(path) if self.edit_root else ""

    def line(self, path: str, line: int) -> str:
        return f"{self.view_root}{quote(path)}#L{line}" if self.view_root and line else ""


def web_url(remote: str) -> str:
    """https URL of a git remote (`git@github.com:org/repo.git` -> `https://github.com/org/repo`), or ''."""
    remote = remote.strip()
    scp = re.fullmatch(r"[\w.-]+@([\w.-]+):(?!/)(.+)", remote)
    if scp:
        host, path = scp.groups()
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("https", "http", "ssh", "git") or not parts.hostname:
            return ""
        host, path = parts.hostname, parts.path  # username/password (tokens) are dropped here
    path = path.strip("/").removesuffix(".git")
    if not path or not re.fullmatch(r"[\w.~/-]+", path):
        return ""
    return urlunsplit(("https", host, "/" + path, "", ""))


def _branch(root: Path) -> str:
    """The remote's default branch, percent-encoded for a URL: a branch name may
    hold `"`, `'`, `<` or `>`, which must never reach an attribute as they are."""
    try:
        head = gitsnap.git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD").strip()
        return quote(head.removeprefix("origin/"), safe="/") or "main"
    except gitsnap.GitError:
        return "main"


def derive(root: Path, docs_dir: str) -> tuple[str, str]:
    """(repo_url, edit_uri) from the git remote, or ('', '')."""
    try:
        remote = gitsnap.git(root, "remote", "get-url", "origin").strip()
        inside = gitsnap.prefix(root)
    except gitsnap.GitError:
        return "", ""
    repo_url = web_url(remote)
    if not repo_url:
        return "", ""
    host = urlsplit(repo_url).hostname or ""
    branch = _branch(root)
    if "github" in host:
        return repo_url, f"edit/{branch}/{inside}{docs_dir}/"
    if "gitlab" in host:
        return repo_url, f"-/edit/{branch}/{inside}{docs_dir}/"
    return repo_url, ""


def from_config(conf, root: Path) -> EditLinks:
    """Edit links for this build; fills `repo_url`/`edit_uri` from git when unset, so Material's
    edit button appears too."""
    docs_rel = _docs_folder(conf, root)
    repo_url, edit_uri = conf.get("repo_url") or "", conf.get("edit_uri") or ""
    if repo_url and edit_uri in MKDOCS_DEFAULTS and docs_rel != "docs":
        conf["edit_uri"] = edit_uri = _moved_default(root, edit_uri, docs_rel)
    if not repo_url:
        repo_url, edit_uri = _fill_from_git(conf, root, docs_rel, edit_uri)
    if not edit_uri or not (repo_url or urlsplit(edit_uri).scheme):
        return EditLinks()
    return links(repo_url, edit_uri, docs_rel)


def _docs_folder(conf, root: Path) -> str:
    """`docs_dir` relative to the project root when inside it, as configured otherwise."""
    docs_dir = Path(conf.get("docs_dir") or "docs")
    if docs_dir.is_absolute() and docs_dir.is_relative_to(root):
        return docs_dir.relative_to(root).as_posix()
    return docs_dir.as_posix()


def _moved_default(root: Path, edit_uri: str, docs_rel: str) -> str:
    """MkDocs' guess assumes docs_dir "docs" on branch master: point it at our folder."""
    edit_uri = edit_uri.replace("master", _branch(root)).replace("default", _branch(root))
    return edit_uri[: -len("docs/")] + docs_rel + "/"


def _fill_from_git(conf, root: Path, docs_rel: str, edit_uri: str) -> tuple[str, str]:
    """(repo_url, edit_uri) with what the git remote gives, also set in `conf`."""
    repo_url, derived_uri = derive(root, docs_rel)
    if repo_url:
        conf["repo_url"] = repo_url
        if not conf.get("repo_name"):  # MkDocs names the repository only while it reads mkdocs.yml
            conf["repo_name"] = repository_name(repo_url)
        if not edit_uri and derived_uri:
            conf["edit_uri"] = edit_uri = derived_uri
    return repo_url, edit_uri


def repository_name(repo_url: str) -> str:
    """The name MkDocs gives a repository from its URL (config_options.RepoURL)."""
    host = urlsplit(repo_url).netloc.lower()
    known = {"github.com": "GitHub", "bitbucket.org": "Bitbucket", "gitlab.com": "GitLab"}
    return known.get(host) or host.split(".")[0].title()


def links(repo_url: str, edit_uri: str, docs_dir: str) -> EditLinks:
    """Project-root prefixes from a docs-folder `edit_uri`; empty when it does not end with `docs_dir`."""
    folder = edit_uri.rstrip("/")
    if not folder.endswith(docs_dir.strip("/")):
        return EditLinks()
    root_uri = folder[: len(folder) - len(docs_dir.strip("/"))]
    edit_root = urljoin(repo_url.rstrip("/") + "/", root_uri) if repo_url else root_uri
    if not edit_root.endswith("/"):
        edit_root += "/"
    if not urlsplit(edit_root).scheme in ("http", "https"):
        return EditLinks()
    view_root = ""
    for edit, blob in (("/-/edit/", "/-/blob/"), ("/edit/", "/blob/")):
        if edit in edit_root:
            view_root = edit_root.replace(edit, blob, 1)
            break
    return EditLinks(edit_root, view_root)
