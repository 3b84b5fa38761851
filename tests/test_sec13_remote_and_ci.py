"""Family 13: what the repository's remote and the CI workflow can do to the site.

On the main of 2026-12-02, with a git remote, the forked build had no
repository link or edit button while the one-process build had both (the
child derived `repo_url` in its own copy of the configuration); a quote in the
remote's default branch name became a live attribute on the edit button;
Material's repository widget asked the hosting site's API from every reader's
browser; the workflow's actions were pinned to tags and its checkouts kept
their credentials (zizmor: unpinned-uses, artipacked).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.theme import Theme

from conftest import ROOT
from gitrepo import Repo
from playbook_kit.build import build_child
from playbook_kit.engines import macros_plugin

BRANCH = 'x"onmouseover="alert(1)'
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# installed with the test extra, beside this interpreter
ZIZMOR = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")


@pytest.fixture
def remote_repo(tmp_path) -> Path:
    """A repository whose remote's default branch name holds a quote."""
    (tmp_path / "playbooks").mkdir()
    repo = Repo(tmp_path)
    repo.git("init", "-q", "-b", "main")
    repo.git("remote", "add", "origin", "https://github.com/example/playbook.git")
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", f"refs/remotes/origin/{BRANCH}")
    return tmp_path


class _Forked(Exception):
    pass


def test_the_build_child_and_one_process_see_the_same_repository_settings(remote_repo, monkeypatch):
    seen = {}

    def fork(root, conf, explain, meanwhile):
        seen.update(conf)  # what the parent's MkDocs will render with
        raise _Forked

    monkeypatch.setattr(build_child, "wanted", lambda: True)
    monkeypatch.setattr(build_child, "run", fork)
    with pytest.raises(_Forked):
        macros_plugin.prepare({"docs_dir": str(remote_repo / "playbooks")}, remote_repo)
    assert seen["repo_url"] == "https://github.com/example/playbook" and seen["repo_name"] == "GitHub"
    assert seen["edit_uri"] == "edit/x%22onmouseover%3D%22alert%281%29/playbooks/"  # the quote stays in the URL


def render_partial(name: str, **context) -> str:
    theme = Theme(name="material", custom_dir=str(ROOT / "playbook_kit" / "theme"))
    return theme.get_env().get_template(name).render(**context)


def test_the_repository_link_asks_no_api_from_readers_browsers():
    config = {"repo_url": 'https://github.com/example/playbook"x', "repo_name": "<b>playbook</b>",
              "theme": {"icon": {}}}
    html = render_partial("partials/source.html", config=config, lang=type("L", (), {"t": lambda self, key: key})())
    assert 'class="md-source"' in html
    assert "data-md-component" not in html  # Material's "source" component fetches stars and forks
    assert 'href="https://github.com/example/playbook&#34;x"' in html and "<b>" not in html


def uses(workflow: Path) -> list[tuple[str, dict]]:
    steps = []
    for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values():
        steps += [(step["uses"], step.get("with") or {}) for step in job.get("steps", []) if "uses" in step]
    return steps


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_actions_are_pinned_and_checkouts_drop_their_credentials(workflow):
    found = uses(workflow)
    assert found
    for action, settings in found:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        if action.startswith("actions/checkout@"):
            assert settings.get("persist-credentials") is False, (workflow.name, settings)


@pytest.mark.skipif(ZIZMOR is None, reason="zizmor is not installed (pip install -e '.[test]')")
def test_zizmor_finds_nothing_in_the_workflows():
    run = subprocess.run([ZIZMOR, "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
