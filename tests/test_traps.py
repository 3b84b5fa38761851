"""Smaller traps an editor falls into: the hints say what the rules enforce."""
from __future__ import annotations

from conftest import editor_check

RT = "data/ka/rtmart.yml"


def _edit(project, old, new):
    path = project / RT
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if new.split("\n")[0] in line)


def test_quantity_name_hint_matches_the_rule(project):
    line = _edit(project, "      idle: {value: 3, unit: 个月,", "      idle-months: {value: 3, unit: 个月,")
    out = editor_check(project).output
    assert (f"{RT}:{line}:20: 数量名 “idle-months” 格式不对(位置: rule_sets 第1条 › quantities › idle-months) "
            "提示: 数量名以小写字母开头, 只用小写字母、数字和下划线, 例如 pull_back") in out, out
    assert "连字符" not in out


def test_quantity_name_with_underscore_is_fine(project):
    _edit(project, "      idle: {value: 3, unit: 个月,", "      idle_months: {value: 3, unit: 个月,")
    for path in (project / "data").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("{idle}", "{idle_months}").replace("rtmart-lock-code.idle}", "rtmart-lock-code.idle_months}"),
                        encoding="utf-8")
    assert editor_check(project).returncode == 0


def test_role_name_instead_of_id_suggests_the_id(project):
    line = _edit(project, "        actor: dealer\n        action: 经销商向门店经理", "        actor: 经销商\n        action: 经销商向门店经理")
    out = editor_check(project).output
    assert (f"{RT}:{line}:16: 编号 “经销商” 格式不对(位置: procedures 第1条 › steps 第1条 › actor) "
            "提示: 这里要写岗位编号, 不是名称: “经销商” 的编号是 “dealer”") in out, out


def test_role_alias_instead_of_id_suggests_the_id(project):
    _edit(project, "        actor: regional-ka\n", "        actor: 区域KA\n")
    assert "“区域KA” 的编号是 “regional-ka”" in editor_check(project).output


def test_unknown_chinese_word_keeps_the_generic_hint(project):
    _edit(project, "        actor: dealer\n        action: 经销商向门店经理", "        actor: 隔壁老王\n        action: 经销商向门店经理")
    out = editor_check(project).output
    assert "编号 “隔壁老王” 格式不对" in out and "只用小写字母、数字和连字符" in out
    assert "的编号是" not in out


def test_role_name_in_a_non_role_field_is_not_called_a_role(project):
    _edit(project, "  - id: rtmart-delivery\n", "  - id: 经销商\n")
    out = editor_check(project).output
    assert "编号 “经销商” 格式不对" in out and "岗位编号" not in out
