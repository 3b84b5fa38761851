"""Family 8: no traceback, and the location is where the editor's mistake is,
in Chinese with what to do.

On the main of 2026-11-27: an empty kind, a kind given a mapping and a
5,000-digit integer gave Python tracebacks; NUL and ESC were reported at 1:1 in
English; an unclosed quote at the end of the file; a full-width space after a
key on the wrong line with a generic message; `-<TAB>id:` in English.
"""
from __future__ import annotations

import pytest

from conftest import editor_check

CASES = {
    "empty-kind": ("procedures:\n", "data/x.yml:1:1: “procedures” 下面是空的"),
    "mapping-kind": ("procedures:\n  id: x\n  title: y\n", "data/x.yml:2:3: “procedures” 下面应为列表"),
    "huge-int": ("terms:\n  - id: t\n    term: " + "9" * 5000 + "\n", "data/x.yml:3:11: 数字"),
    "nul": ("terms:\n  - id: t\n    term: a\x00b\n", "data/x.yml:3:12: 这里有看不见的字符(NUL U+0000)"),
    "esc": ("terms:\n  - id: t\n    term: \x1b[31m\n", "data/x.yml:3:11: 这里有看不见的字符(ESC U+001B)"),
    "unclosed-quote": ("terms:\n  - id: t\n    term: \"abc\n    definition: x\n  - id: u\n",
                       "data/x.yml:3:11: 引号 \" 没有闭合"),
    "fullwidth-space-after-colon": ("terms:\n  - id: t\n    term:\u3000堆头\n    definition: x\n",
                                    "data/x.yml:3:10: 键 “term” 的冒号后面是全角空格"),
    "fullwidth-space-before-colon": ("terms:\n  - id: t\n    term\u3000: 堆头\n",
                                     "data/x.yml:3:9: 键 “term” 和冒号之间有全角空格"),
    "dash-tab": ("terms:\n  -\tid: t\n", "data/x.yml:2:4: 缩进里有制表符(Tab)"),
    "top-level-list": ("- a\n- b\n", "data/x.yml:1:1: 数据文件的最外层应为"),
    "scalar-file": ("hello\n", "data/x.yml:1:1: 数据文件的最外层应为"),
    "non-string-key": ("terms:\n  - {[1]: x}\n", "data/x.yml:2:6: 键必须是简单文本"),
    "deep": ("terms: " + "[" * 5000 + "\n", "data/x.yml:1:"),
}


@pytest.mark.parametrize("case", CASES)
def test_located_chinese_error_without_traceback(project, case):
    text, expected = CASES[case]
    (project / "data" / "x.yml").write_bytes(text.encode("utf-8"))
    run = editor_check(project)
    assert run.returncode == 1
    assert "Traceback" not in run.output and "Error" not in run.output.replace("YAML", ""), run.output
    assert expected in run.output, run.output


def test_checklist_file_that_is_a_list(project):
    (project / "checklists" / "x.yml").write_text("- a\n", encoding="utf-8")
    run = editor_check(project)
    assert run.returncode == 1 and "Traceback" not in run.output
    assert "checklists/x.yml:1:1:" in run.output, run.output


def test_unexpected_internal_error_is_one_chinese_line(monkeypatch, capsys):
    from playbook_kit.cli import main as cli

    def boom(*args):
        raise ZeroDivisionError("x")
    monkeypatch.setattr(cli, "_check", boom)
    assert cli.main(["check"]) == 3
    out = capsys.readouterr().out
    assert "检查程序自身出错(ZeroDivisionError)" in out and "Traceback" not in out
