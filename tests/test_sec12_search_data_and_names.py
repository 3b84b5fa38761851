"""Family 12: aliases, ids and links that change the site beyond their own record.

On the main of 2026-12-02: an alias `-大润发` removed the 大润发 pages from
every search for the term (Material's search reads `-x` as "must not"); a
common word as an alias widened every search; a 45 KB data file made
`glossary-data.js` 56 MB (each definition repeated per alias); a role with id
`index` took over the 岗位 page; `check` passed a reference-style
`javascript:` link; a see-also to itself and a pause point repeating its own
item were accepted. Each is now a located error, all found by one `check`.
"""
from __future__ import annotations

import json
import time
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, copy_project, editor_check
from inertness import PAGE_LINK_PAYLOAD
from playbook_kit.build.site import glossary_script
from playbook_kit.core import texts
from playbook_kit.views.search_words import worker_data

SLIPS = {
    "data/terms.yml": [("    aliases: [RT-Mart]\n", "    aliases: [RT-Mart, -大润发, 门店, 店]\n"),
                       ("    see_also: [first-order]\n", "    see_also: [first-order, lock-code]\n")],
    "data/roles.yml": [("roles:\n", "roles:\n  - id: index\n    quotes:\n      - \"办事处跟进和反馈。\"\n"
                                    "    name: 岗位总览\n    organisation: 本公司\n    description: 总览。\n"
                                    "    sources: [rtmart-flow]\n")],
    "checklists/channel-agency-four-steps.yml": [("items: [find, sign-contract,", "items: [find, find, sign-contract,")],
}
PAGE_LINES = ("\n看[这里][r]、[那里](javascript:alert(2))和[再一个](JaVa&#x53;cript:x)。\n\n"
              "[r]: javascript:alert(1)\n[ok]: https://example.com\n")


@pytest.fixture(scope="module")
def slipped(tmp_path_factory) -> str:
    """`check`'s output on a copy of the project with every slip above."""
    project = copy_project(tmp_path_factory.mktemp("slips") / "project")
    for relative, edits in SLIPS.items():
        path = project / relative
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    page = project / "playbooks/ka/rtmart.md"
    page.write_text(page.read_text(encoding="utf-8") + PAGE_LINES + PAGE_LINK_PAYLOAD, encoding="utf-8")
    run = editor_check(project)
    assert run.returncode == 1
    return run.output


def test_an_alias_spelled_as_a_search_operator_is_refused_at_its_line(slipped):
    assert ("data/terms.yml:8:24: “-大润发” 含有搜索语法字符(+ - * ~ ^ :), 会改变每一次对这个词的搜索"
            "(位置: terms 第1条 › aliases 第2条) 提示: 去掉这些符号, 或删掉这个写法") in slipped, slipped
    assert "“RT-Mart”" not in slipped  # a hyphen inside a word is no operator


def test_a_common_word_or_one_character_as_an_alias_is_refused(slipped):
    assert "data/terms.yml:8:30: “门店” 太短或太常见, 作为别称会让每一次搜索都变宽, 每页都被标注" in slipped, slipped
    assert "data/terms.yml:8:34: “店” 太短或太常见" in slipped, slipped


def test_a_role_id_naming_the_roles_page_is_refused(slipped):
    assert ("data/roles.yml:3:9: 编号 “index” 会生成网址 /roles/, 与页面 playbooks/roles.md 重名, 会顶替它"
            "(位置: roles 第1条 › id) 提示: 请换一个编号") in slipped, slipped


def test_every_unsafe_link_of_a_page_is_refused_reference_style_included(slipped):
    line = len((ROOT / "playbooks/ka/rtmart.md").read_text(encoding="utf-8").split("\n")) + 1
    for where, target in ((f"{line}:15", "javascript:alert"), (f"{line}:42", "JaVa&#x53;cript:x"),
                          (f"{line + 2}:6", "javascript:alert(1)")):
        assert f"playbooks/ka/rtmart.md:{where}: 不允许的链接 “{target}”" in slipped, slipped
    assert "example.com" not in slipped
    # tests/inertness.py's Markdown links and picture: three on one line, one on the next
    assert [n for n in range(line + 4, line + 7) if f"rtmart.md:{n}:" in slipped] == [line + 5, line + 6]
    assert "“JAVASCRIPT:alert”" in slipped and "“&#x6A;avascript:alert”" in slipped
    assert slipped.count("不允许的链接") == 7


def test_a_see_also_to_itself_is_refused(slipped):
    assert "data/terms.yml:29:29: 相关术语 “lock-code” 就是这个术语自己(位置: terms 第3条 › see_also 第2条)" in slipped, slipped


def test_a_pause_point_repeating_its_item_is_refused_at_the_repeat(slipped):
    assert ("checklists/channel-agency-four-steps.yml:14:19: 条目 “find” 在暂停点 “代理关系建立后核对” 里重复出现"
            "(位置: pause_points 第1条 › items 第2条) 提示: 删掉重复的这一项") in slipped, slipped
    assert "在多个暂停点重复出现" not in slipped


# --- the glossary data: each definition once -------------------------------------------------
def glossary_of(terms) -> dict:
    catalog = SimpleNamespace(kind=lambda kind: {t.id: t for t in terms}, quantity_lookup=lambda term: {})
    text = glossary_script(catalog)
    prefix = "window.PB_GLOSSARY = "
    assert text.startswith(prefix) and text.endswith(";\n")
    assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    return json.loads(text[len(prefix):-2]), len(text.encode("utf-8"))


def term(term_id: str, word: str, aliases: list[str], definition: str):
    return SimpleNamespace(id=term_id, term=word, aliases=aliases, definition=definition)


def test_the_glossary_data_grows_with_the_data_not_with_definition_times_aliases():
    definition = "释义" * 5000  # a value at the loader's 10,000-character limit
    aliases = [f"写法{n}" for n in range(20)]
    data, size = glossary_of([term("big", "大词", aliases, definition)])
    assert data["terms"] == {"big": ["大词", definition]}
    assert sorted(data["words"]) == sorted([w, "big"] for w in ["大词", *aliases])
    assert size < len(definition.encode("utf-8")) + 1000  # was 21 copies: 630 KB


def lunr_reads_an_operator(query: str) -> bool:
    """lunr's query lexer (Material's search): `*` `~` `^` `:` anywhere, `+` or
    `-` where a word starts (after the start, a space or a `-` separator)."""
    at_start = True
    for char in query:
        if char in "*~^:" or (at_start and char in "+-"):
            return True
        at_start = char.isspace() or char == "-"
    return False


ALIAS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ALIAS, st.lists(ALIAS, max_size=6), st.text(max_size=80)), min_size=1, max_size=8))
def test_arbitrary_aliases_reach_the_glossary_and_search_data_as_inert_data(entries):
    started = time.perf_counter()
    terms = [term(f"t{n}", word, aliases, definition) for n, (word, aliases, definition) in enumerate(entries)]
    data, size = glossary_of(terms)
    for item in terms:  # every spelling points to its term, whose name and definition are stored once
        assert data["terms"][item.id] == [item.term, item.definition]
    assert {(w, i) for w, i in data["words"]} == {(w, t.id) for t in terms for w in [t.term, *t.aliases]}
    assert size <= 40 + 12 * sum(len(json.dumps([t.term, *t.aliases, t.definition])) for t in terms)
    roles = [SimpleNamespace(id=f"r{n}", name=item.term, aliases=item.aliases) for n, item in enumerate(terms)]
    catalog = SimpleNamespace(kind=lambda kind: {"terms": {t.id: t for t in terms},
                                                 "roles": {r.id: r for r in roles}}[kind])
    for group in worker_data(catalog)["synonyms"]:  # what the search adds to a query: never query syntax
        assert all(word and not lunr_reads_an_operator(word) for word in group), group
    for item in terms:  # an alias the check lets through is read by the search as plain words
        for alias in item.aliases:
            if texts.query_operator_problem(alias) is None:
                assert not lunr_reads_an_operator(alias), alias
    assert time.perf_counter() - started < 2
