"""Issue 23's classes of content findings, each guarded by a check (bad data
is reported at its file and line), and the glossary's marks on the built
site: sense scope, word boundaries, once per section, none on long lists."""
from __future__ import annotations

import re

import pytest

from conftest import copy_project, editor_check
from playbook_kit.checks.content import heading_only, modality_lost, ocr_reading
from playbook_kit.render.glossary_marks import Word, choose_marks, page_words
from playbook_kit.render.site_index import SiteIndex

# (file, text to replace, replacement, the line's text, the message of the check)
BREAKAGES = {
    "heading-only": ("data/terms.yml", "    unverified:\n      - 原文没有解释这个词，释义按通常用法写出。\n    sources: [rtmart-flow, rtmart-manual]",
                     "    sources: [rtmart-flow, rtmart-manual]", '      - "大润发操作流程"', "只是标题或小标题"),
    "modality": ("data/software/agency.yml", "可以与代理经销商定期进行合作评估", "与代理经销商定期进行合作评估",
                 "    description: 代理经销商的软件合作伙伴", "去掉了或改重了原文的语气"),
    "ocr-note": ("data/auto-4s/reception.yml", "        action: 公司组织客户开发：由市场部负责，策划意向客户开发活动。\n",
                 "        action: 公司组织客户开发：由市场部负责，策划意向客户开发活动。\n        unverified:\n"
                 "          - 原文“有市场部负责”中的“有”按“由”理解。\n", "          - 原文“有市场部负责”", "不是待核实的问题"),
}


@pytest.fixture(scope="module")
def broken_check(tmp_path_factory):
    """One copy of the project with one breakage per class, checked once."""
    project = copy_project(tmp_path_factory.mktemp("content") / "project")
    lines = {}
    for name, (path, old, new, line_text, _) in BREAKAGES.items():
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert text.count(old) == 1, name
        text = text.replace(old, new)
        file.write_text(text, encoding="utf-8")
        lines[name] = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(line_text))
    return editor_check(project).output, lines


@pytest.mark.parametrize("name", BREAKAGES)
def test_each_class_is_reported_at_its_line(broken_check, name):
    output, lines = broken_check
    path, _, _, _, message = BREAKAGES[name]
    located = [line for line in output.splitlines() if line.startswith(f"{path}:{lines[name]}:")]
    assert any(message in line for line in located), (name, lines[name], output[-3000:])


def test_real_content_keeps_the_fixed_findings(validated):
    catalog, problems = validated
    assert not [p.format() for p in problems if p.is_error]
    oil = catalog.kind("procedures")["oil-direct-sales"]
    assert next(s for s in oil.steps if s.id == "deliver-to-customer").actor == "oil-company"  # seed 224
    assert [s.id for s in oil.steps][-1] == "after-sales"  # seed 228: the survey is 同时, not a next step
    assert "回访" not in catalog.kind("terms")["dealer-handbook-revisit"].aliases
    sheet = catalog.kind("checklists")["checklist-software-after-sales"]
    assert [i for p in sheet.pause_points for i in p.items][-1] == "satisfaction-survey"  # 第 5、8 条 alike


@pytest.mark.parametrize("fragment, heading", [
    ("二、成品油直销业务流程", True), ("3.2 经销商绩效考核与管理", True), ("2. 销售策划。", True),
    ("单品管理之锁码:", True), ("调味品企业的批发渠道运作指南", True),
    ("2.各部门主管提出意见与参与讨论", False), ("1、年返:2.5%", False), ("办事处跟进和反馈。", False)])
def test_what_counts_as_a_heading(fragment, heading):
    assert heading_only(fragment, {"调味品企业的批发渠道运作指南"}) is heading


@pytest.mark.parametrize("text, fragment, descriptive, lost", [
    ("与代理经销商定期进行合作评估", "代理经销商与软件开发商可以定期进行合作评估", True, "可以定期"),
    ("可以与代理经销商定期进行合作评估", "代理经销商与软件开发商可以定期进行合作评估", True, None),
    ("市场推广只有上下游配合，才能起到最佳效果", "只有上下游配合,协调一致往往才能起到最佳效果", False, "往往才能"),
    ("活动物品清单，在发动会上详细说明", "活动物品明细表需详细说明", True, "需详细"),
    ("在发动会上详细说明", "活动物品明细表需详细说明", False, None),  # an instruction obliges by itself
])
def test_modality_kept_or_reported(text, fragment, descriptive, lost):
    assert modality_lost(text, [fragment], descriptive) == lost


@pytest.mark.parametrize("note, obvious", [
    ("原文“那位…人员”按“哪位销售人员”理解。", False), ("原文“采球”按“彩球”理解。", True),
    ("原文“都有要数”按“都要有数”理解", True), ("原文“做烂“的引号不配对，已按“做烂”改正。", True),
    ("执行方“厂家”按“企业”理解，待核实。", False)])
def test_obvious_ocr_readings(note, obvious):
    assert ocr_reading(note) is obvious


# --- marks chosen at build time -------------------------------------------------------------
def _cuts(words: dict[str, list[str]]):
    """Word boundaries from a fixed segmentation of the test sentences."""
    def boundaries(text: str) -> set[int]:
        cuts, position = {0}, 0
        for token in words[text]:
            position += len(token)
            cuts.add(position)
        return cuts
    return boundaries


def test_marks_only_at_word_boundaries_and_once_per_section():
    words = [Word("沟通渠道", None), Word("客情", "rapport"), Word("渠道", "channel")]
    html = "<h2>一</h2><p>就来客情形</p><p>建立沟通渠道</p><p>渠道和渠道</p><h2>二</h2><p>维护客情</p>"
    segments = {"就来客情形": ["就", "来客", "情形"], "建立沟通渠道": ["建立", "沟通", "渠道"],
                "渠道和渠道": ["渠道", "和", "渠道"], "维护客情": ["维护", "客情"]}
    chosen = choose_marks(html, words, _cuts(segments))
    assert [(html[o:o + len(w)], t) for o, w, t in chosen] == [("渠道", "channel"), ("客情", "rapport")]
    assert chosen[0][0] == html.index("渠道和")  # not inside 沟通渠道, once in its section


SECTION = re.compile(r"<h[1-6][\s>]")
MARK = re.compile(r'<abbr class="pb-gloss" data-term="([^"]+)" tabindex="0">([^<]*)</abbr>')


def _article(page) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.find("<article")
    return html[start:html.find("</article>", start)]


def test_built_pages_mark_each_term_once_per_section(site):
    repeated = []
    for page in site.rglob("*.html"):
        for section in SECTION.split(_article(page)):
            ids = [term for term, _ in MARK.findall(section)]
            repeated += [(str(page.relative_to(site)), t) for t in set(ids) if ids.count(t) > 1]
    assert repeated == []


def test_built_pages_mark_terms_in_scope_at_word_boundaries(site):
    event = _article(site / "auto-4s/market-event/index.html")
    assert "就来客情形" in event and "来<abbr" not in event.replace("\n", "")
    for path in ("glossary/index.html", "updates/index.html", "open-questions/index.html"):
        assert not MARK.search(_article(site / path)), path
    four_s = _article(site / "auto-4s/reception/index.html") + event
    assert "dealer-handbook-revisit" not in four_s  # 定期回访 is a dealer-management duty
    assert "ka-full-range" not in _article(site / "dealer/dev-three-steps/index.html")  # Metro's 全品项
    assert "software-term-tech-support" in _article(site / "software/agency/index.html")
    assert "software-term-tech-support" not in _article(site / "oil/sales/index.html")
    marked = MARK.findall(_article(site / "ka/rtmart/index.html"))
    assert len(marked) > 10  # terms in running Chinese text are still marked


def test_sense_scope_follows_documents_and_listed_pages(catalog, monkeypatch):
    site = SiteIndex(catalog)
    full_range = catalog.kind("terms")["ka-full-range"]  # Metro's 全品项
    assert full_range in site.page_terms("ka/metro.md")
    assert full_range not in site.page_terms("dealer/dev-three-steps.md")
    assert site.page_terms("glossary.md") == [] and site.page_terms("updates.md") == []
    listed = full_range.model_copy(update={"pages": ["dealer/dev-three-steps.md"]})  # an editor lists the page
    monkeypatch.setitem(catalog.kind("terms"), "ka-full-range", listed)
    assert listed in site.page_terms("dealer/dev-three-steps.md")
    channel = catalog.kind("terms")["mgmt-channel"]
    assert Word("沟通渠道", None) in page_words([channel]) and Word("渠道", "mgmt-channel") in page_words([channel])
