"""Family 7: a small file cannot stall the checker.

On the main of 2026-11-27 a 2 KB decision table with 26 boolean inputs ran for
more than 90 s (every combination swept) and a 30,000-digit string made a
regular expression quadratic (20k digits: 48 s). Every check is linear or
capped with a located error; each case here must finish well inside the
helper's timeout on any machine (a cap is a correctness property, not a
performance figure).
"""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from conftest import ROOT
from playbook_kit.engines.material_search import partition
from playbook_kit.source.yaml_strict import MAX_SCALAR

TABLE = """decision_tables:
  - id: huge-table
    title: 很多条件
    channel: ka
    question: 会怎样？
    hit_policy: U
    sources: [rtmart-flow]
    inputs:
{inputs}
    outputs:
      - id: result
        label: 结论
    rules:
      - id: all
        when: {{in0: true}}
        then: {{result: 是}}
"""


def check(project, seconds: int = 60):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "playbook_kit", "check", "--root", str(project)],
                            cwd=ROOT, capture_output=True, text=True, timeout=seconds)
    return result.stdout + result.stderr, time.monotonic() - started


def test_decision_table_with_too_many_combinations_is_an_error(project):
    inputs = "\n".join(f"      - id: in{i}\n        label: 条件{i}\n        type: boolean" for i in range(26))
    (project / "data" / "huge.yml").write_text(TABLE.format(inputs=inputs), encoding="utf-8")
    output, _ = check(project)
    assert "data/huge.yml:" in output and "这张决策表的组合太多" in output and "请拆分" in output, output
    assert "Traceback" not in output


def test_longest_run_of_digits_a_value_may_hold(project):
    """As many digits as one value may hold (a longer value is capped, below), without a unit:
    the number-with-unit check reads them in linear time and finds nothing."""
    path = project / "data" / "terms.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("terms:\n", "terms:\n  - id: digits\n    term: 数字\n    definition: '" + "7" * MAX_SCALAR
                                 + "'\n    sources: [rtmart-flow]\n", 1), encoding="utf-8")
    output, _ = check(project)
    assert "Traceback" not in output, output
    assert "数据检查通过" in output and "带单位的数字" not in output, output


def test_long_text_is_capped_with_a_located_error(project):
    path = project / "data" / "terms.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("terms:\n", "terms:\n  - id: digits\n    term: 数字\n    definition: '" + "7" * 30000
                                 + "'\n", 1), encoding="utf-8")
    line = text[:text.index("terms:\n")].count("\n") + 4
    output, _ = check(project)
    assert f"data/terms.yml:{line}:17: 这段文字太长(30000 个字符, 上限 10000)" in output, output


def test_file_over_the_size_limit(project):
    (project / "data" / "big.yml").write_text("terms:\n" + "# x\n" * 300_000, encoding="utf-8")
    output, _ = check(project)
    assert "data/big.yml:1:1: 文件太大" in output, output


def test_page_cannot_loop():
    from playbook_kit.source.page_syntax import PageRenderer
    from playbook_kit.source.pages import MACROS
    renderer = PageRenderer({}, MACROS)
    body = "{% for a in 'abcdefghij' %}" * 12 + "x" + "{% endfor %}" * 12
    html, problems = renderer.render(body, "playbooks/x.md")
    assert html is None and problems


def test_search_segmentation_is_linear_in_token_length():
    token = "啊" * 20000
    pieces = {"啊啊", "啊啊啊"}
    assert "".join(partition(token, pieces)) == token


PATHOLOGICAL_PAGES = {
    "brackets": "# x\n\n" + "[" * 400_000 + "\n",                   # link regex: was quadratic
    "link-targets": "# x\n\n" + "](" * 200_000 + "\n",
    "heading-spaces": "# a" + " " * 400_000 + "b\n\n文字\n",          # heading regex: was quadratic
    "braces": "# x\n\n" + "{{" * 200_000 + "\n",                     # Jinja parser: was a RecursionError
    "parentheses": "# x\n\n{{ " + "(" * 5_000 + " }}\n",
    "macro-calls": "# x\n\n" + "{{ glossary() }}\n" * 20_000,       # rendering: was 20 s
    "digits": "# x\n\n" + "7" * 30_000 + "\n",                       # a page holds more than a value may
}


PAGE_PROBLEMS = {  # the page's own error (its records are then not reported as shown nowhere)
    "braces": "playbooks/ka/rtmart.md:1:1: 这个页面的宏调用太多(200000 个, 上限 300)",
    "parentheses": "playbooks/ka/rtmart.md:1:1: 页面里的括号嵌套太深",
    "macro-calls": "playbooks/ka/rtmart.md:1:1: 这个页面的宏调用太多(20000 个, 上限 300)",
}


@pytest.mark.parametrize("name", PATHOLOGICAL_PAGES)
def test_pathological_page_is_checked_quickly(project, name):
    (project / "playbooks" / "ka" / "rtmart.md").write_text(PATHOLOGICAL_PAGES[name], encoding="utf-8")
    output, _ = check(project, seconds=60)
    assert "Traceback" not in output and "自身出错" not in output, output[-2000:]
    # the page replaced the one showing 大润发's records: the check ran to its end and says what is wrong
    expected = PAGE_PROBLEMS.get(name, "记录 “rtmart-lock-code” 没有在任何页面上展示")
    assert "数据检查未通过" in output and expected in output, output[-2000:]
