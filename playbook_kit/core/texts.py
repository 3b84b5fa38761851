"""Record text: quantity placeholders and safe links.

A text field may say `连续{months}未销售`; `{months}` names a quantity of the
same record, `{rtmart-sellthrough.warn}` one of another record. This is plain
substitution, never a template: `{{ config }}` stays literal text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import BaseModel

from playbook_kit.core.models import Quantity

PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z][a-z0-9_]*|[a-z0-9][a-z0-9-]*\.[a-z][a-z0-9_]*)\}(?!\})")


@dataclass(frozen=True)
class Segment:
    text: str
    is_quantity: bool = False


def format_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def format_quantity(q: Quantity) -> str:
    if q.wording is not None:
        return q.wording  # the source's own words, e.g. 10几个SKU, 至少3倍以上
    number = format_number(q.value)
    if q.max is not None:
        number += "–" + format_number(q.max)
    prefix = "约" if q.approx else ""
    return f"{prefix}{number}{q.unit}"


_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# a number as people write it: digits (3, 2.5, 6000, 1,000) or Chinese numerals (两, 十五, 三百),
# optionally followed by 几 / 多 (十几 = 11 to 19: a range, not a number)
NUMBER = re.compile(r"(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千万]+)(?:几|多)?")


def chinese_number(numeral: str) -> int | None:
    """The value of a Chinese numeral (两 2, 十 10, 十五 15, 二十 20, 三百零五 305), None if it is not one."""
    total, current, seen_unit = 0, None, False
    for char in numeral:
        if char in "零〇" and seen_unit:
            continue  # 三百零五: the zero only marks a skipped place
        if char in _CHINESE_DIGITS:
            if current is not None and not seen_unit:
                return None  # 二三: two digits in a row is no numeral
            current, seen_unit = _CHINESE_DIGITS[char], False
        elif char in _CHINESE_UNITS:
            unit = _CHINESE_UNITS[char]
            if unit == 10000:
                total, current = (total + (current or 0)) * unit, None
            else:
                total += (1 if current is None else current) * unit
                current = None
            seen_unit = True
        else:
            return None
    return total + (current or 0) if numeral else None


def stated_numbers(text: str) -> list[tuple[float, float]]:
    """Every number a text states, as (low, high): 3个月 → (3, 3), 两个月 → (2, 2), 5-10人 → (5, 5) and
    (10, 10), 十几个 or 10几个 → (11, 19), 二十多 → (21, 29); 一下/一起 and the like are words, not numbers."""
    found = []
    for match in NUMBER.finditer(text):
        written = match.group(0)
        approx = written[-1] in "几多"
        digits = written.rstrip("几多")
        if not digits or (digits == "一" and not approx and _word_with_one(text, match)):
            continue
        value = float(digits.replace(",", "")) if digits[0].isdigit() else chinese_number(digits)
        if value is None:
            continue
        step = 10 ** (len(str(int(value))) - 1) if value >= 10 else 1
        found.append((value + 1, value + step - 1) if approx and value >= 10 and value % step == 0
                     else (value, value))
    return found


def _word_with_one(text: str, match: re.Match) -> bool:
    """一 inside a word (一起, 一定, 统一): no number unless a unit or measure word follows."""
    following = text[match.end():match.end() + 1]
    return following not in "个次天日周年月名人家元倍米小项条张份件层级步点" or not following


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def split(text: str, lookup) -> list[Segment]:
    """Split text into literal and quantity segments; `lookup(name)` gives a Quantity."""
    out: list[Segment] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            out.append(Segment(text[position:match.start()]))
        quantity = lookup(match.group(1))
        out.append(Segment(format_quantity(quantity), True) if quantity else Segment(match.group(0)))
        position = match.end()
    if position < len(text):
        out.append(Segment(text[position:]))
    return out


def filled(text: str, lookup) -> str:
    """Text with its quantity placeholders written out."""
    return "".join(segment.text for segment in split(text, lookup))


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def first_clause(text: str, limit: int) -> str:
    """The first clause of a text (up to the first 。；，： within `limit` + 1
    characters), else the text shortened to `limit`."""
    for mark in "。；，：":
        if mark in text[:limit + 1]:
            return text[:text.index(mark)]
    return shorten(text, limit)


def walk_strings(value: object, path: tuple = ()) -> list[tuple[tuple, str]]:
    """Every string inside a record, with its key path, in field order (a
    list built in one pass: checks, reading times and the glossary each walk
    every record, and generators nested per level cost more than the walk)."""
    out: list[tuple[tuple, str]] = []
    _walk(value, path, out)
    return out


def _walk(value: object, path: tuple, out: list) -> None:
    # exact types first: a record is models, lists, dicts and strings
    kind = type(value)
    if kind is str:
        out.append((path, value))
    elif kind is list or kind is tuple:
        _walk_items(enumerate(value), path, out)
    elif kind is dict:
        _walk_items(value.items(), path, out)
    elif isinstance(value, BaseModel):
        _walk_model(value, path, out)
    else:
        _walk_subclass(value, path, out)


def _walk_items(items, path: tuple, out: list) -> None:
    """(key or index, item) pairs of a list or dict; strings added in place (no call each)."""
    for key, item in items:
        if type(item) is str:
            out.append((path + (key,), item))
        else:
            _walk(item, path + (key,), out)


def _walk_model(value: BaseModel, path: tuple, out: list) -> None:
    for name in type(value).model_fields:
        item = getattr(value, name)
        if type(item) is str:
            out.append((path + (name,), item))
        elif item is not None and type(item) not in _SCALARS:
            _walk(item, path + (name,), out)


def _walk_subclass(value: object, path: tuple, out: list) -> None:
    """Subclasses of str, list, tuple and dict; anything else holds no text."""
    if isinstance(value, str):
        out.append((path, value))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _walk(item, path + (index,), out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, path + (key,), out)


_SCALARS = {int, float, bool}


def safe_url(url: str) -> bool:
    """http(s), mailto, or a site-relative path; nothing that can run code."""
    url = url.strip()
    if not url or any(ch in url for ch in "\x00\r\n\t"):
        return False
    parts = urlsplit(url)
    if parts.scheme:
        if parts.scheme in ("http", "https"):
            return bool(parts.netloc)
        return parts.scheme == "mailto"
    return not url.startswith("//") and not parts.netloc


def page_heading(markdown: str) -> str | None:
    """A page's title as its Markdown gives it: the first `# ` heading."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def record_title(record) -> str:
    """What a reader calls a record or an item in it: its title, name, term or
    label (form fields, decision inputs and outputs), else its id."""
    for name in ("title", "name", "term", "label"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return record.id


# --- words that go into the search data ----------------------------------------------------
# Material's search (lunr) reads `+x`/`-x` at a word's start as "must"/"must not",
# `*` as a wildcard, `~` `^` `:` as edit distance, boost and field: an alias
# spelled so would change every search for its term (`-大润发` drops those pages).
QUERY_OPERATORS = re.compile(r"[+*~^:]|^-|-$|--|\s-|-\s")
# Too common to stand for one term or role: as an alias, each would widen every
# search that contains it and mark it on every page. The one list (term aliases
# in checks/references.py; role aliases use it too).
COMMON_WORDS = frozenset(
    "的 了 是 在 和 与 及 或 等 有 为 要 不 也 就 都 个 这 那 一 我们 你们 他们 公司 可以 进行 需要 "
    "没有 一个 什么 如果 因为 所以 但是 然后 已经 时候 工作 问题 情况 方面 管理 市场 产品 客户 销售 "
    "门店 经销商 人员 负责 时间 内容 员工 工作人员 相关人员 有关人员 大家 对方 双方 自己 本人 别人 有人 "
    "个人 领导 部门 单位".split())
MIN_ALIAS_LENGTH = 2


def query_operator_problem(word: str) -> str | None:
    """Why `word` cannot go into the search data (Chinese), or None."""
    if QUERY_OPERATORS.search(word):
        return f"“{word}” 含有搜索语法字符(+ - * ~ ^ :), 会改变每一次对这个词的搜索"
    return None


def common_word_problem(word: str) -> str | None:
    """Why `word` is too short or too common to stand for one term (Chinese), or None."""
    stripped = word.strip()
    if len(stripped) < MIN_ALIAS_LENGTH or stripped.lower() in COMMON_WORDS:
        return f"“{word}” 太短或太常见, 作为别称会让每一次搜索都变宽, 每页都被标注"
    return None
