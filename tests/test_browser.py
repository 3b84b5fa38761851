"""A new hire searching in Chinese, and a trainer printing, in real Chromium."""
from __future__ import annotations

import pytest

from browser import browser, serve
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
            hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
            pages = []  # one entry per page, in rank order (sections of a page follow it)
            for href in hrefs:
                path = href.split("//", 1)[1].split("/", 1)[1].split("?")[0].split("#")[0]
                if path not in pages:
                    pages.append(path)
            return pages
        yield search


@pytest.mark.parametrize("query, expected", [
    ("锁码", "ka/rtmart/"),
    ("堆头", "ka/rtmart/"),
    ("前七后八", "ka/rtmart/"),
    ("邮差客户", "dealer/operating-models/"),
    ("门头", "wholesale/guide/"),
    ("大润发 新品", "ka/rtmart/"),
])
def test_search_finds_the_right_page(search_page, query, expected):
    hrefs = search_page(query)
    assert expected in hrefs[:3], hrefs
