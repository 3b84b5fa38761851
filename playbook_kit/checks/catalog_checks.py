"""Cross-file checks over the loaded catalogue.

Each check appends located problems to the catalogue. `validate()` runs the
loader and every check; the build, the tests and `python -m playbook_kit check`
all call it, so all three report the same lines.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from playbook_kit.core import texts
from playbook_kit.source.catalog import Catalog, load_catalog, relative
from playbook_kit.checks.coverage import check_checklist_coverage
from playbook_kit.core.decisions import check_table
from playbook_kit.core.models import CHANNELS, Checklist, Procedure
from playbook_kit.source.pages import MACROS, scan_pages
from playbook_kit.source.project_files import page_files
from playbook_kit.checks.site_links import check_site_links
from playbook_kit.core.problems import Problem, sort_problems, suggest
from playbook_kit.checks.provenance import check_provenance



def check_unique_ids(catalog: Catalog) -> None:
    """Ids are unique across kinds too, so a macro call names one record."""
    seen: dict[str, str] = {}
    for kind, record_id, _ in list(catalog.all_records()):
        if record_id in seen and seen[record_id] != kind:
            other = catalog.origin(seen[record_id], record_id)
            catalog.problem(kind, record_id, "id", message=f"编号 “{record_id}” 已被另一条记录使用",
                            hint=f"另一条在 {other.path}; 请换一个编号")
        seen.setdefault(record_id, kind)


def _nested_unique(catalog: Catalog, kind: str, record_id: str, field: str, items) -> None:
    counts = Counter(item.id for item in items)
    for index, item in enumerate(items):
        if counts[item.id] > 1:
            catalog.problem(kind, record_id, field, index, "id",
                            message=f"同一记录内编号 “{item.id}” 重复", hint="每个条目的编号必须不同")


def check_nested_ids(catalog: Catalog) -> None:
    for kind, field in (("procedures", "steps"), ("rule_sets", "rules"), ("forms", "fields"),
                        ("events", "stages"), ("decision_tables", "rules"),
                        ("decision_tables", "inputs"), ("decision_tables", "outputs"),
                        ("checklists", "pause_points")):
        for record_id, record in catalog.kind(kind).items():
            _nested_unique(catalog, kind, record_id, field, getattr(record, field))


def _ref(catalog: Catalog, kind: str, record_id: str, key: tuple, value: str, target: str,
         label: str) -> None:
    if value not in catalog.kind(target) and value not in catalog.invalid:
        catalog.problem(kind, record_id, *key, message=f"{label} “{value}” 不存在",
                        hint=suggest(value, catalog.kind(target)))


def check_sources(catalog: Catalog) -> None:
    for kind, record_id, record in list(catalog.all_records()):
        for index, source in enumerate(getattr(record, "sources", []) if kind != "sources" else []):
            _ref(catalog, kind, record_id, ("sources", index), source, "sources", "来源文档")
        if kind == "decision_tables":
            for r_index, rule in enumerate(record.rules):
                for index, source in enumerate(rule.sources):
                    _ref(catalog, kind, record_id, ("rules", r_index, "sources", index), source,
                         "sources", "来源文档")


def check_roles(catalog: Catalog) -> None:
    def ref(kind, record_id, key, value):
        _ref(catalog, kind, record_id, key, value, "roles", "岗位")

    for record_id, proc in catalog.kind("procedures").items():
        for index, step in enumerate(proc.steps):
            ref("procedures", record_id, ("steps", index, "actor"), step.actor)
    for record_id, event in catalog.kind("events").items():
        for index, stage in enumerate(event.stages):
            ref("events", record_id, ("stages", index, "owner"), stage.owner)
            for p_index, part in enumerate(stage.parts):
                if part.owner:
                    ref("events", record_id, ("stages", index, "parts", p_index, "owner"), part.owner)
    for record_id, rules in catalog.kind("rule_sets").items():
        for index, rule in enumerate(rules.rules):
            for r_index, role in enumerate(rule.roles):
                ref("rule_sets", record_id, ("rules", index, "roles", r_index), role)
    for record_id, script in catalog.kind("scripts").items():
        for index, role in enumerate(script.roles):
            ref("scripts", record_id, ("roles", index), role)
        for index, line in enumerate(script.lines):
            ref("scripts", record_id, ("lines", index, "speaker"), line.speaker)
            if line.speaker not in script.roles and line.speaker in catalog.kind("roles"):
                catalog.problem("scripts", record_id, "lines", index, "speaker",
                                message=f"说话人 “{line.speaker}” 不在本话术的 roles 里",
                                hint="把它加进 roles")
    for record_id, checklist in catalog.kind("checklists").items():
        ref("checklists", record_id, ("audience",), checklist.audience)
        ref("checklists", record_id, ("coordinator",), checklist.coordinator)


def _same_words(catalog: Catalog, kind: str, words_of, label: str) -> None:
    """Names that read the same are the same name: full-width and half-width
    letters, case and spaces do not make a second term."""
    owner: dict[str, str] = {}
    for record_id, record in catalog.kind(kind).items():
        for word in words_of(record):
            key = "".join(unicodedata.normalize("NFKC", word).casefold().split())
            if key in owner and owner[key] != record_id:
                catalog.problem(kind, record_id, "id", message=f"{label} “{word}” 已由 “{owner[key]}” 定义",
                                hint="合并成一条记录, 其他写法放进 aliases")
            owner.setdefault(key, record_id)


def check_terms(catalog: Catalog) -> None:
    _same_words(catalog, "terms", lambda t: [t.term, *t.aliases], "术语")
    _same_words(catalog, "roles", lambda r: [r.name, *r.aliases], "岗位名称")
    for record_id, term in catalog.kind("terms").items():
        for index, other in enumerate(term.see_also):
            _ref(catalog, "terms", record_id, ("see_also", index), other, "terms", "术语")


def check_scripts_steps(catalog: Catalog) -> None:
    for record_id, script in catalog.kind("scripts").items():
        if script.step is None:
            continue
        procedure_id, _, step_id = script.step.partition("/")
        procedure = catalog.kind("procedures").get(procedure_id)
        if procedure is None:
            catalog.problem("scripts", record_id, "step", message=f"流程 “{procedure_id}” 不存在",
                            hint=suggest(procedure_id, catalog.kind("procedures")))
        elif step_id not in {s.id for s in procedure.steps}:
            catalog.problem("scripts", record_id, "step", message=f"流程 “{procedure_id}” 里没有步骤 “{step_id}”",
                            hint=suggest(step_id, [s.id for s in procedure.steps]))


def check_quantities(catalog: Catalog) -> None:
    """Every `{name}` resolves; every declared quantity is used somewhere."""
    used: set[tuple[str, str]] = set()
    for kind, record_id, record in list(catalog.all_records()):
        lookup = catalog.quantity_lookup(record)
        for key, text in catalog.strings_of(record):
            if "{" not in text:
                continue
            for name in texts.placeholders(text):
                if "." in name and name.split(".", 1)[0] in catalog.invalid:
                    continue  # that record failed validation and was reported already
                if lookup(name) is None:
                    local = list(getattr(record, "quantities", {}))
                    catalog.problem(kind, record_id, *key, message=f"引用的数量 “{{{name}}}” 未定义",
                                    hint=suggest(name, local) or "在本记录的 quantities 下定义它")
                elif "." in name:
                    used.add(tuple(name.split(".", 1)))
                else:
                    used.add((record_id, name))
    for page in scan_pages(catalog).calls:
        if page.name == "qty" and page.argument and "." in page.argument:
            used.add(tuple(page.argument.split(".", 1)))
    for kind, record_id, record in list(catalog.all_records()):
        for name in getattr(record, "quantities", {}):
            if (record_id, name) not in used:
                catalog.problem(kind, record_id, "quantities", name, severity="warning",
                                message=f"数量 “{name}” 没有被任何文字引用",
                                hint="在文字里写 {" + name + "}, 或删除它")


# possessive quantifiers: a long run of digits without a unit fails in linear time
_NUMBER_WITH_UNIT = re.compile(r"(?<![0-9A-Za-z_{.])\d++(?:\.\d++)?+\s*+(?:-|–|~)?+\s*+(?:\d++(?:\.\d++)?+)?+\s*+(?:天|周|个月|年|小时|人|元|%|％|次|个|名|家|米|平方米|日)")
_FREE_TEXT_EXEMPT = {"unverified", "id", "sources", "condition", "quotes", "wording", "constructed", "construction"}


def check_numbers_are_typed(catalog: Catalog) -> None:
    """A number with a unit in prose is a fact stated outside `quantities`."""
    for kind, record_id, record in list(catalog.all_records()):
        if kind == "checklists":
            continue
        for key, text in catalog.strings_of(record):
            if not _FREE_TEXT_EXEMPT.isdisjoint(key):
                continue
            match = next((m for m in _NUMBER_WITH_UNIT.finditer(text)
                          if not re.fullmatch(r"(19|20)\d\d\s*年", m.group(0))), None)  # a calendar year
            if match:
                catalog.problem(kind, record_id, *key,
                                message=f"文字里写了带单位的数字 “{match.group(0)}”",
                                hint="在记录的 quantities 里定义它, 文字里写 {名称}; 期限写进 time_limit 或 deadline")


def today() -> date:
    """The date reviews are measured against (PLAYBOOK_TODAY=YYYY-MM-DD overrides, for tests)."""
    override = os.environ.get("PLAYBOOK_TODAY")
    return date.fromisoformat(override) if override else date.today()


def check_reviews(catalog: Catalog) -> None:
    """Every document has an existing owner and a real review date; warn when a review is due."""
    now = today()
    for record_id, source in catalog.kind("sources").items():
        _ref(catalog, "sources", record_id, ("owner",), source.owner, "roles", "岗位")
        try:
            reviewed = date.fromisoformat(source.reviewed)
        except ValueError:
            catalog.problem("sources", record_id, "reviewed", message=f"日期 “{source.reviewed}” 不存在",
                            hint="写成 \"2026-11-27\" 这样的年-月-日")
            continue
        if reviewed > now:
            catalog.problem("sources", record_id, "reviewed", message=f"最近审核日期 {source.reviewed} 在今天之后")
        elif (now - reviewed).days > source.review_every_days:
            catalog.problem("sources", record_id, "reviewed", severity="warning",
                            message=f"《{source.title}》已 {(now - reviewed).days} 天未审核(周期 {source.review_every_days} 天)",
                            hint=f"请{catalog.kind('roles')[source.owner].name if source.owner in catalog.kind('roles') else '负责人'}核对内容后更新 reviewed")


def check_links(catalog: Catalog) -> None:
    for record_id, source in catalog.kind("sources").items():
        for index, link in enumerate(source.links):
            if not texts.safe_url(link.url):
                catalog.problem("sources", record_id, "links", index, "url",
                                message=f"不允许的链接 “{link.url[:60]}”",
                                hint="只允许 http(s)://、mailto: 或站内相对路径")


def check_decision_tables(catalog: Catalog) -> None:
    for record_id, table in catalog.kind("decision_tables").items():
        referenced = {name.split(".", 1)[0] for _, text in catalog.strings_of(table)
                      for name in texts.placeholders(text) if "." in name}
        if referenced & catalog.invalid:
            continue  # depends on a record that failed validation and was reported already
        for key, message, severity in check_table(table, catalog.quantity_lookup(table)):
            catalog.problem("decision_tables", record_id, *key, message=message, severity=severity)


def _end_day(deadline) -> int | None:
    """The day by which it is done: `until_day` for a period, else `day`."""
    if deadline is None:
        return None
    return deadline.until_day if deadline.until_day is not None else deadline.day


def check_event_timeline(catalog: Catalog) -> None:
    """Stages in order, deadlines never going back in time (T+1 ≤ T+3 ≤ T+7)."""
    for record_id, event in catalog.kind("events").items():
        orders = [stage.order for stage in event.stages]
        for index, stage in enumerate(event.stages):
            if orders.count(stage.order) > 1:
                catalog.problem("events", record_id, "stages", index, "order",
                                message=f"阶段顺序号 {stage.order} 重复")
            if stage.deadline and stage.deadline.until_day is not None and stage.deadline.until_day < stage.deadline.day:
                catalog.problem("events", record_id, "stages", index, "deadline",
                                message="截止日 until_day 早于开始日 day")
            previous = None
            for p_index, part in enumerate(stage.parts):
                ids = [p.id for p in stage.parts]
                if ids.count(part.id) > 1:
                    catalog.problem("events", record_id, "stages", index, "parts", p_index, "id",
                                    message=f"环节编号 “{part.id}” 重复")
                day = _end_day(part.deadline)
                if day is None:
                    continue
                if previous is not None and day < previous:
                    catalog.problem("events", record_id, "stages", index, "parts", p_index, "deadline",
                                    message=f"环节 “{part.title}” 的时间 T{day:+d} 早于前一环节 T{previous:+d}",
                                    hint="按时间先后排列环节")
                if stage.deadline and not (stage.deadline.day <= day <= (stage.deadline.until_day
                                                                          if stage.deadline.until_day is not None else stage.deadline.day)):
                    catalog.problem("events", record_id, "stages", index, "parts", p_index, "deadline",
                                    message=f"环节 “{part.title}” 的时间 T{day:+d} 超出所属阶段的时间范围")
                previous = day
        timed = [(stage.order, _end_day(stage.deadline), index) for index, stage in enumerate(event.stages) if stage.deadline]
        timed.sort()
        for (o1, d1, _), (o2, d2, index) in zip(timed, timed[1:]):
            if d2 < d1:
                catalog.problem("events", record_id, "stages", index, "deadline",
                                message=f"第 {o2} 阶段的时间 T{d2:+d} 早于第 {o1} 阶段的 T{d1:+d}")


def check_checklists(catalog: Catalog) -> None:
    for record_id, checklist in catalog.kind("checklists").items():
        _check_checklist(catalog, record_id, checklist)
    covered = {c.source.procedure for c in catalog.kind("checklists").values()}
    for record_id in catalog.kind("procedures"):
        if record_id not in covered:
            catalog.problem("procedures", record_id, "id", message=f"流程 “{record_id}” 没有检查表",
                            hint=f"在 checklists/ 里新建一个 source.procedure 为 {record_id} 的检查表")


def _check_checklist(catalog: Catalog, record_id: str, checklist: Checklist) -> None:
    source = checklist.source
    if source.procedure is not None:
        target = catalog.kind("procedures").get(source.procedure)
        if target is None:
            _ref(catalog, "checklists", record_id, ("source", "procedure"), source.procedure,
                 "procedures", "流程")
            return
        item_ids = [step.id for step in target.steps]
    else:
        target = catalog.kind("events").get(source.event)
        if target is None:
            _ref(catalog, "checklists", record_id, ("source", "event"), source.event, "events", "活动")
            return
        item_ids = [stage.id for stage in target.stages] + [
            part.id for stage in target.stages for part in stage.parts]
    used: Counter = Counter()
    for p_index, point in enumerate(checklist.pause_points):
        count = len(point.items)
        if count > 9:
            catalog.problem("checklists", record_id, "pause_points", p_index, "items",
                            message=f"暂停点 “{point.title}” 有 {count} 项, 超过 9 项",
                            hint="拆成两个暂停点; 每个暂停点 5–9 项最好用")
        elif count < 3 and len(checklist.pause_points) > 1:
            catalog.problem("checklists", record_id, "pause_points", p_index, "items", severity="warning",
                            message=f"暂停点 “{point.title}” 只有 {count} 项", hint="少于 3 项时考虑与相邻暂停点合并")
        seen_normal = False
        for i_index, item in enumerate(point.items):
            used[item] += 1
            if item not in item_ids:
                catalog.problem("checklists", record_id, "pause_points", p_index, "items", i_index,
                                message=f"来源里没有步骤 “{item}”", hint=suggest(item, item_ids))
            if item in checklist.critical:
                if seen_normal:
                    catalog.problem("checklists", record_id, "pause_points", p_index, "items", i_index,
                                    message=f"关键条目 “{item}” 应排在本暂停点的普通条目之前")
            else:
                seen_normal = True
    for index, item in enumerate(checklist.critical):
        if item not in used:
            catalog.problem("checklists", record_id, "critical", index,
                            message=f"关键条目 “{item}” 不在任何暂停点里")
    for item, count in used.items():
        if count > 1:
            catalog.problem("checklists", record_id, "pause_points",
                            message=f"条目 “{item}” 在多个暂停点重复出现")
    if isinstance(target, Procedure):
        _check_time_order(catalog, record_id, checklist, target)


def _check_time_order(catalog: Catalog, record_id: str, checklist: Checklist, procedure: Procedure) -> None:
    """Items follow the order of the procedure, so time limits read in order."""
    order = {step.id: index for index, step in enumerate(procedure.steps)}
    flat = [item for point in checklist.pause_points for item in point.items if item in order]
    normal = [item for item in flat if item not in checklist.critical]
    if normal != sorted(normal, key=order.get):
        catalog.problem("checklists", record_id, "pause_points", severity="warning",
                        message="条目顺序与来源流程的步骤顺序不一致", hint="按流程顺序排列, 时限才会前后一致")


def check_pages(catalog: Catalog) -> None:
    """Every macro call names an existing record; every record is rendered somewhere."""
    pages = scan_pages(catalog)
    calls = pages.calls
    catalog.problems.extend(pages.problems)
    catalog.problems.extend(check_site_links(catalog.root, pages.texts))
    if any(p.is_error for p in pages.problems):
        return  # a page that cannot be read lost its macro calls: "not shown anywhere" would be noise
    covered: set[tuple[str, str]] = set()
    for call in calls:
        spec = MACROS[call.name]
        if not spec.covers and not spec.kind:
            continue
        if spec.covers_all:
            covered.update((spec.covers_all, rid) for rid in catalog.kind(spec.covers_all))
            continue
        if spec.kind == "channel":
            if call.argument not in CHANNELS:
                catalog.problems.append(Problem(call.page, call.line, call.column,
                                                f"渠道 “{call.argument}” 不存在", hint=suggest(call.argument, CHANNELS)))
            continue
        if spec.kind == "quantity":
            record_id, _, key = (call.argument or "").partition(".")
            found = catalog.find(record_id)
            if found is None or key not in getattr(found[1], "quantities", {}):
                catalog.problems.append(Problem(call.page, call.line, call.column,
                                                f"数量 “{call.argument}” 不存在",
                                                hint="写成 qty('记录编号.数量名')"))
            continue
        if call.argument in catalog.invalid:
            continue
        if call.argument not in catalog.kind(spec.kind):
            catalog.problems.append(Problem(call.page, call.line, call.column,
                                            f"宏 {call.name} 引用的编号 “{call.argument}” 不存在",
                                            hint=suggest(call.argument, catalog.kind(spec.kind))))
        elif spec.covers:
            covered.add((spec.kind, call.argument))
    for kind, record_id, _ in list(catalog.all_records()):
        if (kind, record_id) not in covered:
            macro = next((n for n, s in MACROS.items() if s.kind == kind and s.covers), None)
            macro = macro or next((n for n, s in MACROS.items() if s.covers_all == kind), "")
            arg = "" if MACROS.get(macro) and MACROS[macro].covers_all else f"'{record_id}'"
            catalog.problem(kind, record_id, "id", message=f"记录 “{record_id}” 没有在任何页面上展示",
                            hint=f"在 playbooks/ 的某个页面里加上 {{{{ {macro}({arg}) }}}}")


CHECKS = [check_unique_ids, check_nested_ids, check_sources, check_roles, check_terms,
          check_scripts_steps, check_quantities, check_numbers_are_typed, check_reviews, check_links, check_decision_tables, check_event_timeline,
          check_checklists, check_checklist_coverage, check_pages, check_provenance]


def run_checks(catalog: Catalog) -> None:
    """Every cross-file check, in order; each appends its problems to the catalogue."""
    for check in CHECKS:
        check(catalog)
