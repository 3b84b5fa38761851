"""Keyboard and screen-reader access in Chromium: axe-core 4.14 on every built
page at desktop and phone width, and what a keyboard user meets on the pages
with their own controls: the narrow-width menu, the decision helper, the
glossary filter and the glossary popup, and a visible focus ring on every
control the site adds. Screenshots of the focus states go to `shots`."""
from __future__ import annotations

import re

from browser import AXE, axe_violations

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 800}


def site_pages(site) -> list[str]:
    """Every page of the built site, as a path under its root."""
    pages = sorted(str(index.parent.relative_to(site)) for index in site.rglob("index.html"))
    return ["" if page == "." else page + "/" for page in pages] + ["404.html"]


def test_no_serious_violation_on_any_page_at_either_width(served, site):
    """All pages, not a sample: each page is loaded once at 1280 px and checked,
    then narrowed to 375 px (as a phone turned, a window narrowed) and checked
    again: a page load costs more than axe. Two browser contexts (two renderer
    processes) take turns, so one page loads while axe runs on the other. axe
    is injected by the context on each load; search's index is not fetched
    (its results are checked in test_reading), so the page is idle when axe
    runs. Colour contrast does not change with the width (no colour depends on
    the layout, and the narrowed page is mid-transition): it runs at 1280 px."""
    base, b = served
    pages = site_pages(site)
    assert len(pages) > 150
    contexts = [b.new_context(viewport=DESKTOP) for _ in range(2)]
    for context in contexts:
        context.add_init_script(path=str(AXE))
        context.route("**/search/search_index.json", lambda route: route.abort())
        context.route("**/assets/javascripts/workers/*", lambda route: route.abort())  # search's worker: idle page
    loading = [(context.new_page(), path) for context, path in zip(contexts, pages)]
    for page, path in loading:
        start_loading(page, base + path)
    waiting, found = pages[len(loading):], []
    while loading:
        page, path = loading.pop(0)
        page.wait_for_load_state("load")
        found += violations_at_both_widths(page, path)
        if waiting:
            start_loading(page, base + waiting[0])
            loading.append((page, waiting.pop(0)))
    # the check can fail: a nameless button is found
    page.evaluate("document.querySelector('article').appendChild(document.createElement('button'))")
    assert [v[0] for v in axe_violations(page)] == ["button-name"]
    for context in contexts:
        context.close()
    assert found == []


def start_loading(page, url: str) -> None:
    """Navigate at desktop width (the page is laid out once at each width) and return once
    the new document has started: it goes on loading while the other context is checked."""
    page.set_viewport_size(DESKTOP)
    page.goto(url, wait_until="commit")


def violations_at_both_widths(page, path: str) -> list[tuple]:
    found = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        skip = ("color-contrast",) if viewport is PHONE else ()
        found += [(viewport["width"], path, *v) for v in axe_violations(page, skip=skip)]
    return found


def announced(page) -> dict:
    """What a screen reader is told about the focused element: its role, name,
    description and expanded state in Chromium's own accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    try:
        element = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})["result"]["objectId"]
        node = cdp.send("Accessibility.getPartialAXTree", {"objectId": element, "fetchRelatives": False})["nodes"][0]
    finally:
        cdp.detach()
    states = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
    return {"role": node["role"]["value"], "name": node.get("name", {}).get("value", ""),
            "description": node.get("description", {}).get("value", ""), "expanded": states.get("expanded")}


def on_screen(page) -> bool:
    """The focused element is where a sighted keyboard user can see it."""
    return page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
        return r.width > 0 && r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight
               && e.checkVisibility({opacityProperty: true, visibilityProperty: true}); }""")


def tab(page, key: str = "Tab") -> dict:
    page.keyboard.press(key)
    return announced(page)


def test_narrow_menu_opens_and_closes_from_the_keyboard(served, shots):
    base, b = served
    page = b.new_page(viewport=PHONE)
    page.goto(base + "ka/rtmart/")
    assert tab(page)["name"] == "跳转至"  # the skip link
    # the menu button: a named, focusable control; the closed drawer's 40-odd links are not Tab stops
    assert tab(page) == {"role": "button", "name": "导航菜单", "description": "", "expanded": False}
    assert tab(page)["name"] == "搜索"  # search's button; the closed search box is not a Tab stop
    assert tab(page, "Shift+Tab")["name"] == "导航菜单"
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)  # the drawer slides in
    assert page.locator(".md-header label[for=__drawer]").get_attribute("aria-expanded") == "true"
    # focus moved into the drawer: its open panel (the page's section) and only that one
    assert announced(page)["name"] == "返回上一级：KA 卖场" and on_screen(page)
    page.screenshot(path=str(shots / "menu-open-375.png"))
    names = [tab(page)["name"] for _ in range(2)]
    assert names == ["大润发（本页目录）", "麦德龙"], names
    assert on_screen(page)
    for _ in range(2):
        page.keyboard.press("Shift+Tab")
    page.keyboard.press(" ")  # back to the top level: focus on the section it came from
    page.wait_for_timeout(300)
    assert announced(page)["name"] == "展开：KA 卖场" and on_screen(page)
    assert tab(page)["name"] == "批发渠道" and on_screen(page)
    page.keyboard.press("Escape")  # closes, focus back on the menu button
    assert announced(page) == {"role": "button", "name": "导航菜单", "description": "", "expanded": False}
    page.wait_for_timeout(300)
    assert page.evaluate("document.querySelector('.md-sidebar--primary').inert")
    page.screenshot(path=str(shots / "menu-closed-focus-375.png"))
    # search's button opens search with the focus in its box; Escape brings it back
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert announced(page)["name"] == "搜索" and page.evaluate("document.activeElement.tagName") == "INPUT"
    page.keyboard.press("Escape")
    assert announced(page)["role"] == "button" and announced(page)["name"] == "搜索"
    page.close()


def test_wide_layout_has_no_menu_button_and_no_invisible_tab_stop(served):
    base, b = served
    page = b.new_page(viewport=DESKTOP)
    page.goto(base + "ka/rtmart/")
    names = [tab(page)["name"] for _ in range(5)]
    # skip link, logo, search box, then the navigation: nothing invisible after the search box
    assert names == ["跳转至", "经销商市场操作手册", "搜索", "首页", "新人上手"], names
    assert not page.evaluate("document.querySelector('.md-sidebar--primary').inert")
    page.close()


def test_decision_helper_from_the_keyboard(served):
    base, b = served
    page = b.new_page(viewport=DESKTOP)
    page.goto(base + "ka/rtmart/")
    table = page.locator("#dt-rtmart-status-codes")
    select = table.locator("select").first
    select.focus()
    assert announced(page)["role"] == "combobox" and announced(page)["name"]
    page.keyboard.press("ArrowDown")  # the next status code, chosen from the keyboard
    result = table.locator(".pb-dt-result")
    assert result.get_attribute("role") == "status"  # read out when it changes
    assert result.inner_text().startswith("结论：")
    assert table.locator("tr.pb-hit").count() == 1
    page.close()


def test_glossary_filter_from_the_keyboard(served, shots):
    base, b = served
    page = b.new_page(viewport=PHONE)
    page.goto(base + "glossary/")
    field = page.locator("#pb-gloss-filter")
    field.focus()
    assert announced(page)["name"] == "筛选术语："
    page.keyboard.type("ch")
    status = page.locator(".pb-gloss-filter-status")
    assert status.get_attribute("role") == "status" and status.inner_text().startswith("找到 ")
    # every letter link left points at a group that is shown, and at least one was hidden
    letters = page.evaluate("""() => [...document.querySelectorAll('.pb-gloss-letters a')].map(a =>
        [!a.checkVisibility(), document.querySelector(a.getAttribute('href')).hidden])""")
    assert all(link_hidden == group_hidden for link_hidden, group_hidden in letters), letters
    assert any(group_hidden for _, group_hidden in letters) and not all(group_hidden for _, group_hidden in letters)
    page.screenshot(path=str(shots / "glossary-filter-focus-375.png"))
    page.close()


def test_glossary_popup_from_the_keyboard_and_pointer(served, shots):
    base, b = served
    page = b.new_page(viewport=DESKTOP)
    page.goto(base + "dealer/operating-models/")
    term = page.locator("abbr.pb-gloss").first
    term.focus()
    said = announced(page)
    popup = page.locator(".pb-gloss-pop")
    assert popup.is_visible() and said["description"] == term.get_attribute("data-definition")
    # the popup sits right after its term, inside the page's main landmark
    assert term.evaluate("t => t.nextElementSibling.classList.contains('pb-gloss-pop') && !!t.closest('main')")
    assert tab(page) == {"role": "link", "name": "在术语表中查看", "description": "", "expanded": None}
    page.screenshot(path=str(shots / "glossary-popup-link-focus-1280.png"))
    after = tab(page)  # focus leaves the term and its popup: it closes (or moves to the next term)
    assert term.get_attribute("aria-describedby") is None
    if after["role"] == "Abbr":
        assert page.evaluate("document.activeElement.nextElementSibling.classList.contains('pb-gloss-pop')")
    else:
        assert not popup.is_visible()
    term.focus()
    page.keyboard.press("Escape")
    assert not popup.is_visible() and announced(page)["name"] == term.inner_text()
    term.hover()
    assert popup.is_visible()
    page.mouse.move(5, 700)  # the pointer leaves
    page.wait_for_timeout(500)
    assert not popup.is_visible()
    page.close()


def test_glossary_popup_does_not_hide_the_answers_below(served):
    """A term in a quiz question: its popup opens above the question rather than over the options."""
    base, b = served
    page = b.new_page(viewport=PHONE)
    page.goto(base + "quiz/dealer/")
    question = page.locator(".pb-q").first
    term = question.locator("abbr.pb-gloss").first
    term.evaluate("t => t.scrollIntoView({block: 'center'})")
    term.focus()
    covered = page.evaluate("""() => { const p = document.querySelector('.pb-gloss-pop').getBoundingClientRect();
        return [...document.querySelector('.pb-q').querySelectorAll('label, input')].filter(c => {
          const r = c.getBoundingClientRect();
          return r.right > p.left && r.left < p.right && r.bottom > p.top && r.top < p.bottom; }).length; }""")
    assert covered == 0
    page.close()


# the controls the site adds, each focused from the keyboard on its page
CONTROLS = (
    ("quiz option", "quiz/oil/", ".pb-q input[type=radio]"),
    ("learning toggle", "learn/role-oil-sales-team/", ".pb-path-toggle"),
    ("glossary filter", "glossary/", "#pb-gloss-filter"),
    ("glossary term", "dealer/operating-models/", "abbr.pb-gloss"),
    ("scrolling table", "dealer/operating-models/", ".pb-table-scroll[tabindex='0']"),
    ("store", "checklists/checklist-oil-distribution/", "[id^=pb-run-store-]"),
    ("person", "checklists/checklist-oil-distribution/", "[id^=pb-run-name-]"),
    ("tick box", "checklists/checklist-oil-distribution/", ".pb-run-tick input"),
    ("note", "checklists/checklist-oil-distribution/", "input.pb-run-note"),
)

# the outline's style, width and contrast with the first opaque background behind the control
RING = """e => { const s = getComputedStyle(e);
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const lum = c => { const [r, g, b] = rgb(c); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = 'rgb(255, 255, 255)';
  for (let n = e.parentElement; n; n = n.parentElement) {
    const c = getComputedStyle(n).backgroundColor;
    if (c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0)')) { bg = c; break; } }
  const [hi, lo] = [lum(s.outlineColor), lum(bg)].sort((a, b) => b - a);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), contrast: (hi + 0.05) / (lo + 0.05)}; }"""


def test_every_control_the_site_adds_shows_its_focus(served, shots):
    """A focus ring at least 2 px wide and 3:1 against the background (WCAG 2.4.7, 1.4.11)."""
    base, b = served
    page = b.new_page(viewport=PHONE)
    for label, path, selector in CONTROLS:
        if page.url != base + path:
            page.goto(base + path)
            if "checklist" in path:
                page.get_by_role("button", name="开始执行").click()
        control = page.locator(selector).first
        control.scroll_into_view_if_needed()
        page.keyboard.press("Tab")  # keyboard use: :focus-visible applies to the next focus
        control.focus()
        ring = control.evaluate(RING)
        assert ring["style"] != "none" and ring["width"] >= 2 and ring["contrast"] >= 3, (label, ring)
        page.screenshot(path=str(shots / f"focus-{label.replace(' ', '-')}-375.png"))
    page.close()


# WCAG 1.4.12's text-spacing values (the W3C bookmarklet's)
TEXT_SPACING = """() => { const s = document.createElement('style');
  s.textContent = '* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }'
    + ' p { margin-bottom: 2em !important; }';
  document.head.appendChild(s); }"""


def test_checklist_sign_off_line_fits_with_wider_text_spacing(served):
    """At 320 px (WCAG 1.4.10's reflow width) the three blanks wrap instead of overflowing."""
    base, b = served
    page = b.new_page(viewport={"width": 320, "height": 800})
    page.goto(base + "checklists/checklist-rtmart-new-product/")
    page.evaluate(TEXT_SPACING)
    overflowing = page.evaluate("""() => [...document.querySelectorAll('.pb-signoff')].filter(line =>
        line.scrollWidth > line.clientWidth + 1 || [...line.children].some(part =>
          part.getBoundingClientRect().right > line.getBoundingClientRect().right + 1)).length""")
    assert overflowing == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


def test_the_updates_page_shows_no_commit_subject(site):
    """Commit subjects (English, written for developers) never reach readers: 最近更新 says what changed."""
    page = (site / "updates" / "index.html").read_text(encoding="utf-8")
    assert "pb-update-subject" not in page and 'lang="en"' not in page.split("<article", 1)[-1]
