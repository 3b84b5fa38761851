"""Search as staff type it (issue 12), in real Chromium: numbers glued to their
unit, written-out numbers, everyday synonyms from the glossary's aliases,
two words without a space; editors' pages never above readers' pages; the
worker patch fails loudly when Material changes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser import serve
from playbook_kit.engines import material_search as search_fix
from playbook_kit.views.search_words import ranked_pages, worker_data

# Material's answer line (theme.language: zh): "no results", or how many it found
NO_RESULTS = "没有找到符合条件的结果"
ANSWERED = "() => /符合条件的结果/.test(document.querySelector('.md-search-result__meta')?.textContent || '')"


def search_pages(page, base: str, query: str, timeout: int = 30000) -> list[str]:
    """The pages Material's search lists for `query`, best first. [] only when the
    search answered “no results”; a page error or no answer in time fails the test."""
    errors: list[str] = []

    def page_error(error) -> None:
        errors.append(str(error))

    def console_error(message) -> None:
        if message.type == "error":
            errors.append(message.text)
    page.on("pageerror", page_error)
    page.on("console", console_error)
    try:
        return _answer(page, base, query, timeout, errors)
    finally:
        page.remove_listener("pageerror", page_error)
        page.remove_listener("console", console_error)


def _answer(page, base: str, query: str, timeout: int, errors: list[str]) -> list[str]:
    page.goto(base)
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.dispatch_event("keyup")
    meta = page.locator(".md-search-result__meta")
    try:
        page.wait_for_function(ANSWERED, timeout=timeout)
    except Exception as error:  # Playwright's timeout, reported with what the page said
        raise AssertionError(f"search for {query!r} never answered: {meta.text_content()!r}, errors {errors}") from error
    assert not errors, f"search for {query!r}: errors in the page: {errors}"
    if meta.text_content().strip() == NO_RESULTS:
        return []
    page.wait_for_selector(".md-search-result__item", timeout=timeout)
    page.wait_for_timeout(300)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    pages: list[str] = []
    for href in hrefs:
        path = href.split("//", 1)[1].split("/", 1)[1].split("?")[0].split("#")[0]
        if path not in pages:
            pages.append(path)
    return pages


@pytest.fixture(scope="module")
def search(served):
    base, chromium = served
    page = chromium.new_page()
    return lambda query: search_pages(page, base, query)


EVERYDAY = [
    # numbers typed with their unit and no space
    ("30天", "ka/rtmart/"), ("60天", "ka/rtmart/"), ("6000元", "ka/metro/"), ("1000元", "ka/metro/"),
    ("3个月", "ka/rtmart/"), ("10天", "ka/rtmart/"),
    # written-out numbers where the page writes digits, and the reverse
    ("两天内", "ka/rtmart/"), ("十天", "ka/rtmart/"), ("六十天", "ka/rtmart/"), ("三个月未销售", "ka/rtmart/"),
    ("1周", "auto-4s/market-event/"),
    # everyday synonyms and variant spellings (glossary aliases)
    ("冲货", "dealer/management-flow/"), ("串货", "dealer/management-flow/"), ("返利", "ka/metro/"),
    ("端架", "ka/rtmart/"), ("市占率", "dealer/promotion/"), ("临时促销员", "roles/temp-promoter/"),
    # a thing and what about it, without a space
    ("锁码条件", "ka/rtmart/"), ("新品进场", "ka/rtmart/"), ("试驾车要求", "auto-4s/market-event/"),
    ("堆头费用", "ka/metro/"),
]


@pytest.mark.parametrize("query, expected", EVERYDAY, ids=[q for q, _ in EVERYDAY])
def test_everyday_query_finds_its_page_in_the_top_3(search, query, expected):
    pages = search(query)
    assert expected in pages[:3], pages


def test_a_word_nobody_wrote_finds_nothing(search):
    assert "ka/rtmart/" in search("锁码")  # search works in this very run
    assert search("飞机大炮") == []  # no synonym invented, no fallback noise


def test_search_helper_fails_loudly_when_the_worker_throws(site, chromium, tmp_path):
    broken = shutil.copytree(site, tmp_path / "site")
    worker = next(broken.glob("assets/javascripts/workers/search.*.min.js"))
    worker.write_text('throw new Error("broken worker");\n' + worker.read_text(encoding="utf-8"), encoding="utf-8")
    with serve(broken) as base, pytest.raises(AssertionError, match="never answered|errors in the page"):
        search_pages(chromium.new_page(), base, "飞机大炮", timeout=3000)


EDITOR_PAGES = {"editing/", "sources/", "open-questions/", "updates/", "roles/unspecified/"}


@pytest.mark.parametrize("query", ["原文", "负责", "检查", "缺少", "OCR", "岗位", "待核实"])
def test_editors_pages_never_rank_above_content(search, query):
    pages = search(query)
    assert pages, query
    ranks = [page in EDITOR_PAGES for page in pages]
    if True in ranks:  # after the first editors' page, only editors' pages
        assert all(ranks[ranks.index(True):]), pages


def test_two_words_without_space_rank_the_page_having_both_first(search):
    assert search("麦德龙年返")[0] == "ka/metro/"
    assert search("大润发锁码")[0] == "ka/rtmart/"


def material_worker() -> str:
    import material
    folder = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    workers = sorted(folder.glob("search.*.min.js"))
    assert workers, "Material ships no search worker any more: playbook_kit/engines/material_search.py must be redone"
    return workers[0].read_text(encoding="utf-8")


def test_patch_applies_to_the_installed_material_worker():
    """Fails loudly when a Material update changes the code the patch needs."""
    text = search_fix.patch_worker_text(material_worker(), {"synonyms": [["窜货", "冲货"]]})
    assert "=new PbSearch(t.data)" in text and "data:yield de.search(e)" in text
    assert search_fix.patch_worker_text(text, {}) == text  # idempotent


@pytest.mark.parametrize("change", [
    ("case 0:return yield Ie(t.data.config),de=new U(t.data)", "case 0:return yield Ie(t.data.config),de=U.create(t.data)"),
    ("return{type:3,data:de.search(e)}", "return{type:3,data:de.find(e)}"),
])
def test_patch_refuses_a_changed_worker(change):
    old, new = change
    text = material_worker()
    assert old in text
    with pytest.raises(search_fix.WorkerPatchError):
        search_fix.patch_worker_text(text.replace(old, new), {})


def test_built_worker_is_patched_deterministically(site, catalog):
    worker = next(site.glob("assets/javascripts/workers/search.*.min.js")).read_text(encoding="utf-8")
    assert worker.startswith('"use strict";' + search_fix.MARK)
    data = worker_data(catalog)
    assert search_fix.worker_prelude(data) in worker
    assert ["窜货", "冲货", "串货"] in data["synonyms"] and "editing/" in ranked_pages(catalog)["demoted"]
    assert "</" not in search_fix.worker_prelude({"synonyms": [["</script>", "&"]]}).split("\n")[0]


# issue 25: classes of queries as staff type them on a phone; examples written for these tests
TYPED_CLASSES = [
    ("SKU费用", "ka/metro/"),                                              # Latin letters glued to Chinese
    ("锁码怎么算", "ka/rtmart/"), ("窜货了怎么办", "dealer/management-flow/"),  # question words weigh nothing
    ("六千元", "ka/metro/"), ("30000", "wholesale/guide/"),                 # 千/万, both ways
    ("1万到3万", "wholesale/guide/"),                                       # a range
    ("调味品经销商", "wholesale/guide/"),                                   # the specific word of a compound
]


@pytest.mark.parametrize("query, expected", TYPED_CLASSES, ids=[q for q, _ in TYPED_CLASSES])
def test_typed_the_way_staff_type_finds_its_page_first(search, query, expected):
    assert search(query)[:1] == [expected]


def first_results(page, count: int = 2) -> list[str]:
    """The text of the first result items of the search just made, without U+200B."""
    items = page.locator(".md-search-result__item").all()[:count]
    return [item.inner_text().replace("\u200b", "") for item in items]


@pytest.fixture(scope="module")
def search_page(served):
    base, chromium = served
    page = chromium.new_page()
    return lambda query: (search_pages(page, base, query), first_results(page))


def test_a_homophone_typo_says_which_word_it_searched(search_page):
    pages, (hint, first) = search_page("推光")
    assert hint.startswith("你是不是要找：推广") and "dealer/promotion/" in pages[:2], (hint, pages)
    assert "推广" in first


def test_previews_read_as_sentences(search_page):
    _, (lock, second) = search_page("锁码")  # a decision table: its question and its outcomes
    assert not any("你是不是要找" in text for text in (lock, second))  # a word typed right: no suggestion
    assert "问题：一个单品出现下面哪种情况时会被大润发锁码" in lock and "结果：锁码" in lock, lock
    assert "任意任意" not in lock and "#连续" not in lock
    _, texts = search_page("新品进场")  # a step: 第N步 · who · what
    assert any("第1步 · 经销商 · 经销商向门店经理或总部采购经理提报新品" in text for text in texts), texts
    assert not any("1经销商经销商" in text for text in texts)


# the first page search gave for these queries before the index was split into fragments (main at c30ee2e)
GOLDEN = {"堆头": "ka/rtmart/", "窜货": "dealer/management-flow/", "麦德龙年返": "ka/metro/",
          "邮差客户": "dealer/operating-models/", "业务员": "roles/salesman/", "满单": "ka/rtmart/"}
TRAINING = ("learn/", "quiz/")


def test_same_first_results_and_training_pages_after_content(search):
    """Learning paths and quizzes (30 % of the entries) no longer crowd out the pages a query is about
    (满单 used to list 4 learning paths among its first 6 results, 业务员 one second)."""
    for query, first in GOLDEN.items():
        pages = search(query)
        assert pages[:1] == [first], (query, pages)
        assert not [p for p in pages[:2] if p.startswith(TRAINING)], (query, pages)
