"""Family 9: values that are not values.

On the main of 2026-11-27 `1e999` was accepted as infinity (printed `inf天`),
and invisible or direction-changing characters were accepted in names and
ids, so two glossary terms that look the same both passed.
"""
from __future__ import annotations

import re

import pytest

from conftest import editor_check
from playbook_kit.source.yaml_strict import load_text

TERM = "  - id: {id}\n    term: {term}\n    definition: 测试。\n    sources: [rtmart-flow]\n"


def add_terms(project, *entries) -> int:
    """Insert terms at the top of data/terms.yml; returns the line of the first `- id:`."""
    path = project / "data" / "terms.yml"
    text = path.read_text(encoding="utf-8")
    block = "".join(TERM.format(id=i, term=t) for i, t in entries)
    path.write_text(text.replace("terms:\n", "terms:\n" + block, 1), encoding="utf-8")
    return text[:text.index("terms:\n")].count("\n") + 2


@pytest.mark.parametrize("value, message", [("1e999", "超出范围"), ("-1e999", "超出范围"), ("1e308000", "超出范围"),
                                            ("123456789012345678901234567890", "太长(30 位)")])
def test_numbers_out_of_range(value, message):
    loaded, problems = load_text(f"a:\n  b: {value}\n", "f.yml")
    assert loaded is None and problems[0].line == 2 and problems[0].column == 6, problems
    assert message in problems[0].message


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff", "\u200f", "\u00ad"])
def test_invisible_characters_are_located(project, char):
    line = add_terms(project, ("hidden-term", f"堆{char}头"))
    run = editor_check(project)
    assert run.returncode == 1
    assert f"data/terms.yml:{line + 1}:12: 这里有看不见的字符" in run.output and f"U+{ord(char):04X}" in run.output, run.output


def test_invisible_character_in_an_id(project):
    line = add_terms(project, ("dui\u200btou", "新词"))
    run = editor_check(project)
    assert f"data/terms.yml:{line}:12: 这里有看不见的字符(零宽空格 U+200B)" in run.output, run.output


def test_lookalike_terms_are_duplicates(project):
    add_terms(project, ("ka-fullwidth", "ＫＡ卖场"), ("ka-halfwidth", "ka卖场"))
    run = editor_check(project)
    assert run.returncode == 1
    assert "术语 “ka卖场” 已由 “ka-fullwidth” 定义" in run.output, run.output


def test_quantity_never_prints_infinity(project):
    path = project / "data" / "ka" / "rtmart.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"value: \d+", "value: 1e999", text, count=1), encoding="utf-8")
    run = editor_check(project)
    assert run.returncode == 1 and "超出范围" in run.output and "inf" not in run.output
