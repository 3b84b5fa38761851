"""A new hire searching in Chinese, and a trainer printing, in real Chromium."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("chromium")


@pytest.fixture(scope="module")
def search_page(served):
    base, b = served
    page = b.new_page()
    if True:
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
    # jargon
    ("年返", "ka/metro/"),
    ("档期", "ka/rtmart/"),
    ("临促", "roles/temp-promoter/"),
    ("以货换货", "ka/metro/"),
    ("二批商", "wholesale/guide/"),
    ("集客", "auto-4s/reception/"),
    ("末位淘汰", "ka/rtmart/"),
    ("牛奶区", "ka/metro/"),
    ("条码费", "ka/metro/"),
    # role names
    ("业务员", "roles/salesman/"),
    ("展厅主管", "roles/showroom-supervisor/"),
    # numbers
    ("2.5%", "ka/metro/"),
    ("6000", "ka/metro/"),
    # Material's weak spots: an unspaced multi-word query, a word inside a longer token
    ("门店陈列", "ka/rtmart/"),
    ("推广软文", "software/agency/"),
    # mixed queries
    ("锁码 条件", "ka/rtmart/"),
    ("麦德龙 合同", "ka/metro/"),
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


# one distinctive word per source document: a new hire finds that document's page
DOCUMENT_QUERIES = [
    ("状态码", "ka/rtmart/"),                          # 1 大润发操作流程
    ("门头", "wholesale/guide/"),                       # 2 调味品企业的批发渠道运作指南
    ("营业活动计划表", "auto-4s/reception/"),           # 3 4s店销售流程
    ("邮差客户", "dealer/operating-models/"),           # 4 经销商运作三种模式
    ("大环境", "dealer/promotion/"),                    # 5 经销商如何实施有效的市场推广活动
    ("前七后八", "ka/rtmart/"),                         # 6 大润发操作手册
    ("成品油", "oil/sales/"),                           # 7 成品油直销与分销业务流程
    ("单一展示加压法", "ka/metro/"),                    # 8 KA卖场操作流程
    ("窜货", "dealer/management-flow/"),                # 9 经销商管理流程是什么
    ("库存积压", "dealer/manual/"),                     # 10 经销商操作手册
    ("潜在经销商", "dealer/development/"),              # 11 教你如何开发经销商
    ("资质审查", "dealer/management-handbook/"),        # 12 经销商管理完全手册
    ("销售策划", "sales/process/"),                     # 13 销售具体流程
    ("知识产权", "sales/agency/"),                      # 14 渠道代理及注意事项
    ("烂市场", "dealer/dev-three-steps/"),              # 15 经销商开发3部曲
    ("软文", "software/agency/"),                       # 16 代理经销商软件合作和售后服务流程
    ("彩排", "auto-4s/market-event/"),                  # 17 经销商市场活动操作流程
]


@pytest.mark.parametrize("query, expected", DOCUMENT_QUERIES, ids=[q for q, _ in DOCUMENT_QUERIES])
def test_each_source_document_is_found_by_a_distinctive_word(search_page, query, expected):
    pages = search_page(query)
    assert expected in pages[:3], pages


def test_decision_helper_highlights_the_matching_rule(served):
    base, b = served
    if True:
        page = b.new_page()
        page.goto(base + "ka/rtmart/")
        status = page.locator("#dt-rtmart-status-codes")
        status.locator("select").select_option("9")
        assert status.locator("tr.pb-hit").get_attribute("data-rule") == "status-9"
        assert "删除商品" in status.locator(".pb-dt-result").inner_text()

        idle = page.locator("#dt-rtmart-sellthrough-decision")
        field = idle.locator("input[type=number]")
        field.focus()
        page.keyboard.type("45")  # keyboard only
        assert idle.locator("tr.pb-hit").get_attribute("data-rule") == "warning"
        assert "警告" in idle.locator(".pb-dt-result").inner_text()
        field.fill("60")
        field.dispatch_event("input")
        assert idle.locator("tr.pb-hit").get_attribute("data-rule") == "delisting"

        lock = page.locator("#dt-rtmart-lock-code-decision")
        for label, value in (("连续未销售", "1"), ("没有到货的订单", "0")):
            lock.get_by_label(label).fill(value)
        lock.get_by_label("适合大润发的销售策略").select_option("true")
        lock.get_by_label("适合在该地区或该城市销售").select_option("false")
        assert lock.locator("tr.pb-hit").get_attribute("data-rule") == "region"


def test_decision_table_without_javascript_is_the_plain_table(site):
    html = (site / "ka/rtmart/index.html").read_text(encoding="utf-8")
    assert '<div class="pb-dt-helper" hidden=""' in html  # shown only when the script runs
    assert "任意" in html and "覆盖全部 5 种组合" in html


def test_source_fragment_and_uncertainty_open_on_demand(served):
    """Readers see small closed markers; a click shows the source wording or the note."""
    base, b = served
    page = b.new_page()
    page.goto(base + "ka/rtmart/")
    step = page.locator("#rtmart-new-store-opening-promoters")
    quote = step.locator("details.pb-quote")
    note = step.locator("details.pb-unverified")
    assert not quote.locator("blockquote").first.is_visible()
    assert not note.locator("li").first.is_visible()
    quote.locator("summary").click()
    assert quote.locator("blockquote").first.inner_text().strip() == "豆组/电组5-10人"
    note.locator("summary").focus()
    page.keyboard.press("Enter")  # keyboard works too
    assert "是每组还是合计" in note.locator("li").first.inner_text()
    page.close()
