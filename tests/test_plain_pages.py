"""Readers' pages without engine words, and the small reading fixes of issue 12
(static checks of the built site; the browser checks are in test_reader_browser.py)."""
from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from playbook_kit.core.decisions import Interval

EDITOR_PAGES = ("editing/", "sources/", "open-questions/", "updates/")


class VisibleText(HTMLParser):
    """The text a reader sees without opening anything: no script/style, no
    closed editors' details, no search dialog."""
    HIDDEN = {"pb-editor-detail", "pb-edit-details"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        hidden = tag in ("script", "style", "template") or bool(classes & self.HIDDEN)
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible(html: str) -> str:
    start = html.find('<div class="md-content"')
    parser = VisibleText()
    parser.feed(html[start:] if start >= 0 else html)
    return "".join(parser.parts)


def reader_pages(site: Path):
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix() + "/"
        rel = "" if rel == "./" else rel
        if rel.startswith(EDITOR_PAGES) or rel.startswith(("search/", "assets/")):
            continue
        yield rel, path.read_text(encoding="utf-8")


ENGINE_WORDS = ["命中策略", "DO-CONFIRM", "READ-DO", "Made with Material", "种组合", "checklist-"]
INTERVAL = re.compile(r"[\[(]\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*[\])]")
FILE_PATH = re.compile(r"(data|playbooks|checklists)/[\w./-]+\.(yml|md)")


def test_reader_pages_have_no_engine_words(site):
    found = []
    for rel, html in reader_pages(site):
        text = visible(html)
        found += [(rel, word) for word in ENGINE_WORDS if word in text]
        found += [(rel, m.group(0)) for m in INTERVAL.finditer(text)]
        found += [(rel, m.group(0)) for m in FILE_PATH.finditer(text)]
    assert found == []
    assert "Made with" not in (site / "index.html").read_text(encoding="utf-8")


def test_the_checker_itself_sees_engine_words():
    """Negative case: the scan finds what it is looking for."""
    html = ('<div class="md-content"><p>命中策略：唯一(U)</p><p>[30, 60)天</p><p>data/ka/rtmart.yml</p>'
            '<details class="pb-edit-details"><p>playbooks/ka/rtmart.md</p></details></div>')
    text = visible(html)
    assert "命中策略" in text and INTERVAL.search(text) and FILE_PATH.search(text)
    assert "playbooks/ka/rtmart.md" not in text


@pytest.mark.parametrize("interval, unit, expected", [
    (Interval(30, 60, True, False), "天", "30 天及以上、不到 60 天"),
    (Interval(float("-inf"), 30, False, False), "天", "不到 30 天"),
    (Interval(60, float("inf"), True, False), "天", "60 天及以上"),
    (Interval(3, float("inf"), False, False), "个月", "超过 3 个月"),
    (Interval(1, 5, False, True), None, "超过 1、5及以下"),
    (Interval(4, 4, True, True), "次", "4 次"),
])
def test_intervals_read_as_plain_chinese(interval, unit, expected):
    assert interval.label(unit) == expected


def test_decision_table_says_how_to_read_it(site):
    html = (site / "ka/rtmart/index.html").read_text(encoding="utf-8")
    text = visible(html)
    assert "30 天及以上、不到 60 天" in text and "60 天及以上" in text
    assert "每种情况都有答案" in text and "怎么看" in text
    assert "命中策略" in html and "覆盖全部" in html  # the detail for editors, on request
    detail = html[html.index('class="pb-editor-detail"'):]
    assert detail.index("覆盖全部") < detail.index("</details>")


def test_checklists_say_what_the_reader_does(site):
    html = (site / "checklists/checklist-oil-direct-sales/index.html").read_text(encoding="utf-8")
    page = visible(html[:html.index('class="pb-history"')])  # the change history may quote old headings
    assert "用法：做完再逐项核对" in page
    assert "交付客户和售后服务后核对" in page and "售后后" not in page
    index = visible((site / "checklists/index.html").read_text(encoding="utf-8"))
    assert "边读边做" in index and "做完再逐项核对" in index


def test_checklist_page_links_its_procedure_and_channel(site):
    html = (site / "checklists/checklist-rtmart-new-product/index.html").read_text(encoding="utf-8")
    meta = html[html.index('class="pb-checklist-meta"'):]
    meta = meta[:meta.index("</p>")]
    assert 'href="../../ka/rtmart/#proc-rtmart-new-product"' in meta
    assert 'href="../../ka/">KA 卖场</a>' in meta
    footer = html[html.index('class="pb-checklist-foot">'):].split("</p>")[0]
    assert "checklist-" not in footer.split(">", 1)[1] and "大润发新品进场检查表 · 版本" in footer


def test_checklist_index_lists_before_the_example_picture(site):
    html = (site / "checklists/index.html").read_text(encoding="utf-8")
    assert html.index('class="pb-checklist-index"') < html.index("checklist-example.png")


def test_timeline_lists_a_stage_before_its_parts(site):
    html = (site / "auto-4s/market-event/index.html").read_text(encoding="utf-8")
    block = html[html.index("pb-timeline-list"):]
    labels = re.findall(r"(\d+(?:-\d+)?)\. ", re.sub(r"<[^>]+>", " ", block[:block.index("</ol>")]))
    assert labels.index("7") < labels.index("7-1") < labels.index("7-2") < labels.index("7-3") < labels.index("8"), labels


def test_role_alias_equal_to_its_name_is_not_repeated(site):
    text = visible((site / "roles/index.html").read_text(encoding="utf-8"))
    assert "又称 经理" not in text and "又称" in text


def test_home_page_lists_every_channel(site):
    from playbook_kit.core.models import CHANNELS
    text = visible((site / "index.html").read_text(encoding="utf-8"))
    section = text[text.index("全部渠道"):]
    assert all(name in section for name in CHANNELS.values())


def test_glossary_page_has_index_and_anchors(site):
    html = (site / "glossary/index.html").read_text(encoding="utf-8")
    assert 'href="#gloss-C"' in html and 'id="gloss-C"' in html
    assert 'id="term-mgmt-cross-selling"' in html
    block = html[html.index('id="gloss-C"'):]
    assert block.index("窜货") < block.index('id="gloss-D"')  # 窜货 under C (cuàn)
    assert "按渠道" in html and "pb-gloss-filter-slot" in html


def test_readme_way_to_view_the_site(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "open `site/index.html`" not in readme
    assert "mkdocs serve" in readme and "site-offline/index.html" in readme


def test_build_outputs_are_ignored():
    for path in ("site-offline/index.html", "playbook-offline.zip", "site/index.html", "dist/checklists-ka.pdf",
                 "build/zensical-docs/index.md", ".venv-zensical/bin/zensical"):
        run = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert run.returncode == 0, path
    assert subprocess.run(["git", "check-ignore", "-q", "playbooks/index.md"], cwd=ROOT).returncode == 1
