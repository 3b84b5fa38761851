"""Family 10: CI output cannot be forged.

On the main of 2026-11-27 a value containing a newline followed by
`::error ...` printed a raw workflow command in `check --github`, and file
names were not escaped in annotations.
"""
from __future__ import annotations

from conftest import editor_check
from playbook_kit.cli.main import annotation, job_summary
from playbook_kit.core.problems import Problem


def run_check(project, *flags, env=None):
    return editor_check(project, *flags, env=env).output


def test_newline_in_a_value_cannot_start_a_workflow_command(project, tmp_path):
    # a message that quotes the editor's text: an unknown kind of record
    forged = '"procedures\\n::error file=README.md,line=1::forged\\n::add-mask::x\\n::stop-commands::t"'
    (project / "data" / "x.yml").write_text(f"{forged}: []\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    output = run_check(project, "--github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    commands = [line for line in output.splitlines() if line.lstrip().startswith("::")]
    assert commands, output
    assert all(line.startswith("::error file=data/x.yml,line=1,col=") for line in commands), commands
    assert "forged" in output  # shown, escaped, inside our own lines
    assert all("\n" not in line for line in commands)
    table = summary.read_text(encoding="utf-8")
    assert "\n::" not in table


def test_file_names_are_escaped_in_annotations(project):
    (project / "data" / "a,b:c%d.yml").write_text("terms:\n", encoding="utf-8")
    output = run_check(project, "--github")
    assert "::error file=data/a%2Cb%3Ac%25d.yml,line=1,col=1::" in output, output


def test_every_field_is_escaped():
    problem = Problem("data/x\n::error::y.yml", 3, 4, "msg\r\n::warning::z 100%", hint="h\n::x")
    line = annotation(problem)
    assert "\n" not in line and "\r" not in line
    assert line.startswith("::error file=data/x⏎%3A%3Aerror%3A%3Ay.yml,line=3,col=4::msg⏎⏎::warning::z 100%25 提示: h⏎::x")
    assert "\n" not in problem.format() and problem.format().startswith("data/x⏎::error::y.yml:3:4: ")
    summary = job_summary([problem])
    assert summary.splitlines()[-1].startswith("| 错误 | `data/x⏎::error::y.yml:3:4` |") and "\n::" not in summary
