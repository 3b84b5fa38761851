"""Every checklist prints on one A4 page in Chromium, with every item and no site chrome;
a channel bundle prints one page per checklist."""
from __future__ import annotations

import re

import pytest

from browser import pdf_info, pdf_text
from conftest import ROOT, record_ids
from playbook_kit.render.renderer import Renderer

CHECKLISTS = record_ids("checklists")
BUNDLES = sorted(page.stem.removeprefix("bundle-") for page in (ROOT / "playbooks" / "checklists").glob("bundle-*.md"))
SITE_CHROME = ("搜索", "Made with", "来源文档", "术语表", "跳转至")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def renderer(catalog) -> Renderer:
    return Renderer(catalog)


def item_texts(renderer: Renderer, checklist_id: str) -> list[str]:
    checklist = renderer.catalog.kind("checklists")[checklist_id]
    context = renderer.checklist_context(checklist)
    texts = []
    for point in checklist.pause_points:
        for item in point.items:
            raw = context["items"][item]["text"]
            texts.append("".join(seg.text for seg in renderer.segments(context["origin"], raw)))
    return texts


@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_checklist_prints_on_one_a4_page(site_url, print_pdf, renderer, tmp_path, checklist_id):
    pdf = print_pdf(f"{site_url}checklists/{checklist_id}/", tmp_path / f"{checklist_id}.pdf")
    info = pdf_info(pdf)
    assert info["Pages"] == "1", f"{checklist_id} prints on {info['Pages']} pages"
    assert info["Page size"].endswith("(A4)"), info["Page size"]
    text = flat(pdf_text(pdf))
    for item in item_texts(renderer, checklist_id):
        assert flat(item) in text, item
    for word in ("姓名", "日期", "签字", "版本"):
        assert word in text
    for chrome in SITE_CHROME:
        assert chrome not in text, chrome
    # an owner the source does not name is a blank to fill in, not a 待核实 label
    checklist = renderer.catalog.kind("checklists")[checklist_id]
    context = renderer.checklist_context(checklist)
    listed = [i for point in checklist.pause_points for i in point.items]
    blanks = sum(1 for i in listed if context["items"][i]["owner"] == "unspecified")
    assert "原文未写明" not in text and "待核实（" not in text
    assert text.count("负责：________") == blanks
    uncertain = context["uncertain_count"]
    assert uncertain >= blanks
    if uncertain:
        assert f"标※的{uncertain}项原文不清或未写明" in text
        assert text.count("※") == uncertain + 1  # one mark per uncertain item and the footer line
    else:
        assert "※" not in text


@pytest.mark.parametrize("channel", BUNDLES)
def test_channel_bundle_prints_one_page_per_checklist(site_url, print_pdf, renderer, tmp_path, channel):
    checklists = renderer.checklists_by_channel()[channel]
    pdf = print_pdf(f"{site_url}checklists/bundle-{channel}/", tmp_path / f"bundle-{channel}.pdf")
    assert pdf_info(pdf)["Pages"] == str(len(checklists))
    for number, checklist in enumerate(checklists, start=1):
        page = flat(pdf_text(pdf, number))
        assert flat(checklist.title) in page
        assert all(flat(item) in page for item in item_texts(renderer, checklist.id))


def test_every_channel_with_checklists_has_a_bundle_page(renderer):
    assert sorted(renderer.checklists_by_channel()) == BUNDLES
    for channel in renderer.checklists_by_channel():
        page = ROOT / "playbooks" / "checklists" / f"bundle-{channel}.md"
        assert page.exists() and f"checklist_bundle('{channel}')" in page.read_text(encoding="utf-8")
