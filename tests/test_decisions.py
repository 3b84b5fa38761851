"""Decision tables: every real table verifies clean; broken copies are rejected
with the right rule named; the checker agrees with brute force on random tables."""
from __future__ import annotations

import itertools
import random
import re

import pytest

from conftest import record_ids
from playbook_kit.build.validate import validate
from playbook_kit.core.decisions import check_table
from playbook_kit.core.models import DecisionTable

TABLES = record_ids("decision_tables")


@pytest.mark.parametrize("table_id", TABLES)
def test_real_table_verifies_clean(table_id, catalog):
    table = catalog.kind("decision_tables")[table_id]
    assert check_table(table, catalog.quantity_lookup(table)) == []


def test_required_decisions_are_tables():
    for table_id in ("rtmart-status-codes", "rtmart-lock-code-decision", "rtmart-sellthrough-decision",
                     "dealer-model-choice", "auto-4s-reception-routing", "dealer-3steps-channel-dealer-type",
                     "dealer-3steps-dealer-count"):
        assert table_id in TABLES


def messages(table: DecisionTable, lookup=None) -> list[str]:
    return [message for _, message, severity in check_table(table, lookup) if severity == "error"]


def variant(catalog, table_id: str, **changes) -> DecisionTable:
    data = catalog.kind("decision_tables")[table_id].model_dump()
    data.update(changes)
    return DecisionTable.model_validate(data)


def test_removed_rule_is_a_gap_with_example(catalog):
    table = catalog.kind("decision_tables")["rtmart-status-codes"]
    broken = variant(catalog, "rtmart-status-codes", rules=[r.model_dump() for r in table.rules if r.id != "status-7"])
    assert messages(broken) == ["决策表有遗漏：没有规则覆盖 状态码=7"]


def test_overlapping_interval_names_both_rules(catalog):
    table = catalog.kind("decision_tables")["rtmart-sellthrough-decision"]
    rules = [r.model_dump() for r in table.rules]
    rules[1]["when"]["idle-days"] = "[{rtmart-sellthrough.warning}..{rtmart-sellthrough.delisting}]"  # now closed at 60
    broken = variant(catalog, "rtmart-sellthrough-decision", rules=rules)
    found = messages(broken, catalog.quantity_lookup(table))
    assert found == ["规则 “warning” 与 “delisting” 重叠（这张表要求每种情况只对应一条规则），例如 连续没有销售=60天"], found


def test_gap_at_an_open_boundary(catalog):
    table = catalog.kind("decision_tables")["rtmart-sellthrough-decision"]
    rules = [r.model_dump() for r in table.rules]
    rules[2]["when"]["idle-days"] = "> {rtmart-sellthrough.delisting}"
    broken = variant(catalog, "rtmart-sellthrough-decision", rules=rules)
    assert messages(broken, catalog.quantity_lookup(table)) == ["决策表有遗漏：没有规则覆盖 连续没有销售=60天"]


def test_contradiction_under_any_policy(catalog):
    table = catalog.kind("decision_tables")["rtmart-lock-code-decision"]
    rules = [r.model_dump() for r in table.rules]
    rules[2]["then"]["result"] = "不锁码"
    found = messages(variant(catalog, "rtmart-lock-code-decision", rules=rules), catalog.quantity_lookup(table))
    assert any("规则 “slow-selling” 与 “strategy” 重叠且结论矛盾" in m for m in found), found


def test_duplicate_rule_and_value_outside_domain(catalog):
    table = catalog.kind("decision_tables")["rtmart-status-codes"]
    rules = [r.model_dump() for r in table.rules]
    rules.append(dict(rules[0], id="again"))
    found = messages(variant(catalog, "rtmart-status-codes", rules=rules))
    assert "规则 “again” 与 “status-5” 完全重复" in found
    rules = [r.model_dump() for r in table.rules]
    rules[0]["when"]["status"] = 4
    found = messages(variant(catalog, "rtmart-status-codes", rules=rules))
    assert any("“4” 不在条件 “状态码” 的可选值里" in m for m in found), found


def test_first_policy_reports_shadowed_rule(catalog):
    table = catalog.kind("decision_tables")["rtmart-sellthrough-decision"]
    rules = [r.model_dump() for r in table.rules]
    rules.insert(0, {"id": "everything", "when": {"idle-days": "-"}, "then": {"result": "x"}, "sources": [], "note": None})
    found = messages(variant(catalog, "rtmart-sellthrough-decision", rules=rules, hit_policy="F"), catalog.quantity_lookup(table))
    assert any("规则 “normal” 被前面的规则完全遮住" in m for m in found), found


def test_mergeable_rules_warn(catalog):
    table = variant(catalog, "rtmart-status-codes", rules=[
        {"id": "ra", "when": {"status": [5, 6]}, "then": {"meaning": "m", "action": "x"}},
        {"id": "rb", "when": {"status": 7}, "then": {"meaning": "m", "action": "x"}},
        {"id": "rc", "when": {"status": [8, 9]}, "then": {"meaning": "n", "action": "y"}}])
    found = check_table(table)
    assert [m for _, m, s in found if s == "warning"] == ["规则 “ra” 与 “rb” 结论相同、只差“状态码”一个条件，可以合并成一条"]


def test_broken_table_in_data_is_located(project):
    path = project / "data/ka/rtmart.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        when: {status: 9}\n", "        when: {status: 8}\n"), encoding="utf-8")
    _, problems = validate(project)
    lines = [p.format() for p in problems if p.is_error]
    line = text.split("\n").index("      - id: status-9") + 1
    assert any(l.startswith(f"data/ka/rtmart.yml:{line}:9: 规则 “status-8” 与 “status-9” 重叠") for l in lines), lines


# --- property: the checker agrees with brute-force enumeration ---------------------------

def random_cell(rng: random.Random, kind: str):
    if rng.random() < 0.3:
        return "-"
    if kind == "enum":
        return rng.sample(["a", "b", "c"], rng.randint(1, 2))
    low, high = sorted(rng.sample(range(0, 8), 2))
    return rng.choice([f"[{low}..{high})", f"[{low}..{high}]", f"({low}..{high}]", f">= {low}", f"< {high}", low])


def random_table(rng: random.Random) -> DecisionTable:
    kinds = [rng.choice(["enum", "number"]) for _ in range(rng.randint(1, 2))]
    inputs = [{"id": f"in{n}", "label": f"i{n}", "type": kind, **({"values": ["a", "b", "c"]} if kind == "enum" else {})}
              for n, kind in enumerate(kinds)]
    rules = [{"id": f"rr{n}", "when": {f"in{k}": random_cell(rng, kind) for k, kind in enumerate(kinds)},
              "then": {"oo": rng.choice(["x", "y"])}} for n in range(rng.randint(1, 4))]
    return DecisionTable.model_validate({"id": "rt", "title": "t", "channel": "ka", "question": "q", "sources": ["xx"],
                                         "hit_policy": rng.choice(["U", "A", "F", "C"]), "inputs": inputs,
                                         "outputs": [{"id": "oo", "label": "o"}], "rules": rules})


def brute_force(table: DecisionTable):
    from playbook_kit.core.decisions import parse_cell
    grid = {"enum": ["a", "b", "c"], "number": [x / 2 for x in range(-2, 20)]}  # -1 .. 9.5 in halves
    cells = [{i.id: parse_cell(r.when.get(i.id, "-"), i) for i in table.inputs} for r in table.rules]
    gap, pairs, fired, first = False, set(), set(), set()
    for combo in itertools.product(*(grid[i.type] for i in table.inputs)):
        values = dict(zip((i.id for i in table.inputs), combo))
        hits = [n for n, row in enumerate(cells) if all(row[k].matches(v) for k, v in values.items())]
        gap |= not hits
        fired.update(hits)
        if hits:
            first.add(hits[0])
        for a, b in itertools.combinations(hits, 2):
            if table.hit_policy == "U" or (table.hit_policy == "A" and table.rules[a].then != table.rules[b].then):
                pairs.add((table.rules[a].id, table.rules[b].id))
    never = {table.rules[n].id for n in range(len(cells)) if n not in fired}
    shadowed = {table.rules[n].id for n in range(len(cells)) if n in fired and n not in first} if table.hit_policy == "F" else set()
    return gap, pairs, never, shadowed


def checker(table: DecisionTable):
    found = messages(table)
    gap = any(m.startswith("决策表有遗漏") for m in found)
    pairs = {tuple(re.findall(r"“(rr\d+)”", m)[:2]) for m in found if "重叠" in m}
    never = {re.findall(r"“(rr\d+)”", m)[0] for m in found if "永远不会触发" in m}
    shadowed = {re.findall(r"“(rr\d+)”", m)[0] for m in found if "完全遮住" in m}
    return gap, pairs, never, shadowed


def test_checker_matches_brute_force_on_random_tables():
    rng = random.Random(20261127)
    for _ in range(400):
        table = random_table(rng)
        assert checker(table) == brute_force(table), table.model_dump()
