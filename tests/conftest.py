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
    # no -q: it drops the warnings strict mode counts, and a broken anchor would build with rc 0
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
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


@dataclass
class Poisoned:
    project: Path
    site: Path
    fields: int       # free-text values that carry the payload
    build: Run


def poison_project(project: Path) -> int:
    """Put the payload into every free-text value the checks still accept."""
    from inertness import PAGE_PAYLOAD, poison_yaml_text
    from playbook_kit.build.validate import validate
    originals: dict[Path, list[str]] = {}
    for folder in ("data", "checklists"):
        for path in sorted((project / folder).rglob("*.yml")):
            text = path.read_text(encoding="utf-8")
            originals[path] = text.split("\n")
            path.write_text(poison_yaml_text(text)[0], encoding="utf-8")
    for _ in range(8):
        _, problems = validate(project)
        errors = [p for p in problems if p.is_error]
        if not errors:
            break
        for problem in errors:  # a value the model constrains (an enum, a unit): keep it as it was
            if _revert_quoted(originals, problem.message):
                continue  # a poisoned name checked where it is used (a role named in a fragment)
            path = project / problem.path
            lines = path.read_text(encoding="utf-8").split("\n")
            original = originals[path]
            if 0 < problem.line <= len(lines) and lines[problem.line - 1] != original[problem.line - 1]:
                lines[problem.line - 1] = original[problem.line - 1]
            else:
                lines = list(original)
            path.write_text("\n".join(lines), encoding="utf-8")
    page = project / "playbooks" / "ka" / "rtmart.md"
    page.write_text(page.read_text(encoding="utf-8") + PAGE_PAYLOAD, encoding="utf-8")
    return sum(1 for path, original in originals.items()
               for new, old in zip(path.read_text(encoding="utf-8").split("\n"), original) if new != old)


def _revert_quoted(originals: dict, message: str) -> bool:
    """Revert, in every file, the lines that carry the poisoned value a message quotes."""
    import re
    from inertness import PAYLOAD
    match = re.search(r"“([^“”]*?)" + re.escape(PAYLOAD[:12]), message)
    if not match:
        return False
    needle, reverted = match.group(1) + PAYLOAD[:12], False
    for path, original in originals.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for index, line in enumerate(lines):
            if needle in line and line != original[index]:
                lines[index], reverted = original[index], True
        path.write_text("\n".join(lines), encoding="utf-8")
    return reverted


@pytest.fixture(scope="session")
def poisoned(tmp_path_factory) -> Poisoned:
    """The real project with a payload in every free-text field and in a page, built once."""
    project = copy_project(tmp_path_factory.mktemp("poisoned") / "project")
    fields = poison_project(project)
    run = mkdocs_build(project)
    return Poisoned(project, project / "site", fields, run)
