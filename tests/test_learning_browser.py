"""A rep's keyboard and phone in Chromium: a quiz answered only by an explicit key or button with
focus kept on the question, a checklist run ticked from the keyboard (what is focused and what
is announced), a saved run opened after its checklist changed version, and delete with undo.

Screenshots at 375 px go to the `shots` folder (tests/conftest.py)."""
from __future__ import annotations

import json
import re

PHONE = {"width": 375, "height": 800}
CHECKLIST = "checklist-oil-direct-sales"


def focused(page) -> dict:
    """The focused element: its tag, type, accessible name parts and the question it is in."""
    return page.evaluate("""() => { const e = document.activeElement;
        const by = e.getAttribute('aria-labelledby');
        return {tag: e.tagName, type: e.type || '', text: e.textContent.trim(),
                name: by ? document.getElementById(by).textContent.trim() : (e.labels && e.labels[0] ? e.labels[0].textContent.trim() : ''),
                question: e.closest('.pb-q') ? e.closest('.pb-q').dataset.q : null,
                checked: !!e.checked}; }""")


def test_quiz_arrow_keys_move_and_space_or_button_answers(served):
    base, b = served
    page = b.new_page()
    page.goto(base + "quiz/ka/")
    first, second = page.locator(".pb-q").nth(0), page.locator(".pb-q").nth(1)
    first.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")
    now = focused(page)
    assert now["type"] == "radio" and now["question"] == first.get_attribute("data-q") and now["checked"]
    assert first.locator(".pb-q-feedback").is_hidden()                   # moving is not answering
    assert "已答 0 题" in page.locator(".pb-quiz-score").inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert first.locator(".pb-q-feedback").is_hidden()
    page.keyboard.press("Space")                                         # the explicit answer
    feedback = first.locator(".pb-q-feedback")
    assert feedback.is_visible() and feedback.get_attribute("role") == "status"
    assert re.match("回答(正确|错误)。", feedback.inner_text())
    assert focused(page)["question"] == first.get_attribute("data-q")    # focus stays on the question
    assert first.locator(".pb-q-choices").get_attribute("aria-disabled") == "true"
    page.keyboard.press("ArrowDown")                                     # answered: arrows change nothing
    assert first.locator("input:checked").get_attribute("value") == "1"
    assert "已答 1 题" in page.locator(".pb-quiz-score").inner_text()
    # the second question: choose with the arrows, answer with the button
    second.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowDown")
    button = second.get_by_role("button", name="确认答案")
    button.focus()
    page.keyboard.press("Enter")
    assert second.locator(".pb-q-feedback").is_visible()
    assert focused(page)["question"] == second.get_attribute("data-q")
    assert "已答 2 题" in page.locator(".pb-quiz-score").inner_text()
    page.context.close()


def test_checklist_run_from_the_keyboard_and_delete_with_undo(served, shots):
    """At 375 px: start with Enter, type the store, Tab to the first item's one checkbox (named by
    the item's text), tick it with Space; the status line (aria-live) says how many are done. Then
    delete the run: focus moves to 撤销删除, and undo brings the run back."""
    base, b = served
    context = b.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + f"checklists/{CHECKLIST}/")
    page.get_by_role("button", name="开始执行").focus()
    page.keyboard.press("Enter")
    assert focused(page)["name"] == "门店"
    page.keyboard.type("城东站")
    first_text = page.locator("li.pb-item .pb-item-text").first.inner_text().strip()
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused(page)["type"] == "checkbox":
            break
    now = focused(page)
    assert now["type"] == "checkbox" and now["name"].startswith(first_text[:10])
    page.keyboard.press("Space")
    status = page.locator(".pb-run-status")
    assert status.get_attribute("aria-live") == "polite" and status.inner_text().startswith("已完成 1 /")
    assert page.locator("li.pb-item").first.locator("input[type=checkbox]").count() == 1  # one box per item
    page.locator("li.pb-item .pb-item-text").nth(1).click()              # the text toggles its box
    assert page.locator("li.pb-item").nth(1).get_by_role("checkbox").is_checked()

    page.get_by_role("button", name="删除本次记录").click()
    undo = page.get_by_role("button", name="撤销删除")
    assert undo.is_visible() and focused(page)["text"] == "撤销删除"
    assert "已删除记录（城东站" in page.locator(".pb-run-undo").inner_text()
    assert page.locator(".pb-run-pick").is_hidden()                    # nothing saved any more
    page.screenshot(path=str(shots / "checklist-run-deleted-375.png"))
    undo.click()
    assert page.get_by_label("门店").input_value() == "城东站"
    assert page.locator("li.pb-item").first.get_by_role("checkbox").is_checked()
    page.reload()
    assert page.get_by_label("门店").input_value() == "城东站"
    context.close()


def old_run(page) -> dict:
    """A run saved on version 1.1: item 1's text was different, one more item existed then
    (ticked), item 2 was ticked and has not changed."""
    items = page.evaluate("""() => [...document.querySelectorAll('li.pb-item')].map(li =>
        [li.dataset.item, li.querySelector('.pb-item-text').textContent.replace(/\\s+/g, ' ').trim()])""")
    order = [key for key, _ in items] + ["old-extra-step"]
    texts = dict(items, **{"old-extra-step": "核对旧表里的一项"})
    texts[items[0][0]] = "旧版本的第一项文字"
    return {"current": "run-old", "runs": [{
        "id": "run-old", "version": "1.1", "store": "城东站", "date": "2026-11-20", "name": "王小明",
        "snapshot": {"order": order, "texts": texts},
        "items": {items[0][0]: {"done": True, "note": ""}, items[1][0]: {"done": True, "note": "已补货"},
                  "old-extra-step": {"done": True, "note": ""}}}]}


def test_run_on_a_new_version_says_so_and_offers_both_ways(served, shots):
    base, b = served
    context = b.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + f"checklists/{CHECKLIST}/")
    version = page.locator(".pb-checklist").get_attribute("data-version")
    assert version != "1.1"
    page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                  [f"pb-runs:{CHECKLIST}", json.dumps(old_run(page), ensure_ascii=False)])
    page.reload()
    notice = page.locator(".pb-run-outdated")
    assert notice.is_visible() and notice.get_attribute("role") == "alert"
    assert f"按版本 1.1 开始的，检查表现在是版本 {version}" in notice.inner_text()
    changes = notice.locator(".pb-run-changes li").all_inner_texts()
    assert any(c.startswith("删去：") and "核对旧表里的一项" in c and "已勾选" in c for c in changes)
    assert any(c.startswith("改动：第1项") and "旧版本的第一项文字" in c for c in changes)
    assert page.locator("li.pb-item input[type=checkbox]").count() == 0   # no silent ticks on the new list
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    notice.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "checklist-run-new-version-375.png"))

    # print the old run as it was: its version, its items and ticks, nothing else of the page
    page.evaluate("window.print = () => {}")
    page.get_by_role("button", name="打印旧版本记录").click()
    page.emulate_media(media="print")
    old = page.locator(".pb-run-old")
    text = re.sub(r"\s+", "", old.inner_text())
    assert "版本1.1（旧版本记录）" in text and "旧版本的第一项文字" in text and "核对旧表里的一项" in text
    assert f"本记录按版本1.1执行，网站上现行版本为{version}" in text and "备注：已补货" in text
    assert old.locator("li.pb-done").count() == 3
    printed = page.evaluate("""() => [...document.querySelectorAll('.md-content__inner *')].filter(e =>
        getComputedStyle(e).visibility === 'visible' && e.getClientRects().length && !e.closest('.pb-run-old')).length""")
    assert printed == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")

    # or continue on the new version: only the unchanged item keeps its tick
    page.get_by_role("button", name="在新版本上继续").click()
    boxes = page.locator("li.pb-item").all()
    assert not boxes[0].get_by_role("checkbox").is_checked() and boxes[1].get_by_role("checkbox").is_checked()
    assert page.locator(".pb-run-status").inner_text().startswith(f"已改为按版本 {version} 执行")
    page.reload()
    assert page.locator(".pb-run-outdated").is_hidden()
    assert f"按版本 {version} 执行" in page.locator(".pb-run-print-meta").text_content()
    context.close()
