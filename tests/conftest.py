"""Shared fixtures: a throw-away copy of the project, and one real site build."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("data", "checklists", "playbooks", "macros", "playbook_kit", "mkdocs.yml")
CHROMIUM = Path("/usr/bin/chromium")


@dataclass
class Run:
    returncode: int
    output: str


def copy_project(target: Path) -> Path:
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def mkdocs_build(project: Path, site_dir: Path | None = None) -> Run:
    site_dir = site_dir or project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site_dir)],
                            cwd=project, capture_output=True, text=True, env=env, timeout=300)
    return Run(result.returncode, result.stdout + result.stderr)


def editor_check(project: Path, *flags: str) -> Run:
    result = subprocess.run([sys.executable, "-m", "playbook_kit", "check", "--root", str(project), *flags],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    return Run(result.returncode, result.stdout + result.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A full copy of the project that a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with `mkdocs build --strict`."""
    site_dir = tmp_path_factory.mktemp("site")
    run = mkdocs_build(ROOT, site_dir)
    assert run.returncode == 0, run.output
    return site_dir


def require_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("needs /usr/bin/chromium (apt install chromium fonts-noto-cjk)")
