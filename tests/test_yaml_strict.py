"""The strict loader: no YAML 1.1 surprises, located errors, no crashes."""
from pathlib import Path

import pytest

from playbook_kit.source.yaml_strict import MAX_BYTES, load_file, load_text


def load_ok(text: str):
    loaded, problems = load_text(text, "t.yml")
    assert problems == [], [p.format() for p in problems]
    return loaded.data


def load_bad(text: str):
    loaded, problems = load_text(text, "t.yml")
    assert loaded is None and len(problems) == 1
    return problems[0]


@pytest.mark.parametrize("text, value", [
    ("a: NO", "NO"), ("a: yes", "yes"), ("a: on", "on"), ("a: off", "off"),
    ("a: 1:30", "1:30"), ("a: 2024-01-05", "2024-01-05"), ("a: 0x1F", "0x1F"),
    ("a: '012'", "012"), ("a: 0", 0), ("a: 0.5", 0.5), ("a: 2.5", 2.5), ("a: true", True), ("a: ~", None), ("a: '5'", "5"),
])
def test_yaml_12_core_schema(text, value):
    assert load_ok(text) == {"a": value}


@pytest.mark.parametrize("text", ["a: 017", "a: -012", "a: 007.5"])
def test_leading_zero_number_is_refused(text):
    """YAML 1.1 tools (yamllint, check-jsonschema) read 017 as octal 15, the loader 17: neither is safe."""
    problem = load_bad(text)
    assert (problem.line, problem.column) == (1, 4) and "以 0 开头" in problem.message
    assert '加引号写成 "' in problem.hint


@pytest.mark.parametrize("text, line, column", [
    ('a:\n  title: "新品进场\n  summary: 说明\n  note: "b"\n', 2, 10),      # closed by a later quote: silently wrong
    ("a:\n  - 'it''s\n  - b\n", 2, 5),
    ('a:\n  b: 1\n  c: "没有结束\n', 3, 6),                                 # at the end of the file
])
def test_unclosed_quote_is_reported_at_its_opening_quote(text, line, column):
    problem = load_bad(text)
    assert (problem.line, problem.column) == (line, column), problem.format()
    assert "没有闭合" in problem.message


def test_quotes_inside_block_text_and_comments_are_fine():
    assert load_ok('a: |\n  "开头的引号\nb: "x" # it\'s\nc: "x\\"y"\n') == {"a": '"开头的引号\n', "b": "x", "c": 'x"y'}


def test_dedented_block_is_reported_where_it_broke():
    """A step's `quotes:` that fell out to the procedure: reported there, not at the procedure's own `quotes:`."""
    text = ("procedures:\n  - id: p\n    steps:\n      - id: s1\n        action: x\n    quotes:\n      - a\n"
            "    title: t\n    quotes:\n      - b\n")
    problem = load_bad(text)
    assert (problem.line, problem.column) == (6, 5), problem.format()
    assert "缩进可能少了" in problem.message and "第 9 行" in problem.message


def test_positions_of_keys_and_values():
    loaded, _ = load_text("top:\n  - id: x\n    name: 名称\n", "t.yml")
    assert loaded.key_marks[("top", 0, "name")] == (3, 5)
    assert loaded.value_marks[("top", 0, "name")] == (3, 11)
    assert loaded.locate(("top", 0, "name"), prefer_key=True) == (3, 5)
    assert loaded.locate(("top", 0, "name")) == (3, 11)
    assert loaded.locate(("top", 0, "missing")) == (2, 5)


def test_duplicate_key_is_located_at_second_occurrence():
    problem = load_bad("a: 1\nb: 2\na: 3\n")
    assert (problem.line, problem.column) == (3, 1)
    assert "重复的键 “a”" in problem.message and "第 1 行" in problem.message


def test_anchor_and_alias_rejected():
    assert "锚点" in load_bad("a: &x [1, 2]\nb: 3\n").message
    problem = load_bad("a: [1]\nb: *x\n")
    assert "不支持 YAML 别名 “*x”" in problem.message and (problem.line, problem.column) == (2, 4)


def test_billion_laughs_rejected_before_expansion():
    text = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert "锚点" in load_bad(text).message


def test_deep_nesting_is_a_yaml_error_not_recursion():
    problem = load_bad("a: " + "[" * 5000 + "]" * 5000)
    assert "嵌套层数" in problem.message


def test_tab_indent():
    problem = load_bad("a:\n\tb: 1\n")
    assert (problem.line, problem.column) == (2, 1) and "制表符" in problem.message


def test_ideographic_space_indent():
    problem = load_bad("a:\n\u3000\u3000b: 1\n")
    assert problem.line == 2 and "全角空格" in problem.message


def test_fullwidth_colon_located_on_its_own_line():
    problem = load_bad("id: x\ntitle：大润发\n")
    assert (problem.line, problem.column) == (2, 6)
    assert "全角冒号" in problem.message and "title: 值" in problem.hint


def test_fullwidth_colon_inside_prose_is_fine():
    assert load_ok("text: 末位淘汰：后三名\n") == {"text": "末位淘汰：后三名"}


def test_glued_colon():
    problem = load_bad("id: x\ntitle:大润发\n")
    assert (problem.line, problem.column) == (2, 6) and "缺少空格" in problem.message


def test_block_scalar_content_not_prescanned():
    assert load_ok("text: |\n  title：这是正文\n  key:value\n") == {"text": "title：这是正文\nkey:value\n"}


def test_multiple_documents_rejected():
    assert "一个 YAML 文档" in load_bad("a: 1\n---\nb: 2\n").message


def test_python_tags_rejected():
    assert "标签" in load_bad("a: !!python/object:os.system x\n").message


def test_syntax_error_is_chinese_and_located():
    problem = load_bad("a:\n  b: 1\n c: 2\n")
    assert problem.message.startswith("YAML 语法错误") and problem.line == 3


def test_gbk_file(tmp_path: Path):
    file = tmp_path / "gbk.yml"
    file.write_bytes("id: x\ntitle: 大润发\n".encode("gbk"))
    loaded, problems = load_file(file, "data/gbk.yml")
    assert loaded is None
    assert problems[0].format().startswith("data/gbk.yml:2:8: 文件不是 UTF-8 编码")
    assert "GBK" in problems[0].message


def test_oversized_file(tmp_path: Path):
    file = tmp_path / "big.yml"
    file.write_text("a: " + "x" * (MAX_BYTES + 10), encoding="utf-8")
    _, problems = load_file(file)
    assert "文件太大" in problems[0].message


def test_bom_is_accepted(tmp_path: Path):
    file = tmp_path / "bom.yml"
    file.write_bytes(b"\xef\xbb\xbfa: 1\n")
    loaded, problems = load_file(file)
    assert problems == [] and loaded.data == {"a": 1}


@pytest.mark.parametrize("text, line, column", [
    ("a:\n  tasks:\n    - 普通\n    - {follow_up}内跟踪回访，确认\n    - 再一条\n", 4, 7),
    ("a:\n  summary: {lead}前拟好计划\n  b: 1\n", 2, 12),
])
def test_text_starting_with_a_placeholder_says_to_quote_it(text, line, column):
    """`- {follow_up}内回访` is a flow mapping to YAML; the editor is told to quote the sentence, where it starts."""
    problem = load_bad(text)
    assert (problem.line, problem.column) == (line, column), problem.format()
    assert "以 {名称} 开头" in problem.message and "引号" in problem.hint
