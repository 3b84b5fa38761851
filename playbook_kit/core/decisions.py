"""Decision tables: cell parsing, matching and verification.

Cells are `-` (any), a value, a list of values, or for numbers an interval
(`[30..60)`, `>= 60`). Verification sweeps each input's domain: enum values,
true/false, and for numbers every interval boundary plus a point between
each pair of boundaries. That finite set of representatives covers every
region where the set of matching rules can change, so checking each
combination finds every gap and every overlap.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from playbook_kit.core.models import DecisionInput, DecisionTable
from playbook_kit.core.texts import format_number

_INTERVAL = re.compile(r"^\s*([\[\(])\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*([\]\)])\s*$")
_COMPARE = re.compile(r"^\s*(>=|<=|>|<|=)\s*(-?[\d.]+)\s*$")

HIT_POLICIES = {
    "U": "唯一(U): 任何情况只有一条规则适用",
    "A": "任意(A): 可能有多条规则适用, 但它们的结论一致",
    "P": "优先(P): 多条适用时按结论的优先顺序取一条",
    "F": "首条(F): 从上往下, 取第一条适用的规则",
    "C": "汇总(C): 所有适用规则的结论都要执行",
}
# how a reader uses the table, without the policy's name (the name is for editors)
HOW_TO_READ = {
    "U": "找到和你的情况相符的那一行：每种情况只对应一行。",
    "A": "找到和你的情况相符的行：可能有几行相符，它们的结论一样。",
    "P": "找到和你的情况相符的行：有几行相符时，按结论列出的先后取一条。",
    "F": "从上往下看，用第一行和你的情况相符的。",
    "C": "和你的情况相符的每一行都要照做。",
}


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_closed: bool
    high_closed: bool

    def contains(self, x: float) -> bool:
        if x < self.low or x > self.high:
            return False
        if x == self.low and not self.low_closed:
            return False
        if x == self.high and not self.high_closed:
            return False
        return True

    def label(self, unit: str | None) -> str:
        """In plain Chinese: 30 天及以上、不到 60 天; 不到 30 天; 60 天及以上."""
        def amount(x: float) -> str:
            return f"{format_number(x)} {unit}" if unit else format_number(x)
        if self.low == self.high:
            return amount(self.low)
        lower = "" if self.low == -math.inf else (f"{amount(self.low)}及以上" if self.low_closed else f"超过 {amount(self.low)}")
        upper = "" if self.high == math.inf else (f"{amount(self.high)}及以下" if self.high_closed else f"不到 {amount(self.high)}")
        return "、".join(part for part in (lower, upper) if part) or "任意"


class CellError(ValueError):
    pass


@dataclass(frozen=True)
class Cell:
    any: bool = False
    values: tuple = ()          # enum/boolean values
    intervals: tuple = ()       # number intervals

    def matches(self, value) -> bool:
        if self.any:
            return True
        if self.intervals:
            return any(i.contains(value) for i in self.intervals)
        return value in self.values


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise CellError(f"“{text}” 不是数字") from None


_REFERENCE = re.compile(r"\{([a-z0-9][a-z0-9-]*\.[a-z][a-z0-9_]*)\}")


def resolve(raw, lookup):
    """Replace `{record.quantity}` in a cell with that quantity's value."""
    if not isinstance(raw, str) or "{" not in raw:
        return raw
    def value(match):
        quantity = lookup(match.group(1)) if lookup else None
        if quantity is None:
            raise CellError(f"引用的数量 “{match.group(1)}” 不存在")
        return format_number(quantity.value)
    return _REFERENCE.sub(value, raw)


_COMPARISONS = {">=": lambda x: Interval(x, math.inf, True, False), ">": lambda x: Interval(x, math.inf, False, False),
                "<=": lambda x: Interval(-math.inf, x, False, True), "<": lambda x: Interval(-math.inf, x, False, False),
                "=": lambda x: Interval(x, x, True, True)}


def _interval(item, spec: DecisionInput) -> Interval:
    """One item of a number cell: 30, `[30..60)` or `>= 60`."""
    if isinstance(item, bool):
        raise CellError(f"条件 “{spec.label}” 是数字, 不能写 true/false")
    if isinstance(item, (int, float)):
        return Interval(item, item, True, True)
    match = _INTERVAL.match(str(item))
    if match:
        low, high = _number(match.group(2)), _number(match.group(3))
        if low > high:
            raise CellError(f"区间 “{item}” 的下限大于上限")
        return Interval(low, high, match.group(1) == "[", match.group(4) == "]")
    match = _COMPARE.match(str(item))
    if not match:
        raise CellError(f"无法识别的数值条件 “{item}”, 可写 [30..60)、>= 60 或 -")
    return _COMPARISONS[match.group(1)](_number(match.group(2)))


def _values(items: list, spec: DecisionInput) -> tuple:
    """The items of a boolean or enum cell, each one the input allows."""
    if spec.type == "boolean":
        for item in items:
            if not isinstance(item, bool):
                raise CellError(f"条件 “{spec.label}” 只能是 true、false 或 -")
        return tuple(items)
    for item in items:
        if item not in spec.values:
            raise CellError(f"“{item}” 不在条件 “{spec.label}” 的可选值里: "
                            + "、".join(str(v) for v in spec.values))
    return tuple(items)


def parse_cell(raw, spec: DecisionInput, lookup=None) -> Cell:
    raw = resolve(raw, lookup)
    if raw == "-":
        return Cell(any=True)
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise CellError("值列表不能为空")
    if spec.type == "number":
        return Cell(intervals=tuple(_interval(item, spec) for item in items))
    return Cell(values=_values(items, spec))


def representatives(spec: DecisionInput, cells: list[Cell]) -> list:
    if spec.type == "enum":
        return list(spec.values)
    if spec.type == "boolean":
        return [True, False]
    low = spec.min if spec.min is not None else -math.inf
    high = spec.max if spec.max is not None else math.inf
    points = {low, high} - {math.inf, -math.inf}
    for cell in cells:
        for interval in cell.intervals:
            points.update(p for p in (interval.low, interval.high)
                          if low <= p <= high and not math.isinf(p))
    ordered = sorted(points)
    reps = list(ordered)
    for a, b in zip(ordered, ordered[1:]):
        reps.append((a + b) / 2)
    if low == -math.inf:
        reps.append((ordered[0] - 1) if ordered else 0.0)
    if high == math.inf:
        reps.append((ordered[-1] + 1) if ordered else 0.0)
    return sorted(set(reps))


def show_value(spec: DecisionInput, value) -> str:
    if spec.type == "boolean":
        return "是" if value else "否"
    if spec.type == "number":
        unit = spec.unit or ""
        return f"{format_number(value)}{unit}"
    return str(value)


@dataclass
class Compiled:
    table: DecisionTable
    cells: list[dict[str, Cell]]           # per rule: input id -> cell
    impossible: list[dict[str, Cell]]

    def matching(self, combo: dict) -> list[int]:
        return [index for index, rule in enumerate(self.cells)
                if all(rule[i.id].matches(combo[i.id]) for i in self.table.inputs)]

    def is_impossible(self, combo: dict) -> bool:
        return any(all(cell.matches(combo[key]) for key, cell in row.items()) for row in self.impossible)

    def combos(self):
        reps = [representatives(spec, [rule[spec.id] for rule in self.cells] + [
            row[spec.id] for row in self.impossible if spec.id in row]) for spec in self.table.inputs]
        for values in itertools.product(*reps):
            yield dict(zip((spec.id for spec in self.table.inputs), values))

    def domain_size(self) -> list[int]:
        return [len(representatives(spec, [rule[spec.id] for rule in self.cells]))
                for spec in self.table.inputs]



def _rule_key_problems(index: int, rule, inputs: dict, output_ids: list[str]) -> list[tuple[tuple, str, str]]:
    """Conditions and conclusions a rule names that the table does not have, or lacks."""
    problems = []
    for key in rule.when:
        if key not in inputs:
            problems.append((("rules", index, "when", key), f"未知条件 “{key}”, 可用: {'、'.join(inputs)}", "error"))
    for key in rule.then:
        if key not in output_ids:
            problems.append((("rules", index, "then", key), f"未知结论 “{key}”, 可用: {'、'.join(output_ids)}", "error"))
    for key in output_ids:
        if key not in rule.then:
            problems.append((("rules", index, "then"), f"规则 “{rule.id}” 缺少结论 “{key}”", "error"))
    return problems


def _rule_cells(table: DecisionTable, index: int, rule, lookup, problems: list) -> dict[str, Cell]:
    """A rule's cells by input id (`-` where it names none); unparsable ones go to `problems`."""
    row = {}
    for spec in table.inputs:
        raw = rule.when.get(spec.id, "-")
        try:
            row[spec.id] = parse_cell(raw, spec, lookup)
        except CellError as exc:
            problems.append((("rules", index, "when", spec.id), f"规则 “{rule.id}”: {exc}", "error"))
    return row


def _impossible_cells(inputs: dict, index: int, raw_row: dict, lookup, problems: list) -> dict[str, Cell]:
    """An impossible combination's cells; unknown or unparsable ones go to `problems`."""
    row = {}
    for key, raw in raw_row.items():
        if key not in inputs:
            problems.append((("impossible", index, key), f"未知条件 “{key}”", "error"))
            continue
        try:
            row[key] = parse_cell(raw, inputs[key], lookup)
        except CellError as exc:
            problems.append((("impossible", index, key), str(exc), "error"))
    return row


def compile_table(table: DecisionTable, lookup=None) -> tuple[Compiled | None, list[tuple[tuple, str, str]]]:
    problems = []
    inputs = {spec.id: spec for spec in table.inputs}
    output_ids = [out.id for out in table.outputs]
    for spec_index, spec in enumerate(table.inputs):
        if spec.type == "enum" and not spec.values:
            problems.append((("inputs", spec_index, "values"), f"枚举条件 “{spec.label}” 需要列出可选值", "error"))
    cells = []
    for index, rule in enumerate(table.rules):
        problems += _rule_key_problems(index, rule, inputs, output_ids)
        cells.append(_rule_cells(table, index, rule, lookup, problems))
    impossible = [_impossible_cells(inputs, index, raw_row, lookup, problems)
                  for index, raw_row in enumerate(table.impossible)]
    if problems:
        return None, problems
    return Compiled(table, cells, impossible), []


def _priority_problems(table: DecisionTable) -> list[tuple[tuple, str, str]]:
    problems = []
    for index, output in enumerate(table.outputs):
        if table.hit_policy == "P" and not output.priority:
            problems.append((("outputs", index, "priority"), f"这张表按优先顺序取结论, 需要给结论 “{output.label}” 列出优先顺序", "error"))
        for r_index, rule in enumerate(table.rules):
            value = rule.then.get(output.id)
            if output.priority and value is not None and value not in output.priority:
                problems.append((("rules", r_index, "then", output.id),
                                 f"结论 “{value}” 不在 “{output.label}” 的优先顺序里", "error"))
    return problems


def _mergeable(table: DecisionTable, compiled: Compiled) -> list[tuple[tuple, str, str]]:
    """Two rules with the same outcome that differ in one enum/boolean input only."""
    problems = []
    rules = table.rules
    for b in range(len(rules)):
        for a in range(b):
            if rules[a].then != rules[b].then:
                continue
            differing = [spec for spec in table.inputs if compiled.cells[a][spec.id] != compiled.cells[b][spec.id]]
            if len(differing) == 1 and differing[0].type != "number":
                problems.append((("rules", b), f"规则 “{rules[a].id}” 与 “{rules[b].id}” 结论相同、只差“{differing[0].label}”一个条件，可以合并成一条", "warning"))
    return problems


MAX_COMBINATIONS = 20_000   # cases the sweep visits; every real table has a few hundred
MAX_RULES = 300


def sweep_size(compiled: Compiled) -> int:
    """How many cases `combos()` yields, computed without enumerating them."""
    size = 1
    for spec in compiled.table.inputs:
        size *= len(representatives(spec, [rule[spec.id] for rule in compiled.cells] + [
            row[spec.id] for row in compiled.impossible if spec.id in row]))
        if size > MAX_COMBINATIONS:
            return size
    return size


def _overlap_problems(table: DecisionTable, hits: list[int], example: str,
                      reported_pairs: set) -> list[tuple[tuple, str, str]]:
    """Rules matching the same case that the hit policy forbids to overlap (each pair once)."""
    problems = []
    rules, policy = table.rules, table.hit_policy
    for pair in itertools.combinations(hits, 2):
        if pair in reported_pairs:
            continue
        a, b = rules[pair[0]], rules[pair[1]]
        if policy == "U":
            reported_pairs.add(pair)
            problems.append((("rules", pair[1]), f"规则 “{a.id}” 与 “{b.id}” 重叠（这张表要求每种情况只对应一条规则），例如 {example}", "error"))
        elif policy == "A" and a.then != b.then:
            reported_pairs.add(pair)
            problems.append((("rules", pair[1]), f"规则 “{a.id}” 与 “{b.id}” 重叠且结论矛盾（这张表允许规则重叠, 但重叠时结论必须相同），例如 {example}", "error"))
    return problems


def _sweep(table: DecisionTable, compiled: Compiled) -> tuple[list, list[bool], list[bool]]:
    """Visit every case: (the first gap and the overlaps found, which rules
    fired, which rules fired first)."""
    problems = []
    fired = [False] * len(table.rules)
    first_fired = [False] * len(table.rules)
    reported_gap = False
    reported_pairs: set = set()
    for combo in compiled.combos():
        if compiled.is_impossible(combo):
            continue
        hits = compiled.matching(combo)
        for index in hits:
            fired[index] = True
        if hits:
            first_fired[hits[0]] = True
        example = "、".join(f"{spec.label}={show_value(spec, combo[spec.id])}" for spec in table.inputs)
        if not hits and not reported_gap:
            reported_gap = True
            problems.append((("rules",), f"决策表有遗漏：没有规则覆盖 {example}", "error"))
        problems += _overlap_problems(table, hits, example, reported_pairs)
    return problems, fired, first_fired


def _dead_rules(table: DecisionTable, fired: list[bool], first_fired: list[bool]) -> list[tuple[tuple, str, str]]:
    problems = []
    for index, rule in enumerate(table.rules):
        if not fired[index]:
            problems.append((("rules", index), f"规则 “{rule.id}” 永远不会触发（被其他条件排除或落在不可能的组合里）", "error"))
        elif table.hit_policy == "F" and not first_fired[index]:
            problems.append((("rules", index), f"规则 “{rule.id}” 被前面的规则完全遮住，永远不会生效（这张表按顺序取第一条符合的规则）", "error"))
    return problems


def _same_conditions(table: DecisionTable, compiled: Compiled) -> list[tuple[tuple, str, str]]:
    """Rules with the same cells: duplicates, or contradictions unless the policy collects them all."""
    problems = []
    rules = table.rules
    for index, rule in enumerate(rules):
        for other in range(index):
            if compiled.cells[other] != compiled.cells[index]:
                continue
            if rules[other].then == rule.then:
                problems.append((("rules", index), f"规则 “{rule.id}” 与 “{rules[other].id}” 完全重复", "error"))
            elif table.hit_policy != "C":
                problems.append((("rules", index), f"规则 “{rule.id}” 与 “{rules[other].id}” 条件完全相同但结论不同（矛盾）", "error"))
    return problems


def check_table(table: DecisionTable, lookup=None) -> list[tuple[tuple, str, str]]:
    """Gaps, overlaps the hit policy forbids, rules that never fire, duplicates,
    contradictions and values outside the domain; warnings for mergeable rules.
    The sweep is capped: a table with too many cases is an error to split it."""
    if len(table.rules) > MAX_RULES:
        return [(("rules",), f"这张决策表的规则太多({len(table.rules)} 条, 上限 {MAX_RULES}), 请拆分成几张表", "error")]
    compiled, problems = compile_table(table, lookup)
    problems += _priority_problems(table)
    if compiled is None:
        return problems
    size = sweep_size(compiled)
    if size > MAX_COMBINATIONS:
        return problems + [(("inputs",), f"这张决策表的组合太多(超过 {MAX_COMBINATIONS} 种), 无法逐一核对, 请拆分成几张小表",
                            "error")]
    swept, fired, first_fired = _sweep(table, compiled)
    problems += swept
    problems += _dead_rules(table, fired, first_fired)
    problems += _same_conditions(table, compiled)
    problems += _mergeable(table, compiled)
    return problems


def helper_data(table: DecisionTable, lookup=None) -> dict | None:
    """What the page's interactive helper needs, as plain JSON-able data."""
    compiled, problems = compile_table(table, lookup)
    if compiled is None:
        return None
    def cell(c: Cell):
        if c.any:
            return {"any": True}
        if c.intervals:
            return {"intervals": [[i.low if i.low != -math.inf else None, i.high if i.high != math.inf else None,
                                   i.low_closed, i.high_closed] for i in c.intervals]}
        return {"values": [str(v) if not isinstance(v, bool) else v for v in c.values]}
    return {
        "policy": table.hit_policy,
        "inputs": [{"id": i.id, "label": i.label, "type": i.type, "unit": i.unit,
                    "values": [str(v) for v in i.values], "min": i.min, "max": i.max} for i in table.inputs],
        "rules": [{"id": r.id, "cells": {i.id: cell(compiled.cells[n][i.id]) for i in table.inputs}}
                  for n, r in enumerate(table.rules)],
        "impossible": [{k: cell(v) for k, v in row.items()} for row in compiled.impossible],
    }


def cell_label(raw, spec: DecisionInput, lookup=None) -> str:
    """How a cell reads on the page: `-` becomes 任意."""
    if raw == "-" or raw is None:
        return "任意"
    cell = parse_cell(raw, spec, lookup)
    if cell.intervals:
        return " 或 ".join(interval.label(spec.unit) for interval in cell.intervals)
    return " / ".join(show_value(spec, value) for value in cell.values)
