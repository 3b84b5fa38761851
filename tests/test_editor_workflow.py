"""The editors' loop: schema validation as VS Code does it, the check command's
GitHub annotations and job summary, edit links, review dates, the scaffold."""
from __future__ import annotations

import contextlib
import io
import json
import re

import check_jsonschema
import pytest

from conftest import ROOT, Run, cli, editor_check, mkdocs_build

RT = "data/ka/rtmart.yml"


def jsonschema(schema: str, *files) -> Run:
    """check-jsonschema (the validator pre-commit runs), in this process: its exit code and JSON report."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        try:
            check_jsonschema.main(["--schemafile", str(ROOT / schema), "--output-format", "json", *map(str, files)])
        except SystemExit as exit:
            code = exit.code
    return Run(code, output.getvalue())


def test_every_data_file_passes_its_schema():
    data = sorted(ROOT.glob("data/**/*.yml"))
    checklists = sorted(ROOT.glob("checklists/*.yml"))
    assert jsonschema("schemas/data-file.schema.json", *data).returncode == 0
    assert jsonschema("schemas/checklist.schema.json", *checklists).returncode == 0


def test_schema_flags_the_same_fields_as_the_checker(project):
    path = project / RT
    text = path.read_text(encoding="utf-8")
    text = text.replace("    summary: 大润发单品项管理", "    sumary: 大润发单品项管理", 1)       # unknown field
    text = text.replace("        actor: regional-ka\n", "        actor: regional-kaa\n", 1)   # role id typo
    text = text.replace("      idle: {value: 3, unit: 个月,", "      idle: {value: 3, unit: 个月, approx: NO,", 1)
    path.write_text(text, encoding="utf-8")
    schema = jsonschema("schemas/data-file.schema.json", path)
    assert schema.returncode == 1
    report = json.loads(schema.output)
    schema_paths = {error["path"] for error in report["errors"]}
    assert "$.rule_sets[0]" in schema_paths                          # additionalProperties: sumary
    assert "$.procedures[2].steps[2].actor" not in schema_paths      # ids are check's job: no ids in schemas
    assert "$.rule_sets[0].quantities.idle.approx" in schema_paths   # "NO" is not a boolean
    ours = editor_check(project).output
    for key_path in ("rule_sets 第1条 › sumary", "procedures 第3条 › steps 第3条 › actor",
                     "rule_sets 第1条 › quantities › idle › approx"):
        assert f"(位置: {key_path})" in ours, ours


def test_github_annotations_and_job_summary(project, tmp_path):
    path = project / RT
    path.write_text(path.read_text(encoding="utf-8").replace(
        "        actor: regional-ka\n", "        actor: regional-kaa\n", 1), encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = editor_check(project, "--github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    annotations = [l for l in result.output.splitlines() if l.startswith("::")]
    assert len(annotations) == 1
    assert re.fullmatch(r"::error file=data/ka/rtmart\.yml,line=\d+,col=16::岗位 “regional-kaa” 不存在 提示: 你是不是想写 “regional-ka”\?",
                        annotations[0]), annotations[0]
    table = summary.read_text(encoding="utf-8")
    assert "| 错误 | `data/ka/rtmart.yml:" in table and "regional-kaa" in table


def test_annotation_escapes_newlines_and_percent():
    from playbook_kit.cli.main import main
    from playbook_kit.core.problems import Problem
    import playbook_kit.cli.main as cli
    problems = [Problem("a.yml", 3, 4, "百分比 2.5%\n第二行", severity="warning")]
    original = cli.validate
    cli.validate = lambda root: (None, problems)
    try:
        import io, contextlib
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["check", "--github"]) == 0
    finally:
        cli.validate = original
    # the line break is shown, never emitted: data cannot start a workflow command of its own
    assert "::warning file=a.yml,line=3,col=4::百分比 2.5%25⏎第二行" in out.getvalue()
    assert "\n第二行" not in out.getvalue()


def test_edit_links_point_to_existing_files(site):
    pages = list(site.rglob("*.html"))
    linked = set()
    for page in pages:
        for path in re.findall(r'data-file="([^"]+)"', page.read_text(encoding="utf-8")):
            assert (ROOT / path).is_file(), (page, path)
            linked.add(path)
    rtmart = (site / "ka/rtmart/index.html").read_text(encoding="utf-8")
    assert 'data-file="playbooks/ka/rtmart.md"' in rtmart and 'data-file="data/ka/rtmart.yml"' in rtmart
    assert "负责人：KA 部 · 最近审核：" in rtmart
    every_data_file = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("data/**/*.yml")}
    assert every_data_file <= linked


def test_overdue_review_warns(project):
    result = editor_check(project, env={"PLAYBOOK_TODAY": "2030-01-01"})
    assert result.returncode == 0  # a warning, not an error
    assert re.search(r"data/sources\.yml:\d+:\d+: 警告: 《大润发操作流程》已 \d+ 天未审核\(周期 180 天\)", result.output)


@pytest.mark.build
def test_scaffold_creates_a_procedure_that_builds(project):
    result = cli("new", "rtmart-returns", "--channel", "ka", "--title", "大润发退货", "--source", "rtmart-manual",
                 "--root", str(project))
    assert result.returncode == 0, result.output
    assert "      - 大润发退货: ka/rtmart-returns.md" in result.output
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      - 麦德龙: ka/metro.md\n", "      - 麦德龙: ka/metro.md\n      - 大润发退货: ka/rtmart-returns.md\n"), encoding="utf-8")
    assert editor_check(project).returncode == 0
    run = mkdocs_build(project)
    assert run.returncode == 0, run.output
    assert "待填写" in (project / "site/ka/rtmart-returns/index.html").read_text(encoding="utf-8")
    again = cli("new", "rtmart-returns", "--channel", "ka", "--title", "x", "--source", "rtmart-manual",
                "--root", str(project))
    assert again.returncode == 1 and "已被使用" in again.output
