"""The page a piece of HTML is rendered for, and the links written on it.

A `PageContext` is made once per page (`PageContext.of`) and passed to what
renders for that page: nothing keeps "the current page" between calls.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from playbook_kit.source.project_files import page_url


def page_base(page_url: str) -> str:
    """Relative path from a page back to the site root: `ka/rtmart/` (directory
    URLs) and `ka/rtmart.html` (offline build) both give `../`-style prefixes."""
    directory = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    depth = len([part for part in directory.split("/") if part])
    return "../" * depth


@dataclass(frozen=True)
class PageContext:
    """One page being rendered: its file, the way back to the site root, the URL style."""
    path: str                   # the page file, `playbooks/ka/rtmart.md`
    base: str                   # relative path from the page to the site root, `../../`
    directory_urls: bool = True  # MkDocs' use_directory_urls (False in the offline build)

    @classmethod
    def of(cls, path: str, directory_urls: bool = True, links_from_source: bool = False) -> PageContext:
        """The context of page file `path`. MkDocs leaves a relative link in HTML
        as written (relative to the page's URL); Zensical resolves it from the
        page's Markdown file (`links_from_source`), like a link to a .md file."""
        return cls(path, page_base(page_url(path, directory_urls and not links_from_source)), directory_urls)

    def link(self, target: str, docs_dir: Path) -> str:
        """A link from this page to `target` (a site path like `glossary/#x`)."""
        path, hash_, anchor = target.partition("#")
        if not self.directory_urls and (path == "" or path.endswith("/")):
            path = _offline_path(path.rstrip("/"), docs_dir)
        target = path + hash_ + anchor
        return posixpath.join(self.base, target) if self.base else target


def _offline_path(stem: str, docs_dir: Path) -> str:
    """The file a folder-style site path is in the offline build."""
    if not stem:
        return "index.html"
    if (docs_dir / stem / "index.md").exists():
        return stem + "/index.html"
    return stem + ".html"
