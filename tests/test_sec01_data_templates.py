"""Family 1: data never reaches a template engine; pages reach only our macros.

On the main of 2026-11-27 a role name `{{ 7*7 }}` became 49 on the role page
(generated pages were Markdown that mkdocs-macros rendered as Jinja), and the
page sandbox handed pages mkdocs' `config` and hooks.
"""
from __future__ import annotations

import json

import pytest

from conftest import editor_check, mkdocs_build
from playbook_kit.engines.mkdocs_bridge import MacrosEnvironment
from playbook_kit.source.pages import MACROS
from playbook_kit.source.page_syntax import PageRenderer


def set_role_name(project, name: str) -> None:
    path = project / "data" / "roles.yml"
    text = path.read_text(encoding="utf-8")
    assert "    name: 业务员\n" in text
    # the source's own word stays an alias, so the provenance check still finds the role in its fragments
    path.write_text(text.replace("    name: 业务员\n", f"    name: {json.dumps(name, ensure_ascii=False)}\n    aliases: [业务员]\n", 1),
                    encoding="utf-8")


@pytest.mark.build
def test_role_name_with_template_code_stays_text(project, tmp_path):
    marker = tmp_path / "ran"
    set_role_name(project, "业务员{{ 7*7 }}{{ cycler.__init__.__globals__.os.popen('touch "
                  + str(marker) + "').read() }}")
    assert editor_check(project).returncode == 0
    run = mkdocs_build(project)
    assert run.returncode == 0, run.output
    html = (project / "site" / "roles" / "salesman" / "index.html").read_text(encoding="utf-8")
    assert not marker.exists()
    assert "业务员49" not in html
    assert "业务员{{ 7*7 }}" in html  # shown as written, in the title and the heading
    assert "<title>业务员{{ 7*7 }}" in html


PAGE_ATTACKS = {
    "{{ config }}": "页面里不能使用变量 “config”",
    "{{ glossary }}": "后面要加括号",
    "{{ page.title }}": "只能调用宏",
    "{{ environment }}": "不能使用变量",
    "{{ procedure.__globals__ }}": "只能调用宏",
    "{{ ''.__class__.__mro__ }}": "只能调用宏",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}": "只能调用宏",
    "{{ procedure('x') | attr('__class__') }}": "只能调用宏",
    "{% for i in range(10) %}x{% endfor %}": "不能使用 {% … %} 语句",
    "{% include 'index.md' %}": "不能使用 {% … %} 语句",
    "{% import 'x' as y %}": "不能使用 {% … %} 语句",
    "{% set x = 1 %}": "不能使用 {% … %} 语句",
    "{% macro f() %}{{ f() }}{% endmacro %}": "不能使用 {% … %} 语句",
    "{{ 9**9**9**9 }}": "只能调用宏",
    "{{ 'a' * 999999999 }}": "只能调用宏",
    "{{ procedure(name) }}": "带引号的编号",
    "{{ procedure('a', 'b') }}": "参数不对",
    "{{ lipsum() }}": "未知的宏",
}


@pytest.mark.parametrize("source", PAGE_ATTACKS)
def test_page_may_only_call_macros(source):
    renderer = PageRenderer({name: (lambda *a: "x") for name in MACROS}, MACROS)
    html, problems = renderer.render("# 标题\n\n" + source + "\n", "playbooks/x.md", 0)
    assert html is None
    assert len(problems) == 1 and problems[0].line == 3, problems
    assert PAGE_ATTACKS[source] in problems[0].message + problems[0].hint, problems[0].format()


def test_macros_environment_ignores_the_engine_variables():
    """mkdocs-macros passes `config`, `page`, `plugin`…: none reaches the page."""
    calls = []

    class State:
        def render_page(self, path, source):
            calls.append((path, source))
            return "rendered"

    env = MacrosEnvironment(State())
    env.begin_page("playbooks/x.md", "# x\n", "# x\n")
    assert env.from_string("# x\n").render(config=object(), page=object()) == "rendered"
    # a title (or anything that is not the page being rendered) is never rendered
    assert env.from_string("{{ 7*7 }}").render() == "{{ 7*7 }}"
    assert calls == [("playbooks/x.md", "# x\n")]


@pytest.mark.build
def test_check_reports_page_template_code_where_the_build_does(project):
    page = project / "playbooks" / "ka" / "rtmart.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## 单品锁码", "{{ config.extra }}\n\n## 单品锁码", 1),
                    encoding="utf-8")
    check = editor_check(project)
    assert check.returncode == 1
    assert "playbooks/ka/rtmart.md:9:1: 页面里的 {{ … }} 只能调用宏" in check.output, check.output
    build = mkdocs_build(project)
    assert build.returncode != 0
    assert "playbooks/ka/rtmart.md:9:1: 页面里的 {{ … }} 只能调用宏" in build.output, build.output
    assert "Traceback" not in build.output + check.output


def test_real_pages_use_only_macro_calls(validated):
    _, problems = validated
    assert not [p for p in problems if p.path.startswith("playbooks/")], problems
