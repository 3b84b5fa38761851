"""Behaviours a one-place bug would break while every other test still passed
(found by mutating the code by hand, issue 20). Each test here states what a
reader or editor would see, and fails when that behaviour is broken.
"""
from __future__ import annotations

from types import SimpleNamespace

from mkdocs.config import load_config

from conftest import ROOT
from gitrepo import make_repo
from playbook_kit.build.validate import validate
from playbook_kit.checks.provenance import source_text, stitched
from playbook_kit.engines import mkdocs_bridge
from playbook_kit.render.renderer import Renderer
from playbook_kit.views import learning

RT = "data/ka/rtmart.yml"
CL = "checklists/rtmart-new-product.yml"


# --- provenance: a cleaned fragment is stitched from pieces of two characters or more -------

def test_reversed_fact_stitched_from_single_characters_is_reported(project):
    """门店需执行 → 门店无需执行: every character is somewhere in the source, but “无需执行” is not."""
    original = "门店需执行总部确定的促销活动(时间、内容、形式)"
    reversed_fact = "门店无需执行总部确定的促销活动(时间、内容、形式)"
    # “无” stands nowhere near: even one-character pieces cannot stitch it from one place in the source
    assert stitched(reversed_fact, source_text(ROOT), shortest=1) == "无需执行总部确定"
    path = project / RT
    text = path.read_text(encoding="utf-8")
    quote = f'          - text: "{original}"\n            cleaned:'
    assert quote in text  # a cleaned fragment of a real record
    path.write_text(text.replace(quote, quote.replace(original, reversed_fact), 1), encoding="utf-8")
    line = text[:text.index(quote)].count("\n") + 1
    _, problems = validate(project)
    found = [p.format() for p in problems if p.is_error]
    assert any(e.startswith(f"{RT}:{line}:") and "整理后的原文片段里 “无需执行总部确定…” 不在原文的同一处" in e
               for e in found), found


# --- checklist versions are numbers: 1.9 → 1.10 goes up ------------------------------------

def test_checklist_versions_compare_as_numbers(tmp_path):
    repo = make_repo(tmp_path)
    repo.edit(CL, 'version: "1.1"', 'version: "1.9"')
    repo.commit("版本 1.9")
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单, 确认送货日。")
    unchanged = repo.run("check")
    assert unchanged.returncode == 1
    assert 'version 改为 "1.10"' in unchanged.output, unchanged.output   # the next version after 1.9
    repo.edit(CL, 'version: "1.9"', 'version: "1.10"')
    raised = repo.run("check")
    assert raised.returncode == 0, raised.output                          # 1.10 is higher than 1.9
    repo.commit("版本 1.10")
    repo.edit(CL, 'version: "1.10"', 'version: "1.9"')
    lowered = repo.run("check")
    assert lowered.returncode == 1 and "里的 1.10 还低" in lowered.output, lowered.output


# --- the change report names the new order as the new one ----------------------------------

def test_change_report_prints_the_new_order_after_two_steps_are_swapped(tmp_path):
    repo = make_repo(tmp_path)
    text = (repo.path / RT).read_text(encoding="utf-8")
    register = text[text.index("      - id: register\n"):text.index("      - id: first-order\n")]
    first_order = text[text.index("      - id: first-order\n"):text.index("      - id: notify\n")]
    repo.edit(RT, register + first_order, first_order + register)
    run = repo.run("changes", "HEAD")
    assert run.returncode == 0, run.output
    orders = [line for line in run.output.splitlines() if "步骤顺序调整为" in line]
    assert orders == [("- 步骤顺序调整为: 经销商向门店经理或总部采购经理提报新品。 → 采购下新品首单。 → "
                       "总部给提报门店的新品建档开通。 → 在九阳办公网提前通知销售经理及经销商新品供价、零… → "
                       "确认供价无误，在送货日内送货；首单一定要满单送货…")], run.output


# --- a role's learning path keeps its channel's decision tables ----------------------------

def test_role_learning_paths_keep_their_decision_tables(catalog):
    """A role that does a step or owns a stage in a channel reads that channel's decision tables."""
    renderer = Renderer(catalog)
    paths = learning.Paths(catalog, renderer.page_of, renderer.checklist_source)
    acting: dict[str, set[str]] = {}
    for procedure in catalog.kind("procedures").values():
        for step in procedure.steps:
            acting.setdefault(step.actor, set()).add(procedure.channel)
    for event in catalog.kind("events").values():
        for stage in event.stages:
            for part in (stage, *stage.parts):
                acting.setdefault(part.owner or stage.owner, set()).add(event.channel)
    acting.pop("unspecified", None)
    checked = 0
    for role_id, channels in sorted(acting.items()):
        path = paths.for_role(role_id)
        listed = {(s.channel, item.record) for s in path.sections for item in s.items if item.kind == "decision_tables"}
        for table in catalog.kind("decision_tables").values():
            if table.channel in channels:
                assert (table.channel, table.id) in listed, (role_id, table.id)
                checked += 1
    assert checked > 5


# --- the HTML policy: the hook may skip cleaning only when every page-content handler is ours --

def test_a_plugin_changing_the_html_after_markdown_gets_its_html_cleaned():
    config = load_config(str(ROOT / "mkdocs.yml"))  # the real one: our hooks loaded as MkDocs loads them
    assert mkdocs_bridge.body_cleaned(config) is True  # only our hook handles page content: cleaned once

    def on_page_content(html, **kwargs):  # another plugin's handler, running after the Markdown conversion
        return html
    config.plugins.events["page_content"].insert(0, on_page_content)
    assert mkdocs_bridge.body_cleaned(config) is False
    page = SimpleNamespace(title="页", toc=[], meta={})
    injected = '<p>正文</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    html = mkdocs_bridge.sanitize_page(injected, page, body_cleaned=mkdocs_bridge.body_cleaned(config))
    assert "<script" not in html and "onerror" not in html and "正文" in html
