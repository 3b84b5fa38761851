"""New hires and reps in Chromium: a learning path whose progress survives a
reload, a quiz answered right and wrong with feedback and source link, and a
checklist run on a phone that is resumed after a reload and printed filled in
on one A4 page. Accessibility with axe-core on each, in its interactive state.

Screenshots at 375 px go to the `shots` folder (tests/conftest.py)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from browser import axe_violations, pdf_info, pdf_text
from conftest import ROOT, require_chromium
from playbook_kit.render.renderer import Renderer
from playbook_kit.views import quiz

PHONE = {"width": 375, "height": 800}


def serious(page) -> list:
    return axe_violations(page)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_learning_path_progress_survives_reload_and_resets(served, tmp_path, shots):
    base, b = served
    context = b.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + "learn/role-oil-sales-team/")
    progress = page.locator(".pb-path-progress")
    total = page.locator(".pb-path-item").count()
    assert total >= 3
    assert progress.inner_text().startswith(f"已读 0 / {total}")
    toggles = page.locator(".pb-path-toggle")
    toggles.nth(0).click()
    toggles.nth(2).press("Enter")  # keyboard works too
    assert progress.inner_text().startswith(f"已读 2 / {total}")
    page.reload()
    toggles = page.locator(".pb-path-toggle")
    assert toggles.nth(0).get_attribute("aria-pressed") == "true"
    assert toggles.nth(1).get_attribute("aria-pressed") == "false"
    assert toggles.nth(2).get_attribute("aria-pressed") == "true"
    assert page.locator(".pb-path-progress").inner_text().startswith(f"已读 2 / {total}")
    # progress is kept by item: the same item read on this path counts on the channel's path
    other = context.new_page()
    other.goto(base + "learn/channel-oil/")
    first_key = page.locator(".pb-path-item").first.get_attribute("data-key")
    assert other.locator(f".pb-path-item[data-key='{first_key}'] .pb-path-toggle").get_attribute("aria-pressed") == "true"
    assert not other.locator(".pb-path-progress").inner_text().startswith("已读 0 /")
    # the first item is the channel's start page, and its link works
    href = page.locator(".pb-path-item a").first.get_attribute("href")
    assert href.rstrip("/").endswith("oil")
    assert serious(page) == []
    page.screenshot(path=str(shots / "learning-path-375.png"))
    page.once("dialog", lambda dialog: dialog.dismiss())          # reset asks first: cancelled
    page.get_by_role("button", name="重置进度").click()
    assert page.locator(".pb-path-progress").inner_text().startswith(f"已读 2 / {total}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重置进度").click()
    assert page.locator(".pb-path-progress").inner_text().startswith(f"已读 0 / {total}")
    page.reload()
    assert page.locator(".pb-path-progress").inner_text().startswith(f"已读 0 / {total}")
    # nothing left the browser: every request went to the site itself
    context.close()


def test_quiz_right_and_wrong_with_feedback_and_link(served, tmp_path, shots):
    base, b = served
    context = b.new_context(viewport=PHONE)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + "quiz/oil/")
    questions = page.locator(".pb-q")
    count = questions.count()
    assert count >= 10
    assert page.locator(".pb-quiz-score").inner_text() == f"得分 0 / {count}（已答 0 题）"
    first, second = questions.nth(0), questions.nth(1)
    right = int(first.get_attribute("data-answer"))
    wrong = (int(second.get_attribute("data-answer")) + 1) % second.locator("input[type=radio]").count()
    first.locator("input[type=radio]").nth(right).check()
    feedback = first.locator(".pb-q-feedback")
    assert feedback.is_visible() and feedback.inner_text().startswith("回答正确")
    second.get_by_role("radio").nth(wrong).check()
    feedback2 = second.locator(".pb-q-feedback")
    assert feedback2.inner_text().startswith("回答错误")
    letter = "ABCD"[int(second.get_attribute("data-answer"))]
    assert f"正确答案：{letter}" in feedback2.inner_text()
    assert page.locator(".pb-quiz-score").inner_text() == f"得分 1 / {count}（已答 2 题）"
    assert first.locator(".pb-q-choices").get_attribute("aria-disabled") == "true"  # answered once
    assert serious(page) == []
    second.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "quiz-375.png"))
    # the score is kept locally and survives a reload
    page.reload()
    assert page.locator(".pb-quiz-score").inner_text() == f"得分 1 / {count}（已答 2 题）"
    assert page.locator(".pb-q").nth(1).locator(".pb-q-feedback").inner_text().startswith("回答错误")
    # the link leads to the page and the step the fact came from
    link = page.locator(".pb-q").nth(1).locator(".pb-q-feedback a.pb-q-source")
    href = link.get_attribute("href")
    anchor = href.split("#")[1]
    link.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("#" + anchor)
    assert page.locator(f"[id='{anchor}']").count() == 1
    assert all(url.startswith(base) for url in requests)
    context.close()


def test_quiz_reset_clears_answers(served):
    base, b = served
    page = b.new_page()
    page.goto(base + "quiz/software/")
    q = page.locator(".pb-q").nth(0)
    q.locator("input[type=radio]").nth(0).check()
    assert "已答 1 题" in page.locator(".pb-quiz-score").inner_text()
    page.once("dialog", lambda dialog: dialog.dismiss())          # retake asks first: cancelled
    page.get_by_role("button", name="重新作答").click()
    assert "已答 1 题" in page.locator(".pb-quiz-score").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="重新作答").click()
    assert "已答 0 题" in page.locator(".pb-quiz-score").inner_text()
    assert q.locator(".pb-q-feedback").is_hidden()
    assert q.locator(".pb-q-choices").get_attribute("aria-disabled") is None


def test_checklist_run_resume_and_print_filled(served, tmp_path, shots):
    base, b = served
    context = b.new_context(viewport=PHONE)
    page = context.new_page()
    url = base + "checklists/checklist-oil-direct-sales/"
    page.goto(url)
    items = page.locator("li.pb-item")
    total = items.count()
    version = page.locator(".pb-checklist").get_attribute("data-version")
    page.get_by_role("button", name="开始执行").click()
    page.get_by_label("门店").fill("中石化城东加油站")
    page.get_by_label("执行人").fill("王小明")
    page.get_by_label("日期").fill("2026-11-27")
    tick = [items.nth(n).get_by_role("checkbox") for n in range(3)]
    tick[0].check()
    tick[1].check()
    page.get_by_label("第2项备注").fill("客户要再比价")
    assert page.locator(".pb-run-status").inner_text().startswith(f"已完成 2 / {total}")
    # one thumb at 375 px: no sideways scrolling, controls at least 44 px tall
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    heights = page.evaluate("""() => [...document.querySelectorAll('.pb-run-tick, .pb-run-note, .pb-run-actions button')]
        .filter(e => e.checkVisibility()).map(e => e.getBoundingClientRect().height)""")
    assert heights and min(heights) >= 43.5
    assert serious(page) == []
    page.locator("li.pb-item").nth(1).scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "checklist-run-375.png"))

    # reload: the run is resumed with its ticks, note, store and date
    page.reload()
    assert page.locator(".pb-run-panel").is_visible()
    assert tick[0].is_checked() and tick[1].is_checked()
    assert not tick[2].is_checked()
    assert page.get_by_label("第2项备注").input_value() == "客户要再比价"
    assert page.get_by_label("门店").input_value() == "中石化城东加油站"

    # a second run; the first stays saved and can be resumed from the list
    page.get_by_role("button", name="结束执行").click()
    page.get_by_role("button", name="开始执行").click()
    page.get_by_label("门店").fill("中石油南站")
    page.get_by_role("button", name="结束执行").click()
    options = page.locator("select option").all_inner_texts()
    assert len(options) == 2 and options[0].startswith("中石油南站") and options[1].startswith("中石化城东加油站")
    page.get_by_label("已保存的执行记录").select_option(index=1)
    page.get_by_role("button", name="继续执行").click()
    assert page.get_by_label("第2项备注").input_value() == "客户要再比价"

    # printed filled in on one A4 page: ticks, note, store, name and date
    pdf = tmp_path / "run.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = pdf_info(pdf)
    assert info["Pages"] == "1"
    assert "A4" in info["Page size"]
    text = flat(pdf_text(pdf))
    for expected in ("门店：中石化城东加油站", "执行人：王小明", "备注：客户要再比价", "姓名：王小明", "日期：2026-11-27",
                     f"完成2/{total}"):
        assert expected in text, expected
    assert "开始执行" not in text and "打印本次记录" not in text and f"按版本{version}执行" in text
    assert page.locator("li.pb-done").count() == 2
    assert text.count("✓") == 2, text  # the two ticks are printed, not only shown on screen

    # deleting a run removes it from the list (undo: tests/test_learning_browser.py)
    page.emulate_media(media="screen")
    page.get_by_role("button", name="删除本次记录").click()
    assert page.locator("select option").count() == 1
    context.close()


def test_checklist_without_run_prints_blank(served, tmp_path):
    """A page with no active run keeps the blank printed form (no leftovers of an earlier run)."""
    base, b = served
    page = b.new_page()
    page.goto(base + "checklists/checklist-rtmart-new-product/")
    assert page.locator(".pb-run-panel").is_hidden()
    assert page.locator("li.pb-done").count() == 0
    assert page.locator(".pb-signoff span").first.inner_text() == "姓名：________"


def test_bundle_pages_have_no_run_mode(served):
    base, b = served
    page = b.new_page()
    page.goto(base + "checklists/bundle-ka/")
    assert page.locator(".pb-run-start").count() == 0


@pytest.mark.browser
def test_pdf_command_bundles_quiz_sheet_and_answer_key(site, catalog, tmp_path):
    """`python -m playbook_kit pdf --channel oil`: the channel's checklists, then the question
    sheet and the answer key, one A4 page each (the command itself, in its own process)."""
    require_chromium()
    out = tmp_path / "oil.pdf"
    run = subprocess.run([sys.executable, "-m", "playbook_kit", "pdf", "--channel", "oil", "--site", str(site),
                          "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    renderer = Renderer(catalog)
    checklists = renderer.checklists_by_channel()["oil"]
    info = pdf_info(out)
    assert info["Pages"] == str(len(checklists) + 2) and "A4" in info["Page size"]
    sheet, key = flat(pdf_text(out, len(checklists) + 1)), flat(pdf_text(out, len(checklists) + 2))
    assert "成品油小测验·题目" in sheet and "得分" in sheet and "正确答案" not in sheet
    assert "成品油小测验·答案" in key
    printed = quiz.printable(renderer.questions()["oil"])
    for q in printed:
        assert flat(q.prompt)[:20] in sheet
        assert flat(q.correct)[:12] in key
