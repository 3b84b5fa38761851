"""Every fact traces to the source text: fragments, quantities, roles, deadlines;
the export; the editors' queue of open questions; the decision-table notes."""
from __future__ import annotations

import json
import re
import pytest
from markupsafe import escape
from pydantic import ValidationError

from conftest import ROOT, cli, editor_check
from playbook_kit.build.validate import validate
from playbook_kit.core.models import KINDS, Quantity
from playbook_kit.engines.search_fragments import indexed_documents
from playbook_kit.views.open_questions import collect
from playbook_kit.checks.provenance import (fragments, normalize, number_forms, quantity_in, quote_problem, quote_text,
                                     quoted_items, role_words, source_text, stitched)
from playbook_kit.render.renderer import Renderer

RT = "data/ka/rtmart.yml"


@pytest.fixture(scope="module")
def source() -> str:
    return source_text(ROOT)


def records(catalog):
    for kind, record_id, record in catalog.all_records():
        if kind in ("checklists", "originals", "decisions") or (kind == "roles" and record_id == "unspecified"):
            continue
        yield kind, record_id, record


def errors(project) -> list[str]:
    _, problems = validate(project)
    return [p.format() for p in problems if p.is_error]


def edit(project, relative, old, new, count=1):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text


# --- the real data ------------------------------------------------------------------

def test_source_text_is_in_the_project(source):
    assert len(source) > 15000
    assert "以下四种情况将会引起单品锁码" in source


def test_every_record_and_item_has_fragments_from_the_source(catalog, validated, source):
    assert [p.format() for p in validated[1] if "原文片段" in p.message] == []
    checked = 0
    for kind, record_id, record in records(catalog):
        assert fragments(record), f"{kind} {record_id} has no quotes"
        for _, item in quoted_items(record):
            for quote in item.quotes:
                assert quote_problem(quote, source) is None, (record_id, quote)
                checked += 1
        for field in ("steps", "rules", "stages", "fields", "lines"):
            for item in getattr(record, field, []):
                assert item.quotes or getattr(item, "constructed", None), (record_id, field, item)
    assert checked > 600


def test_every_quantity_number_is_in_its_records_fragments(catalog):
    count = 0
    for kind, record_id, record in records(catalog):
        joined = normalize("".join(fragments(record)))
        quantities = list(getattr(record, "quantities", {}).values())
        quantities += [step.time_limit.amount for step in getattr(record, "steps", []) if step.time_limit]
        for quantity in quantities:
            count += 1
            assert quantity_in(quantity, fragments(record)), (record_id, quantity)
            assert quantity.quotes and quantity_in(quantity, [quote_text(q) for q in quantity.quotes]), quantity
            if quantity.wording:
                assert normalize(quantity.wording) in joined, (record_id, quantity)
    assert count >= 16


def test_every_stated_role_and_deadline_is_named_in_a_fragment(catalog):
    stated = 0
    for kind, record_id, record in records(catalog):
        own = normalize("".join(quote_text(q) for q in getattr(record, "quotes", [])))
        items = list(getattr(record, "steps", [])) + list(getattr(record, "rules", [])) if kind != "decision_tables" else []
        items += [s for s in getattr(record, "stages", [])] + [p for s in getattr(record, "stages", []) for p in s.parts]
        items += list(getattr(record, "lines", []))
        for item in items:
            text = own + normalize("".join(quote_text(q) for q in item.quotes))
            if item in [p for s in getattr(record, "stages", []) for p in s.parts]:
                stage = next(s for s in record.stages if item in s.parts)
                text += normalize("".join(quote_text(q) for q in stage.quotes))
            roles = [getattr(item, f, None) for f in ("actor", "owner", "speaker")] + list(getattr(item, "roles", []))
            for role in [r for r in roles if r and r != "unspecified"]:
                stated += 1
                assert any(normalize(w) in text for w in role_words(catalog, role)), (record_id, item, role)
            deadline = getattr(item, "deadline", None)
            if deadline:
                end = abs(deadline.until_day if deadline.until_day is not None else deadline.day)
                assert any(form in text for form in number_forms(end)), (record_id, item.id, end)
    assert stated > 100


def test_cleaned_fragments_are_stitched_from_source_pieces_only(source):
    assert stitched("门店需执行总部确定的促销活动(时间、内容、形式)", source) is None
    assert stitched("门店需执行总部确定的促销活动(时间、内容、形式)，违者罚款", source) is not None
    assert quote_problem("连续3个月未销售的单品", source) is None
    assert quote_problem("连续4个月未销售的单品", source) is not None


# --- negative cases: an invented fact is reported at its line ------------------------

def test_invented_word_in_a_fragment_is_located(project):
    edit(project, RT, '"2、单品有3次以上订单没有到货"', '"2、单品有3次以上订单没有到货或迟到"')
    found = errors(project)
    assert any(e.startswith(f"{RT}:") and "原文片段不是逐字摘录" in e for e in found), found


def test_quantity_not_in_the_fragments_is_reported(project):
    edit(project, RT, "      missed: {value: 3, unit: 次,", "      missed: {value: 4, unit: 次,")
    found = errors(project)
    assert any("数量 “missed” 的数字 4 在本记录的原文片段里找不到" in e for e in found), found


def test_role_the_source_does_not_name_is_reported(project):
    text = edit(project, RT, "        actor: branch-office\n        action: 跟进和反馈。",
                "        actor: sales-manager\n        action: 跟进和反馈。")
    line = text.split("\n").index("        action: 跟进和反馈。")  # the actor line, 1-based
    found = errors(project)
    assert f"{RT}:{line}:16: 岗位 “销售经理” 在这一条的原文片段里没有出现(位置: procedures 第3条 › steps 第5条 › actor)" in \
        [e.split(" 提示")[0] for e in found], found


def test_deadline_not_in_the_fragments_is_reported(project):
    edit(project, "data/auto-4s/market-event.yml", "deadline: {day: 1, until_day: 3}", "deadline: {day: 1, until_day: 5}")
    found = errors(project)
    assert any("时间(第 5 天)在这一条的原文片段里找不到" in e for e in found), found


def test_a_bare_digit_elsewhere_is_not_the_quantity():
    three_times = Quantity.model_validate({"value": 3, "unit": "次"})
    assert quantity_in(three_times, ["2、单品有3次以上订单没有到货"])
    assert not quantity_in(three_times, ["3、单品不适合大润发的销售策略"])
    assert not quantity_in(three_times, ["单品有13次以上订单"])
    assert quantity_in(Quantity.model_validate({"value": 3, "unit": "名"}), ["销售最差的后三 名会面临淘汰"])
    assert quantity_in(Quantity.model_validate({"value": 5, "max": 10, "unit": "人"}), ["豆组/电组5-10人"])
    assert quantity_in(Quantity.model_validate({"value": 7, "unit": "天"}), ["销售人员跟踪回访应于活动结束七日内进行"])


def test_range_wording_needs_bounds_and_times_is_a_unit():
    assert Quantity.model_validate({"value": 3, "unit": "倍", "wording": "至少3倍以上"}).unit == "倍"
    assert Quantity.model_validate({"value": 11, "max": 19, "unit": "SKU", "approx": True, "wording": "10几个SKU"}).max == 19
    with pytest.raises(ValidationError):
        Quantity.model_validate({"value": 10, "unit": "SKU", "approx": True, "wording": "10几个SKU"})
    with pytest.raises(ValidationError, match="11 到 19"):
        Quantity.model_validate({"value": 10, "max": 20, "unit": "SKU", "approx": True, "wording": "十几个SKU"})


# --- the review's findings stay fixed -----------------------------------------------------

def test_review_findings_stay_fixed(catalog):
    tables = catalog.kind("decision_tables")
    lock = tables["rtmart-lock-code-decision"]
    assert [i.id for i in lock.inputs] == ["idle-months", "missed-orders", "fits-strategy", "fits-region"]
    assert all("首单" not in (r.note or "") for r in lock.rules)
    new_product = catalog.kind("procedures")["rtmart-new-product"]
    assert "不满单" not in json.dumps(new_product.model_dump(), ensure_ascii=False)
    assert "订单有误" not in catalog.kind("rule_sets")["rtmart-order-rules"].summary
    assert "订单有误" not in catalog.kind("roles")["salesman"].description
    opening = catalog.kind("procedures")["rtmart-new-store-opening"]
    assert "各" not in opening.steps[0].action and opening.steps[1].actor == "unspecified"
    assert catalog.kind("checklists")["checklist-rtmart-new-store-opening"].pause_points[0].items == \
        ["promoters", "shelf", "first-order", "deliver", "promotion"]
    skus = catalog.kind("rule_sets")["ka-metro-contract-terms"].quantities["package_skus"]
    assert (skus.value, skus.max, skus.wording) == (11, 19, "10几个SKU")
    assert "麦德龙" not in catalog.kind("rule_sets")["ka-metro-contract-terms"].summary
    restart = catalog.kind("rule_sets")["dealer-3steps-why-selection"].quantities["restart_difficulty"]
    assert (restart.value, restart.unit) == (3, "倍")
    checklists = catalog.kind("checklists")
    for checklist_id in ("checklist-auto-4s-showroom-sales", "checklist-rtmart-new-product",
                         "checklist-rtmart-new-store-promotion", "checklist-showroom-market-event",
                         "checklist-oil-direct-sales"):
        assert checklists[checklist_id].coordinator == "unspecified", checklist_id
    assert checklists["checklist-oil-direct-sales"].audience == "unspecified"
    assert "谈定" not in checklists["checklist-rtmart-new-store-promotion"].objective
    four_s = checklists["checklist-auto-4s-showroom-sales"]
    assert "上班前" in four_s.pause_points[1].title and "每天" not in four_s.objective
    event = catalog.kind("events")["showroom-market-event"]
    stages = {s.id: s for s in event.stages}
    assert stages["pre-event-setup"].owner == "unspecified"
    assert stages["customer-relations"].owner == "unspecified"
    assert "负责活动场地布置" not in catalog.kind("roles")["event-venue-team"].description
    assert "销售顾问" not in catalog.kind("roles")["first-receptionist"].description.split("。")[0]
    assert catalog.kind("roles")["oil-delivery-staff"].organisation == "其他"
    after_sales = catalog.kind("procedures")["software-after-sales"]
    assert all("可以" in s.action for s in after_sales.steps if s.id in ("on-site-support", "satisfaction-survey"))
    # issue 23: standing duties, not per-service items; the optional items 5 and 8 are treated alike
    assert {"on-site-support", "satisfaction-survey"} <= set(checklists["checklist-software-after-sales"].pause_points[0].items)
    assert tables["dealer-model-choice"].construction
    assert [r.id for r in tables["dealer-model-choice"].rules if r.constructed] == ["dealer", "agent"]


# --- decision tables: each note beside its own rule ----------------------------------------

def test_each_decision_note_sits_in_its_own_rule_row(catalog):
    renderer = Renderer(catalog)
    checked = 0
    for table_id, table in catalog.kind("decision_tables").items():
        html = renderer.record("decision_tables", table_id)
        rows = {m.group(1): m.group(2) for m in re.finditer(
            r'<tr id="' + re.escape(table_id) + r'-([a-z0-9-]+)"[^>]*>(.*?)</tr>', html, re.S)}
        assert set(rows) == {r.id for r in table.rules}
        for rule in table.rules:
            others = [r for r in table.rules if r is not rule]
            for text in filter(None, (rule.note, rule.constructed)):
                checked += 1
                escaped = str(escape(text))
                assert escaped in rows[rule.id], (table_id, rule.id)
                assert not any(escaped in rows[o.id] for o in others if text not in (o.note, o.constructed))
        assert "规则 " not in html.split("</table>")[-1], "notes are no longer listed under the table"
    assert checked >= 8


def test_sparse_notes_are_not_shifted(project):
    # a note only on the last rule: it must appear in that row, not in the first row
    edit(project, RT, "        note: 即原文说的“滞销”。\n", "")
    edit(project, RT, "        note: 原文写“以上”，这里按含本数理解。\n", "")
    catalog, _ = validate(project)
    html = Renderer(catalog).record("decision_tables", "rtmart-lock-code-decision")
    first = re.search(r'<tr id="rtmart-lock-code-decision-slow-selling".*?</tr>', html, re.S).group(0)
    last = re.search(r'<tr id="rtmart-lock-code-decision-none".*?</tr>', html, re.S).group(0)
    assert "编者整理" in last and "编者整理" not in first


# --- the editors' queue ------------------------------------------------------------------------

def test_open_questions_point_at_their_yaml_line(catalog):
    questions = collect(catalog)
    assert len(questions) > 200
    for q in questions:
        line = (ROOT / q.path).read_text(encoding="utf-8").split("\n")[q.line - 1]
        if q.note.startswith("原文未写明由谁负责"):
            assert "unspecified" in line, (q, line)
        elif q.note.startswith("编者"):
            assert "constructed:" in line or "construction:" in line, (q, line)
        else:
            assert q.note[:10] in line, (q, line)


def test_check_prints_the_open_question_count(project, catalog):
    before = len(collect(catalog))
    run = editor_check(project)
    assert f"待核实问题: {before} 个" in run.output, run.output
    edit(project, RT, "        actor: dealer\n        action: 协调门店一起做好活动相关准备。",
         "        actor: unspecified\n        action: 协调门店一起做好活动相关准备。")
    assert f"待核实问题: {before + 1} 个" in editor_check(project).output


def test_open_questions_page_lists_every_question(site, catalog):
    html = (site / "open-questions" / "index.html").read_text(encoding="utf-8")
    total = len(collect(catalog))
    assert f"共 {total} 个待核实问题" in html
    assert html.count('data-line="') == total
    assert 'data-file="data/ka/rtmart.yml"' in html


def test_reader_pages_show_small_markers_not_boxes(site):
    html = (site / "ka" / "rtmart" / "index.html").read_text(encoding="utf-8")
    assert '<details class="pb-unverified" data-search-exclude="">' in html
    assert '<details class="pb-quote" data-search-exclude="">' in html
    assert "<details class=\"pb-quote\" data-search-exclude open" not in html
    assert "原文未写明（待核实）" not in html
    body = html.split('<article', 1)[1]
    first_paragraph = re.search(r"<p>(.*?)</p>", body, re.S).group(1)
    assert "OCR" not in first_paragraph and "流程图" not in first_paragraph


# --- export -----------------------------------------------------------------------------------

def test_export_json_reads_back(tmp_path, catalog):
    out = tmp_path / "catalogue.json"
    run = cli("export", "--json", str(out), "--root", str(ROOT))
    assert run.returncode == 0, run.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "playbook-catalogue" and data["version"] == 1
    assert data["source_text"] == ["data/original/000_cb1165bd7e419364.txt"]
    expected = {kind: len(items) for kind, items in catalog.records.items()}
    assert {kind: len(items) for kind, items in data["records"].items()} == expected
    assert data["counts"]["records"] == sum(expected.values())
    assert data["counts"]["open_questions"] == len(data["open_questions"]) == len(collect(catalog))
    for kind, items in data["records"].items():
        model = KINDS.get(kind)
        for item in items:
            assert (ROOT / item.pop("_file")).exists() and item.pop("_line") >= 1
            if model:  # a record read back validates against its model again
                assert model.model_validate(item) == catalog.kind(kind)[item["id"]]
    lock = next(r for r in data["records"]["rule_sets"] if r["id"] == "rtmart-lock-code")
    assert lock["quotes"][0] == "以下四种情况将会引起单品锁码:"
    assert data["counts"]["fragments"] == sum(len(fragments(r)) for k, _, r in catalog.all_records() if k != "checklists")


def test_export_refuses_invalid_data(project, tmp_path):
    edit(project, RT, "      missed: {value: 3, unit: 次,", "      missed: {value: 4, unit: 次,")
    out = tmp_path / "x.json"
    run = cli("export", "--json", str(out), "--root", str(project))
    assert run.returncode == 1 and not out.exists()
    assert "没有导出" in run.output


def test_fragments_and_notes_stay_out_of_search(site):
    text = "".join(doc["text"] + doc["title"] for doc in indexed_documents(site)).replace("\u200b", "").replace(" ", "")
    assert "与客户沟通，了解其成品油需求量" in text  # the step itself is searchable
    assert "第一步是客户需求分析" not in text  # its source fragment (shown on the page) is not
    assert "原文只有状态5–9" not in text and "原文只有状态 5–9" not in text  # nor a 待核实 note


def test_quantity_quotes_its_own_number(project):
    edit(project, RT, 'missed: {value: 3, unit: 次, quotes: ["2、单品有3次以上订单没有到货"]}',
         'missed: {value: 3, unit: 次, quotes: ["4、单品不适合在该地区或该城市销售"]}')
    found = errors(project)
    assert any("数量 “missed” 的数字 3 不在它自己的原文片段里" in e for e in found), found


def test_fragment_from_another_document_is_reported(project):
    # the lock-code rules quote 《大润发操作手册》; claiming they come from 《大润发操作流程》 is caught
    edit(project, RT, "    summary: 大润发单品项管理中，以下四种情况会引起单品锁码。\n    sources: [rtmart-manual]",
         "    summary: 大润发单品项管理中，以下四种情况会引起单品锁码。\n    sources: [rtmart-flow]")
    found = errors(project)
    assert any("原文片段出自《大润发操作手册》，不在这条记录的来源文档(sources)里" in e for e in found), found
