"""Provenance: every fact points at the source wording it comes from.

Each record (and each step, rule, table row, stage, form field, script line
and quantity in it) has `quotes:`, fragments of the one source text
(`data/original/*.txt`). A plain fragment is verbatim (whitespace ignored);
a cleaned one (`{text, cleaned}`) may only be stitched together from pieces
of the source, each at least two characters long, so removing OCR
duplication is allowed and adding words is not.

`check_provenance` reports, as located problems:
- a fragment that is not in the source;
- a record or item without any fragment;
- a quantity whose number (or its `wording`) is not in the record's fragments;
- a role stated as doing a step / owning a stage / tied to a rule whose
  name (or an alias) is not in that item's or its record's fragments;
- a deadline whose number is not in the item's or its record's fragments.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel

from playbook_kit.core.models import ITEM_FIELDS, UNSPECIFIED, CleanedQuote, Quantity

SOURCE_DIR = "data/original"
_SPACE = re.compile(r"\s+")
_DIGITS = "零一二三四五六七八九"


def normalize(text: str) -> str:
    return _SPACE.sub("", text)


@lru_cache(maxsize=4)
def _source_for(path: str, mtime: float) -> str:
    return normalize(Path(path).read_text(encoding="utf-8"))


MAX_SOURCE_BYTES = 8 * 1024 * 1024


def _source_files(root: Path) -> list[Path]:
    """The source documents: regular files inside the repository only (a
    symlink is refused by the file listing and never read here)."""
    return [f for f in sorted((Path(root) / SOURCE_DIR).glob("*.txt"))
            if not f.is_symlink() and f.is_file() and f.stat().st_size <= MAX_SOURCE_BYTES
            and not (Path(root) / SOURCE_DIR).is_symlink()]


def source_text(root: Path) -> str:
    """The source (all files in data/original/, whitespace removed)."""
    return "".join(_source_for(str(f), f.stat().st_mtime) for f in _source_files(root))


def quote_text(quote) -> str:
    return quote.text if isinstance(quote, CleanedQuote) else quote


def stitched(text: str, source: str, shortest: int = 2) -> str | None:
    """None if `text` is made of source pieces (each >= `shortest` chars, `…`
    between pieces allowed); else the first part that is not."""
    text = normalize(text)
    position = 0
    while position < len(text):
        if text[position] == "…":
            position += 1
            continue
        end = position
        while end < len(text) and text[position:end + 1] in source:
            end += 1
        if end - position < shortest and not (end - position == 1 and not text[position].isalnum()):
            return text[position:position + 8]
        position = end
    return None


def quote_problem(quote, source: str) -> str | None:
    """Why a fragment is not traceable to the source, or None."""
    text = quote_text(quote)
    if isinstance(quote, CleanedQuote):
        bad = stitched(text, source)
        return None if bad is None else f"整理后的原文片段里 “{bad}…” 不在原文里"
    if normalize(text) not in source:
        bad = stitched(text, source) or text[:12]
        return f"原文片段不是逐字摘录: “{bad}…” 不在原文里(整理过的请写成 {{text, cleaned}})"
    return None


# --- walking a record ------------------------------------------------------------

def quoted_items(value, path: tuple = ()) -> Iterator[tuple[tuple, BaseModel]]:
    """Every model inside a record that has a `quotes` field, with its key path."""
    if isinstance(value, BaseModel):
        if "quotes" in type(value).model_fields:
            yield path, value
        for name in type(value).model_fields:
            if name != "quotes":
                yield from quoted_items(getattr(value, name), path + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from quoted_items(item, path + (key,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from quoted_items(item, path + (index,))


def fragments(record) -> list[str]:
    """All fragment texts of a record and everything in it."""
    return [quote_text(q) for _, item in quoted_items(record) for q in item.quotes]


def number_forms(value: float) -> set[str]:
    """How a number may be written in the source: 3, 三; 10, 十; 2.5."""
    forms = {f"{value:g}"}
    if float(value).is_integer():
        n = int(value)
        if 0 <= n < 10:
            forms.add(_DIGITS[n])
            if n == 2:
                forms.add("两")
        elif 10 <= n < 100:
            tens, ones = divmod(n, 10)
            forms.add(("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else ""))
        if n == 7:
            forms.add("一周")
        if n == 1:
            forms.add("次日")
    return forms


UNIT_WORDS = {"天": "天|日", "个": "个", "SKU": "个?SKU", "个月": "个月", "%": "%|％"}
_RANGE = "[-–~至到]"


def _number(value: float) -> str:
    forms = sorted(number_forms(value) - {"一周", "次日"}, key=len, reverse=True)
    return "(?<![0-9.])(?:" + "|".join(re.escape(f) for f in forms) + ")(?![0-9])"


def quantity_in(quantity: Quantity, texts_: list[str]) -> bool:
    """The quantity as the source writes it: its `wording`, or its number next to its
    unit (3次, 三名, 30 天, 5-10人, 一个月); a bare digit elsewhere does not count."""
    joined = normalize("".join(texts_))
    if quantity.wording is not None:
        return normalize(quantity.wording) in joined
    unit = "(?:" + UNIT_WORDS.get(quantity.unit, re.escape(quantity.unit)) + ")"
    if quantity.max is not None:
        pattern = _number(quantity.value) + _RANGE + _number(quantity.max) + unit
    else:
        pattern = _number(quantity.value) + unit
        if quantity.unit in ("天", "周"):
            pattern += "|" + {"天": "一周" if quantity.value == 7 else "(?!)", "周": "(?!)"}[quantity.unit]
    return re.search(pattern, joined) is not None


# --- the check -------------------------------------------------------------------------

def role_words(catalog, role_id: str) -> list[str]:
    role = catalog.kind("roles").get(role_id)
    return [role.name, *role.aliases] if role else [role_id]


def check_provenance(catalog) -> None:
    source = source_text(catalog.root)
    if not source:
        return  # no source text in this project copy: nothing to check against
    ranges = document_ranges(catalog, source)
    titles = {sid: doc.title for sid, doc in catalog.kind("sources").items()}
    for kind, record_id, record in list(catalog.all_records()):
        if kind == "checklists" or (kind == "roles" and record_id == UNSPECIFIED):
            continue  # checklist items are quoted in their procedure; “原文未写明” quotes nothing
        for path, item in quoted_items(record):
            _check_quotes(catalog, kind, record_id, record, path, item, source, ranges, titles)
        record_texts = fragments(record)
        if not record_texts:
            catalog.problem(kind, record_id, "id", message="这条记录没有原文片段 quotes", severity="warning",
                            hint="在 quotes 下逐字摘录原文里支持它的句子")
            continue
        _check_items(catalog, kind, record_id, record)
        for name, quantity in getattr(record, "quantities", {}).items():
            _check_quantity(catalog, kind, record_id, name, quantity, record_texts)


def _check_quotes(catalog, kind, record_id, record, path: tuple, item, source: str,
                  ranges: dict[str, tuple[int, int]], titles: dict[str, str]) -> None:
    """Each fragment of one item is in the source, and in a document the record cites."""
    for index, quote in enumerate(item.quotes):
        problem = quote_problem(quote, source)
        if problem:
            catalog.problem(kind, record_id, *path, "quotes", index, message=problem,
                            hint="从 data/original/ 的原文复制这句话; 不能加字")
        elif kind != "sources":
            allowed = set(getattr(record, "sources", [])) | set(getattr(item, "sources", None) or [])
            found = documents_of(quote, source, ranges)
            if found and not found & allowed:
                named = "、".join(f"《{titles.get(d, d)}》" for d in sorted(found))
                catalog.problem(kind, record_id, *path, "quotes", index,
                                message=f"原文片段出自{named}，不在这条记录的来源文档(sources)里",
                                hint="引用本记录来源文档里的句子, 或把那篇文档加进 sources")


def _check_items(catalog, kind, record_id, record) -> None:
    """Every step, rule, stage (and its parts) … has fragments that state its facts."""
    own = [quote_text(q) for q in getattr(record, "quotes", [])]
    for field in ITEM_FIELDS.get(kind, ()):
        for index, item in enumerate(getattr(record, field)):
            if not item.quotes and not getattr(item, "constructed", None):
                catalog.problem(kind, record_id, field, index, message="这一条没有原文片段 quotes", severity="warning",
                                hint="逐字摘录原文; 原文没有的行(决策表)写 constructed 说明怎样推出")
            _check_item_facts(catalog, kind, record_id, (field, index), item, own)
            for part_index, part in enumerate(getattr(item, "parts", []) or []):
                if not part.quotes:
                    catalog.problem(kind, record_id, field, index, "parts", part_index, severity="warning",
                                    message="这一环节没有原文片段 quotes", hint="逐字摘录原文")
                _check_item_facts(catalog, kind, record_id, (field, index, "parts", part_index), part,
                                  own + [quote_text(q) for q in item.quotes])


def _check_quantity(catalog, kind, record_id, name: str, quantity: Quantity, record_texts: list[str]) -> None:
    """A quantity's number is in the record's fragments and in its own."""
    shown = quantity.wording or f"{quantity.value:g}"
    if not quantity_in(quantity, record_texts):
        catalog.problem(kind, record_id, "quantities", name,
                        message=f"数量 “{name}” 的数字 {shown} 在本记录的原文片段里找不到",
                        hint="把写着这个数字的原文句子加到 quotes; 原文没有的数字不能写")
    elif not quantity.quotes:
        catalog.problem(kind, record_id, "quantities", name, severity="warning",
                        message=f"数量 “{name}” 没有自己的原文片段 quotes",
                        hint="在 {value: …, unit: …, quotes: [\"原文句子\"]} 里写上出处")
    elif not quantity_in(quantity, [quote_text(q) for q in quantity.quotes]):
        catalog.problem(kind, record_id, "quantities", name,
                        message=f"数量 “{name}” 的数字 {shown} 不在它自己的原文片段里",
                        hint="quotes 里要有写着这个数字和单位的原文句子")


def _stated_roles(item) -> list[tuple[str, str]]:
    """(field, role id) of every role an item names, but `unspecified`."""
    roles = []
    for field in ("actor", "owner", "speaker"):
        value = getattr(item, field, None)
        if value and value != UNSPECIFIED:
            roles.append((field, value))
    return roles + [("roles", r) for r in getattr(item, "roles", []) if r != UNSPECIFIED]


def _check_item_facts(catalog, kind, record_id, key, item, context: list[str]) -> None:
    texts_ = [quote_text(q) for q in item.quotes] + context
    joined = normalize("".join(texts_))
    for field, role_id in _stated_roles(item):
        if role_id not in catalog.kind("roles"):
            continue  # reported as a missing role already
        if not any(normalize(word) in joined for word in role_words(catalog, role_id)):
            catalog.problem(kind, record_id, *key, field,
                            message=f"岗位 “{role_words(catalog, role_id)[0]}” 在这一条的原文片段里没有出现",
                            hint="原文没写由谁做, 就写 unspecified(原文未写明); 原文换了说法, 就把原文说法加进岗位的 aliases")
    limit = getattr(item, "time_limit", None)
    if limit is not None and not quantity_in(limit.amount, texts_):
        catalog.problem(kind, record_id, *key, "time_limit",
                        message="时限的数字在这一条的原文片段里找不到",
                        hint="把写着时限的原文句子加到 quotes; 原文没写时限就删掉 time_limit")
    deadline = getattr(item, "deadline", None)
    if deadline is not None:
        _check_deadline(catalog, kind, record_id, key, deadline, joined)


def _check_deadline(catalog, kind, record_id, key, deadline, joined: str) -> None:
    # a period "三日内" starts the day after the event by convention: its end is the stated fact
    days = {abs(deadline.until_day if deadline.until_day is not None else deadline.day)}
    for day in days:
        if day and not any(form in joined for form in number_forms(day)):
            catalog.problem(kind, record_id, *key, "deadline",
                            message=f"时间(第 {day} 天)在这一条的原文片段里找不到",
                            hint="把写着时间的原文句子加到 quotes; 原文没写时间就删掉 deadline")


def count_fragments(catalog) -> int:
    return sum(len(fragments(record)) for kind, _, record in catalog.all_records() if kind != "checklists")


# --- which document a fragment is from ------------------------------------------------

def document_ranges(catalog, source: str) -> dict[str, tuple[int, int]]:
    """Each source document's span in the source text, from where its own first quote
    (its title line) stands to where the next document's begins."""
    documents = sorted(catalog.kind("sources").values(), key=lambda d: d.order)
    starts: list[tuple[int, str]] = []
    position = 0
    for document in documents:
        if not document.quotes:
            continue
        found = source.find(normalize(quote_text(document.quotes[0])), position)
        if found >= 0:
            starts.append((found, document.id))
            position = found + 1
    return {doc_id: (start, starts[i + 1][0] if i + 1 < len(starts) else len(source))
            for i, (start, doc_id) in enumerate(starts)}


def _anchor(quote, source: str) -> str:
    """The part of a fragment to look up: all of a verbatim one, the first piece of a cleaned one."""
    text = normalize(quote_text(quote)).lstrip("…")
    if not isinstance(quote, CleanedQuote):
        return text
    end = 1
    while end < len(text) and text[:end + 1] in source:
        end += 1
    return text[:end]


def documents_of(quote, source: str, ranges: dict[str, tuple[int, int]]) -> set[str]:
    anchor = _anchor(quote, source)
    found: set[str] = set()
    position = source.find(anchor) if anchor else -1
    while position >= 0:
        found |= {doc for doc, (start, end) in ranges.items() if start <= position < end}
        position = source.find(anchor, position + 1)
    return found
