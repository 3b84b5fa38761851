"""The real data: every file loads clean, every check passes, and each check
rejects a broken copy with the right file and line."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from playbook_kit.source.catalog import CHECKLIST_DIR, DATA_DIR
from playbook_kit.build.validate import validate
from playbook_kit.checks.run import CHECKS
from playbook_kit.source.project_files import data_files

DATA_FILES = [p.relative_to(ROOT).as_posix() for p in data_files(ROOT, DATA_DIR).files + data_files(ROOT, CHECKLIST_DIR).files]


@pytest.fixture(scope="module")
def real(validated):
    return validated


@pytest.mark.parametrize("path", DATA_FILES)
def test_data_file_is_clean(real, path):
    _, problems = real
    mine = [p.format() for p in problems if p.path == path]
    assert mine == []


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_check_passes_on_real_data(check):
    from playbook_kit.source.catalog import load_catalog
    catalog = load_catalog(ROOT)
    assert catalog.problems == []
    check(catalog)
    assert [p.format() for p in catalog.problems] == []


def test_every_kind_has_a_record(real):
    catalog, _ = real
    for kind, records in catalog.records.items():
        # the organisation has issued no decision yet: tests/test_authorities.py adds one to a copy
        assert records or kind == "decisions", f"no {kind} record"


def test_every_record_names_an_existing_source(real):
    catalog, _ = real
    sources = set(catalog.kind("sources"))
    for kind, record_id, record in catalog.all_records():
        if kind in ("sources", "checklists", "originals", "decisions"):
            continue
        assert record.sources and set(record.sources) <= sources, record_id


# --- negative tests: one broken copy per check ------------------------------------------

def edit(project: Path, relative: str, old: str, new: str) -> None:
    file = project / relative
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, relative: str, needle: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def errors(project: Path) -> list[str]:
    _, problems = validate(project)
    return [p.format() for p in problems if p.is_error]


RT = "data/ka/rtmart.yml"


def test_unique_ids(project):
    edit(project, "data/terms.yml", "id: tg\n", "id: rtmart-lock-code\n")
    found = errors(project)
    assert any("编号 “rtmart-lock-code” 已被另一条记录使用" in e and "data/terms.yml" in e for e in found), found


def test_duplicate_id_same_kind(project):
    edit(project, "data/terms.yml", "id: tg\n", "id: ka\n")
    found = errors(project)
    assert any("data/terms.yml:" in e and "编号 “ka” 重复" in e for e in found), found


def test_nested_ids(project):
    edit(project, RT, "      - id: register\n", "      - id: submit\n")
    found = errors(project)
    assert any("同一记录内编号 “submit” 重复" in e for e in found), found


def test_sources_reference(project):
    edit(project, RT, "sources: [rtmart-manual]\n    quantities:\n      idle", "sources: [rtmart-manul]\n    quantities:\n      idle")
    line = line_of(project, RT, "rtmart-manul")
    found = errors(project)
    assert f"{RT}:{line}:15: 来源文档 “rtmart-manul” 不存在(位置: rule_sets 第1条 › sources 第1条) 提示: 你是不是想写 “rtmart-manual”" in " ".join(found), found


def test_roles_reference(project):
    edit(project, RT, "        actor: branch-office\n        action: 协调经销商", "        actor: branch-ofice\n        action: 协调经销商")
    line = line_of(project, RT, "actor: branch-ofice")
    found = errors(project)
    assert any(e.startswith(f"{RT}:{line}:16: 岗位 “branch-ofice” 不存在") and "branch-office" in e for e in found), found


def test_terms_reference(project):
    edit(project, "data/terms.yml", "see_also: [first-order]", "see_also: [first-ordr]")
    assert any("术语 “first-ordr” 不存在" in e for e in errors(project))


def test_script_step_reference(project):
    edit(project, "data/auto-4s/reception.yml", "step: auto-4s-showroom-sales/greet", "step: auto-4s-showroom-sales/nowhere")
    assert any("里没有步骤 “nowhere”" in e for e in errors(project))


def test_quantities(project):
    edit(project, RT, "连续{idle}未销售", "连续{idel}未销售")
    line = line_of(project, RT, "{idel}")
    found = errors(project)
    assert any(e.startswith(f"{RT}:{line}:") and "“{idel}” 未定义" in e and "idle" in e for e in found), found


def test_links(project):
    edit(project, "data/sources.yml", "    channel: ka\n    condition: 幻灯片文字",
         "    channel: ka\n    links:\n      - title: 点我\n        url: javascript:alert(1)\n    condition: 幻灯片文字")
    found = errors(project)
    assert any("不允许的链接 “javascript:alert(1)”" in e for e in found), found


def test_decision_tables(project):
    edit(project, RT, "        when: {status: 9}\n", "        when: {status: 8}\n")
    found = errors(project)
    assert any("没有规则覆盖 状态码=9" in e for e in found), found
    assert any("规则 “status-8” 与 “status-9” 重叠" in e for e in found), found


def test_checklists(project):
    edit(project, "checklists/rtmart-new-product.yml", "items: [submit,", "items: [sumbit,")
    found = errors(project)
    assert any(e.startswith("checklists/rtmart-new-product.yml:14:13: 来源里没有步骤 “sumbit”") for e in found), found


def test_checklist_too_many_items(project):
    edit(project, "checklists/rtmart-new-product.yml", "items: [submit, register, first-order, notify, deliver]",
         "items: [submit, register, first-order, notify, deliver, a1, a2, a3, a4, a5]")
    assert any("超过 9 项" in e for e in errors(project))


def test_pages_unknown_record(project):
    edit(project, "playbooks/ka/rtmart.md", "{{ rule_set('rtmart-lock-code') }}", "{{ rule_set('rtmart-lock') }}")
    line = line_of(project, "playbooks/ka/rtmart.md", "rtmart-lock')")
    found = errors(project)
    assert any(e.startswith(f"playbooks/ka/rtmart.md:{line}:1: 宏 rule_set 引用的编号 “rtmart-lock” 不存在") for e in found), found
    # and the record that lost its page is an orphan, reported at its own line
    assert any(e.startswith(f"{RT}:") and "记录 “rtmart-lock-code” 没有在任何页面上展示" in e for e in found), found


def test_pages_unknown_macro(project):
    edit(project, "playbooks/ka/rtmart.md", "{{ rule_set('rtmart-lock-code') }}", "{{ ruleset('rtmart-lock-code') }}")
    assert any("未知的宏 “ruleset”" in e and "rule_set" in e for e in errors(project))


def test_all_problems_reported_together(project):
    edit(project, RT, "actor: branch-office\n        action: 协调经销商", "actor: nobody\n        action: 协调经销商")
    edit(project, "data/terms.yml", "see_also: [first-order]", "see_also: [nothing]")
    (project / "data/broken.yml").write_text("terms:\n  - id: xx\n    term: 1\n", encoding="utf-8")
    found = errors(project)
    assert len(found) >= 4
    assert {e.split(":")[0] for e in found} >= {RT, "data/terms.yml", "data/broken.yml"}


def test_yaml_errors_in_several_files_reported_together(project):
    (project / "data/a.yml").write_text("terms:\n\t- id: x\n", encoding="utf-8")
    (project / "data/b.yml").write_text("terms: [\n", encoding="utf-8")
    found = errors(project)
    assert [e.split(":")[0] for e in found] == ["data/a.yml", "data/b.yml"], found


def test_event_timeline(project):
    edit(project, "data/auto-4s/market-event.yml", "            deadline: {day: 1, until_day: 3}\n", "            deadline: {day: 1, until_day: 9}\n")
    found = errors(project)
    assert any("环节 “客户信息汇总录入” 的时间 T+9 超出所属阶段的时间范围" in e for e in found), found
    assert any("环节 “客户回访分析” 的时间 T+7 早于前一环节 T+9" in e for e in found), found


def test_numbers_are_typed(project):
    edit(project, RT, "连续{idle}未销售", "连续3个月未销售")
    line = line_of(project, RT, "连续3个月未销售的单品（")
    found = errors(project)
    assert any(e.startswith(f"{RT}:{line}:") and "文字里写了带单位的数字 “3个月”" in e for e in found), found


def test_chinese_numerals_are_typed_like_digits(project):
    """两个月 in a summary is the same fact as 2个月: it belongs in quantities, where a decision can change it."""
    edit(project, RT, "大润发新店开张前{lead}，", "大润发新店开张前两个月，")
    edit(project, "data/auto-4s/market-event.yml", "{follow_up}内回访", "十天内回访")
    found = errors(project)
    for relative, number in ((RT, "两个月"), ("data/auto-4s/market-event.yml", "十天")):
        line = line_of(project, relative, number)
        assert any(e.startswith(f"{relative}:{line}:") and f"文字里写了带单位的数字 “{number}”" in e
                   for e in found), found
    assert len([e for e in found if "带单位的数字" in e]) == 2, found  # 一个、一次 stay everyday words


def test_every_procedure_needs_a_checklist(project):
    (project / "checklists/rtmart-delivery.yml").unlink()
    (project / "playbooks/checklists/checklist-rtmart-delivery.md").unlink()
    found = errors(project)
    assert any(e.startswith(f"{RT}:") and "流程 “rtmart-delivery” 没有检查表" in e for e in found), found


def test_every_source_document_is_used_and_rendered(real):
    catalog, _ = real
    from playbook_kit.render.renderer import Renderer
    renderer = Renderer(catalog)
    used: dict[str, list] = {}
    for kind, record_id, record in catalog.all_records():
        for source in getattr(record, "sources", []) if kind != "sources" else []:
            used.setdefault(source, []).append((kind, record_id))
    assert len(catalog.kind("sources")) == 17
    for source_id in catalog.kind("sources"):
        records = used.get(source_id, [])
        assert records, f"{source_id} is not referenced by any record"
        rendered = [r for r in records if renderer.page_of(*r)]
        assert rendered, f"no record of {source_id} is on a page"


def test_empty_section_is_reported(project):
    edit(project, "playbooks/ka/rtmart.md", "## 促销确认单\n", "## 空的一节\n\n## 促销确认单\n")
    found = errors(project)
    assert any(e.startswith("playbooks/ka/rtmart.md:") and "标题 “空的一节” 下面没有内容" in e for e in found), found


def test_every_procedure_is_reachable_from_navigation(real):
    import yaml as pyyaml
    from playbook_kit.render.renderer import Renderer
    catalog, _ = real
    nav_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    renderer = Renderer(catalog)
    for kind in ("procedures", "events", "decision_tables", "rule_sets", "forms", "scripts"):
        for record_id in catalog.kind(kind):
            page = renderer.page_of(kind, record_id).split("#")[0].rstrip("/")
            assert f"{page}.md" in nav_text or f"{page}/index.md" in nav_text, (kind, record_id, page)
