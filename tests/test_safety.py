"""Record text is escaped, data is never a template, page Jinja is sandboxed."""
from __future__ import annotations

import pytest

from conftest import mkdocs_build

RT = "data/ka/rtmart.yml"
PAGE = "playbooks/ka/rtmart.md"


def replace(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def built_page(project, url="ka/rtmart/index.html") -> str:
    run = mkdocs_build(project)
    assert run.returncode == 0, run.output
    return (project / "site" / url).read_text(encoding="utf-8")


@pytest.mark.build
def test_markup_in_data_is_escaped(project):
    replace(project, RT, "text: 单品不适合大润发的销售策略。",
            "text: '<script>alert(1)</script><img src=x onerror=alert(2)> __init__ [x](javascript:alert(3))'")
    html = built_page(project)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html and 'onerror=alert' not in html.replace("onerror=alert(2)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert 'href="javascript:' not in html
    assert "__init__" in html  # not turned into bold by Markdown


@pytest.mark.build
def test_data_is_never_rendered_as_template(project):
    replace(project, RT, "text: 单品不适合大润发的销售策略。", "text: '{{ config }} {% if true %}x{% endif %}'")
    html = built_page(project)
    assert "{{ config }} {% if true %}x{% endif %}" in html
    assert "site_name" not in html.split("{{ config }}")[1][:200]


@pytest.mark.build
def test_page_jinja_is_sandboxed(project):
    replace(project, PAGE, "## 单品锁码", "{{ cycler.__init__.__globals__.os.popen('id').read() }}\n\n## 单品锁码")
    run = mkdocs_build(project)
    assert run.returncode != 0
    assert "uid=" not in run.output
    assert "playbooks/ka/rtmart.md:9:1: 页面里的 {{ … }} 只能调用宏" in run.output, run.output
    assert not (project / "site" / "ka" / "rtmart" / "index.html").exists()


@pytest.mark.build
def test_page_cannot_reach_python_through_macros(project):
    replace(project, PAGE, "## 单品锁码", "{{ procedure.__globals__ }}\n\n## 单品锁码")
    run = mkdocs_build(project)
    assert run.returncode != 0 and "只能调用宏" in run.output


@pytest.mark.build
def test_unknown_variable_fails_the_build(project):
    replace(project, PAGE, "## 单品锁码", "{{ no_such_variable }}\n\n## 单品锁码")
    run = mkdocs_build(project)
    assert run.returncode != 0
    assert "playbooks/ka/rtmart.md:9:1: 页面里不能使用变量 “no_such_variable”" in run.output, run.output


@pytest.mark.build
def test_unsafe_link_in_data_is_rejected(project):
    replace(project, "data/sources.yml", "    channel: ka\n    condition: 幻灯片文字",
            "    channel: ka\n    links:\n      - title: x\n        url: javascript:alert(1)\n    condition: 幻灯片文字")
    run = mkdocs_build(project)
    assert run.returncode != 0 and "不允许的链接 “javascript:alert(1)”" in run.output


def test_safe_url_rules():
    from playbook_kit.core.texts import safe_url
    for good in ("https://example.com/a", "http://x.cn", "mailto:a@b.cn", "ka/rtmart/", "../glossary/#term-ka", "#x"):
        assert safe_url(good), good
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x",
                "//evil.example", "http:/nohost", "java\tscript:x", ""):
        assert not safe_url(bad), bad
