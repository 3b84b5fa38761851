"""Family 5: `check` finds every page error the build would, and a failed build
leaves the previous site byte for byte.

On the main of 2026-11-27 `{{ ''.__class__ }}`, an unknown macro or a missing
`}` passed `check`; the build then printed a traceback and exited after
emptying site/.
"""
from __future__ import annotations

import hashlib

import pytest

from conftest import editor_check, mkdocs_build

PAGE = "playbooks/ka/rtmart.md"
BROKEN = {
    "{{ ''.__class__ }}": "playbooks/ka/rtmart.md:9:1: 页面里的 {{ … }} 只能调用宏",
    "{{ no_such_macro('x') }}": "playbooks/ka/rtmart.md:9:1: 未知的宏 “no_such_macro”",
    "{{ procedure('rtmart-new-product') }": "playbooks/ka/rtmart.md:9:1: 页面里有多余或不成对的括号",
    "{{ procedure('no-such-procedure') }}": "playbooks/ka/rtmart.md:9:1: 宏 procedure 引用的编号 “no-such-procedure” 不存在",
}


def tree_digest(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def break_page(project, source: str) -> None:
    path = project / PAGE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## 单品锁码", source + "\n\n## 单品锁码", 1), encoding="utf-8")


@pytest.mark.parametrize("source", BROKEN)
def test_check_finds_page_errors(project, source):
    break_page(project, source)
    run = editor_check(project)
    assert run.returncode == 1
    assert BROKEN[source] in run.output, run.output
    assert "Traceback" not in run.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import copy_project
    project = copy_project(tmp_path_factory.mktemp("swap") / "project")
    run = mkdocs_build(project)
    assert run.returncode == 0, run.output
    return project


@pytest.mark.build
@pytest.mark.parametrize("source", list(BROKEN)[:3])
def test_failed_build_keeps_the_previous_site(built, source):
    before = tree_digest(built / "site")
    original = (built / PAGE).read_text(encoding="utf-8")
    try:
        break_page(built, source)
        run = mkdocs_build(built)
    finally:
        (built / PAGE).write_text(original, encoding="utf-8")
    assert run.returncode != 0
    assert BROKEN[source] in run.output, run.output
    assert "Traceback" not in run.output
    assert tree_digest(built / "site") == before
    assert not [p for p in built.iterdir() if ".building-" in p.name or ".old-" in p.name]


def test_check_finds_what_strict_mode_rejects(project):
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    links = "[坏链接](no-such-page.md) [绝对](/ka/metro.md)"
    page.write_text(text + "\n" + links + "\n", encoding="utf-8")
    line = text.count("\n") + 2
    (project / "playbooks" / "ka" / "orphan.md").write_text("# 不在导航里\n\n文字\n", encoding="utf-8")
    run = editor_check(project)
    assert run.returncode == 1
    assert f"playbooks/ka/rtmart.md:{line}:{links.index('no-such') + 1}: 链接 “no-such-page.md” 指向的页面不存在" in run.output, run.output
    assert f"playbooks/ka/rtmart.md:{line}:{links.index('/ka') + 1}: 链接 “/ka/metro.md” 以 / 开头" in run.output, run.output
    assert "playbooks/ka/orphan.md:1:1: 这个页面不在导航里" in run.output, run.output


@pytest.mark.build
def test_strict_warning_keeps_the_previous_site(built):
    """A warning MkDocs alone finds (a missing heading anchor) fails a strict
    build only after every page was written: the site stays as it was and
    the full copy built beside it is gone. (Through the shared build helper,
    which must not hide the warnings strict mode counts.)"""
    before = tree_digest(built / "site")
    original = (built / PAGE).read_text(encoding="utf-8")
    try:
        (built / PAGE).write_text(original + "\n[坏锚点](metro.md#没有这个小节)\n", encoding="utf-8")
        run = mkdocs_build(built)
    finally:
        (built / PAGE).write_text(original, encoding="utf-8")
    assert run.returncode != 0 and "Aborted with 1 warnings in strict mode" in run.output, run.output
    assert "does not contain an anchor '#没有这个小节'" in run.output
    assert tree_digest(built / "site") == before
    assert not [p for p in built.iterdir() if ".building-" in p.name or ".old-" in p.name]


@pytest.mark.build
def test_data_error_keeps_the_previous_site(built):
    before = tree_digest(built / "site")
    path = built / "data" / "roles.yml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("    name: 业务员\n", "    name：业务员\n", 1), encoding="utf-8")
        run = mkdocs_build(built)
    finally:
        path.write_text(original, encoding="utf-8")
    assert run.returncode != 0 and "全角冒号" in run.output and "Traceback" not in run.output
    assert tree_digest(built / "site") == before


@pytest.mark.build
def test_successful_build_replaces_the_site(built):
    (built / "site" / "stale.html").write_text("old", encoding="utf-8")
    run = mkdocs_build(built)
    assert run.returncode == 0, run.output
    assert not (built / "site" / "stale.html").exists()
    assert (built / "site" / "index.html").exists()
