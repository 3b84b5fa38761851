"""The editors' everyday edits (issue 21), in a temporary git repository with real commits: what
`check`, the change report, 最近更新 and the checklist versions say, and that history is read from
git's objects only (issue 22: nothing a pull request commits can forge or break it)."""
from __future__ import annotations

import json
import os
import shutil
from importlib import metadata

import pytest

from conftest import ROOT, cli, editor_check
from gitrepo import make_repo

RT = "data/ka/rtmart.yml"
CL = "checklists/rtmart-new-product.yml"
NEW_TERM = ("terms:\n", "terms:\n  - id: lock-code-management\n    quotes:\n      - \"单品管理之锁码:\"\n"
            "    term: 单品管理\n    aliases: [单品项管理]\n    definition: 按单品管理商品的进出和销售。\n"
            "    sources: [rtmart-manual]\n    unverified: [原文没有解释这个词，释义是编辑按上下文写的。]\n")
GENERATED = ("schemas", "pyproject.toml", ".github")


@pytest.fixture
def repo(tmp_path):
    """The project with its generated files (schemas, CODEOWNERS) as committed on main."""
    repo = make_repo(tmp_path, date="2026-01-05")
    for part in GENERATED:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo.path / part)
    repo.commit("生成的文件", date="2026-01-05")
    return repo


def test_new_term_with_alias_passes_check_and_what_ci_checks(repo):
    from check_jsonschema import main as jsonschema_main
    from playbook_kit.cli.codeowners import stale_codeowners
    from playbook_kit.cli.schema import stale_schemas
    from playbook_kit.source.catalog import load_catalog
    repo.edit("data/terms.yml", *NEW_TERM)
    run = repo.run("check")
    assert run.returncode == 0, run.output
    # what CI compares beyond `check`: no generated file went stale
    assert stale_schemas(repo.path) == [] and stale_codeowners(repo.path, load_catalog(repo.path)) == []
    with pytest.raises(SystemExit) as schema_run:
        jsonschema_main(["--quiet", "--schemafile", str(repo.path / "schemas/data-file.schema.json"),
                         str(repo.path / "data/terms.yml")])
    assert schema_run.value.code == 0
    # an owner changed without regenerating: check says where and what to run (CI would say the same)
    repo.edit("data/sources.yml", "    owner: ka-department\n", "    owner: sales-manager\n")
    stale = repo.run("check")
    assert stale.returncode == 1
    assert ".github/CODEOWNERS:" in stale.output and "python -m playbook_kit generate" in stale.output
    problem = stale_codeowners(repo.path, load_catalog(repo.path))[0]
    assert f".github/CODEOWNERS:{problem.line}:1: CODEOWNERS 与 data/sources.yml 里的负责人不一致" in stale.output


def test_yaml_slip_committed_then_fixed(repo):
    """No false version bump after the broken commit, the bump still asked for after a good one,
    and the broken commit never reaches 最近更新 or a checklist's history."""
    from playbook_kit.source.gitsnap import fork_point
    from playbook_kit.views.history import checklist_history, recent_updates
    repo.edit(RT, "    title: 新品进场\n", "    title：新品进场\n")
    repo.commit("slip", date="2026-02-01")
    repo.edit(RT, "    title：新品进场\n", "    title: 新品进场\n")
    repo.commit("fix", date="2026-02-02")
    assert repo.run("check").returncode == 0          # HEAD~1 is broken: nothing to bump
    updates = recent_updates(repo.path)
    assert [u["date"] for u in updates] == ["2026-01-05"]      # the slip and its fix changed nothing for readers
    # a branch: one good commit changing a printed step without a new version is still caught
    repo.git("checkout", "-q", "-b", "deadline")
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单, 确认送货日。")
    repo.commit("首单确认送货日", date="2026-02-03")
    missed = repo.run("check")
    assert missed.returncode == 1 and '把 version 改为 "1.2"' in missed.output, missed.output
    repo.edit(CL, 'version: "1.1"', 'version: "1.2"')
    repo.commit("升版本", date="2026-02-03")
    history = checklist_history(repo.path, "checklist-rtmart-new-product")
    assert (history[0]["version"], history[0]["date"]) == ("1.2", "2026-02-03")
    assert (history[-1]["version"], history[-1]["date"]) == ("1.1", "2026-01-05")
    assert not {"2026-02-01", "2026-02-02"} & {h["date"] for h in history}
    february = recent_updates(repo.path)[0]
    assert february["date"] == "2026-02-03" and set(february) == {"date", "items"}   # no commit subjects
    # main moves on after the branch left it: the branch is still compared with where it left main
    started = repo.git("rev-parse", "main").strip()
    repo.git("checkout", "-q", "main")
    repo.edit("data/terms.yml", "全国连锁的大型超市（大卖场）", "全国连锁的大卖场")
    repo.commit("main 上的修改", date="2026-02-04")
    repo.git("checkout", "-q", "deadline")
    assert fork_point(repo.path, "main") == started


def test_history_cannot_be_forged_or_broken_by_commits(repo):
    """A committed .cache/ history, an export-ignore .gitattributes, an old symlink to /etc/passwd
    and hostile commit subjects: none reaches the pages, none stops the build or the version check."""
    from playbook_kit.views.history import recent_updates
    from playbook_kit.views.pinyin import pinyin_of
    forged = repo.path / ".cache" / "history" / "x" / "first-0.json"
    forged.parent.mkdir(parents=True)
    forged.write_text(json.dumps({"added": [{"kind": "terms", "id": "x", "title": "伪造的更新"}], "removed": [],
                                  "changed": [], "checklists": [], "sheets": {}}), encoding="utf-8")
    (repo.path / ".cache" / "pinyin.json").write_text(json.dumps(
        {"version": metadata.version("pypinyin"), "words": {"大润发": ["XX", "forged"]}}), encoding="utf-8")
    (repo.path / ".gitattributes").write_text("data/** export-ignore\nchecklists/** export-ignore\n", encoding="utf-8")
    os.symlink("/etc/passwd", repo.path / "data" / "passwd.yml")
    repo.commit("\x1f\u202e" + "很长的提交说明" * 5000, date="2026-03-01")
    (repo.path / "data" / "passwd.yml").unlink()
    repo.edit(RT, "        action: 采购下新品首单。", "        action: 采购下新品首单, 确认送货日。")
    repo.commit("正常的修改", date="2026-03-02")
    updates = recent_updates(repo.path)
    text = json.dumps(updates, ensure_ascii=False)
    assert "伪造的更新" not in text and "\u202e" not in text and "很长的提交说明" not in text
    assert updates[0]["date"] == "2026-03-02"
    assert pinyin_of(repo.path, ["大润发"]) == {"大润发": ("DRF", "darunfa")}   # the committed cache is not read
    # the base (export-ignore, a link to /etc/passwd) is still read from git's objects: the bump is asked for
    run = repo.run("check", "--base", "HEAD~1")
    assert run.returncode == 1 and '把 version 改为 "1.2"' in run.output, run.output


def test_change_report_prose_odd_base_and_command_line(repo):
    """A typo fixed in a page's prose shows as the paragraph before and after; a base commit holding
    links out of the repository and a ref with markup are no problem; `-o` and mistakes in Chinese."""
    os.symlink("/etc", repo.path / "playbooks" / "etc")
    os.symlink("/etc/passwd", repo.path / "data" / "passwd.yml")
    repo.commit("链接")
    repo.git("branch", "evil<img>")
    (repo.path / "playbooks" / "etc").unlink()
    (repo.path / "data" / "passwd.yml").unlink()
    page = "playbooks/ka/rtmart.md"
    repo.edit(page, "大润发是本手册里的 KA 卖场之一", "大润发是本手册里的一个 KA 卖场")
    out = repo.path.parent / "report.md"
    run = repo.run("changes", "evil<img>", "-o", str(out))
    assert run.returncode == 0, run.output
    report = out.read_text(encoding="utf-8")
    assert "<img>" not in report and "root:" not in report and "比较基准版本 `" in report
    prose = report.split("### 页面文字")[1].split("###")[0]
    assert "**大润发 (RT-Mart)**(`playbooks/ka/rtmart.md`)" in prose
    assert "- 改前: 大润发是本手册里的 KA 卖场之一" in prose and "- 改后: 大润发是本手册里的一个 KA 卖场" in prose
    assert "1 个页面的文字有修改" in report and "数据和页面都没有变化" not in report
    wrong = cli("changes", "--bogus", "HEAD")
    assert wrong.returncode == 2 and "不认识的参数: --bogus" in wrong.output
    assert "unrecognized" not in wrong.output


def test_report_fits_a_comment_with_a_pointer():
    from playbook_kit.cli.changes import COMMENT_LIMIT, shortened
    report = "## 数据变更报告\n\n" + "- 一行很长的修改说明\n" * 20_000
    short = shortened(report)
    assert len(short) <= COMMENT_LIMIT and short.startswith("## 数据变更报告")
    assert "完整报告见" in short and "change-report" in short
    assert shortened("短报告\n") == "短报告\n"


@pytest.mark.parametrize("old, new, marker, column, message", [
    # a misspelled key inside a quote written as {text, cleaned} (a union field): the key, its line
    ('        cleaned: "去掉 OCR 重复；“删除”在原文里被换行断开"', '        claned: "去掉 OCR 重复；“删除”在原文里被换行断开"',
     "        claned:", 9, "未知字段 “claned”(位置: decision_tables 第1条 › quotes 第1条 › claned) 提示: 你是不是想写 “cleaned”"),
    # a full-width spelling of an existing term: reported at the term, not at the record's id
    (None, "  - id: ka-fullwidth\n    quotes:\n      - \"KA卖场操作流程\"\n    term: ＫＡ\n"
     "    definition: 重点客户。\n    sources: [rtmart-manual, ka-metro]\n", "    term: ＫＡ", 11, "术语 “ＫＡ” 已由 “ka” 定义"),
])
def test_editor_messages_point_at_the_slip(project, old, new, marker, column, message):
    path = project / (RT if "claned" in new else "data/terms.yml")
    text = path.read_text(encoding="utf-8")
    assert old is None or old in text
    path.write_text(text + new if old is None else text.replace(old, new, 1), encoding="utf-8")
    line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if t.startswith(marker))
    output = editor_check(project).output
    assert f"{path.relative_to(project).as_posix()}:{line}:{column}: {message}" in output, output
