"""Provenance: every fact points at the wording it comes from.

Each record (and each step, rule, table row, stage, form field, script line
and quantity in it) has `quotes:`, fragments of an authority's text: the
originals (`data/original/`, pinned by their hash) or one of the
organisation's registered decisions (`{text, decision}`, `data/decisions/`;
`checks/authorities.py` reads and guards both). A plain fragment is verbatim
(whitespace ignored); a cleaned one (`{text, cleaned}`) may only remove what
OCR added from one place: its pieces, each at least two characters long,
stand in the cited document in order, at most `MAX_GAP` characters apart
(`…` marks a longer cut, up to `MAX_ELISION`). A decision's fragment is
verbatim in that decision.

`check_provenance` reports, as located problems:
- a fragment that is not in the source, or not in a document the record cites;
- a record or item without any fragment;
- a quantity whose number (or its `wording`) is not in the record's fragments,
  and a `wording` that states another number than the quantity's value;
- a role stated as doing a step / owning a stage / tied to a rule whose
  name (or an alias) is not in that item's or its record's fragments, and a
  role alias too short or too common to name anyone;
- a deadline whose number is not in the item's or its record's fragments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from pydantic import BaseModel

from playbook_kit.checks.authorities import read_authorities
from playbook_kit.core.models import ITEM_FIELDS, UNSPECIFIED, CleanedQuote, DecisionQuote, Quantity
from playbook_kit.core.texts import COMMON_WORDS, format_number, stated_numbers
from playbook_kit.source.catalog import load_catalog

_SPACE = re.compile(r"\s+")
_DIGITS = "零一二三四五六七八九"
# how far apart two pieces of a cleaned fragment may stand in the source (OCR repeats a line or two)
MAX_GAP = 60
MAX_ELISION = 400  # where the fragment says … (a cut the reader sees)
# bounds that keep the search linear in a fragment's length (an editor's data is hostile)
MAX_STARTS = 16    # places tried for a cleaned fragment's first piece
MAX_CANDIDATES = 8  # places tried for each further piece
MAX_QUOTE = 1000   # characters of a fragment looked for piece by piece (the longest real one has 117)
# words that name no one in particular: never a role's alias


def normalize(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass
class Corpus:
    """The texts fragments are checked against, whitespace removed."""
    source: str                      # the originals, joined in registration order
    decisions: dict[str, str]        # decision id -> its text
    complete: bool = True            # every registered original could be read


def source_text(root) -> str:
    """The registered originals that are intact, joined (whitespace removed)."""
    return load_corpus(load_catalog(root)).source


def load_corpus(catalog) -> Corpus:
    texts = read_authorities(catalog)
    return Corpus("".join(normalize(text) for _, text in texts.originals),
                  {did: normalize(text) for did, text in texts.decisions.items()}, texts.complete)


def quote_text(quote) -> str:
    return quote if isinstance(quote, str) else quote.text


def _shortest_ok(piece_length: int, first_char: str, shortest: int) -> bool:
    return piece_length >= shortest or (piece_length == 1 and not first_char.isalnum())


def _common(text: str, position: int, source: str, at: int, end: int) -> int:
    """How many characters of `text` from `position` stand in `source` from `at` (not past `end`)."""
    length, most = 0, min(len(text) - position, end - at)
    while length < most and text[position + length] == source[at + length] and text[position + length] != "…":
        length += 1
    return length


def _longest_piece(text: str, position: int, source: str, cursor: int, limit: int, end: int) -> tuple[int, int]:
    """(start, length) of the longest part of `text` from `position` that starts in `source[cursor:limit]`."""
    best_at, best_length = -1, 0
    at = source.find(text[position], cursor, limit)
    for _ in range(MAX_CANDIDATES):
        if at < 0:
            break
        length = _common(text, position, source, at, end)
        if length > best_length:
            best_at, best_length = at, length
        at = source.find(text[position], at + 1, limit)
    return best_at, best_length


def _extend(text: str, position: int, source: str, cursor: int, end: int, shortest: int) -> int:
    """How far `text` (from `position`) continues as pieces standing in order after `cursor`, each
    starting at most MAX_GAP (after a …, MAX_ELISION) characters after the previous one; the position reached."""
    gap = 0  # the first piece starts where the attempt starts
    while position < len(text):
        if text[position] == "…":
            position, gap = position + 1, MAX_ELISION
            continue
        found, length = _longest_piece(text, position, source, cursor, min(end, cursor + gap + 1), end)
        if not length or not _shortest_ok(length, text[position], shortest):
            return position
        position, cursor, gap = position + length, found + length, MAX_GAP
    return position


def stitched(text: str, source: str, shortest: int = 2, start: int = 0, end: int | None = None) -> str | None:
    """None if `text` stands in `source[start:end]` as one contiguous place with only OCR additions
    left out (pieces >= `shortest` characters, in order, close together); else the first part that
    does not (from the attempt that got furthest)."""
    text = normalize(text).lstrip("…")
    if len(text) > MAX_QUOTE:
        return text[MAX_QUOTE:MAX_QUOTE + 8]  # too long to look for piece by piece: split it
    end = len(source) if end is None else end
    best = 0
    first = text[:2] if len(text) > 1 and text[1] != "…" else text[:1]
    at = source.find(first, start, end)
    for _ in range(MAX_STARTS):
        if at < 0:
            break
        best = max(best, _extend(text, 0, source, at, end, shortest))
        if best >= len(text):
            return None
        at = source.find(first, at + 1, end)
    return text[best:best + 8] or text[:8]


def quote_problem(quote, source: str, start: int = 0, end: int | None = None) -> str | None:
    """Why a fragment of the originals is not traceable to `source[start:end]`, or None."""
    text = quote_text(quote)
    if isinstance(quote, CleanedQuote):
        bad = stitched(text, source, start=start, end=end)
        return None if bad is None else f"整理后的原文片段里 “{bad}…” 不在原文的同一处(只能去掉 OCR 重复, 不能拼接别处的字)"
    if source.find(normalize(text), start, len(source) if end is None else end) < 0:
        bad = stitched(text, source, start=start, end=end) or text[:12]
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


def wording_states(quantity: Quantity) -> bool:
    """A quantity's `wording` states its value (and its max): 两个月 for 2, 十几个 for 11–19, 5-10人 for 5–10."""
    stated = sorted(set(stated_numbers(quantity.wording or "")))
    if quantity.max is None:
        return stated == [(quantity.value, quantity.value)]
    return stated in ([(quantity.value, quantity.max)],
                      [(quantity.value, quantity.value), (quantity.max, quantity.max)])


# --- the check -------------------------------------------------------------------------

def role_words(catalog, role_id: str) -> list[str]:
    """The words that name a role in a fragment: its name and every alias that means something."""
    role = catalog.kind("roles").get(role_id)
    return [role.name, *(a for a in role.aliases if not alias_problem(a))] if role else [role_id]


def alias_problem(alias: str) -> str | None:
    """Why a role alias names no one in particular (one character, a common word), or None."""
    word = normalize(alias)
    if len(word) < 2:
        return f"别称 “{alias}” 只有一个字, 任何提到它的句子都会被算作这个岗位"
    if word in COMMON_WORDS:
        return f"别称 “{alias}” 是常用词, 不能指明一个岗位"
    return None


def check_provenance(catalog) -> None:
    _check_role_aliases(catalog)
    corpus = load_corpus(catalog)
    if not corpus.complete:
        return  # an original could not be read: reported at its file; checking quotes against part would mislead
    ranges = document_ranges(catalog, corpus.source)
    titles = {sid: doc.title for sid, doc in catalog.kind("sources").items()}
    for kind, record_id, record in list(catalog.all_records()):
        if kind in ("checklists", "originals", "decisions") or (kind == "roles" and record_id == UNSPECIFIED):
            continue  # checklist items are quoted in their procedure; “原文未写明” quotes nothing
        for path, item in quoted_items(record):
            _check_quotes(catalog, kind, record_id, record, path, item, corpus, ranges, titles)
        record_texts = fragments(record)
        if not record_texts:
            catalog.problem(kind, record_id, "id", message="这条记录没有原文片段 quotes", severity="warning",
                            hint="在 quotes 下逐字摘录原文里支持它的句子")
            continue
        _check_items(catalog, kind, record_id, record)
        for name, quantity in getattr(record, "quantities", {}).items():
            _check_quantity(catalog, kind, record_id, name, quantity, record_texts)


def _check_role_aliases(catalog) -> None:
    for role_id, role in catalog.kind("roles").items():
        for index, alias in enumerate(role.aliases):
            problem = alias_problem(alias)
            if problem:
                catalog.problem("roles", role_id, "aliases", index, message=problem,
                                hint="别称至少两个字, 而且只指这个岗位; 删掉它, 或写出原文里的完整说法")


def _check_quotes(catalog, kind, record_id, record, path: tuple, item, corpus: Corpus,
                  ranges: dict[str, tuple[int, int]], titles: dict[str, str]) -> None:
    """Each fragment of one item stands in a document the record cites (or in the decision it names)."""
    allowed = set(getattr(record, "sources", None) or []) | set(getattr(item, "sources", None) or [])
    for index, quote in enumerate(item.quotes):
        if isinstance(quote, DecisionQuote):
            problem = _decision_quote_problem(catalog, quote, corpus)
        elif kind == "sources" or not allowed & ranges.keys():
            problem = quote_problem(quote, corpus.source)
        else:
            problem = _cited_quote_problem(quote, corpus.source, ranges, allowed, titles)
        if problem:
            catalog.problem(kind, record_id, *path, "quotes", index, message=problem,
                            hint="决定的片段从 data/decisions/ 里那份决定逐字复制" if isinstance(quote, DecisionQuote)
                            else "从 data/original/ 的原文复制这句话; 不能加字, 也不能从别处拼字")


def _decision_quote_problem(catalog, quote: DecisionQuote, corpus: Corpus) -> str | None:
    if quote.decision not in catalog.kind("decisions"):
        return f"决定 “{quote.decision}” 没有在 data/sources.yml 的 decisions 下登记"
    text = corpus.decisions.get(quote.decision)
    if text is not None and normalize(quote.text) not in text:
        return f"“{quote.text[:12]}…” 不是决定 “{quote.decision}” 的逐字摘录"
    return None  # an unreadable decision text is reported at its file


def _cited_quote_problem(quote, source: str, ranges: dict[str, tuple[int, int]], allowed: set[str],
                         titles: dict[str, str]) -> str | None:
    """None when the fragment stands in one of the cited documents; else where it is, or that it is nowhere."""
    if any(quote_problem(quote, source, *ranges[doc]) is None for doc in allowed & ranges.keys()):
        return None
    problem = quote_problem(quote, source)
    if problem:
        return problem
    found = [doc for doc, span in ranges.items() if doc not in allowed and quote_problem(quote, source, *span) is None]
    if not found:
        return None  # before the first document's title: no document to name
    named = "、".join(f"《{titles.get(d, d)}》" for d in sorted(found))
    return f"原文片段出自{named}，不在这条记录的来源文档(sources)里"


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
    if quantity.wording is not None and not wording_states(quantity):
        expected = format_number(quantity.value) + ("" if quantity.max is None else f"–{format_number(quantity.max)}")
        catalog.problem(kind, record_id, "quantities", name, "wording",
                        message=f"数量 “{name}” 的原文写法 “{quantity.wording}” 写的数字与 value {expected} 不一致",
                        hint="wording 照抄原文里写这个数的说法(两个月、十几个…), value 和 max 写同一个数")
    elif not quantity_in(quantity, record_texts):
        catalog.problem(kind, record_id, "quantities", name,
                        message=f"数量 “{name}” 的数字 {shown} 在本记录的原文片段里找不到",
                        hint="把写着这个数字的原文句子加到 quotes; 组织改了这个数: 引用那份登记的决定 {text, decision}; 都没有的数字不能写")
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
                            hint="组织已决定由谁做: 在 quotes 里引用那份登记的决定 {text, decision}; 原文换了说法: 把原文说法加进岗位的 aliases; "
                                 "都没有: 写 unspecified(原文未写明)")
    limit = getattr(item, "time_limit", None)
    if limit is not None and limit.amount.wording is not None and not wording_states(limit.amount):
        catalog.problem(kind, record_id, *key, "time_limit", "amount", "wording",
                        message=f"时限的原文写法 “{limit.amount.wording}” 写的数字与 value {format_number(limit.amount.value)} 不一致",
                        hint="wording 照抄原文里写这个数的说法, value 写同一个数")
    elif limit is not None and not quantity_in(limit.amount, texts_ + [quote_text(q) for q in limit.amount.quotes]):
        catalog.problem(kind, record_id, *key, "time_limit",
                        message="时限的数字在这一条的原文片段里找不到",
                        hint="把写着时限的原文句子加到 quotes; 组织改了时限: 引用那份登记的决定 {text, decision}; 都没写就删掉 time_limit")
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
