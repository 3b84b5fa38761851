"""The editors' pre-commit hooks install from the package index and pass on the project."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from gitrepo import Repo

# every hook in its own process, as editors run them: with the builds, out of the fast loop
pytestmark = [pytest.mark.build, pytest.mark.slow]

PARTS = ("schemas", ".yamllint.yml", ".pre-commit-config.yaml")


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must install pre-commit (pip install -e '.[test]')")
        pytest.skip("pre-commit is not installed")
    return [sys.executable, "-m", "pre_commit"]


def _repo(tmp_path: Path) -> Repo:
    project = copy_project(tmp_path / "repo")
    for part in PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
    repo = Repo(project)
    repo.git("init", "-q", "-b", "main")
    repo.git("add", "-A")
    return repo


def _run(command: list[str], repo: Repo, tmp_path: Path) -> subprocess.CompletedProcess:
    # the playbook-check hook runs `python -m playbook_kit`: the interpreter running the tests
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               PRE_COMMIT_HOME=os.environ.get("PRE_COMMIT_HOME", str(Path.home() / ".cache" / "pre-commit")))
    result = subprocess.run([*command, "run", "--all-files"], cwd=repo.path, capture_output=True, text=True,
                            env=env, timeout=900)
    if result.returncode != 0 and "CalledProcessError" in result.stdout + result.stderr \
            and "pip" in result.stdout + result.stderr and not os.environ.get("CI"):
        pytest.skip("pre-commit could not install its hook environments (no package index?)")
    return result


def test_pre_commit_passes_on_the_project(tmp_path):
    command = _pre_commit()
    repo = _repo(tmp_path)
    result = _run(command, repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for hook in ("YAML 格式(yamllint)", "数据文件符合 JSON Schema", "检查表文件符合 JSON Schema", "数据检查"):
        line = next(l for l in result.stdout.splitlines() if l.startswith(hook))
        assert line.endswith("Passed"), line


def test_pre_commit_catches_a_slip(tmp_path):
    command = _pre_commit()
    repo = _repo(tmp_path)
    path = repo.path / "data" / "ka" / "rtmart.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("        actor: dealer\n", "        actor: 经销商\n", 1),
                    encoding="utf-8")
    repo.git("add", "-A")
    result = _run(command, repo, tmp_path)
    assert result.returncode == 1
    assert "“经销商” 的编号是 “dealer”" in result.stdout
    assert "Failed" in result.stdout
