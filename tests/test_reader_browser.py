"""Issue 12 in Chromium: glossary marks once per section, a tooltip that stays
on a phone screen and links to the glossary entry, the glossary's index and
filter, visible decision-helper inputs with partial answers, wide tables, and
a checklist printed with the browser's default header and footer on."""
from __future__ import annotations

import subprocess

import pytest

from browser import pdf_info, pdf_text, print_to_pdf
from conftest import require_chromium
from playbook_kit.render.renderer import Renderer

def marks_per_section(page) -> list:
    """(section heading, term id) pairs marked more than once in one section."""
    return page.evaluate("""() => {
        const root = document.querySelector('.md-content article');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
        let section = 'top', seen = {}, twice = [];
        while (walker.nextNode()) {
            const el = walker.currentNode;
            if (/^H[1-6]$/.test(el.tagName) || el.tagName === 'DT') { section = el.textContent.trim(); seen = {}; continue; }
            if (el.matches('abbr.pb-gloss')) {
                const id = el.dataset.term;
                if (seen[id]) twice.push([section, id]);
                seen[id] = true;
            }
        }
        return twice; }""")


@pytest.mark.parametrize("url", ["dealer/operating-models/", "ka/rtmart/", "dealer/management-flow/"])
def test_a_term_is_underlined_once_per_section(served, url):
    base, b = served
    page = b.new_page()
    page.goto(base + url)
    page.wait_for_selector("abbr.pb-gloss")
    assert marks_per_section(page) == []
    bad = page.evaluate("""() => [...document.querySelectorAll('abbr.pb-gloss')]
        .filter(a => a.closest('h1,h2,h3,h4,h5,h6,a,dt')).length""")
    assert bad == 0
    page.close()


def test_glossary_page_marks_no_terms(served):
    """A long reference list: no Tab stop per term (issue 26); marks are chosen at build time."""
    base, b = served
    page = b.new_page()
    page.goto(base + "glossary/")
    page.wait_for_selector(".pb-glossary dt")
    assert page.locator("abbr.pb-gloss").count() == 0
    page.close()


def test_marking_still_finds_terms_in_running_text(served):
    """Negative case for the limit: the first occurrence in a section is still marked."""
    base, b = served
    page = b.new_page()
    page.goto(base + "dealer/management-flow/")
    page.wait_for_selector("abbr.pb-gloss")
    assert "mgmt-cross-selling" in page.evaluate("[...document.querySelectorAll('abbr.pb-gloss')].map(a => a.dataset.term)")
    page.close()


def test_tooltip_stays_on_a_phone_screen_and_links_to_the_glossary(served, shots):
    base, b = served
    page = b.new_page(viewport={"width": 375, "height": 740}, has_touch=True)
    page.goto(base + "ka/rtmart/")
    page.wait_for_selector("abbr.pb-gloss")
    # the mark furthest to the right is the hardest case
    index = page.evaluate("""() => { const marks = [...document.querySelectorAll('abbr.pb-gloss')];
        let best = 0; marks.forEach((m, i) => { const r = m.getBoundingClientRect();
          if (r.width && r.right > marks[best].getBoundingClientRect().right) best = i; }); return best; }""")
    mark = page.locator("abbr.pb-gloss").nth(index)
    mark.scroll_into_view_if_needed()
    mark.tap()
    pop = page.locator(".pb-gloss-pop")
    assert pop.is_visible()
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    term = mark.get_attribute("data-term")
    link = pop.locator("a.pb-gloss-pop-link")
    assert link.get_attribute("href").endswith(f"/glossary/#term-{term}")
    page.screenshot(path=str(shots / "glossary-tooltip-375.png"))
    link.click()
    page.wait_for_url(f"**/glossary/#term-{term}")
    assert page.locator(f"#term-{term}").is_visible()
    page.close()


def test_tooltip_shows_on_keyboard_focus(served):
    base, b = served
    page = b.new_page()
    page.goto(base + "dealer/operating-models/")
    page.wait_for_selector("abbr.pb-gloss")
    first = page.locator("abbr.pb-gloss").first
    first.focus()
    pop = page.locator(".pb-gloss-pop")
    assert pop.is_visible() and "：" in pop.inner_text()
    assert first.get_attribute("aria-describedby") == "pb-gloss-pop-text"
    page.keyboard.press("Escape")
    assert not pop.is_visible()
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_glossary_index_and_filter(served, width, shots):
    base, b = served
    page = b.new_page(viewport={"width": width, "height": 900})
    page.goto(base + "glossary/")
    field = page.locator("#pb-gloss-filter")
    assert field.is_visible()
    page.screenshot(path=str(shots / f"glossary-{width}.png"))
    visible = "() => [...document.querySelectorAll('.pb-glossary dt')].filter(d => !d.hidden).map(d => d.id)"
    everything = page.evaluate(visible)
    assert len(everything) > 100
    field.fill("冲货")  # an alias finds its term
    assert page.evaluate(visible) == ["term-mgmt-cross-selling"]
    field.fill("ch")  # 拼音首字母 of 窜货 (cuàn huò)
    assert "term-mgmt-cross-selling" in page.evaluate(visible)
    field.fill("没有这个词")
    assert page.evaluate(visible) == []
    assert "找到 0 个" in page.locator(".pb-gloss-filter-status").inner_text()
    field.fill("")
    assert len(page.evaluate(visible)) == len(everything)
    page.locator(".pb-gloss-letters a", has_text="S").click()
    page.wait_for_url("**/glossary/#gloss-S")
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_helper_number_inputs_are_visible(served, width):
    base, b = served
    page = b.new_page(viewport={"width": width, "height": 900})
    page.goto(base + "ka/rtmart/")
    field = page.locator("#dt-rtmart-lock-code-decision input[type=number]").first
    style = field.evaluate("""e => { const s = getComputedStyle(e);
        return [s.borderTopWidth, s.borderTopStyle, s.borderTopColor, s.backgroundColor]; }""")
    assert style[0] != "0px" and style[1] != "none" and style[2] != style[3], style
    box = field.bounding_box()
    assert box["width"] >= 80 and box["x"] + box["width"] <= width


def test_helper_answers_as_soon_as_the_given_inputs_decide(served, shots):
    base, b = served
    page = b.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "ka/rtmart/")
    lock = page.locator("#dt-rtmart-lock-code-decision")
    result = lock.locator(".pb-dt-result")
    assert "请填写" in result.inner_text()
    lock.get_by_label("连续未销售").fill("4")  # 4 months unsold: locked whatever the rest
    text = result.inner_text()
    assert text.startswith("结论：") and "锁码" in text and "不影响结论" in text, text
    assert lock.locator("tr.pb-hit").count() >= 1
    lock.get_by_label("连续未销售").fill("1")  # not decided yet: say what would decide it
    text = result.inner_text()
    assert text.startswith("还不能确定") and "没有到货的订单" in text and "连续未销售" not in text.split("请再填")[1], text
    assert lock.locator("tr.pb-hit").count() == 0 and lock.locator("tr.pb-maybe").count() >= 2
    lock.locator(".pb-dt-helper").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "decision-helper-1280.png"))
    page.close()


def test_helper_at_phone_width(served, shots):
    base, b = served
    page = b.new_page(viewport={"width": 375, "height": 900})
    page.goto(base + "ka/rtmart/")
    idle = page.locator("#dt-rtmart-sellthrough-decision")
    idle.locator("input[type=number]").fill("45")
    assert "警告" in idle.locator(".pb-dt-result").inner_text()
    idle.locator(".pb-dt-helper").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "decision-helper-375.png"))
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_wide_tables_scroll_in_their_box_with_a_hint(served, width, shots):
    base, b = served
    page = b.new_page(viewport={"width": width, "height": 900})
    page.goto(base + "dealer/operating-models/")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    table = page.locator("#dt-dealer-model-choice .pb-table-scroll")
    scrolls = table.evaluate("e => e.scrollWidth > e.clientWidth + 2")
    hint = page.locator("#dt-dealer-model-choice .pb-scroll-hint")
    assert hint.count() == (1 if scrolls else 0)
    if scrolls:
        assert hint.is_visible() and table.get_attribute("tabindex") == "0"
    # every text column is wide enough to read (was four characters a line at 1280 px)
    narrowest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('#dt-dealer-model-choice td.pb-out-cell')]
        .map(td => td.getBoundingClientRect().width / parseFloat(getComputedStyle(td).fontSize)))""")
    assert narrowest >= 8, narrowest
    page.screenshot(path=str(shots / f"wide-table-{width}.png"))
    page.close()


@pytest.mark.browser
def test_checklist_prints_right_with_the_browsers_default_header_and_footer(site_url, tmp_path, shots):
    """Printed by Chromium itself, with its default header and footer, as from the print dialog."""
    require_chromium()
    pdf = tmp_path / "sheet.pdf"
    print_to_pdf(f"{site_url}checklists/checklist-rtmart-new-product/", pdf, browser_header_footer=True)
    info = pdf_info(pdf)
    assert info["Pages"] == "1" and info["Page size"].endswith("(A4)")
    text = pdf_text(pdf)
    assert "127.0.0.1" not in text and "http" not in text, text[:300]  # no URL header or footer
    assert "大润发新品进场检查表" in text and "用法：做完再逐项核对" in text.replace(" ", "")
    assert "checklist-rtmart" not in text
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(shots / "checklist-print-default-headers")],
                   check=True)
    assert (shots / "checklist-print-default-headers.png").exists()


@pytest.mark.browser
def test_printed_bundle_with_default_headers_keeps_one_page_per_sheet(site_url, catalog, tmp_path):
    require_chromium()
    sheets = Renderer(catalog).checklists_by_channel()["ka"]
    pdf = tmp_path / "bundle.pdf"
    print_to_pdf(f"{site_url}checklists/bundle-ka/", pdf, browser_header_footer=True)
    assert pdf_info(pdf)["Pages"] == str(len(sheets))
    assert "127.0.0.1" not in pdf_text(pdf)


@pytest.mark.parametrize("width", [375, 1280])
def test_checklist_page_screenshots(served, width, shots):
    base, b = served
    page = b.new_page(viewport={"width": width, "height": 900})
    page.goto(base + "checklists/checklist-rtmart-new-product/")
    meta = page.locator(".pb-checklist-meta")
    assert meta.get_by_role("link", name="新品进场").is_visible()
    page.screenshot(path=str(shots / f"checklist-page-{width}.png"))
    page.close()


def test_checklist_index_shows_the_list_above_the_fold(served):
    base, b = served
    page = b.new_page(viewport={"width": 375, "height": 740})
    page.goto(base + "checklists/")
    first = page.locator(".pb-checklist-index table a").first
    assert first.bounding_box()["y"] < 740
    page.close()
