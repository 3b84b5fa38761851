"""References: every id a record names (a source document, a role, a term, a
procedure step) exists, names that read the same are one name, and links are
safe to show."""
from __future__ import annotations

import unicodedata

from playbook_kit.core import texts
from playbook_kit.core.problems import suggest
from playbook_kit.source.catalog import Catalog


def check_reference(catalog: Catalog, kind: str, record_id: str, key: tuple, value: str, target: str,
                    label: str) -> None:
    """Report `value` at `key` unless it names a record of kind `target` (or one
    that failed validation and was reported already)."""
    if value not in catalog.kind(target) and value not in catalog.invalid:
        catalog.problem(kind, record_id, *key, message=f"{label} “{value}” 不存在",
                        hint=suggest(value, catalog.kind(target)))


def check_sources(catalog: Catalog) -> None:
    for kind, record_id, record in list(catalog.all_records()):
        for index, source in enumerate(getattr(record, "sources", []) if kind != "sources" else []):
            check_reference(catalog, kind, record_id, ("sources", index), source, "sources", "来源文档")
        if kind == "decision_tables":
            for r_index, rule in enumerate(record.rules):
                for index, source in enumerate(rule.sources):
                    check_reference(catalog, kind, record_id, ("rules", r_index, "sources", index), source,
                                    "sources", "来源文档")


def _role(catalog: Catalog, kind: str, record_id: str, key: tuple, value: str) -> None:
    check_reference(catalog, kind, record_id, key, value, "roles", "岗位")


def _procedure_roles(catalog: Catalog) -> None:
    for record_id, proc in catalog.kind("procedures").items():
        for index, step in enumerate(proc.steps):
            _role(catalog, "procedures", record_id, ("steps", index, "actor"), step.actor)


def _event_roles(catalog: Catalog) -> None:
    for record_id, event in catalog.kind("events").items():
        for index, stage in enumerate(event.stages):
            _role(catalog, "events", record_id, ("stages", index, "owner"), stage.owner)
            for p_index, part in enumerate(stage.parts):
                if part.owner:
                    _role(catalog, "events", record_id, ("stages", index, "parts", p_index, "owner"), part.owner)


def _rule_roles(catalog: Catalog) -> None:
    for record_id, rules in catalog.kind("rule_sets").items():
        for index, rule in enumerate(rules.rules):
            for r_index, role in enumerate(rule.roles):
                _role(catalog, "rule_sets", record_id, ("rules", index, "roles", r_index), role)


def _script_roles(catalog: Catalog) -> None:
    for record_id, script in catalog.kind("scripts").items():
        for index, role in enumerate(script.roles):
            _role(catalog, "scripts", record_id, ("roles", index), role)
        for index, line in enumerate(script.lines):
            _role(catalog, "scripts", record_id, ("lines", index, "speaker"), line.speaker)
            if line.speaker not in script.roles and line.speaker in catalog.kind("roles"):
                catalog.problem("scripts", record_id, "lines", index, "speaker",
                                message=f"说话人 “{line.speaker}” 不在本话术的 roles 里",
                                hint="把它加进 roles")


def _checklist_roles(catalog: Catalog) -> None:
    for record_id, checklist in catalog.kind("checklists").items():
        _role(catalog, "checklists", record_id, ("audience",), checklist.audience)
        _role(catalog, "checklists", record_id, ("coordinator",), checklist.coordinator)


def check_roles(catalog: Catalog) -> None:
    """Every actor, owner, speaker, rule role, audience and coordinator is a role."""
    _procedure_roles(catalog)
    _event_roles(catalog)
    _rule_roles(catalog)
    _script_roles(catalog)
    _checklist_roles(catalog)


def _same_words(catalog: Catalog, kind: str, name_field: str, label: str) -> None:
    """Names that read the same are the same name: full-width and half-width
    letters, case and spaces do not make a second term. Reported at the word."""
    owner: dict[str, str] = {}
    for record_id, record in catalog.kind(kind).items():
        words = [((name_field,), getattr(record, name_field))]
        words += [(("aliases", index), alias) for index, alias in enumerate(record.aliases)]
        for where, word in words:
            key = "".join(unicodedata.normalize("NFKC", word).casefold().split())
            if key in owner and owner[key] != record_id:
                catalog.problem(kind, record_id, *where, message=f"{label} “{word}” 已由 “{owner[key]}” 定义",
                                hint="合并成一条记录, 其他写法放进 aliases")
            owner.setdefault(key, record_id)


def check_terms(catalog: Catalog) -> None:
    _same_words(catalog, "terms", "term", "术语")
    _same_words(catalog, "roles", "name", "岗位名称")
    for record_id, term in catalog.kind("terms").items():
        for index, other in enumerate(term.see_also):
            if other == record_id:
                catalog.problem("terms", record_id, "see_also", index, message=f"相关术语 “{other}” 就是这个术语自己",
                                hint="删掉这一项; 相关术语要写别的术语")
            check_reference(catalog, "terms", record_id, ("see_also", index), other, "terms", "术语")
    check_search_words(catalog)


MAX_ALIASES = 20  # each alias is a word every page is scanned for, and a search synonym


def check_search_words(catalog: Catalog) -> None:
    """Aliases become search synonyms and glossary marks: no query syntax in
    any, no common word or single character as a term's alias, at most
    MAX_ALIASES per term. (A name with query syntax is left out of the
    synonyms instead: views/search_words.py.)"""
    for kind in ("terms", "roles"):
        for record_id, record in catalog.kind(kind).items():
            for index, alias in enumerate(record.aliases):
                why = texts.query_operator_problem(alias)
                if why:
                    catalog.problem(kind, record_id, "aliases", index, message=why, hint="去掉这些符号, 或删掉这个写法")
            if kind == "terms":
                _term_aliases(catalog, record_id, record.aliases)


def _term_aliases(catalog: Catalog, record_id: str, aliases: list[str]) -> None:
    for index, alias in enumerate(aliases):
        why = texts.common_word_problem(alias)
        if why:
            catalog.problem("terms", record_id, "aliases", index, message=why,
                            hint="换成只指这个术语的写法, 或删掉它")
    if len(aliases) > MAX_ALIASES:
        catalog.problem("terms", record_id, "aliases", MAX_ALIASES,
                        message=f"同义写法超过 {MAX_ALIASES} 个", hint="只保留读者真会用的写法")


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


def check_links(catalog: Catalog) -> None:
    for record_id, source in catalog.kind("sources").items():
        for index, link in enumerate(source.links):
            if not texts.safe_url(link.url):
                catalog.problem("sources", record_id, "links", index, "url",
                                message=f"不允许的链接 “{link.url[:60]}”",
                                hint="只允许 http(s)://、mailto: 或站内相对路径")
