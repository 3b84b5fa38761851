"""Edit links follow MkDocs' repo_url/edit_uri and resolve to files that exist."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import mkdocs_build
from gitrepo import Repo
from playbook_kit.views.edit_links import EditLinks, links, web_url

REPO = "https://github.com/example/playbook"


@pytest.mark.parametrize("remote, url", [
    ("git@github.com:org/repo.git", "https://github.com/org/repo"),
    ("https://github.com/org/repo.git", "https://github.com/org/repo"),
    ("https://x-access-token:SECRET@github.com/org/repo.git", "https://github.com/org/repo"),
    ("ssh://git@gitlab.example.com/group/sub/repo.git", "https://gitlab.example.com/group/sub/repo"),
    ("/srv/git/repo.git", ""),
    ("file:///srv/git/repo.git", ""),
    ("https://github.com/org/repo\"><script>", ""),
])
def test_remote_to_web_url(remote, url):
    assert web_url(remote) == url


def test_links_from_edit_uri():
    github = links(REPO, "edit/main/playbooks/", "playbooks")
    assert github.edit("data/ka/rtmart.yml") == f"{REPO}/edit/main/data/ka/rtmart.yml"
    assert github.line("data/ka/rtmart.yml", 12) == f"{REPO}/blob/main/data/ka/rtmart.yml#L12"
    gitlab = links("https://gitlab.com/g/r", "-/edit/main/site/playbooks/", "playbooks")
    assert gitlab.line("data/x.yml", 3) == "https://gitlab.com/g/r/-/blob/main/site/data/x.yml#L3"
    assert links(REPO, "edit/main/docs/", "playbooks") == EditLinks()   # not our docs folder: no guessing
    assert EditLinks().edit("data/x.yml") == "" and EditLinks().line("data/x.yml", 3) == ""


def _hrefs(site: Path) -> list[tuple[Path, str]]:
    found = []
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            found.append((page, unescape(href)))
    return found


def _check_links(project: Path, site: Path, prefix: str) -> int:
    """Every edit and line link names an existing file (and a record's `id:` line)."""
    count = 0
    for page, href in _hrefs(site):
        for kind in ("edit", "blob"):
            start = f"{prefix}/{kind}/main/"
            if href.startswith(start):
                path, _, anchor = href[len(start):].partition("#")
                target = project / path
                assert target.is_file(), (page, href)
                if anchor:
                    line = int(anchor.removeprefix("L"))
                    assert "id:" in target.read_text(encoding="utf-8").split("\n")[line - 1], (page, href)
                count += 1
    return count


@pytest.mark.build
def test_build_with_repo_url(project):
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8")
                                        + f"repo_url: {REPO}\nedit_uri: edit/main/playbooks/\n", encoding="utf-8")
    run = mkdocs_build(project)
    assert run.returncode == 0, run.output
    site = project / "site"
    assert _check_links(project, site, REPO) > 200
    page = (site / "dealer" / "development" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPO}/edit/main/playbooks/dealer/development.md"' in page            # Material's button, our footer
    assert f'href="{REPO}/edit/main/data/dealer/development.yml"' in page
    assert re.search(rf'href="{REPO}/blob/main/data/dealer/development.yml#L\d+"', page)   # a record's line
    role = (site / "roles" / "dealer" / "index.html").read_text(encoding="utf-8")
    assert "/edit/main/playbooks/roles/" not in role   # generated page: nothing to edit, no dead link


@pytest.mark.build
def test_repo_derived_from_git_remote(project):
    """No repo_url: the origin remote gives it (token dropped), edit_uri points at playbooks/."""
    repo = Repo(project)
    repo.git("init", "-q", "-b", "main")
    repo.git("remote", "add", "origin", "https://x-access-token:SECRET@github.com/example/playbook.git")
    run = mkdocs_build(project, env={"PLAYBOOK_BUILD_CHILD": "1"})  # the forked build, as CI's
    assert run.returncode == 0, run.output
    assert _check_links(project, project / "site", REPO) > 200
    assert "SECRET" not in (project / "site" / "index.html").read_text(encoding="utf-8")
    page = (project / "site" / "ka" / "rtmart" / "index.html").read_text(encoding="utf-8")
    # the parent's MkDocs got repo_url too: Material's edit button and repository link,
    # the link without the widget that calls the hosting site's API from readers' browsers
    assert f'href="{REPO}/edit/main/playbooks/ka/rtmart.md"' in page and 'rel="edit"' in page
    assert f'href="{REPO}" title=' in page and 'data-md-component="source"' not in page
    assert re.search(r'md-source__repository">\s*GitHub\s*<', page)  # named as MkDocs names it, not "None"
    assert 'title=\"编辑此页\" class=\"md-content__button' in page


@pytest.mark.build
def test_no_repository_shows_paths_as_text(project):
    """Outside git and without repo_url: paths as text, no link that goes nowhere, no error."""
    run = mkdocs_build(project)
    assert run.returncode == 0, run.output
    page = (project / "site" / "ka" / "rtmart" / "index.html").read_text(encoding="utf-8")
    assert '<code data-file="data/ka/rtmart.yml">data/ka/rtmart.yml</code>' in page
    assert "/edit/" not in page and 'rel="edit"' not in page
