"""Compiled templates are kept in .cache/jinja/ only where nobody else can have
written them (template_cache.py): a git work tree with nothing tracked under
.cache/, and .cache a real folder. Anything else compiles as before."""
from __future__ import annotations

import os
from pathlib import Path

from gitrepo import make_repo
from playbook_kit.source.catalog import load_catalog
from playbook_kit.render.renderer import Renderer
from playbook_kit.render.template_cache import trusted_cache_dir
from playbook_kit.render.templating import template_environment


def render_procedure(root: Path) -> str:
    return Renderer(load_catalog(root)).record("procedures", "rtmart-new-product")


def test_a_clean_work_tree_keeps_compiled_templates(tmp_path):
    repo = make_repo(tmp_path)
    assert trusted_cache_dir(repo.path) == repo.path / ".cache" / "jinja"
    first = render_procedure(repo.path)
    cached = sorted((repo.path / ".cache" / "jinja").iterdir())
    assert cached, "no compiled template was kept"
    assert render_procedure(repo.path) == first


def test_garbage_in_the_cache_is_compiled_over(tmp_path):
    repo = make_repo(tmp_path)
    first = render_procedure(repo.path)
    for file in (repo.path / ".cache" / "jinja").iterdir():
        file.write_bytes(b"not a compiled template")
    template_environment.cache_clear()  # a new process: the cache is read again
    assert render_procedure(repo.path) == first


def test_a_tracked_file_under_cache_turns_the_cache_off(tmp_path):
    """A pull request can only bring files into .cache/ by a forced add."""
    repo = make_repo(tmp_path)
    (repo.path / ".cache" / "jinja").mkdir(parents=True)
    (repo.path / ".cache" / "jinja" / "__jinja2_x.cache").write_bytes(b"payload")
    repo.git("add", "-f", ".cache/jinja/__jinja2_x.cache")
    repo.git("commit", "-q", "-m", "缓存")
    assert trusted_cache_dir(repo.path) is None


def test_a_symlinked_cache_or_no_git_turns_the_cache_off(tmp_path):
    repo = make_repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, repo.path / ".cache")
    assert trusted_cache_dir(repo.path) is None

    plain = tmp_path / "plain"
    plain.mkdir()
    assert trusted_cache_dir(plain) is None
    assert not (plain / ".cache").exists()
