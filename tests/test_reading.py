"""A new hire's reading experience in Chromium: glossary tooltips on Chinese
text, phone width, the search results' accessibility (axe-core; every page is
checked in test_accessibility.py), and the offline build via file://."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from browser import axe_violations
from conftest import ROOT
from playbook_kit.engines.search_fragments import indexed_documents

PAGE_TYPES = {
    "home": "",
    "channel": "ka/",
    "procedure": "ka/rtmart/",
    "event": "auto-4s/market-event/",
    "models": "dealer/operating-models/",
    "glossary": "glossary/",
    "role": "roles/salesman/",
    "checklist": "checklists/checklist-rtmart-new-product/",
    "checklist-index": "checklists/",
    "learning-path": "learn/role-salesman/",
    "learning-index": "learn/",
    "quiz": "quiz/ka/",
    "quiz-index": "quiz/",
}


def test_glossary_tooltip_inside_unspaced_chinese(served):
    base, b = served
    page = b.new_page()
    page.goto(base + "dealer/operating-models/")
    # terms in the middle of runs of Chinese characters, where Markdown's abbr misses them
    marks = page.locator("abbr.pb-gloss[data-term]")
    assert marks.count() > 10
    inner = page.evaluate("""() => [...document.querySelectorAll('abbr.pb-gloss')].filter(a => {
        const before = a.previousSibling && a.previousSibling.nodeValue || '';
        const after = a.nextSibling && a.nextSibling.nodeValue || '';
        return /[\\u4e00-\\u9fff]$/.test(before) && /^[\\u4e00-\\u9fff]/.test(after); }).map(a => a.textContent)""")
    assert inner, "no term found in the middle of Chinese text"
    first = page.locator("abbr.pb-gloss").first
    assert "：" in first.get_attribute("data-definition")
    first.focus()  # keyboard: the definition shows on focus
    shown = page.locator(".pb-gloss-pop").inner_text()
    assert len(shown) > 5


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_readable_at_phone_width(served, name, tmp_path):
    base, b = served
    page = b.new_page(viewport={"width": 375, "height": 800})
    page.goto(base + PAGE_TYPES[name])
    page.wait_for_timeout(300)
    page.screenshot(path=str(tmp_path / f"{name}-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # wide tables scroll inside their own box, not the page
    overflowing = page.evaluate("""() => [...document.querySelectorAll('.md-content table')].filter(t => {
        const box = t.closest('.pb-table-scroll, .md-typeset__table, .md-typeset__scrollwrap');
        return t.getBoundingClientRect().width > 375 && !box; }).length""")
    assert overflowing == 0


def test_search_results_page_is_accessible(served):
    base, b = served
    page = b.new_page()
    page.goto(base)
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("锁码")
    field.dispatch_event("keyup")
    page.wait_for_selector(".md-search-result__item")
    assert axe_violations(page) == []


@pytest.mark.build
def test_offline_build_works_from_file_urls(served, tmp_path):
    _, b = served
    out = tmp_path / "offline"
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT,
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (out / "ka" / "rtmart.html").exists()
    if True:
        page = b.new_page()
        page.goto((out / "index.html").as_uri())
        page.get_by_role("link", name="KA 卖场 · 大润发").click()
        page.wait_for_url("**/ka/rtmart.html")
        page.wait_for_load_state("load")
        assert page.url.endswith("ka/rtmart.html")
        assert "商品状态码" in page.content()
        page.locator("#dt-rtmart-status-codes select").select_option("9")  # scripts run offline too
        assert page.locator("#dt-rtmart-status-codes tr.pb-hit").get_attribute("data-rule") == "status-9"
        field = page.locator("input.md-search__input")
        field.click()
        field.fill("锁码")
        field.dispatch_event("keyup")
        page.wait_for_selector(".md-search-result__item", timeout=20000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        assert any(h.startswith("file://") and "rtmart.html" in h for h in hrefs), hrefs
        # learning progress and checklist runs work from file:// too (localStorage, no server)
        learn = b.new_page()
        learn.goto((out / "learn" / "role-oil-sales-team.html").as_uri())
        learn.locator(".pb-path-toggle").first.click()
        learn.reload()
        assert learn.locator(".pb-path-toggle").first.get_attribute("aria-pressed") == "true"
        assert learn.locator(".pb-path-item a").first.get_attribute("href") == "../oil/index.html"
        run = b.new_page()
        run.goto((out / "checklists" / "checklist-oil-distribution.html").as_uri())
        run.get_by_role("button", name="开始执行").click()
        run.locator("li.pb-item").first.get_by_role("checkbox").check()
        run.reload()
        assert run.locator("li.pb-item").first.get_by_role("checkbox").is_checked()
        quiz = b.new_page()
        quiz.goto((out / "quiz" / "oil.html").as_uri())
        quiz.locator(".pb-q").first.locator("input[type=radio]").first.check()
        assert quiz.locator(".pb-q").first.locator(".pb-q-feedback").is_visible()
        source = quiz.locator(".pb-q").first.locator(".pb-q-feedback a.pb-q-source").get_attribute("href")
        assert source.startswith("../oil/sales.html#")
        # the query rewriting and ordering of the patched worker work from file:// too
        for query, expected in (("30天", "ka/rtmart.html"), ("冲货", "dealer/management-flow.html")):
            page.goto((out / "index.html").as_uri())
            field = page.locator("input.md-search__input")
            field.click()
            field.fill(query)
            field.dispatch_event("keyup")
            page.wait_for_selector(".md-search-result__item", timeout=20000)
            page.wait_for_timeout(300)
            hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href.split('#')[0].split('?')[0])")
            pages = list(dict.fromkeys(hrefs))
            assert any(p.endswith(expected) for p in pages[:3]), (query, pages)
        # editors' pages ranked last as the offline build links them; every fragment inlined (no fetch from file://)
        manifest = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))["config"]["pb"]
        demoted = {doc["location"] for n, doc in enumerate(indexed_documents(out)) if n in manifest["ranked"]["demoted"]}
        assert "editing.html" in demoted and manifest["inline"]["shards"] and not (out / "search/pb").exists()
