"""A new hire searching in Chinese, and a trainer printing, in real Chromium."""
from __future__ import annotations

import pytest

from browser import browser, pdf_info, pdf_text, print_to_pdf, serve
from conftest import require_chromium

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture(scope="module")
def chromium():
    require_chromium()


@pytest.fixture(scope="module")
def search_page(site, chromium):
    with serve(site) as base, browser() as b:
        page = b.new_page()
        page.goto(base)

        def search(query: str) -> list[str]:
            page.goto(base)
            field = page.locator("input.md-search__input")
            field.click()
            field.fill(query)
            field.dispatch_event("keyup")  # Material searches on keyup
            page.wait_for_selector(".md-search-result__item", timeout=15000)
            page.wait_for_timeout(300)
            return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
        yield search


@pytest.mark.parametrize("query, expected", [
    ("锁码", "ka/rtmart/"),
    ("堆头", "ka/rtmart/"),
    ("前七后八", "ka/rtmart/"),
    ("邮差客户", "dealer/operating-models/"),
])
def test_search_finds_the_right_page(search_page, query, expected):
    hrefs = search_page(query)
    assert hrefs and any(expected in href for href in hrefs[:3]), hrefs


def test_checklist_prints_on_one_a4_page(site, chromium, tmp_path):
    pdf = tmp_path / "checklist.pdf"
    with serve(site) as base:
        print_to_pdf(base + "checklists/checklist-rtmart-new-product/", pdf, tmp_path / "profile")
    info = pdf_info(pdf)
    assert info["Pages"] == "1"
    assert info["Page size"].endswith("(A4)"), info["Page size"]
    text = pdf_text(pdf)
    for item in ("经销商向门店经理或总部采购经理提报新品", "总部给提报门店的新品建档开通", "采购下新品首单",
                 "在九阳办公网提前通知销售经理及经销商新品供价", "确认供价无误", "姓名", "签字", "版本 1.0"):
        assert item in text.replace("\n", "").replace(" ", "") or item in text, item
    for chrome in ("搜索", "Made with", "术语表", "来源文档"):
        assert chrome not in text, chrome
