"""The built site: pages, search index, jieba dictionary, links."""
from __future__ import annotations

import json
import re

from conftest import ROOT
from playbook_kit.engines.search_fragments import indexed_documents


def test_home_page_tells_where_to_start(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "新员工从哪里开始" in html and 'lang="zh"' in html


def test_rtmart_page_renders_every_slice_record(site):
    html = (site / "ka/rtmart/index.html").read_text(encoding="utf-8")
    for needle in ("状态码", "保留 <span", "切货商品", "连续<span class=\"pb-qty\">3个月</span>未销售",
                   "<span class=\"pb-qty\">30天</span>为警告", "<span class=\"pb-qty\">60天</span>直接下架",
                   "前七后八采购期", "未税促销供价", "堆头位置有决定权", "前订单作废", "新店开张前1个月",
                   "首单一定要满单送货", "待核实"):
        assert needle in html, needle


def test_number_stated_once_renders_everywhere(site, catalog):
    """The 3 months of 锁码 are one quantity; the page shows the formatted value."""
    text = (ROOT / "data/ka/rtmart.yml").read_text(encoding="utf-8")
    assert text.count("idle: {value: 3, unit: 个月,") == 1
    # the source fragments (quotes) may say it verbatim; the prose may not
    from playbook_kit.core.texts import walk_strings
    prose = [value for kind, _, record in catalog.all_records()
             if kind != "checklists" and catalog.origin(kind, record.id).path == "data/ka/rtmart.yml"
             for key, value in walk_strings(record) if "quotes" not in key]
    assert "连续3个月" in text and not any("连续3个月" in value for value in prose)
    assert any("连续{idle}" in value for value in prose)


def test_checklist_page_at_its_url(site):
    html = (site / "checklists/checklist-rtmart-new-product/index.html").read_text(encoding="utf-8")
    assert html.count('<li class="pb-item') == 5
    assert "经销商向门店经理或总部采购经理提报新品" in html  # item text comes from the procedure
    assert "姓名：" in html and re.search(r"版本 1\.\d+", html) and 'class="md-button pb-print"' in html
    assert "onclick" not in html  # the print button is wired in assets/a11y-fixes.js


def test_search_index_segments_domain_terms(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"].find("\\u200b") >= 0 or "\u200b" in index["config"]["separator"]
    text = " ".join(doc["text"] for doc in indexed_documents(site))
    for term in ("锁码", "堆头", "前七后八", "邮差客户"):
        assert re.search(f"(^|[\u200b\\s]){term}([\u200b\\s]|$)", text), term


def test_jieba_user_dictionary_from_glossary(site):  # the build writes it
    words = (ROOT / ".cache/jieba_userdict.txt").read_text(encoding="utf-8")
    for term in ("锁码 ", "前七后八 ", "堆头 ", "未税促销供价 "):
        assert term in words


def test_no_page_left_out_of_navigation(site):
    pages = {p.relative_to(ROOT / "playbooks").as_posix() for p in (ROOT / "playbooks").rglob("*.md")}
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    missing = [p for p in pages if p not in nav and not p.startswith("checklists/checklist-")]
    assert missing == []


def test_every_checklist_page_is_linked_from_the_index(site):
    html = (site / "checklists/index.html").read_text(encoding="utf-8")
    for page in (ROOT / "playbooks/checklists").glob("checklist-*.md"):
        assert f'href="../checklists/{page.stem}/"' in html, page.stem


def test_search_worker_answers_from_fragments(site):
    workers = list(site.glob("assets/javascripts/workers/search.*.min.js"))
    assert workers and all("=new PbSearch(t.data)" in w.read_text(encoding="utf-8") for w in workers)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["pb"]["shards"]  # a page view fetches the manifest only
    assert len((site / "search/search_index.json").read_bytes()) < 20_000
