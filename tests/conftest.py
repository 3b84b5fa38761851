"""Shared fixtures: a throw-away copy of the project, one validated catalogue, one real
site build, one HTTP server and one Chromium for the whole session; the markers.

Markers (registered in pyproject.toml, `--strict-markers`):
- `build`: the whole tool chain: `mkdocs build` or `mkdocs serve` (the `site` fixture, or a
  build of its own), every page staged for Zensical, the pre-commit hooks, the wheel;
- `browser`: Chromium through Playwright (the `chromium` fixture) or the `pdf` command;
- `slow`: installs an environment (the wheel's; pre-commit's hooks on a first run).
Tests using `site`, `poisoned` or `chromium` are marked from their fixtures; a test that
builds or opens a browser by itself carries the marker, and the helpers below fail loudly
when it does not, so `pytest -m "not browser and not build"` stays the fast inner loop.
"""
from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser import browser
from inertness import PAGE_PAYLOAD, PAYLOAD, poison_yaml_text
from playbook_kit.build.validate import validate
from playbook_kit.cli.main import main as cli_main
from playbook_kit.cli.printing import serve
from playbook_kit.source.catalog import load_catalog

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("data", "checklists", "playbooks", "macros", "playbook_kit", "mkdocs.yml")
CHROMIUM = Path("/usr/bin/chromium")

# fixtures that make a full build or drive the browser: their users get the marker
BUILD_FIXTURES = frozenset({"site", "poisoned"})
BROWSER_FIXTURES = frozenset({"chromium"})
_running: list[pytest.Item] = []
TRACKED_BEFORE = pytest.StashKey[str | None]()


def pytest_collection_modifyitems(items):
    for item in items:
        names = set(item.fixturenames)
        if names & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


def tracked_changes() -> str | None:
    """Every difference of the tracked files from HEAD (None outside a git work tree)."""
    result = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=ROOT, capture_output=True, timeout=120)
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def pytest_sessionstart(session):
    session.config.stash[TRACKED_BEFORE] = tracked_changes()


def pytest_sessionfinish(session, exitstatus):
    """A test run never changes a tracked file: a failure under CI, a warning elsewhere
    (where an editor may have saved a file while the tests ran)."""
    before = session.config.stash.get(TRACKED_BEFORE, None)
    if before is None or tracked_changes() == before:
        return
    writer = session.config.get_terminal_writer()
    writer.line()
    writer.line("the test run changed tracked files (see `git status`): tests must write into tmp_path", red=True)
    if os.environ.get("CI"):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def require_marker(name: str) -> None:
    """Fail a test that does something slow its markers do not admit (it would slow the fast loop)."""
    if _running and _running[-1].get_closest_marker(name) is None:
        pytest.fail(f"{_running[-1].nodeid} needs @pytest.mark.{name}", pytrace=False)


@dataclass
class Run:
    returncode: int
    output: str


def copy_project(target: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def mkdocs_build(project: Path, site_dir: Path | None = None, env: dict[str, str] | None = None,
                 strict: bool = True) -> Run:
    """`mkdocs build --strict` in a child process, as editors and CI run it
    (`strict=False` only where the test is about the output of a page MkDocs
    itself would warn about)."""
    require_marker("build")
    site_dir = site_dir or project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    # no -q: it drops the warnings strict mode counts, and a broken anchor would build with rc 0
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict", "-d", str(site_dir)],
                            cwd=project, capture_output=True, text=True, env=env, timeout=300)
    return Run(result.returncode, result.stdout + result.stderr)


@contextlib.contextmanager
def environment(changes: dict[str, str] | None):
    """os.environ with `changes` applied, restored afterwards."""
    saved = dict(os.environ)
    os.environ.update(changes or {})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def cli(*args: str, env: dict[str, str] | None = None) -> Run:
    """`python -m playbook_kit ARGS`, run in this process: its exit code and everything it printed."""
    output = io.StringIO()
    with environment(env), contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        try:
            code = cli_main(list(args))
        except SystemExit as exit:  # argparse refusing the arguments
            code = exit.code
    return Run(code, output.getvalue())


def editor_check(project: Path, *flags: str, env: dict[str, str] | None = None) -> Run:
    return cli("check", "--root", str(project), *flags, env=env)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A full copy of the project that a test may break."""
    return copy_project(tmp_path / "project")


@functools.cache
def record_ids(kind: str) -> list[str]:
    """The real records' ids of one kind, for parametrize: read, not validated (collection stays fast)."""
    return sorted(load_catalog(ROOT).kind(kind))


@pytest.fixture(scope="session")
def validated():
    """(catalogue, problems) of the real project, validated once; tests only read them."""
    return validate(ROOT)


@pytest.fixture(scope="session")
def catalog(validated):
    """The real catalogue, validated once and free of errors; tests only read it."""
    catalog, problems = validated
    assert not [p.format() for p in problems if p.is_error]
    return catalog


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with `mkdocs build --strict`; tests only read it. Where the
    system can fork, always in the build child (test_build_child compares it with one process)."""
    site_dir = tmp_path_factory.mktemp("site")
    run = mkdocs_build(ROOT, site_dir, env={"PLAYBOOK_BUILD_CHILD": "1"} if hasattr(os, "fork") else None)
    assert run.returncode == 0, run.output
    return site_dir


@pytest.fixture(scope="session")
def site_url(site) -> str:
    """The built site on one loopback HTTP server for the session."""
    with serve(site) as base:
        yield base


def require_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("needs /usr/bin/chromium (apt install chromium fonts-noto-cjk)")


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium (Debian's, through Playwright) for the session; each
    `new_page()` opens its own context, so pages share no storage."""
    require_chromium()
    with browser() as instance:
        yield instance


@pytest.fixture(scope="session")
def served(site_url, chromium):
    """(base URL of the built site, the browser)."""
    return site_url, chromium


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where a test saves its screenshots: $PLAYBOOK_SCREENSHOTS (the repository's
    screenshots/ when refreshing them), else the test's temporary directory."""
    folder = Path(os.environ.get("PLAYBOOK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def print_pdf(chromium):
    """Print a page of the served site to a PDF through the session's browser, as the
    `pdf` command prints (A4 from the page's own @page rule, backgrounds on)."""
    def print_page(url: str, target: Path) -> Path:
        page = chromium.new_page()
        try:
            page.goto(url, wait_until="networkidle")
            page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
        finally:
            page.context.close()
        return target
    return print_page


@dataclass
class Poisoned:
    project: Path
    site: Path
    fields: int       # free-text values that carry the payload
    build: Run


def poison_project(project: Path) -> int:
    """Put the payload into every free-text value the checks still accept."""
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
    # not strict: MkDocs warns about the payload's `javascript:` link (an
    # unrecognised relative link), and the point here is what the site holds
    run = mkdocs_build(project, strict=False)
    return Poisoned(project, project / "site", fields, run)
