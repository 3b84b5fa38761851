"""What a fragment can support (issue 23's classes of content findings).

- `check_heading_fragments`: a definition or description backed only by a
  document title or a section heading states nothing the source states;
  unless a 待核实 note says so, quote the sentence that does.
- `check_modality`: the source's 可以/可/可由/可视/往往/一般/通常 (may, usually)
  and 应/须/需 (should, must) stay in the fact's text: a fact that drops or
  hardens them says more than the source.
- `check_ocr_notes`: an obvious OCR slip read the obvious way is written on
  the fragment (`{text, cleaned}`), not as a 待核实 question: the queue holds
  real questions only.
"""
from __future__ import annotations

import re

from playbook_kit.checks.provenance import normalize, quote_text, quoted_items
from playbook_kit.core.models import is_open, note_text

# a heading's number: 一、 二、 or a section number 3.2 (a single 2. numbers steps and sentences too)
_HEADING_NUMBER = re.compile(r"^[-•]?(第?[一二三四五六七八九十]+[、章节部分]|[0-9]+(\.[0-9]+)+)")
_STEP_NUMBER = re.compile(r"^[0-9]+[.、．]")
SHORT_HEADING = 8  # "2. 销售策划。" is a heading; "2.各部门主管提出意见与参与讨论" a sentence
_DIGIT = re.compile(r"[0-9０-９]")
_SENTENCE = re.compile(r"[，,。；;！!？?]")
HEADING_LENGTH = 16  # a heading or column label is short; a sentence that explains is longer
TEXT_FIELDS = ("definition", "description", "action", "text", "summary")

# may/usually and should/must; each found in a fragment, followed by the words it governs
PERMISSIVE = ("可以", "可由", "可视", "往往", "一般", "通常", "可")
OBLIGING = ("需要", "应该", "应", "须", "需")
KEEPS_PERMISSIVE = ("可", "往往", "一般", "通常", "视", "酌情", "原则上")
KEEPS_OBLIGING = ("应", "须", "需", "要", "必", "务必")
NOT_MODAL = ("可能", "可行", "可靠", "认可", "许可", "不可", "可口", "应用", "供应", "响应", "适应", "相应",
             "对应", "反应", "应对", "需求", "需要的", "所需", "必需", "一般性")
LIGHT_VERBS = ("进行", "提供", "做好", "加以", "给予")
_HAN = re.compile(r"[\u4e00-\u9fff]")

_READING = re.compile(r"“([^”]{1,12})”[^，。“]{0,8}按“([^”]{1,12})”(理解|改正)")
_OCR_WORDS = re.compile(r"明显的\s*OCR|引号不配对")


def ocr_reading(note: str) -> bool:
    """A note that reads an obvious slip the obvious way: one character changed (那位 → 哪位)
    or two swapped (都有要数 → 都要有数), or a stray quotation mark."""
    if _OCR_WORDS.search(note):
        return True
    for written, read, _ in _READING.findall(note):
        changed = sum(a != b for a, b in zip(written, read))
        if len(written) == len(read) and (changed == 1 or (changed == 2 and sorted(written) == sorted(read))):
            return True
    return False


def heading_only(fragment: str, titles: set[str]) -> bool:
    """A fragment that is only a document title, a numbered section heading or a label ending in a colon."""
    text = normalize(fragment)
    if text in titles:
        return True
    bare = _HEADING_NUMBER.sub("", text)
    if bare == text and not text.endswith((":", "：")):
        short = _STEP_NUMBER.sub("", text).rstrip("。:：")  # "2. 销售策划。": a numbered heading
        return bool(_STEP_NUMBER.match(text)) and _label(short, SHORT_HEADING)
    return _label(bare.rstrip(":："), HEADING_LENGTH)


def _label(text: str, longest: int) -> bool:
    """Short words without a sentence's punctuation or a value (年返:2.5% states a fact)."""
    return bool(text) and not _SENTENCE.search(text) and not _DIGIT.search(text) and len(text) <= longest


def _says_unsourced(notes: list) -> bool:
    """A 待核实 note saying the source does not explain it (the definition is the editors')."""
    return any("原文没有" in text or "原文未" in text or "按通常" in text for text in map(note_text, notes))


SUPPORTED = {"terms": "释义", "roles": "职责说明", "rules": "规则"}


def _heading_backed(catalog, titles: set[str]):
    """(kind, record id, key path to the item, what it states) of each term, role and rule
    whose fragments are all headings, unless a 待核实 note says the source does not explain it."""
    items = [(kind, record_id, (), record, kind) for kind in ("terms", "roles")
             for record_id, record in catalog.kind(kind).items()]
    items += [(kind, record_id, ("rules", index), rule, "rules") for kind in ("rule_sets",)
              for record_id, record in catalog.kind(kind).items() for index, rule in enumerate(record.rules)]
    for kind, record_id, key, item, what in items:
        quotes = [quote_text(q) for q in item.quotes]
        if quotes and not _says_unsourced(item.unverified) and all(heading_only(q, titles) for q in quotes):
            yield kind, record_id, key, SUPPORTED[what]


def check_heading_fragments(catalog) -> None:
    titles = set()
    for doc in catalog.kind("sources").values():
        titles.add(normalize(doc.title))
        titles.update(normalize(quote_text(q)) for q in doc.quotes)
    for kind, record_id, key, what in _heading_backed(catalog, titles):
        catalog.problem(kind, record_id, *key, "quotes", 0,
                        message=f"这条记录的原文片段只是标题或小标题, 不能支撑它的{what}",
                        hint="引用原文里说明它的句子; 原文没有这样的句子时, 在 unverified 里写明释义不是出自原文")


def _governed(fragment: str, words: tuple[str, ...]) -> list[tuple[str, str]]:
    """(modal word, the two Han characters after it) for each modal in the fragment."""
    found, covered = [], set()
    for word in words:  # longer words first: 可以 before 可, 需要 before 需
        start = fragment.find(word)
        while start >= 0:
            around = fragment[max(0, start - 1):start + len(word) + 2]
            after = fragment[start + len(word):start + len(word) + 2]
            if after in LIGHT_VERBS:  # 需要进行市场调研: the words after 进行 say what
                after = fragment[start + len(word):start + len(word) + 4]
            if start not in covered and not any(n in around for n in NOT_MODAL) and len(_HAN.findall(after)) == len(after) >= 2:
                found.append((word, after))
            covered.update(range(start, start + len(word)))
            start = fragment.find(word, start + len(word))
    return found


MODAL_REACH = 10  # how far before the governed words the text's modal word may stand


def _kept(text: str, governed: str, keeps: tuple[str, ...]) -> bool:
    """Whether a modal of the right kind stands shortly before each place the text states the governed words."""
    start = text.find(governed)
    while start >= 0:
        if not any(k in text[max(0, start - MODAL_REACH):start] for k in keeps):
            return False
        start = text.find(governed, start + 1)
    return True


# an instruction (a step's action, a rule, a script line) obliges by itself: there only
# a dropped 可以/往往 counts; a description that drops 应/须/需 states a duty as a fact
DESCRIPTIVE = ("definition", "description", "summary")


def modality_lost(text: str, fragments: list[str], descriptive: bool = True) -> str | None:
    """The modal word of a fragment whose governed words the text states without any modal of its kind."""
    kinds = [(PERMISSIVE, KEEPS_PERMISSIVE)] + ([(OBLIGING, KEEPS_OBLIGING)] if descriptive else [])
    for fragment in fragments:
        fragment = normalize(fragment)
        for words, keeps in kinds:
            for modal, governed in _governed(fragment, words):
                if governed in text and not _kept(text, governed, keeps):
                    return f"{modal}{governed}"
    return None


def _texts(item):
    """(field, key path, text) of an item's statements: its text fields and the lines of its `tasks`."""
    for field in TEXT_FIELDS:
        text = getattr(item, field, None)
        if isinstance(text, str):
            yield field, (field,), text
    for index, text in enumerate(getattr(item, "tasks", None) or []):
        if isinstance(text, str):
            yield "tasks", ("tasks", index), text


def check_modality(catalog) -> None:
    for kind, record_id, record in list(catalog.all_records()):
        if kind in ("checklists", "sources"):
            continue
        everything = [quote_text(q) for _, item in quoted_items(record) for q in item.quotes]
        for path, item in quoted_items(record):
            fragments = [quote_text(q) for q in item.quotes]
            for field, key, text in _texts(item):
                whole = not path and field == "summary"  # a record's summary restates its items' instructions
                lost = (modality_lost(text, everything if whole else fragments, field in DESCRIPTIVE and not whole)
                        if fragments or whole else None)
                if lost:
                    catalog.problem(kind, record_id, *path, *key,
                                    message=f"原文是“{lost}”, 这里去掉了或改重了原文的语气(可以/往往/应/须…)",
                                    hint="照原文保留“可以”“往往”“应”等词; 原文是可以做的, 不要写成必须或定期做")


def check_ocr_notes(catalog) -> None:
    for kind, record_id, record in list(catalog.all_records()):
        for path, item in quoted_items(record):
            for index, note in enumerate(getattr(item, "unverified", None) or []):
                if is_open(note) and ocr_reading(note):
                    catalog.problem(kind, record_id, *path, "unverified", index,
                                    message="明显的识别错误按明显的读法理解, 不是待核实的问题",
                                    hint="把这条从 unverified 删去, 在片段上写 {text: 原文, cleaned: “X”读作“Y”}")
