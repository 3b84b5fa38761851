"""Property-based fuzzing: arbitrary text and arbitrary YAML trees into the
loader and the checks, arbitrary text into the page parser. Always a located
Chinese problem or a valid result, never an exception, within a bound per input.
"""
from __future__ import annotations

import json
import re
import time

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_kit.build.validate import validate
from playbook_kit.core.models import KINDS
from playbook_kit.source.page_syntax import PageRenderer
from playbook_kit.source.pages import MACROS, scan_page
from playbook_kit.source.yaml_strict import load_text

HAN = re.compile(r"[\u4e00-\u9fff]")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.function_scoped_fixture])
FIELDS = ["id", "title", "name", "term", "definition", "channel", "sources", "steps", "actor", "action",
          "time_limit", "quantities", "value", "unit", "rules", "inputs", "outputs", "when", "then", "type",
          "hit_policy", "stages", "parts", "owner", "deadline", "day", "lines", "speaker", "roles", "aliases",
          "unverified", "source", "procedure", "pause_points", "items", "critical", "audience", "coordinator"]
YAML_NOISE = st.sampled_from(["：", "\u3000", "\t", "- ", ": ", "'", '"', "{{ x }}", "&a", "*a", "!!python/object",
                              "NO", "1e999", "9" * 40, "\x00", "\u202e", "\n  ", "[", "{", "|", ">", "#", "---\n"])


def assert_located(problems, path: str) -> None:
    for problem in problems:
        assert problem.path.startswith(path.split("/")[0]) or problem.path == "mkdocs.yml", problem
        assert problem.line >= 1 and problem.column >= 1, problem
        assert HAN.search(problem.message), problem  # Chinese, never a bare English exception
        assert "\n" not in problem.format()


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=40), YAML_NOISE), max_size=30).map("".join))
def test_loader_on_arbitrary_text(text):
    started = time.monotonic()
    loaded, problems = load_text(text, "data/x.yml")
    assert (loaded is None) == bool(problems)
    assert_located(problems, "data/x.yml")
    assert time.monotonic() - started < 5


scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                    st.floats(allow_nan=False), st.text(max_size=30), st.sampled_from(["dealer", "ka", "-", "U", "天"]))
trees = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), children, max_size=5)), max_leaves=25)
records = st.dictionaries(st.sampled_from(FIELDS), trees, max_size=8)
files = st.dictionaries(st.one_of(st.sampled_from(sorted(KINDS)), st.text(max_size=10)),
                        st.one_of(st.lists(records, max_size=3), trees), min_size=1, max_size=3)


@SETTINGS
@given(files, st.booleans())
def test_checks_on_arbitrary_trees(tmp_path_factory, data, as_json):
    root = tmp_path_factory.mktemp("fuzz")
    (root / "data").mkdir()
    text = json.dumps(data, ensure_ascii=False) if as_json else yaml.safe_dump(data, allow_unicode=True)
    (root / "data" / "x.yml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    _, problems = validate(root)
    assert_located(problems, "data/x.yml")
    assert time.monotonic() - started < 10


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", "procedure('x')", "glossary()", "config", "__class__", "|", "---\n",
     "render_macros: false\n", "# 标题\n", "\n", "raw", "endraw", "'", "(", ")", "~", "*", "9**9"])), max_size=30).map("".join))
def test_page_parser_on_arbitrary_text(text):
    started = time.monotonic()
    calls, problems = scan_page(text, "playbooks/x.md")
    assert_located(problems, "playbooks/x.md")
    renderer = PageRenderer({name: (lambda *a: "x") for name in MACROS}, MACROS)
    html, render_problems = renderer.render(text, "playbooks/x.md")
    assert (html is None) == bool(render_problems)
    assert_located(render_problems, "playbooks/x.md")
    assert time.monotonic() - started < 5
