"""Quantities: every `{name}` in the text resolves to a declared quantity, every
declared quantity is used, and no number with a unit hides in prose."""
from __future__ import annotations

import re

from playbook_kit.core import texts
from playbook_kit.core.problems import suggest
from playbook_kit.source.catalog import Catalog
from playbook_kit.source.pages import scan_pages


def _placeholder_use(catalog: Catalog, kind: str, record_id: str, record, key: tuple, name: str,
                     lookup) -> tuple[str, str] | None:
    """The (record id, quantity) a `{name}` uses, or None when it resolves to
    nothing (reported here unless its record failed validation)."""
    if "." in name and name.split(".", 1)[0] in catalog.invalid:
        return None  # that record failed validation and was reported already
    if lookup(name) is None:
        local = list(getattr(record, "quantities", {}))
        catalog.problem(kind, record_id, *key, message=f"引用的数量 “{{{name}}}” 未定义",
                        hint=suggest(name, local) or "在本记录的 quantities 下定义它")
        return None
    return tuple(name.split(".", 1)) if "." in name else (record_id, name)


def _used_in_records(catalog: Catalog) -> set[tuple[str, str]]:
    used: set[tuple[str, str]] = set()
    for kind, record_id, record in list(catalog.all_records()):
        lookup = catalog.quantity_lookup(record)
        for key, text in catalog.strings_of(record):
            if "{" not in text:
                continue
            for name in texts.placeholders(text):
                use = _placeholder_use(catalog, kind, record_id, record, key, name, lookup)
                if use is not None:
                    used.add(use)
    return used


def _used_in_pages(catalog: Catalog) -> set[tuple[str, str]]:
    return {tuple(call.argument.split(".", 1)) for call in scan_pages(catalog).calls
            if call.name == "qty" and call.argument and "." in call.argument}


def check_quantities(catalog: Catalog) -> None:
    """Every `{name}` resolves; every declared quantity is used somewhere."""
    used = _used_in_records(catalog) | _used_in_pages(catalog)
    for kind, record_id, record in list(catalog.all_records()):
        for name in getattr(record, "quantities", {}):
            if (record_id, name) not in used:
                catalog.problem(kind, record_id, "quantities", name, severity="warning",
                                message=f"数量 “{name}” 没有被任何文字引用",
                                hint="在文字里写 {" + name + "}, 或删除它")


# possessive quantifiers: a long run of digits without a unit fails in linear time
_NUMBER_WITH_UNIT = re.compile(r"(?<![0-9A-Za-z_{.])\d++(?:\.\d++)?+\s*+(?:-|–|~)?+\s*+(?:\d++(?:\.\d++)?+)?+\s*+(?:天|周|个月|年|小时|人|元|%|％|次|个|名|家|米|平方米|日)")
# the same facts in Chinese numerals (两个月, 十天, 三日): only units that are never an everyday
# phrase (一个, 一次, 一家 are), and a numeral run that is not the tail of a longer one
_CHINESE_NUMBER_WITH_UNIT = re.compile(r"(?<![零〇一二两三四五六七八九十百千万几])[零〇一二两三四五六七八九十百千万]{1,6}"
                                       r"(?:个月|个工作日|天|周|年|小时|日|元|倍)")
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
            match = match or _CHINESE_NUMBER_WITH_UNIT.search(text)
            if match:
                catalog.problem(kind, record_id, *key,
                                message=f"文字里写了带单位的数字 “{match.group(0)}”",
                                hint="在记录的 quantities 里定义它, 文字里写 {名称}; 期限写进 time_limit 或 deadline")
