"""`python -m playbook_kit changes BASE_REF`: a reviewer's report in reader terms, from real commits."""
from __future__ import annotations

import pytest

from conftest import Run, editor_check
from gitrepo import make_repo

RT = "data/ka/rtmart.yml"


@pytest.fixture
def pull_request(tmp_path):
    """A pull-request-sized change on top of a base commit."""
    repo = make_repo(tmp_path)
    # a time limit 1个月 -> 2个月, an actor from 未写明 to 业务员, a new step with an open question,
    # an open question resolved, a rule's wording, a new term
    repo.edit(RT, "          amount: {value: 1, unit: 个月,", "          amount: {value: 2, unit: 个月,")
    text = (repo.path / RT).read_text(encoding="utf-8")
    start = text.index("      - id: notify\n")
    block = text[start:text.index("        actor: unspecified\n", start) + len("        actor: unspecified\n")]
    repo.edit(RT, block, block.replace("actor: unspecified", "actor: salesman"))
    repo.edit(RT, "        action: 采购下新品首单。\n",
              "        action: 采购下新品首单。\n"
              "      - id: confirm-price\n        actor: dealer\n        action: 核对新品供价与合同价一致。\n"
              "        unverified:\n          - 原文未写明供价不一致时找谁处理。\n")
    repo.edit(RT, "        unverified:\n          - 原文流程图里另有一框“自行提报”，提报主体不明（可能指门店自行提报）。\n", "")
    repo.edit("data/terms.yml", "terms:\n", "terms:\n  - id: price-check\n    term: 核价\n"
              "    definition: 送货前核对供价。\n    sources: [rtmart-manual]\n")
    repo.commit("新品进场: 增加核价步骤")
    return repo


def test_report_in_reader_terms(pull_request):
    run = pull_request.run("changes", "HEAD~1")
    assert run.returncode == 0, run.output
    report = run.output
    assert "## 数据变更报告" in report
    assert "新增 1 条记录, 删除 0 条, 修改 2 条" in report
    # before -> after in reader terms: formatted time limits, role NAMES (not ids)
    assert "- 步骤 1 的时限: 新店开张前1个月 → 新店开张前2个月" in report
    assert "- 步骤 5 的执行岗位: 原文未写明 → 业务员" in report
    changed = report.split("### 修改的记录")[1].split("###")[0]
    assert "salesman" not in changed and "unspecified" not in changed
    assert "- 新增步骤 4: 核对新品供价与合同价一致。(经销商)" in report
    assert "**流程《新品进场》**(`data/ka/rtmart.yml`)" in report
    assert "- 术语《核价》(`data/terms.yml`)" in report.split("### 新增的记录")[1]
    # printed checklists: what changed on paper and that the version must change
    sheets = report.split("### 打印的检查表")[1].split("###")[0]
    assert "《大润发新店开张促销计划检查表》(`checklist-rtmart-new-store-promotion`): 打印内容改变, 但版本仍是 1.1: 请改为 1.2" in sheets
    assert "新店开张前1个月) → " in sheets and "新店开张前2个月)" in sheets
    # pages affected, with their titles
    pages = report.split("### 受影响的页面")[1].split("###")[0]
    assert "(`playbooks/ka/rtmart.md`)" in pages
    assert "(`playbooks/checklists/checklist-rtmart-new-product.md`)" in pages
    assert "岗位: 业务员" in pages
    assert "playbooks/oil/" not in pages
    # open questions added and resolved, keyed by step id (renumbering does not resolve them)
    questions = report.split("### 待核实的问题")[1]
    assert "- 新增: 流程《新品进场》步骤 4 的待核实: 原文未写明供价不一致时找谁处理。" in questions
    assert "- 已解决: 流程《新品进场》步骤 1 的待核实: 原文流程图里另有一框“自行提报”" in questions
    # notify (step 4 before, step 5 now) got an actor: named by its current number
    assert "- 已解决: 流程《新品进场》步骤 5 的执行岗位: 原文未写明" in questions
    assert "步骤 5 的执行岗位: 原文未写明" not in questions.split("已解决")[0]


def test_removed_record_and_role_rename(tmp_path):
    repo = make_repo(tmp_path)
    text = (repo.path / RT).read_text(encoding="utf-8")
    start = text.index("  - id: rtmart-delivery\n")
    end = text.index("  - id: rtmart-new-store-promotion\n")
    (repo.path / RT).write_text(text[:start] + text[end:], encoding="utf-8")
    repo.edit("data/roles.yml", "    name: 业务员\n", "    name: 业务代表\n")
    repo.commit("删除配送预约; 业务员改称业务代表")
    report = repo.run("changes", "HEAD~1").output
    assert "- 流程《配送预约》(原在 `data/ka/rtmart.yml`)" in report.split("### 删除的记录")[1]
    # a renamed role is one change of the role, not one change per step that names it
    assert "- 岗位名称: 业务员 → 业务代表" in report
    assert "执行岗位: 业务员 → 业务代表" not in report


def test_no_changes(tmp_path):
    repo = make_repo(tmp_path)
    run = repo.run("changes", "HEAD")
    assert run.returncode == 0
    assert "数据和页面都没有变化" in run.output


def test_uncommitted_working_tree_is_compared(tmp_path):
    repo = make_repo(tmp_path)
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单并确认送货日。")
    run = repo.run("changes", "HEAD")
    assert "- 步骤 3 的动作: 采购下新品首单。 → 采购下新品首单并确认送货日。" in run.output


def test_reader_text_cannot_inject_markdown(tmp_path):
    repo = make_repo(tmp_path)
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单 <img src=x onerror=alert(1)> @admin | [x](javascript:1)")
    run = repo.run("changes", "HEAD")
    line = next(l for l in run.output.splitlines() if "步骤 3 的动作" in l)
    assert "<img" not in line.replace("\\<img", "") and "\\<img" in line
    assert "@admin" not in line and "\\[x\\]" in line and "\\|" in line


def test_bad_ref_is_a_chinese_message(tmp_path):
    repo = make_repo(tmp_path)
    run = repo.run("changes", "no-such-branch")
    assert run.returncode == 2
    assert "找不到给出的 git 版本" in run.output and "no-such-branch" not in run.output   # never echoed
    assert "Traceback" not in run.output


@pytest.mark.parametrize("ref", ["--output=/tmp/x", "HEAD\nx", "", "a b"])
def test_option_like_refs_never_reach_git(tmp_path, ref):
    from playbook_kit.source.gitsnap import GitError, resolve
    repo = make_repo(tmp_path)
    with pytest.raises(GitError, match="给出的 git 版本无效"):
        resolve(repo.path, ref.replace("\\n", "\n"))


def test_outside_git(project):
    from conftest import ROOT
    import subprocess, sys
    result = subprocess.run([sys.executable, "-m", "playbook_kit", "changes", "HEAD", "--root", str(project)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "不在 git 仓库里" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_job_summary(pull_request, tmp_path):
    summary = tmp_path / "summary.md"
    run = pull_request.run("changes", "HEAD~1", "--out", str(tmp_path / "report.md"),
                           env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert run.returncode == 0
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == summary.read_text(encoding="utf-8")
    assert "请改为 1.2" in summary.read_text(encoding="utf-8")


def test_broken_data_is_flagged_in_the_report(tmp_path):
    repo = make_repo(tmp_path)
    repo.edit(RT, "    title: 新品进场\n", "    title：新品进场\n")   # full-width colon: the file fails to load
    run = repo.run("changes", "HEAD")
    assert run.returncode == 0
    assert "> **注意:** 修改后的数据有 1 个错误" in run.output
    assert "Traceback" not in run.output


def test_workflow_posts_the_report_without_running_pull_request_code_with_a_write_token():
    import yaml
    from conftest import ROOT
    workflow = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    assert "pull_request_target" not in workflow[True]          # `on:` is YAML 1.1 true
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "playbook_kit changes" in str(jobs["changes"]["steps"])
    assert "permissions" not in jobs["changes"]                 # runs PR code: read-only token
    comment = jobs["comment"]
    assert comment["permissions"] == {"pull-requests": "write"}
    assert not any("checkout" in str(step.get("uses", "")) for step in comment["steps"])
    assert "head.repo.full_name == github.repository" in comment["if"]
    assert "PLAYBOOK_BASE_REF" in str(jobs["data"]["steps"])


def test_quantity_change_shows_where_it_is_used(tmp_path):
    """One quantity edited: every text and decision-table cell that uses it, as the pages show them."""
    repo = make_repo(tmp_path)
    repo.edit(RT, "      idle: {value: 3, unit: 个月,", "      idle: {value: 2, unit: 个月,")
    report = repo.run("changes", "HEAD").output
    assert "- 规则 1 的规则: 单品销售情况不佳，连续3个月未销售的单品（滞销）。 → 单品销售情况不佳，连续2个月未销售的单品（滞销）。" in report
    assert "- 规则 1 的条件“连续未销售”: 3 个月及以上 → 2 个月及以上" in report        # input label, not its id
    assert "idle-months" not in report
    assert "**术语《滞销》**" in report                                        # {rtmart-lock-code.idle} in a definition


def test_role_pages_affected_only_when_what_they_show_changes(pull_request):
    pages = pull_request.run("changes", "HEAD~1").output.split("### 受影响的页面")[1].split("###")[0]
    assert "岗位: 办事处" in pages          # its step's time limit changed
    assert "岗位: 经销商" in pages          # the new step is the dealer's
    assert "岗位: 大润发总部采购" not in pages and "岗位: 大润发总部(" not in pages   # their steps did not change
