"""Authorities beyond the originals: the organisation's decisions as quotable sources, originals
pinned by their hash, quotes that can only come from one place, 待核实 resolved with who, when and
on what authority. Each edit is made in a copy of the project, as an editor would make it."""
from __future__ import annotations

import hashlib
import re
import time

import pytest

from conftest import copy_project
from gitrepo import make_repo
from playbook_kit.build.validate import validate
from playbook_kit.checks.authorities import authorities, read_authorities
from playbook_kit.checks.provenance import load_corpus, stitched, wording_states
from playbook_kit.core.models import Quantity, ResolvedNote, is_open, open_notes
from playbook_kit.core.texts import chinese_number, stated_numbers
from playbook_kit.render.renderer import Renderer
from playbook_kit.source.catalog import load_catalog
from playbook_kit.views.open_questions import collect, resolved

RT = "data/ka/rtmart.yml"
# role fields only decisions and resolved notes have: their unknown-role cases are in this module
DECISION_ROLE_FIELDS = {"issued_by", "confirmed_by"}
SOURCES = "data/sources.yml"
ORIGINAL = "data/original/000_cb1165bd7e419364.txt"
DECISION_TEXT = (
    "关于调整大润发新店开张促销计划的通知\n"
    "一、自2026年12月1日起,新店开张,办事处需协调经销商提前两个月拟好大型促销计划。\n"
    "二、新店开张促销计划由KA促销专员跟进和反馈。\n"
    "三、大润发配送流程中的打印订单、预约送货由业务员负责。\n")
DECISION = """
decisions:
  - id: ka-notice-2026-017
    type: 通知
    title: 关于调整大润发新店开张促销计划的通知
    date: "2026-12-01"
    issued_by: ka-department
    reference: KA〔2026〕17 号
    owner: ka-department
    sha256: "{sha}"
"""
NEW_ROLE = """
  - id: ka-promotion-specialist
    quotes:
      - {text: "新店开张促销计划由KA促销专员跟进和反馈。", decision: ka-notice-2026-017}
    name: KA促销专员
    organisation: 本公司
    description: 按 2026 年 12 月的通知，跟进新店开张促销计划并反馈。
    sources: [rtmart-flow]
"""


def replace(project, relative: str, old: str, new: str) -> str:
    """Replace `old` once; return the file's text before the edit."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def line_of(project, relative: str, needle: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def register_decision(project, text: str = DECISION_TEXT) -> None:
    (project / "data/decisions").mkdir()
    (project / "data/decisions/ka-notice-2026-017.txt").write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with open(project / SOURCES, "a", encoding="utf-8") as out:
        out.write(DECISION.format(sha=sha))


def errors(project) -> list[str]:
    _, problems = validate(project)
    return [p.format() for p in problems if p.is_error]


# --- the three edits: a changed deadline, a new actor, a resolved question ------------------------

@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    """A copy in which the KA department's notice changes a deadline, names a new actor and settles a 待核实."""
    project = copy_project(tmp_path_factory.mktemp("decided") / "project")
    register_decision(project)
    with open(project / "data/roles.yml", "a", encoding="utf-8") as out:
        out.write(NEW_ROLE)
    replace(project, RT, """          amount: {value: 1, unit: 个月, quotes: ["新店开张,办事处需协调经销商提前一个月拟好大型促销计划,"]}""",
            """          amount: {value: 2, unit: 个月, quotes: [{text: "新店开张,办事处需协调经销商提前两个月拟好大型促销计划。", decision: ka-notice-2026-017}]}""")
    replace(project, RT, """        actor: branch-office
        action: 跟进和反馈。""", """          - {text: "新店开张促销计划由KA促销专员跟进和反馈。", decision: ka-notice-2026-017}
        actor: ka-promotion-specialist
        action: 跟进和反馈。""")
    replace(project, RT, "      - 原文“大润发配送流程”一页只有这一句，执行岗位未写明。", """      - note: 原文“大润发配送流程”一页只有这一句，执行岗位未写明。
        confirmed_by: ka-department
        confirmed_on: "2026-12-01"
        authority: ka-notice-2026-017""")
    catalog, problems = validate(project)
    return project, catalog, problems


def test_a_decision_changes_a_deadline_names_an_actor_and_settles_a_question(decided, catalog):
    project, changed, problems = decided
    assert [p.format() for p in problems if p.is_error] == []
    step = changed.kind("procedures")["rtmart-new-store-promotion"].steps[0]
    assert step.time_limit.amount.value == 2
    html = Renderer(changed).record("procedures", "rtmart-new-store-promotion")
    draft = re.search(r'<li class="pb-step" id="rtmart-new-store-promotion-draft-plan">.*?</li>', html, re.S).group(0)
    assert "2个月" in draft and "1个月" not in draft.split("<details")[0]
    assert re.search(r'<p class="pb-authority">2026-12-01 起按<a href="[./]*sources/#decision-ka-notice-2026-017">'
                     r'《关于调整大润发新店开张促销计划的通知》</a></p>', draft)
    original = draft.split('<details class="pb-quote"', 1)[1]  # the original's words stay one click away
    assert "原文与决定" in original and "提前一个月拟好大型促销计划" in original and "KA〔2026〕17 号" in original
    follow = re.search(r'id="rtmart-new-store-promotion-follow-up">.*?</li>', html, re.S).group(0)
    assert "KA促销专员" in follow and "2026-12-01 起按" in follow
    # the settled question left the queue, with who, when and the authority
    assert len(collect(changed)) == len(collect(catalog)) - 1
    (settled,) = resolved(changed)
    assert (settled.confirmed_by, settled.confirmed_on, settled.authority) == \
        ("ka-department", "2026-12-01", "ka-notice-2026-017")
    assert settled.path == RT and settled.note.startswith("原文“大润发配送流程”")
    renderer = Renderer(changed)
    queue = renderer.macros(renderer.page_context("playbooks/open-questions.md"))["open_questions"]()
    assert f"共 {len(collect(changed))} 个待核实问题" in queue and "另有 1 个已核实" in queue
    assert '2026-12-01 KA 部，依据<a href="../sources/#decision-ka-notice-2026-017">《关于调整大润发新店开张促销计划的通知》</a>' in queue
    # reviewers and CODEOWNERS: every authority with who stands behind it
    found = {a["id"]: a for a in authorities(changed)}
    assert found["ka-notice-2026-017"]["path"] == "data/decisions/ka-notice-2026-017.txt"
    assert found["ka-notice-2026-017"]["owners"] == ["ka-department"]
    assert found["seeds-17-documents"]["path"] == ORIGINAL and found["seeds-17-documents"]["owners"]


def test_only_open_notes_keep_an_item_open(decided):
    _, changed, _ = decided
    record = next(r for _, _, r in changed.all_records()
                  if any(isinstance(n, ResolvedNote) for n in getattr(r, "unverified", [])))
    assert open_notes(record) == [n for n in record.unverified if is_open(n)]
    assert [n for n in record.unverified if not is_open(n)] and all(isinstance(n, str) for n in open_notes(record))


# --- switching provenance off: every state of the originals is a located error ---------------------

def test_every_state_of_an_original_that_would_switch_provenance_off_is_located(tmp_path):
    project = copy_project(tmp_path / "project", ("data", "checklists", "playbooks", "mkdocs.yml"))
    catalog = load_catalog(project)
    original = project / ORIGINAL
    good = original.read_bytes()
    registered_at = line_of(project, SOURCES, "file: 000_cb1165bd7e419364.txt")

    def problems_after(change) -> list[str]:
        original.write_bytes(good)
        change()
        catalog.problems.clear()
        texts = read_authorities(catalog)
        return [p.format() for p in catalog.problems], texts.complete

    assert problems_after(lambda: None) == ([], True)
    found, complete = problems_after(original.unlink)
    assert not complete and found[0].startswith(f"{SOURCES}:{registered_at}:") and "不存在" in found[0]
    found, complete = problems_after(lambda: original.write_bytes(good + b"x" * (8 * 1024 * 1024)))
    assert not complete and found[0].startswith(f"{ORIGINAL}:1:1: 原文文件") and "超过" in found[0]
    lines = good.split(b"\n")
    found, complete = problems_after(lambda: original.write_bytes(b"\n".join(lines[:4] + [b"\xff\xfe" + lines[4]] + lines[5:])))
    assert not complete and found == [f"{ORIGINAL}:5:1: 原文文件 {ORIGINAL} 第 5 行不是 UTF-8 编码, 不能读取"
                                      " 提示: 原文不能修改, 请恢复原来的文件"]
    found, complete = problems_after(lambda: original.write_bytes(good.replace("一个月".encode(), "两个月".encode(), 1)))
    assert not complete and found[0].startswith(f"{ORIGINAL}:1:1: 原文 {ORIGINAL} 从第 1 行起被改动了")  # no git: line 1
    found, _ = problems_after(lambda: (project / "data/original/more.txt").write_text("不需要付款就可以进货", encoding="utf-8"))
    assert found[0].startswith("data/original/more.txt:1:1: “data/original/more.txt” 是未登记的原文文件"), found
    (project / "data/original/more.txt").unlink()
    found, _ = problems_after(lambda: (project / "data/decisions").mkdir())
    (project / "data/decisions/forged.txt").write_text("经销商不需要付款就可以进货", encoding="utf-8")
    found, _ = problems_after(lambda: None)
    assert found[0].startswith("data/decisions/forged.txt:1:1: “data/decisions/forged.txt” 是未登记的决定文件"), found


def test_an_unregistered_original_checks_nothing_and_says_so(project):
    text = (project / SOURCES).read_text(encoding="utf-8")
    (project / SOURCES).write_text(text[:text.index("\n# 原文文件")] + "\n", encoding="utf-8")
    catalog = load_catalog(project)
    read_authorities(catalog)
    found = [p.format() for p in catalog.problems]
    assert any(e.startswith(f"{ORIGINAL}:1:1:") and "未登记的原文文件" in e for e in found), found
    assert any(e.startswith(f"{SOURCES}:1:1: 没有登记原文文件(originals)") for e in found), found


def test_a_changed_original_is_refused_at_the_changed_line(tmp_path):
    repo = make_repo(tmp_path)
    line = repo.line_of(ORIGINAL, "提前一个月拟好大型促销计划")
    repo.edit(ORIGINAL, "提前一个月拟好大型促销计划", "提前两个月拟好大型促销计划")
    repo.edit(SOURCES, "8157e41b", "0157e41b")  # changing the pin with it does not make the change pass
    catalog = load_catalog(repo.path)
    read_authorities(catalog)
    found = [p.format() for p in catalog.problems]
    assert found and found[0].startswith(f"{ORIGINAL}:{line}:1: 原文 {ORIGINAL} 从第 {line} 行起被改动了"), found
    # nor does the pin of the changed text, committed on a branch: the pin is in the same pull request,
    # the original in the commit the branch started from is the authority
    old_pin = re.search(r'sha256: "([0-9a-f]{64})"', (repo.path / SOURCES).read_text(encoding="utf-8")).group(1)
    forged = hashlib.sha256((repo.path / ORIGINAL).read_bytes()).hexdigest()
    repo.git("checkout", "-q", "-b", "forged-original")
    repo.edit(SOURCES, old_pin, forged)
    repo.commit("data: the original says two months")
    catalog = load_catalog(repo.path)
    read_authorities(catalog)
    found = [p.format() for p in catalog.problems]
    assert found and found[0].startswith(f"{ORIGINAL}:{line}:1: 原文 {ORIGINAL} 从第 {line} 行起被改动了"), found
    assert "记录组织的决定" in found[0]


# --- quotes that prove anything ---------------------------------------------------------------------

def test_stitched_quotes_changed_numbers_and_empty_aliases_are_located(project):
    register_decision(project)
    cleaned = "新店开张,办事处需协调经销商提前一个月拟好大型促销计划,并提报区域KA,由区域KA与大润发总部采购谈判确认。经销商协调门店一起做好活动相关准备。办事处跟进和反馈。"
    replace(project, RT, f'      - text: "{cleaned}"', '      - text: "新店开张,办事处需协调经销商不需要付款就可以进货"')
    replace(project, RT, '          - text: "经销商协调门店一起做好活动相关准备。"', '          - text: "经销商协调门店一起做好活动相关准备。提前三个月"')
    replace(project, "data/dealer/dev-three-steps.yml", "restart_difficulty: {value: 3,", "restart_difficulty: {value: 4,")
    replace(project, "data/roles.yml", "aliases: [门店经理, 门店主管, 店长]", "aliases: [门店经理, 门店主管, 店长, 店, 人员]")
    replace(project, RT, '          - "并提报区域KA,由区域KA与大润发总部采购谈判确认。"\n        actor: branch-office',
            '          - {text: "新店开张促销计划由办事处主任跟进", decision: ka-notice-2026-017}\n        actor: branch-office')
    replace(project, RT, '          - "门店一起做好活动相关准备。办事处跟进和反馈。"',
            '          - {text: "新店开张促销计划由KA促销专员跟进和反馈。", decision: ka-notice-2099}')
    replace(project, RT, "      - 原文“大润发配送流程”一页只有这一句，执行岗位未写明。", """      - note: 原文“大润发配送流程”一页只有这一句，执行岗位未写明。
        confirmed_by: no-such-role
        confirmed_on: "2026-12-01"
        authority: ka-notice-2099""")
    replace(project, SOURCES, "    issued_by: ka-department", "    issued_by: no-such-role")
    found = errors(project)
    expected = [
        (RT, "text: \"新店开张,办事处需协调经销商不需要", "整理后的原文片段里 “不需要付款就可以…” 不在原文的同一处"),
        (RT, "经销商协调门店一起做好活动相关准备。提前三个月", "“提前三个月…” 不在原文的同一处"),
        ("data/dealer/dev-three-steps.yml", "restart_difficulty: {value: 4,",
         "数量 “restart_difficulty” 的原文写法 “至少3倍以上” 写的数字与 value 4 不一致"),
        ("data/roles.yml", "aliases: [门店经理, 门店主管, 店长, 店, 人员]", "别称 “店” 只有一个字"),
        ("data/roles.yml", "aliases: [门店经理, 门店主管, 店长, 店, 人员]", "别称 “人员” 是常用词"),
        (RT, "新店开张促销计划由办事处主任跟进", "不是决定 “ka-notice-2026-017” 的逐字摘录"),
        (RT, "decision: ka-notice-2099}", "决定 “ka-notice-2099” 没有在 data/sources.yml 的 decisions 下登记"),
        (RT, "authority: ka-notice-2099", "决定 “ka-notice-2099” 不存在"),
        # the role fields decisions bring (tests/test_rules_negative.py counts them as covered here)
        (RT, "confirmed_by: no-such-role", "岗位 “no-such-role” 不存在"),
        (SOURCES, "issued_by: no-such-role", "岗位 “no-such-role” 不存在"),
    ]
    for path, needle, message in expected:
        line = line_of(project, path, needle)
        assert any(e.startswith(f"{path}:{line}:") and message in e for e in found), (path, line, message, found)


def test_a_changed_decision_text_is_caught_at_its_pin(project):
    register_decision(project)
    (project / "data/decisions/ka-notice-2026-017.txt").write_text(DECISION_TEXT.replace("两个月", "三个月"), encoding="utf-8")
    found = errors(project)
    pins = [n for n, text in enumerate((project / SOURCES).read_text(encoding="utf-8").split("\n"), 1) if "sha256:" in text]
    line = pins[-1]
    assert any(e.startswith(f"{SOURCES}:{line}:") and "与登记的 sha256 不符" in e for e in found), found


# --- numbers as people write them ------------------------------------------------------------------

@pytest.mark.parametrize("text, numbers", [
    ("两个月", [(2, 2)]), ("十天", [(10, 10)]), ("十五天", [(15, 15)]), ("二十天", [(20, 20)]),
    ("3个月", [(3, 3)]), ("2.5%", [(2.5, 2.5)]), ("5-10人", [(5, 5), (10, 10)]), ("10几个SKU", [(11, 19)]),
    ("十几个SKU", [(11, 19)]), ("三百零五", [(305, 305)]), ("一起做好", []), ("统一开通", []), ("提前一个月", [(1, 1)]),
])
def test_stated_numbers_read_digits_and_chinese_numerals(text, numbers):
    assert stated_numbers(text) == numbers


def test_wording_must_state_the_value():
    assert chinese_number("两") == 2 and chinese_number("二三") is None
    assert wording_states(Quantity.model_validate({"value": 2, "unit": "个月", "wording": "两个月"}))
    assert not wording_states(Quantity.model_validate({"value": 1, "unit": "个月", "wording": "两个月"}))
    assert wording_states(Quantity.model_validate({"value": 11, "max": 19, "unit": "SKU", "approx": True,
                                                   "wording": "10几个SKU"}))
    assert not wording_states(Quantity.model_validate({"value": 3, "unit": "倍", "wording": "至少几倍", "max": 9,
                                                       "approx": True}))


def test_a_linked_originals_folder_is_never_read(tmp_path):
    project = copy_project(tmp_path / "project", ("data", "checklists", "playbooks", "mkdocs.yml"))
    elsewhere = tmp_path / "elsewhere"
    (project / "data/original").rename(elsewhere)
    (project / "data/original").symlink_to(elsewhere, target_is_directory=True)
    catalog = load_catalog(project)
    catalog.problems.clear()
    texts = read_authorities(catalog)
    assert not texts.complete and not texts.originals
    assert [p.format() for p in catalog.problems][0].startswith("data/original:1:1: “data/original” 必须是仓库里的普通目录")


def test_looking_for_a_cleaned_fragment_is_bounded(catalog):
    """Hostile cleaned fragments (every character common in the source, the longest allowed) cost little."""
    source = load_corpus(catalog).source
    common = "".join(sorted(set(source), key=source.count)[-40:])
    hostile = [(common * 100)[i:i + 1000] for i in range(40)] + [source[i:i + 999] + "拼" for i in range(0, 8000, 200)]
    started = time.perf_counter()
    assert all(stitched(text, source) is not None for text in hostile)
    assert time.perf_counter() - started < 2.0


def test_the_site_shows_the_pinned_original_and_how_to_resolve_a_question(site):
    sources = (site / "sources" / "index.html").read_text(encoding="utf-8")
    assert f"<code>{ORIGINAL}</code>" in sources and "8157e41b950b7828eb4b0e1c758bb156d247f35b82295ef3e25bc94e030ad255" in sources
    assert "目前没有登记的决定" in sources  # the organisation has issued none yet: nothing is invented
    queue = (site / "open-questions" / "index.html").read_text(encoding="utf-8")
    assert "核实以后不要删除待核实条目" in queue and "confirmed_by: 核实岗位" in queue
