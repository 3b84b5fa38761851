"""The editors' pre-commit hooks, as the editing guide sets them up: from a fresh clone, committing
without activating anything, with no package index (the hooks only run the repository's .venv)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from gitrepo import GIT_ENV, Repo

# every hook in its own process, as editors run them: with the builds, out of the fast loop
pytestmark = [pytest.mark.build, pytest.mark.slow]

PARTS = ("schemas", ".yamllint.yml", ".pre-commit-config.yaml", ".ci")
RT = "data/ka/rtmart.yml"


def _pre_commit() -> None:
    try:
        import pre_commit  # noqa: F401  (only whether it is installed)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must install pre-commit (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed")


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Repo:
    """A fresh clone of a repository holding the project, its .venv the one running the tests,
    and `pre-commit install` done as the guide says (.venv/bin/pre-commit install)."""
    _pre_commit()
    base = tmp_path_factory.mktemp("precommit")
    origin = Repo(copy_project(base / "origin"))
    for part in PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, origin.path / part)
    origin.git("init", "-q", "-b", "main")
    origin.commit("基础版本")
    subprocess.run(["git", "clone", "-q", str(origin.path), str(base / "clone")], check=True, timeout=60,
                   env=dict(os.environ, **GIT_ENV))
    repo = Repo(base / "clone")
    (repo.path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    with open(repo.path / ".git" / "info" / "exclude", "a", encoding="utf-8") as exclude:
        exclude.write("/.venv\n")  # a link, which `.venv/` in .gitignore (folders only) does not cover
    result = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo.path, capture_output=True,
                            text=True, timeout=120, env=_editor_env())
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def _editor_env() -> dict[str, str]:
    """An editor's shell: no virtual environment active, system tools only; no package index reachable."""
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(GIT_ENV, PATH="/usr/bin:/bin", PIP_INDEX_URL="http://127.0.0.1:9/", PIP_NO_INDEX="1",
               PRE_COMMIT_HOME=env.get("PRE_COMMIT_HOME", str(Path.home() / ".cache" / "pre-commit")))
    return env


def _commit(repo: Repo, message: str) -> subprocess.CompletedProcess:
    subprocess.run(["git", "add", "-A"], cwd=repo.path, check=True, env=_editor_env(), timeout=60)
    return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo.path, capture_output=True, text=True,
                          env=_editor_env(), timeout=600)


def test_commit_from_a_fresh_clone_runs_every_hook(clone):
    path = clone.path / RT
    path.write_text(path.read_text(encoding="utf-8").replace("        actor: dealer\n", "        actor: 经销商\n", 1),
                    encoding="utf-8")
    refused = _commit(clone, "岗位写成中文")
    output = refused.stdout + refused.stderr
    assert refused.returncode == 1, output
    assert "“经销商” 的编号是 “dealer”" in output and "Failed" in output
    path.write_text(path.read_text(encoding="utf-8").replace("        actor: 经销商\n", "        actor: dealer\n", 1),
                    encoding="utf-8")
    (clone.path / "data" / "terms.yml").write_text(
        (clone.path / "data" / "terms.yml").read_text(encoding="utf-8").replace("全国连锁的大型超市（大卖场）",
                                                                              "全国连锁的大型超市", 1), encoding="utf-8")
    accepted = _commit(clone, "术语措辞")
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    for hook in ("YAML 格式(yamllint)", "数据文件符合 JSON Schema", "数据检查"):
        line = next(l for l in output.splitlines() if l.startswith(hook))
        assert line.endswith("Passed"), line
