"""Material for MkDocs ends in May 2027: the site must build with its successors.

- ProperDocs (a MkDocs 1.x fork, in the `[test]` extra) must build the same
  site byte for byte. Only the generator tag differs by design
  (`mkdocs-1.6.1, …` / `mkdocs-ProperDocs 1.6.7, …`): that one tag is
  normalised, and each build is checked to carry its own engine's tag.
- Zensical is a different stack (Rust, its own theme copy and search) and is
  not in the `[test]` extra: the test runs it when `PLAYBOOK_ZENSICAL` names
  its executable or `zensical` is on PATH (.ci/run installs it), and is skipped
  (visibly) otherwise, a failure under CI=true.
  docs/ARCHITECTURE.md, "Successor engines", says what a Zensical build still lacks.
"""
from __future__ import annotations

import gzip
import html as htmllib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from conftest import ROOT, Run, copy_project

GENERATOR = re.compile(rb'<meta name="generator" content="[^"<>]*">')
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


# --- comparing two builds --------------------------------------------------------------------
def _normalised(relative: str, data: bytes) -> bytes:
    """Exactly what may differ between two builds of the same sources."""
    if relative.endswith(".html"):
        # the engine names itself here; nothing else in a page may differ
        return GENERATOR.sub(b'<meta name="generator" content="">', data, count=1)
    if relative in ("sitemap.xml", "sitemap.xml.gz"):
        # the build date (the two builds may straddle midnight)
        return LASTMOD.sub(b"<lastmod></lastmod>", gzip.decompress(data) if relative.endswith(".gz") else data)
    return data


def site_differences(a: Path, b: Path) -> list[str]:
    """Every file that is missing on one side or differs after normalisation."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out = [f"only in first: {f}" for f in sorted(files_a - files_b)]
    out += [f"only in second: {f}" for f in sorted(files_b - files_a)]
    for relative in sorted(files_a & files_b):
        one, two = (a / relative).read_bytes(), (b / relative).read_bytes()
        if one != two and _normalised(relative, one) != _normalised(relative, two):
            out.append(f"differs: {relative}")
    return out


def test_site_comparison_sees_every_difference_but_the_generator_tag(tmp_path):
    """The comparison can fail: a changed byte, a missing file, a second meta tag."""
    page = (b'<html><head><meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">'
            b'<meta name="generator" content="x"></head><body>\xe5\xa4\xa7</body></html>')
    a, b = tmp_path / "a", tmp_path / "b"
    for site in (a, b):
        (site / "ka").mkdir(parents=True)
        (site / "ka/index.html").write_bytes(page)
        (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<url><lastmod>2026-11-27</lastmod></url>", mtime=0))
    (b / "ka/index.html").write_bytes(page.replace(b"mkdocs-1.6.1", b"mkdocs-ProperDocs 1.6.7"))
    (b / "sitemap.xml.gz").write_bytes(gzip.compress(b"<url><lastmod>2026-11-28</lastmod></url>", mtime=1))
    assert site_differences(a, b) == []
    (b / "ka/index.html").write_bytes(page.replace(b"\xe5\xa4\xa7", b"\xe5\xa4\xa8"))
    (b / "extra.js").write_bytes(b"")
    (b / "sitemap.xml.gz").write_bytes(gzip.compress(b"<url><loc>x</loc></url>"))
    assert site_differences(a, b) == ["only in second: extra.js", "differs: ka/index.html", "differs: sitemap.xml.gz"]
    (b / "ka/index.html").write_bytes(page.replace(b'content="x"', b'content="y"'))
    assert "differs: ka/index.html" in site_differences(a, b)  # only the first generator tag is normalised


# --- ProperDocs ---------------------------------------------------------------------------------
@pytest.mark.build
def test_properdocs_builds_the_same_site_byte_for_byte(site, tmp_path):
    if importlib.util.find_spec("properdocs") is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs the [test] extra, which includes properdocs")
        pytest.skip("properdocs is not installed: pip install -e '.[test]'")
    target = tmp_path / "properdocs-site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(target)],
                            cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    # each build really ran its own engine
    mkdocs_tag = GENERATOR.search((site / "index.html").read_bytes()).group()
    properdocs_tag = GENERATOR.search((target / "index.html").read_bytes()).group()
    assert b"mkdocs-1." in mkdocs_tag and b"ProperDocs" not in mkdocs_tag
    assert b"ProperDocs" in properdocs_tag
    pages = list(target.rglob("*.html"))
    assert len(pages) > 150 and (target / "search/search_index.json").is_file()
    assert site_differences(site, target) == [], f"ProperDocs build ({seconds:.1f} s) differs from MkDocs'"


# --- Zensical -----------------------------------------------------------------------------------
def zensical_executable() -> str:
    found = os.environ.get("PLAYBOOK_ZENSICAL") or shutil.which("zensical")
    if not found and os.environ.get("CI"):
        pytest.fail("CI must install Zensical (.ci/run sets up .venv-zensical and PLAYBOOK_ZENSICAL)")
    if not found:
        pytest.skip("Zensical is not installed (not part of the [test] extra): "
                    "set PLAYBOOK_ZENSICAL=/path/to/zensical, see docs/ARCHITECTURE.md, 'Successor engines'")
    if not Path(found).is_file():
        pytest.fail(f"PLAYBOOK_ZENSICAL={found} is not a file")
    return found


def zensical_build(project: Path, *args: str) -> Run:
    # mkdocs.yml names playbook_kit.render.markdown_policy: the project's package must be importable
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(project))
    result = subprocess.run([zensical_executable(), "build", *args], cwd=project, capture_output=True, text=True,
                            timeout=600, env=env)
    return Run(result.returncode, result.stdout + result.stderr)


def _page_html(site: Path, page: Path) -> Path:
    relative = page.relative_to(ROOT / "playbooks").with_suffix("")
    if relative.name == "index":
        return site / relative.parent / "index.html"
    return site / relative / "index.html"


def _article(html: str, footer: bool = True) -> tuple[list[str], list[str]]:
    """The page's content: its words and its link and picture addresses (the
    theme around it, and how the HTML is serialised, differ between engines)."""
    match = re.search(r'<article class="md-content__inner[^>]*>(.*)</article>', html, re.S)
    assert match, "no article in page"
    article = match.group(1)
    if not footer:
        article = article.split('<div class="pb-page-footer">')[0]
    # the glossary's marks are made by a MkDocs hook (Zensical runs none): the words they wrap count, not the marks
    article = re.sub(r'<abbr class="pb-gloss"[^>]*>(.*?)</abbr>', r"\1", article)
    words = htmllib.unescape(re.sub(r"<[^>]+>", " ", article)).split()
    return words, [htmllib.unescape(url) for url in re.findall(r'(?:href|src)="([^"]*)"', article)]


def clone_project(target: Path) -> Path:
    """A copy with the same git history (checklist versions, 最近更新) and the worktree's files."""
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(target)], check=True, timeout=120)
    subprocess.run(["git", "remote", "remove", "origin"], cwd=target, check=True, timeout=60)
    for part in ("data", "checklists", "playbooks", "macros", "playbook_kit", "mkdocs.yml", "zensical.yml"):
        path = target / part
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    copy_project(target / "_files")
    for part in (target / "_files").iterdir():
        os.replace(part, target / part.name)
    (target / "_files").rmdir()
    shutil.copy2(ROOT / "zensical.yml", target / "zensical.yml")
    return target


@pytest.fixture(scope="module")
def zensical_sites(tmp_path_factory) -> tuple[Path, Path]:
    """(plain, staged): `zensical build` on mkdocs.yml, and
    `python -m playbook_kit stage` + `zensical build -c -f zensical.yml`."""
    executable = zensical_executable()
    project = clone_project(tmp_path_factory.mktemp("zensical") / "project")
    run = zensical_build(project)
    assert run.returncode == 0, f"{executable} build failed:\n{run.output[-4000:]}"
    plain = project / "site-plain"
    os.replace(project / "site", plain)
    stage = subprocess.run([sys.executable, "-m", "playbook_kit", "stage", "--root", str(project)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert stage.returncode == 0 and "已写入 build/zensical-docs/" in stage.stdout, stage.stdout + stage.stderr
    run = zensical_build(project, "-c", "-f", "zensical.yml")
    assert run.returncode == 0, f"{executable} build -f zensical.yml failed:\n{run.output[-4000:]}"
    return plain, project / "site"


@pytest.mark.build
def test_zensical_builds_every_page_of_playbooks(zensical_sites, site):
    """Plain `zensical build`: every page's macros render into MkDocs' content."""
    plain, _ = zensical_sites
    pages = sorted((ROOT / "playbooks").rglob("*.md"))
    assert len(pages) > 30
    for page in pages:
        built = _page_html(plain, page)
        assert built.is_file(), f"Zensical did not build {page.relative_to(ROOT)}"
        html = built.read_text(encoding="utf-8")
        assert "Macro Rendering Error" not in html and "Macro Syntax Error" not in html, built
        expected = _article(_page_html(site, page).read_text(encoding="utf-8"), footer=False)
        assert _article(html) == expected, f"{page.relative_to(ROOT)}: content differs from the MkDocs build"
    # the 大润发 page carries every step of 新品进场, from the data
    from playbook_kit.source.catalog import load_catalog
    steps = load_catalog(ROOT).kind("procedures")["rtmart-new-product"].steps
    words, links = _article((plain / "ka/rtmart/index.html").read_text(encoding="utf-8"))
    assert len(steps) >= 5
    for step in steps:
        assert step.action in " ".join(words), step.action
    # links the macros write point where MkDocs' do (Zensical resolves them from the .md file)
    assert "../../sources/#src-rtmart-manual" in links and "../../checklists/checklist-rtmart-new-product/" in links
    # what the MkDocs hooks add is missing here (docs/ARCHITECTURE.md, Successor engines)
    assert not (plain / "roles/dealer/index.html").exists() and not (plain / "assets/glossary-data.js").exists()


@pytest.mark.build
def test_zensical_staged_build_is_the_mkdocs_site_page_for_page(zensical_sites, site):
    """With the generated pages staged, every page MkDocs builds is there, with
    MkDocs' text and links word for word, except the footer (edit links,
    owners) that MkDocs adds after the macros."""
    _, staged = zensical_sites
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 150
    for page in pages:
        relative = page.relative_to(site)
        built = staged / relative
        assert built.is_file(), f"Zensical did not build {relative}"
        words, links = _article(built.read_text(encoding="utf-8"))
        expected_words, expected_links = _article(page.read_text(encoding="utf-8"), footer=False)
        assert words == expected_words, f"{relative}: text differs from the MkDocs build"
        assert links == expected_links, f"{relative}: links differ from the MkDocs build"
    assert (staged / "assets/glossary-data.js").read_bytes() == (site / "assets/glossary-data.js").read_bytes()


@pytest.mark.build
def test_zensical_build_refuses_a_page_the_sandbox_refuses(tmp_path):
    """Zensical renders with its own unsandboxed Jinja: a page it would evaluate
    more than our macro calls in must stop the build with the Chinese message."""
    zensical_executable()
    project = copy_project(tmp_path / "project")
    page = project / "playbooks/ka/metro.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ config.site_name }}\n", encoding="utf-8")
    run = zensical_build(project)
    assert run.returncode != 0
    assert "playbooks/ka/metro.md:" in run.output and "页面里的 {{ … }} 只能调用宏" in run.output, run.output[-3000:]


@pytest.mark.build
def test_zensical_build_applies_the_html_policy(tmp_path):
    """Zensical runs no hooks: the policy comes from playbook_kit.render.markdown_policy in mkdocs.yml."""
    from inertness import PAGE_PAYLOAD, scan_html
    zensical_executable()
    project = copy_project(tmp_path / "project")
    page = project / "playbooks/ka/rtmart.md"
    page.write_text(page.read_text(encoding="utf-8") + PAGE_PAYLOAD, encoding="utf-8")
    run = zensical_build(project)
    assert run.returncode == 0, run.output[-3000:]
    html = (project / "site/ka/rtmart/index.html").read_text(encoding="utf-8")
    assert "一段文字" in html and "标题下面的文字" in html
    assert scan_html(html, "ka/rtmart") == []


def test_markdown_policy_extension_cleans_what_markdown_returns():
    """The extension Zensical loads from mkdocs.yml; without it the payload is live (the test can fail)."""
    import markdown
    from inertness import PAGE_LINK_PAYLOAD, PAGE_PAYLOAD, scan_html
    extensions = ["attr_list", "tables", "toc"]
    payload = PAGE_PAYLOAD + PAGE_LINK_PAYLOAD
    assert len(scan_html(markdown.markdown(payload, extensions=extensions), "plain")) > 14
    cleaned = markdown.markdown(payload, extensions=[*extensions, "playbook_kit.render.markdown_policy"])
    assert scan_html(cleaned, "policy") == [] and "一段文字" in cleaned
    from playbook_kit.render.html_policy import clean_page
    assert clean_page(cleaned) == cleaned  # MkDocs' hook cleans again: nothing changes


# --- the Zensical bridge without Zensical (its per-page checks) ----------------------------------
class _ZensicalEnv:
    """What Zensical's macros layer passes to define_env (zensical.extensions.macros.MacroEnv)."""
    __module__ = "zensical.extensions.macros"

    def __init__(self, path: str, meta: dict | None = None):
        self.conf = {"root_dir": str(ROOT), "docs_dir": "playbooks", "use_directory_urls": True}
        self.page = types.SimpleNamespace(path=path, meta=meta or {}, title=(meta or {}).get("title"))
        self.macros: dict = {}

    def macro(self, function, name=None):
        self.macros[name or function.__name__] = function


def _main_module():
    spec = importlib.util.spec_from_file_location("zensical_main_under_test", ROOT / "macros/main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_zensical_define_env_checks_each_page_and_validates_once(monkeypatch):
    from playbook_kit.build import site as site_module
    from playbook_kit.engines import zensical_bridge
    calls = []
    real_prepare = site_module.prepare
    monkeypatch.setattr(zensical_bridge, "prepare", lambda root: calls.append(root) or real_prepare(root))
    monkeypatch.setattr(zensical_bridge, "_cache", {})
    main = _main_module()
    env = _ZensicalEnv("ka/rtmart.md")
    main.define_env(env)
    assert "procedure" in env.macros
    output = str(env.macros["procedure"]("rtmart-new-product"))
    assert "经销商向门店经理或总部采购经理提报新品" in output
    # links relative to ka/rtmart.md (Zensical's rule), not to the URL ka/rtmart/ (MkDocs')
    assert 'href="../sources/#src-rtmart-manual"' in output and 'href="../../sources/' not in output
    other = _ZensicalEnv("ka/metro.md")
    main.define_env(other)
    assert len(calls) == 1  # one validation for the whole build
    # a page that was not validated, and a title Zensical would render as a template, are refused
    with pytest.raises(main.PluginError, match="没有经过数据检查"):
        main.define_env(_ZensicalEnv("ka/not-there.md"))
    with pytest.raises(main.PluginError, match="标题里不能有"):
        main.define_env(_ZensicalEnv("ka/metro.md", {"title": "{{ config }}"}))


def test_zensical_define_env_refuses_a_file_that_is_not_the_checked_one(tmp_path, monkeypatch):
    """docs_dir may be a staged copy: the file Zensical renders must be the text the check passed."""
    from playbook_kit.engines import zensical_bridge
    monkeypatch.setattr(zensical_bridge, "_cache", {})
    main = _main_module()
    docs = tmp_path / "docs" / "ka"
    docs.mkdir(parents=True)
    original = (ROOT / "playbooks/ka/metro.md").read_text(encoding="utf-8")
    (docs / "metro.md").write_text(original, encoding="utf-8")
    env = _ZensicalEnv("ka/metro.md")
    env.conf["docs_dir"] = str(tmp_path / "docs")
    main.define_env(env)
    (docs / "metro.md").write_text(original + "\n{{ config }}\n", encoding="utf-8")
    with pytest.raises(main.PluginError, match="和检查过的不一样"):
        main.define_env(env)


@pytest.mark.build
def test_stage_writes_checked_pages_and_generated_ones_and_empties_only_its_own_folder(project):
    from playbook_kit.build.staging import MARKER, StageError, stage
    lines = stage(project)
    out = project / "build/zensical-docs"
    assert lines[0].startswith("已写入 build/zensical-docs/") and (out / MARKER).is_file()
    assert (out / "ka/rtmart.md").read_text(encoding="utf-8") == (project / "playbooks/ka/rtmart.md").read_text(encoding="utf-8")
    assert (out / "assets/checklist-example.png").read_bytes() == (project / "playbooks/assets/checklist-example.png").read_bytes()
    role = (out / "roles/dealer.md").read_text(encoding="utf-8")
    assert '"render_macros": false' in role and 'href="../ka/rtmart/#' in role  # links from the .md file's folder
    assert (out / "assets/glossary-data.js").read_text(encoding="utf-8").startswith("window.PB_GLOSSARY = {")
    (out / "stale.md").write_text("old", encoding="utf-8")
    stage(project)
    assert not (out / "stale.md").exists()  # emptied on every run
    (project / "build/other").mkdir()
    (project / "build/other/keep.txt").write_text("x", encoding="utf-8")
    for folder in ("build/other", "playbooks", "data/x", "../outside", "/tmp"):
        with pytest.raises(StageError):
            stage(project, folder)
    assert (project / "build/other/keep.txt").is_file() and (project / "playbooks/ka/rtmart.md").is_file()
