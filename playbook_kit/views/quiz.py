"""Knowledge checks (小测验) generated from the catalogue alone.

Every question asks one fact a source fragment states, the way a trainer would:
what comes after a step, who does a step (the answer blanked out of the prompt),
by when, a number or threshold (the number blanked out of the record's text),
what a term means (only when the definition does not contain the term), and
what a decision table gives for a concrete case. Wrong options are facts of the
same kind from the same channel first (other steps, other acting roles, other
quantities of the same unit, other definitions, other outcomes of the table),
never a fact the prompt's own text names, never shortened, never invented.

What is still open is not asked. A 待核实 note excludes only the field it is
about (`note_fields`: the actor, the order of the steps, a time, a boundary, or
everything when the note does not say); `core.models.is_open` is the one place that
decides whether a note still counts. Rows and tables the editors constructed
and the role `unspecified` are never asked.
"""
from __future__ import annotations

import itertools
import math
import random
import zlib
from dataclasses import dataclass, field

from playbook_kit.core import texts
from playbook_kit.core.checklists import time_limit_text
from playbook_kit.core.decisions import compile_table, show_value
from playbook_kit.core.models import CHANNEL_KINDS, CHANNELS, ROLE_FIELDS, UNSPECIFIED, is_open, note_text

MAX_OPTIONS = 4
LETTERS = "ABCD"
BLANK = "＿＿"
TIME_UNITS = frozenset({"天", "周", "个月", "年", "小时"})


@dataclass
class Question:
    id: str
    kind: str            # order / actor / limit / number / term / decision
    channel: str
    group: str           # the record the question belongs to (procedure, table, rule set, "terms")
    prompt: str
    options: list[str]
    answer: int
    explanation: str
    target: str          # site path of the page and item it came from
    source: dict = field(default_factory=dict)  # kind, record, item: to re-derive the answer
    covers: tuple = ()   # records the question teaches (its own, and tables built on its quantity)

    @property
    def correct(self) -> str:
        return self.options[self.answer]

    @property
    def letter(self) -> str:
        return LETTERS[self.answer]


KIND_LABELS = {"order": "下一步", "actor": "谁来做", "limit": "时限", "number": "数字",
               "term": "术语", "decision": "决策表"}


# --- 待核实 notes: which field each one leaves open ------------------------------------------

ALL_FIELDS = "all"
# words that make a note about one field; a note naming none of them leaves everything open
NOTE_FIELDS = (
    (ALL_FIELDS, ("理解为", "理解。", "含义不明", "疑为", "笔误", "改写", "补的", "补上", "补充", "存疑")),
    ("actor", ("由谁", "谁做", "岗位", "主语", "负责", "经办", "出面")),
    ("order", ("次序", "顺序", "编号", "重建")),
    ("time", ("多久", "间隔", "几天", "当天", "时段", "哪一月", "提前")),
    ("boundary", ("是否含",)),
    ("complete", ("缺失", "中断", "截断", "即结束", "结尾", "没有列出", "是否还有", "只列出", "只写了", "举例",
                  "举的例子")),
)


def note_fields(note) -> set[str]:
    """The fields an open note is about; everything (`all`) when its words do not say."""
    text = note_text(note)
    found = {name for name, words in NOTE_FIELDS if any(w in text for w in words)}
    return {ALL_FIELDS} if not found or ALL_FIELDS in found else found


def open_fields(*items) -> set[str]:
    """The fields the open notes of these items (a record and one of its items) leave open."""
    fields: set[str] = set()
    for item in items:
        for note in getattr(item, "unverified", None) or ():
            if is_open(note):
                fields |= note_fields(note)
    return fields


def asks(fields: set[str], what: str) -> bool:
    """Whether a question on `what` may be asked with these fields open."""
    return ALL_FIELDS not in fields and what not in fields


# --- options ---------------------------------------------------------------------------------

def plain(catalog, record, text: str) -> str:
    """Record text with its quantities written out."""
    return texts.filled(text, catalog.quantity_lookup(record))


def _options(qid: str, correct: str, *pools: list[str]) -> tuple[list[str], int] | None:
    """The correct text and up to three distinct distractors, taken from the first pool
    (the same channel) before the next, in a stable shuffled order."""
    rng = random.Random(zlib.crc32(qid.encode("utf-8")))
    chosen: list[str] = []
    for pool in pools:
        fresh = sorted({p for p in pool if p and p != correct and p not in chosen})
        chosen += rng.sample(fresh, min(MAX_OPTIONS - 1 - len(chosen), len(fresh)))
    if not chosen:
        return None
    options = chosen + [correct]
    rng.shuffle(options)
    return options, options.index(correct)


def _named_in(names: list[str], text: str) -> bool:
    return any(name and name in text for name in names)


def _quote_text(quote) -> str:
    return str(getattr(quote, "text", quote))


def role_names(role) -> list[str]:
    return [role.name, *role.aliases]


def step_text(catalog, procedure, step) -> str:
    return plain(catalog, procedure, step.action)


# --- the whole set ---------------------------------------------------------------------------

def generate(catalog, page_of) -> list[Question]:
    """Every question the data supports, procedures first, in catalogue order; a prompt
    that another question of its channel already asks is dropped."""
    facts = _Facts.of(catalog)
    questions: list[Question] = []
    for procedure in catalog.kind("procedures").values():
        questions += _StepQuestions(catalog, facts, procedure, _page(page_of, "procedures", procedure.id)).all()
    questions += _number_questions(catalog, facts, page_of)
    for table in catalog.kind("decision_tables").values():
        questions += decision_questions(catalog, table, _page(page_of, "decision_tables", table.id))
    questions += _term_questions(catalog, page_of)
    return _distinct(questions)


def _page(page_of, kind: str, record_id: str) -> str:
    return (page_of(kind, record_id) or "").split("#")[0]


def _distinct(questions: list[Question]) -> list[Question]:
    seen: set[tuple[str, str]] = set()
    out = []
    for q in questions:
        if (q.channel, q.prompt) not in seen:
            seen.add((q.channel, q.prompt))
            out.append(q)
    return out


@dataclass
class _Facts:
    """Distractor pools computed once: acting roles and quantities per channel."""
    actors: dict[str, set[str]]            # channel -> role ids acting in its askable steps
    named: dict[str, set[str]]             # channel -> role ids its records name anywhere
    quantities: dict[str, list[tuple]]     # unit -> (channel, text) of every quantity
    tables_using: dict[str, set[str]]      # "record.name" -> decision tables whose cells use it

    @classmethod
    def of(cls, catalog) -> "_Facts":
        actors: dict[str, set[str]] = {}
        for p in catalog.kind("procedures").values():
            for s in p.steps:
                if s.actor != UNSPECIFIED and asks(open_fields(p, s), "actor"):
                    actors.setdefault(p.channel, set()).add(s.actor)
        quantities: dict[str, list[tuple]] = {}
        for _, _, record in catalog.all_records():
            for q in (getattr(record, "quantities", None) or {}).values():
                quantities.setdefault(q.unit, []).append((getattr(record, "channel", None), texts.format_quantity(q)))
        for p in catalog.kind("procedures").values():
            for s in p.steps:
                if s.time_limit:
                    quantities.setdefault(s.time_limit.amount.unit, []).append(
                        (p.channel, texts.format_quantity(s.time_limit.amount)))
        return cls(actors, _named_roles(catalog), quantities, _tables_using(catalog))

    def generic_actors(self) -> set[str]:
        """Roles acting in two channels or more: another channel's question may offer them."""
        seen: dict[str, int] = {}
        for ids in self.actors.values():
            for role in ids:
                seen[role] = seen.get(role, 0) + 1
        return {role for role, n in seen.items() if n > 1}

    def amounts(self, unit: str, channel: str) -> tuple[list[str], list[str]]:
        """Quantities of one unit: this channel's, then the others'."""
        entries = self.quantities.get(unit, [])
        return [t for c, t in entries if c == channel], [t for c, t in entries if c != channel]


def _named_roles(catalog) -> dict[str, set[str]]:
    """Per channel, the roles its records name: step actors, stage owners, rules' roles, speakers."""
    named: dict[str, set[str]] = {}
    for kind in CHANNEL_KINDS:
        for record in catalog.kind(kind).values():
            found = named.setdefault(record.channel, set())
            for path, value in texts.walk_strings(record):
                if path and any(key in ROLE_FIELDS for key in path if isinstance(key, str)):
                    found.add(value)
    for found in named.values():
        found.discard(UNSPECIFIED)
    return named


def _tables_using(catalog) -> dict[str, set[str]]:
    using: dict[str, set[str]] = {}
    for table in catalog.kind("decision_tables").values():
        for rule in table.rules:
            for cell in rule.when.values():
                for name in texts.placeholders(str(cell)):
                    key = name if "." in name else f"{table.id}.{name}"
                    using.setdefault(key, set()).add(table.id)
    return using


# --- procedures --------------------------------------------------------------------------------

@dataclass
class _StepQuestions:
    """The questions on one procedure's steps: what comes next, who does it, by when."""
    catalog: object
    facts: _Facts
    procedure: object
    page: str

    def all(self) -> list[Question]:
        """Each step's questions; who-does-it once per role and procedure (seven steps by one role
        asked seven times would teach the pattern, not the steps)."""
        questions = []
        asked_roles: set[str] = set()
        for number, step in enumerate(self.procedure.steps, start=1):
            fields = self.open_fields(step)
            for what, make in (("order", self.order), ("actor", self.actor), ("time", self.limit)):
                if what == "actor" and step.actor in asked_roles:
                    continue
                question = make(number, step) if asks(fields, what) else None
                if question:
                    questions.append(question)
                    if what == "actor":
                        asked_roles.add(step.actor)
        return questions

    def open_fields(self, step) -> set[str]:
        """The step's open fields and its procedure's, except that a procedure-wide note on
        who acts does not hold a step whose own fragments name its actor."""
        fields = open_fields(step)
        record = open_fields(self.procedure)
        roles = self.catalog.kind("roles")
        if step.actor in roles and _named_in(role_names(roles[step.actor]), "".join(map(_quote_text, step.quotes))):
            record.discard("actor")
        return fields | record

    def text(self, step) -> str:
        return step_text(self.catalog, self.procedure, step)

    def source(self, step) -> dict:
        return {"kind": "procedures", "record": self.procedure.id, "item": step.id}

    def target(self, step) -> str:
        return f"{self.page}#{self.procedure.id}-{step.id}"

    def make(self, kind: str, step, prompt: str, correct: str, pools: tuple, explanation: str,
             **source) -> Question | None:
        procedure = self.procedure
        qid = f"{kind}-{procedure.id}-{step.id}"
        made = _options(qid, correct, *pools)
        if not made:
            return None
        return Question(qid, kind, procedure.channel, procedure.id, prompt, made[0], made[1], explanation,
                        self.target(step), dict(self.source(step), **source), (procedure.id,))

    def order(self, number: int, step) -> Question | None:
        """Which step comes next."""
        steps, procedure = self.procedure.steps, self.procedure
        if number >= len(steps) or not asks(self.open_fields(steps[number]), "order"):
            return None
        nxt = steps[number]
        others = [self.text(s) for s in steps if s is not step and s is not nxt]
        return self.make(
            "order", nxt, f"在「{procedure.title}」中，第{number}步“{self.text(step)}”做完后，下一步做什么？",
            self.text(nxt), ([o for o in others if o != self.text(step)],),
            f"「{procedure.title}」第{number + 1}步：{self.text(nxt)}", after=step.id)

    def actor(self, number: int, step) -> Question | None:
        """Who does the step: the actor's name blanked out of the prompt, no option the step names."""
        roles = self.catalog.kind("roles")
        if step.actor == UNSPECIFIED or step.actor not in roles:
            return None
        role = roles[step.actor]
        shown = self.text(step)
        for name in sorted(role_names(role), key=len, reverse=True):
            shown = shown.replace(name, BLANK)
        quoted = shown + "".join(map(_quote_text, step.quotes))

        def pool(ids) -> list[str]:
            return [roles[r].name for r in sorted(ids) if r in roles and r != step.actor
                    and not _named_in(role_names(roles[r]), quoted)]
        channel = self.procedure.channel
        return self.make(
            "actor", step, f"在「{self.procedure.title}」中，第{number}步“{shown}”由谁负责？", role.name,
            (pool(self.facts.actors.get(channel, set())), pool(self.facts.named.get(channel, set())),
             pool(self.facts.generic_actors())),
            f"「{self.procedure.title}」第{number}步由{role.name}负责：{self.text(step)}", role=step.actor)

    def limit(self, number: int, step) -> Question | None:
        """By when: the time limit's amount, its anchor named in the prompt."""
        limit = step.time_limit
        if limit is None:
            return None
        correct = texts.format_quantity(limit.amount)
        when = {"内": "多长时间内", "前": "之前多久", "后": "之后多久"}[limit.relation]
        anchor = f"在{limit.anchor}" if limit.anchor else ""
        return self.make(
            "limit", step, f"在「{self.procedure.title}」中，第{number}步“{self.text(step)}”要{anchor}{when}完成？",
            correct, self.facts.amounts(limit.amount.unit, self.procedure.channel),
            f"「{self.procedure.title}」第{number}步的时限是{time_limit_text(limit)}：{self.text(step)}")


# --- numbers and thresholds in the records' texts ------------------------------------------------

def _texts_with_numbers(catalog):
    """(record, its kind, item, the item's text) for every text holding a quantity placeholder."""
    for procedure in catalog.kind("procedures").values():
        for step in procedure.steps:
            yield procedure, "procedures", step, step.action
    for rule_set in catalog.kind("rule_sets").values():
        for rule in rule_set.rules:
            yield rule_set, "rule_sets", rule, rule.text


def _number_questions(catalog, facts: _Facts, page_of) -> list[Question]:
    out = []
    for record, kind, item, raw in _texts_with_numbers(catalog):
        names = texts.placeholders(raw)
        fields = open_fields(record, item)
        if not names or not asks(fields, "number"):
            continue
        for name in dict.fromkeys(names):
            question = _number_question(catalog, facts, page_of, (record, kind, item, raw), name, fields)
            if question:
                out.append(question)
    return out


def _number_question(catalog, facts, page_of, where: tuple, name: str, fields: set) -> Question | None:
    record, kind, item, raw = where
    lookup = catalog.quantity_lookup(record)
    quantity = lookup(name)
    if quantity is None:
        return None
    timed = quantity.unit in TIME_UNITS
    if timed and not asks(fields, "time"):
        return None
    correct = texts.format_quantity(quantity)
    blanked = texts.filled(raw.replace("{" + name + "}", BLANK), lookup)
    qid = f"number-{record.id}-{item.id}-{name.replace('.', '-')}"
    made = _options(qid, correct, *facts.amounts(quantity.unit, record.channel))
    if not made:
        return None
    key = name if "." in name else f"{record.id}.{name}"
    return Question(
        qid, "limit" if timed else "number", record.channel, record.id,
        f"「{record.title}」：“{blanked}”空白处是多少？", made[0], made[1],
        f"「{record.title}」：{plain(catalog, record, raw)}",
        f"{_page(page_of, kind, record.id)}#{record.id}-{item.id}",
        {"kind": kind, "record": record.id, "item": item.id, "quantity": name},
        (record.id, *sorted(facts.tables_using.get(key, ()))))


# --- decision tables: a concrete case per row, found without sweeping the table per row ----------

MAX_CASES_PER_RULE = 8          # candidate cases tried for one row
MAX_RULE_TESTS = 100_000        # rows tested against candidate cases, per table


def _outcome(catalog, table, rule) -> str:
    labels = {o.id: o.label for o in table.outputs}
    values = [(labels[k], plain(catalog, table, v)) for k, v in rule.then.items() if k in labels]
    if len(values) == 1:
        return values[0][1]
    return "；".join(f"{label}：{value}" for label, value in values)


def _interior(interval, spec) -> list[float]:
    """Values well inside an interval (not on its boundary), within the input's range."""
    low, high = interval.low, interval.high
    if low == high:
        return [low]
    if math.isinf(low) and math.isinf(high):
        picks = [spec.min + 1 if spec.min is not None else 0.0]
    elif math.isinf(high):
        picks = [low + 1, low + 0.5]
    elif math.isinf(low):
        picks = [high - 1, high - 0.5]
    else:
        mid = (low + high) / 2
        picks = [math.floor(mid), mid]
    lowest = spec.min if spec.min is not None else -math.inf
    highest = spec.max if spec.max is not None else math.inf
    return [float(p) for p in picks if interval.contains(p) and lowest <= p <= highest
            and p not in (low, high)]


def _candidates(spec, cell) -> list:
    """A few values of one input that the cell accepts, interior ones first."""
    if spec.type == "number":
        if cell.any:
            base = spec.min if spec.min is not None else 0.0
            return [float(base + 1)]
        return [v for interval in cell.intervals for v in _interior(interval, spec)][:3]
    if cell.any:
        return list(spec.values)[:3] if spec.type == "enum" else [True, False]
    return list(cell.values)[:3]


def decision_cases(table, compiled) -> dict[int, dict]:
    """For each row, a case in which it is the only row that applies, found from the row's
    own cells: at most MAX_CASES_PER_RULE candidates a row and MAX_RULE_TESTS row tests a
    table, so a table at the check's limits costs a bounded time."""
    found: dict[int, dict] = {}
    budget = MAX_RULE_TESTS
    n_rules = len(compiled.cells)
    for index, cells in enumerate(compiled.cells):
        values = [_candidates(spec, cells[spec.id]) for spec in table.inputs]
        for combo_values in itertools.islice(itertools.product(*values), MAX_CASES_PER_RULE):
            if budget < n_rules:
                return found
            budget -= n_rules
            case = dict(zip((spec.id for spec in table.inputs), combo_values))
            if not compiled.is_impossible(case) and compiled.matching(case) == [index]:
                found[index] = case
                break
    return found


def decision_questions(catalog, table, page: str) -> list[Question]:
    """One question per source row with a case only that row answers; none for a table the
    editors constructed or whose open notes leave its reading in doubt."""
    fields = open_fields(table)
    if table.construction or not asks(fields, "decision") or len(table.rules) > 300:
        return []
    compiled, _ = compile_table(table, catalog.quantity_lookup(table))
    if compiled is None:
        return []
    outcomes = [_outcome(catalog, table, r) for r in table.rules if not r.constructed]
    out = []
    for index, case in decision_cases(table, compiled).items():
        rule = table.rules[index]
        if rule.constructed:
            continue
        case_text = "；".join(f"{spec.label}：{show_value(spec, case[spec.id])}" for spec in table.inputs)
        correct = _outcome(catalog, table, rule)
        qid = f"decision-{table.id}-{rule.id}"
        made = _options(qid, correct, outcomes)
        if not made:
            continue
        asked = "、".join(o.label for o in table.outputs)
        out.append(Question(
            qid, "decision", table.channel, table.id, f"按「{table.title}」，{case_text}时，{asked}是什么？",
            made[0], made[1], f"「{table.title}」中只有第{index + 1}行适用于这种情况（{case_text}）：{correct}。",
            f"{page}#{table.id}-{rule.id}",
            {"kind": "decision_tables", "record": table.id, "item": rule.id,
             "case": {k: (v if isinstance(v, (str, bool)) else float(v)) for k, v in case.items()}},
            (table.id,)))
    return out


# --- terms -----------------------------------------------------------------------------------------

def term_channels(catalog, term) -> list[str]:
    """Channels whose records use the term or one of its aliases."""
    found = []
    for kind in CHANNEL_KINDS:
        for record in catalog.kind(kind).values():
            channel = getattr(record, "channel", None)
            if channel not in found and term.id in catalog.terms_in(record):
                found.append(channel)
    return [c for c in CHANNELS if c in found]


def _term_questions(catalog, page_of) -> list[Question]:
    """What a term means, for terms whose definition the source gives and does not name the term."""
    terms = [t for t in catalog.kind("terms").values() if not open_fields(t)]
    definitions = {t.id: plain(catalog, t, t.definition) for t in terms}
    askable = [t for t in terms if not _named_in([t.term, *t.aliases], definitions[t.id])]
    channels = {t.id: term_channels(catalog, t) for t in terms}
    out = []
    for term in askable:
        for channel in channels[term.id]:
            qid = f"term-{channel}-{term.id}"
            same = [d for tid, d in definitions.items() if tid != term.id and channel in channels[tid]]
            other = [d for tid, d in definitions.items() if tid != term.id and channel not in channels[tid]]
            made = _options(qid, definitions[term.id], same, other)
            if not made:
                continue
            out.append(Question(
                qid, "term", channel, "terms", f"“{term.term}”是什么意思？", made[0], made[1],
                f"术语表：{term.term}——{definitions[term.id]}", page_of("terms", term.id) or "",
                {"kind": "terms", "record": term.id}, (term.id,)))
    return out


# --- pages ---------------------------------------------------------------------------------------

def by_channel(questions: list[Question]) -> dict[str, list[Question]]:
    groups: dict[str, list[Question]] = {c: [] for c in CHANNELS}
    for q in questions:
        groups[q.channel].append(q)
    return {c: qs for c, qs in groups.items() if qs}


def counts(questions: list[Question]) -> dict[str, dict[str, int]]:
    """How many questions of each kind each channel has."""
    table: dict[str, dict[str, int]] = {}
    for q in questions:
        row = table.setdefault(q.channel, {})
        row[q.kind] = row.get(q.kind, 0) + 1
    return table


def _lines(q: Question) -> int:
    """Printed lines a question takes on the A4 sheet (about 44 characters a line)."""
    return -(-len(q.prompt) // 44) + sum(-(-len(o) // 44) for o in q.options) + 1


SHEET_LINES = 52  # what one A4 page holds at the sheet's font size, with its header and footer


def printable(questions: list[Question], budget: int = SHEET_LINES, most: int = 10) -> list[Question]:
    """A varied selection that fits one A4 sheet: kinds in turn, each from a different record."""
    queues: dict[str, list[Question]] = {}
    for q in questions:
        queues.setdefault(q.kind, []).append(q)
    used_groups: set[str] = set()
    chosen: list[Question] = []
    lines = 0
    progress = True
    while progress and len(chosen) < most:
        progress = False
        for kind in KIND_LABELS:
            queue = queues.get(kind) or []
            fits = [q for q in queue if lines + _lines(q) <= budget]
            if not fits or len(chosen) >= most:
                continue
            pick = next((q for q in fits if q.group not in used_groups), fits[0])
            queue.remove(pick)
            chosen.append(pick)
            used_groups.add(pick.group)
            lines += _lines(pick)
            progress = True
    order = {id(q): n for n, q in enumerate(questions)}
    return sorted(chosen, key=lambda q: order[id(q)])
