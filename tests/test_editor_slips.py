"""A hurried editor's slips in the slice's YAML: `mkdocs build` stops before
writing anything, with a located Chinese error and no traceback; the editors'
command prints the same lines."""
from __future__ import annotations

import pytest

from conftest import editor_check, mkdocs_build

RT = "data/ka/rtmart.yml"
TITLE = "    title: 单品锁码的四种情况\n"

# (name, old, new, line holding the error (text after the edit), column, message fragment)
SLIPS = [
    ("fullwidth-colon", TITLE, "    title：单品锁码的四种情况\n", "    title：单品锁码", 10,
     "键 “title” 后面用了全角冒号“：”"),
    ("tab-indent", TITLE + "    channel: ka\n", TITLE + "\tchannel: ka\n", "\tchannel: ka", 1,
     "缩进里有制表符(Tab)"),
    ("duplicate-key", TITLE, TITLE + "    title: 锁码\n", "    title: 锁码", 5,
     "重复的键 “title”(第一次出现在第 {prev} 行)"),
    ("misspelled-key", "    summary: 大润发单品项管理", "    sumary: 大润发单品项管理", "    sumary:", 5,
     "未知字段 “sumary”(位置: rule_sets 第1条 › sumary) 提示: 你是不是想写 “summary”"),
    ("unknown-role", "        actor: regional-ka\n", "        actor: regional-kaa\n", "actor: regional-kaa", 16,
     "岗位 “regional-kaa” 不存在(位置: procedures 第3条 › steps 第3条 › actor) 提示: 你是不是想写 “regional-ka”"),
    ("missing-title", TITLE, "", "  - id: rtmart-lock-code", 5,
     "缺少必填字段 “title”(位置: rule_sets 第1条 › title)"),
    ("NO", "      idle: {value: 3, unit: 个月,", "      idle: {value: 3, unit: 个月, approx: NO,", "approx: NO", 42,
     "应为true 或 false, 实际是 “NO”(位置: rule_sets 第1条 › quantities › idle › approx)"),
]


def apply(project, old, new):
    path = project / RT
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path.read_text(encoding="utf-8").split("\n")


def assert_build_fails_with(project, expected):
    run = mkdocs_build(project)
    assert run.returncode != 0
    assert "Traceback" not in run.output, run.output
    assert expected in run.output, run.output
    assert "数据检查未通过, 未生成任何页面" in run.output
    assert not (project / "site" / "index.html").exists()
    # the editors' command reports the very same line, and only it
    check = editor_check(project)
    assert check.returncode == 1
    assert "共 1 个错误" in check.output, check.output
    line = next(l for l in run.output.splitlines() if expected in l).strip()
    assert line in check.output.splitlines(), (line, check.output)


@pytest.mark.build
@pytest.mark.parametrize("name, old, new, marker, column, message", SLIPS, ids=[s[0] for s in SLIPS])
def test_slip_fails_build_with_located_error(project, name, old, new, marker, column, message):
    lines = apply(project, old, new)
    exact = [n for n, text in enumerate(lines, 1) if text == marker]
    line = exact[0] if exact else next(n for n, text in enumerate(lines, 1) if marker in text)
    message = message.replace("{prev}", str(line - 1))
    assert_build_fails_with(project, f"{RT}:{line}:{column}: {message}")


@pytest.mark.build
def test_gbk_file_fails_build(project):
    path = project / RT
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert_build_fails_with(project, f"{RT}:")
    assert "文件不是 UTF-8 编码, 看起来保存成了 GBK/GB18030" in editor_check(project).output
