"""Checklists follow their procedures: coverage, versions against a base ref, history from git."""
from __future__ import annotations

import pytest

from conftest import ROOT, editor_check
from gitrepo import make_repo
from playbook_kit.source.gitsnap import is_repository

RT = "data/ka/rtmart.yml"
CL = "checklists/rtmart-new-product.yml"
NEW_STEP = ("        action: 采购下新品首单。\n",
            "        action: 采购下新品首单。\n      - id: confirm-price\n        actor: unspecified\n"
            "        action: 核对新品供价与合同价一致。\n")


def _line(project, relative, needle):
    lines = (project / relative).read_text(encoding="utf-8").split("\n")
    return next(n for n, text in enumerate(lines, 1) if needle in text)


def _edit(project, relative, old, new):
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_new_step_off_the_checklist_is_reported_at_the_step(project):
    _edit(project, RT, *NEW_STEP)
    run = editor_check(project)
    assert run.returncode == 1
    line = _line(project, RT, "- id: confirm-price")
    assert (f"{RT}:{line}:13: 步骤 “confirm-price” 不在检查表 “checklist-rtmart-new-product” 上, 也没有写明不上的理由"
            in run.output), run.output
    assert "共 1 个错误" in run.output


def test_step_excluded_with_reason_passes(project):
    _edit(project, RT, *NEW_STEP)
    (project / CL).write_text((project / CL).read_text(encoding="utf-8")
                              + "excluded:\n  - item: confirm-price\n    reason: 由财务核对, 不在门店现场做\n",
                              encoding="utf-8")
    run = editor_check(project)
    assert run.returncode == 0, run.output


def test_step_added_to_a_pause_point_passes(project):
    _edit(project, RT, *NEW_STEP)
    _edit(project, CL, "items: [submit, register, first-order, notify, deliver]",
          "items: [submit, register, first-order, confirm-price, notify, deliver]")
    assert editor_check(project).returncode == 0


def test_bad_exclusions(project):
    (project / CL).write_text((project / CL).read_text(encoding="utf-8")
                              + "excluded:\n  - item: deliverr\n    reason: 拼错\n  - item: notify\n    reason: 也在暂停点里\n",
                              encoding="utf-8")
    out = editor_check(project).output
    assert f"{CL}:{_line(project, CL, 'item: deliverr')}:11: 流程 “rtmart-new-product” 里没有步骤 “deliverr” " \
           "(位置: excluded 第1条 › item) 提示: 你是不是想写 “deliver”".replace(" (", "(") in out, out
    assert f"{CL}:{_line(project, CL, 'item: notify')}:11: 步骤 “notify” 已在暂停点里, 不能同时写在 excluded 里" in out


def test_exclusion_needs_a_reason(project):
    (project / CL).write_text((project / CL).read_text(encoding="utf-8")
                              + "excluded:\n  - item: submit\n    reason: \"\"\n", encoding="utf-8")
    out = editor_check(project).output
    assert f"{CL}:{_line(project, CL, 'reason:')}:13: 不能为空(位置: excluded 第1条 › reason)" in out, out


def test_changed_sheet_needs_a_new_version(tmp_path):
    repo = make_repo(tmp_path)
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单, 确认送货日。")
    run = repo.run("check")  # base defaults to the merge base with main: here HEAD
    assert run.returncode == 1
    line = repo.line_of(CL, "version:")
    assert (f"{CL}:{line}:10: 检查表 “checklist-rtmart-new-product” 的打印内容与 基准版本 {repo.git('rev-parse', '--short=7', 'HEAD').strip()} 相比已改变, 版本仍是 1.1"
            in run.output), run.output
    assert "把 version 改为 \"1.2\"。改动: 条目 “采购下新品首单”: 采购下新品首单。(大润发总部采购) → " \
           "采购下新品首单, 确认送货日。(大润发总部采购)" in run.output
    repo.edit(CL, 'version: "1.1"', 'version: "1.2"')
    assert repo.run("check").returncode == 0


def test_version_compared_with_the_base_branch(tmp_path):
    repo = make_repo(tmp_path)
    repo.git("branch", "base")
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单, 确认送货日。")
    repo.commit("改了条目但没升版本")
    assert repo.run("check").returncode == 0           # against HEAD nothing changed
    assert repo.run("check", "--base", "base").returncode == 1
    run = repo.run("check", env={"PLAYBOOK_BASE_REF": "base"})
    assert run.returncode == 1 and "与 base 相比已改变" in run.output


def test_version_may_not_go_down_and_unknown_base_fails(tmp_path):
    repo = make_repo(tmp_path)
    repo.edit(CL, 'version: "1.1"', 'version: "1.0"')
    assert "版本 1.0 比 基准版本 " in repo.run("check").output and "里的 1.1 还低" in repo.run("check").output
    run = repo.run("check", "--base", "origin/nope")
    assert run.returncode == 2
    assert "未能与基准 git 版本比较检查表版本: 找不到给出的 git 版本" in run.output
    assert "Traceback" not in run.output


def test_unchanged_copy_outside_git_passes(project):
    assert editor_check(project).returncode == 0


def test_history_and_recent_updates_from_git(tmp_path):
    from playbook_kit.views.history import checklist_history, recent_updates
    repo = make_repo(tmp_path, date="2026-01-05")
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单, 确认送货日。")
    repo.edit(CL, 'version: "1.1"', 'version: "1.2"')
    repo.commit("首单要确认送货日", date="2026-02-10")
    repo.edit("data/terms.yml", "全国连锁的大型超市（大卖场）", "全国连锁的大卖场")
    repo.commit("术语措辞", date="2026-03-01")
    history = checklist_history(repo.path, "checklist-rtmart-new-product")
    assert [(h["version"], h["date"]) for h in history] == [("1.2", "2026-02-10"), ("1.1", "2026-01-05")]
    assert history[0]["lines"] == ["条目 “采购下新品首单”: 采购下新品首单。(大润发总部采购) → 采购下新品首单, 确认送货日。(大润发总部采购)"]
    assert history[1]["lines"] == ["首次发布"]
    updates = recent_updates(repo.path)
    assert [u["date"] for u in updates] == ["2026-03-01", "2026-02-10", "2026-01-05"]   # newest first
    february = updates[1]["items"]
    assert {"name": "流程《新品进场》", "lines": ["步骤 3 的动作: 采购下新品首单。 → 采购下新品首单, 确认送货日。"],
            "target": None} in february
    assert any(item["name"] == "检查表《大润发新品进场检查表》升为版本 1.2" for item in february)
    assert updates[2]["items"][0]["name"].startswith("首次收录")


def test_no_git_history_is_no_error(project):
    from playbook_kit.views.history import checklist_history, recent_updates
    assert checklist_history(project, "checklist-rtmart-new-product") == []
    assert recent_updates(project) == []


def test_built_pages_show_history(site):
    checklist = (site / "checklists" / "checklist-rtmart-new-product" / "index.html").read_text(encoding="utf-8")
    assert "修改记录" in checklist and "<th scope=\"col\">版本</th>" in checklist
    assert "版本 1.1" in checklist  # the printed footer
    updates = (site / "updates" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in updates and "最近更新" in updates
    # the site is built from this checkout: a git repository, so the page lists its commits
    assert is_repository(ROOT)
    assert "pb-update" in updates and "没有可查的修改记录" not in updates


def test_uncommitted_change_heads_the_history(tmp_path):
    from playbook_kit.source.catalog import load_catalog
    from playbook_kit.core.checklists import printed_content
    from playbook_kit.views.history import checklist_history
    repo = make_repo(tmp_path, date="2026-01-05")
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单, 确认送货日。")
    checklist = load_catalog(repo.path).kind("checklists")["checklist-rtmart-new-product"]
    current = {"version": checklist.version, "content": printed_content(load_catalog(repo.path), checklist)}
    history = checklist_history(repo.path, "checklist-rtmart-new-product", current)
    assert history[0]["date"] == "未提交" and history[0]["version"] == "1.1"
    assert history[0]["lines"][0].startswith("条目 “采购下新品首单”: ")
    assert history[1] == {"version": "1.1", "date": "2026-01-05", "lines": ["首次发布"]}


@pytest.mark.build
def test_built_history_pages_from_a_repository(tmp_path):
    """A site built from a repository with history: 最近更新 lists the change with working links,
    the checklist page its versions."""
    import re
    from html import unescape
    from conftest import mkdocs_build
    repo = make_repo(tmp_path, date="2026-01-05")
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单, 确认送货日。")
    repo.edit(CL, 'version: "1.1"', 'version: "1.2"')
    repo.edit("data/terms.yml", "全国连锁的大型超市（大卖场）", "全国连锁的大卖场")
    repo.commit("首单要确认送货日", date="2026-02-10")
    run = mkdocs_build(repo.path)
    assert run.returncode == 0, run.output
    site = repo.path / "site"
    updates = (site / "updates" / "index.html").read_text(encoding="utf-8")
    assert updates.index("2026-02-10") < updates.index("2026-01-05")
    assert "步骤 3 的动作: 采购下新品首单。 → 采购下新品首单, 确认送货日。" in updates
    assert "检查表《大润发新品进场检查表》升为版本 1.2" in updates
    block = updates[updates.index('class="pb-updates"'):updates.index('class="pb-page-footer"')]
    links = [unescape(href) for href in re.findall(r'href="([^"]+)"', block)]
    assert len(links) >= 3
    for href in links:
        path, _, anchor = href.partition("#")
        target = (site / "updates" / path / "index.html").resolve()
        assert target.is_file(), href
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), href
    checklist = (site / "checklists" / "checklist-rtmart-new-product" / "index.html").read_text(encoding="utf-8")
    history = checklist[checklist.index('class="pb-history"'):]
    assert "<td>1.2</td><td>2026-02-10</td>" in history and "<td>1.1</td><td>2026-01-05</td>" in history
    assert "版本 1.2" in checklist
