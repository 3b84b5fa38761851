"""The package as users get it: a wheel built from the sources, installed into a fresh
virtual environment outside the repository, builds the site from a copy of the content.

The wheel must carry everything besides Python the site needs (templates, the search
worker prelude, the theme). The fresh environment gets the wheel with `--no-deps`; its
dependencies (MkDocs, Material, ...) come from the test environment's site-packages
through a `.pth` line, which adds those folders to `sys.path` without running their
`.pth` files, so the repository's editable install of playbook_kit stays out of reach.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

pytestmark = [pytest.mark.slow, pytest.mark.build]

CONTENT = ("data", "checklists", "playbooks", "macros", "mkdocs.yml")
PACKAGE_DATA = ("playbook_kit/engines/search_worker.js", "playbook_kit/theme/partials/copyright.html",
                "playbook_kit/theme/assets/playbook.css", "playbook_kit/render/templates/procedures.html")


def run(*args: str, cwd: Path, env: dict | None = None, timeout: int = 600) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})))
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (the build leaves nothing in the repository)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "playbook_kit", source / "playbook_kit", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(source), cwd=work)
    [built] = (work / "dist").glob("*.whl")
    return built


def test_the_wheel_carries_every_file_the_site_needs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.relative_to(ROOT).as_posix() for p in (ROOT / "playbook_kit/render/templates").glob("*.html")}
    theme = {p.relative_to(ROOT).as_posix() for p in (ROOT / "playbook_kit/theme").rglob("*") if p.is_file()}
    assert templates and theme
    assert sorted(templates - names) == [] and sorted(theme - names) == []
    assert set(PACKAGE_DATA) <= names


def fresh_environment(wheel: Path, folder: Path) -> Path:
    """A new virtual environment holding the wheel; its python."""
    run(sys.executable, "-m", "venv", "--without-pip", str(folder), cwd=folder.parent)
    python = folder / "bin" / "python"
    purelib = Path(run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                       cwd=folder).strip())
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "test-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel), cwd=folder)
    return python


def test_the_installed_wheel_builds_the_site(wheel, tmp_path):
    python = fresh_environment(wheel, tmp_path / "venv")
    package = Path(run(str(python), "-c", "import playbook_kit, pathlib; print(pathlib.Path(playbook_kit.__file__).parent)",
                       cwd=tmp_path).strip())
    assert package.is_relative_to(tmp_path / "venv"), package  # the wheel's copy, not the repository's
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project, CONTENT)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "custom_dir: playbook_kit/theme\n" in text and "  - playbook_kit\n" in text
    # the theme comes from the installed package; there is no playbook_kit/ folder to watch
    config.write_text(text.replace("custom_dir: playbook_kit/theme\n", f"custom_dir: {package / 'theme'}\n")
                      .replace("  - playbook_kit\n", ""), encoding="utf-8")
    run(str(python), "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site"), cwd=project)
    site = tmp_path / "site"
    assert "大润发" in (site / "ka" / "rtmart" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "playbook.css").read_bytes() == (ROOT / "playbook_kit/theme/assets/playbook.css").read_bytes()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-copyright"' in home and "Made with" not in home  # the theme's copyright partial
    worker = next(site.glob("assets/javascripts/workers/search.*.min.js")).read_text(encoding="utf-8")
    prelude = (ROOT / "playbook_kit/engines/search_worker.js").read_text(encoding="utf-8").strip()
    assert prelude.splitlines()[-1] in worker  # the search worker prelude was patched in
    assert not (project / "playbook_kit").exists()
