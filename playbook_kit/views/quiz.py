"""Knowledge checks (小测验) generated from the catalogue alone.

Every question states one fact of the data (a step's order, its actor, its
time limit, a term's definition, a decision table's outcome for a case, the
rule set a rule belongs to). Wrong options are facts of the same kind taken
from other records (other roles, other time limits, other definitions), never
invented. Nothing the source leaves open becomes a question: records or items
with `unverified`, the role `unspecified`, decision tables with
`construction` and rows with `constructed` are skipped.
"""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field

from playbook_kit.core import texts
from playbook_kit.core.checklists import time_limit_text
from playbook_kit.core.decisions import compile_table, show_value
from playbook_kit.core.models import CHANNEL_KINDS, CHANNELS, UNSPECIFIED
MAX_OPTIONS = 4
LETTERS = "ABCD"


@dataclass
class Question:
    id: str
    kind: str            # order / actor / limit / term / decision / rule
    channel: str
    group: str           # the record the question belongs to (procedure, table, rule set, "terms")
    prompt: str
    options: list[str]
    answer: int
    explanation: str
    target: str          # site path of the page and item it came from
    source: dict = field(default_factory=dict)  # kind, record, item: to re-derive the answer

    @property
    def correct(self) -> str:
        return self.options[self.answer]

    @property
    def letter(self) -> str:
        return LETTERS[self.answer]


KIND_LABELS = {"order": "步骤顺序", "actor": "谁来做", "limit": "时限", "term": "术语",
               "decision": "决策表", "rule": "规则"}


def plain(catalog, record, text: str) -> str:
    """Record text with its quantities written out."""
    return texts.filled(text, catalog.quantity_lookup(record))


def _options(qid: str, correct: str, pool: list[str]) -> tuple[list[str], int] | None:
    """The correct text and up to three distinct distractors, in a stable shuffled order."""
    distractors = sorted({p for p in pool if p and p != correct})
    if not distractors:
        return None
    rng = random.Random(zlib.crc32(qid.encode("utf-8")))
    chosen = rng.sample(distractors, min(MAX_OPTIONS - 1, len(distractors)))
    options = chosen + [correct]
    rng.shuffle(options)
    return options, options.index(correct)


def step_text(catalog, procedure, step) -> str:
    return plain(catalog, procedure, step.action)


def generate(catalog, page_of) -> list[Question]:
    """Every question the data supports, procedures first, in catalogue order."""
    questions: list[Question] = []
    roles = catalog.kind("roles")
    procedures = [p for p in catalog.kind("procedures").values() if not p.unverified]
    # each distinct limit once: every limit question picks its distractors from these
    all_limits = sorted({time_limit_text(s.time_limit) for p in procedures for s in p.steps
                         if s.time_limit and _verified(s)})
    # the roles acting in each channel's verified steps, and in all of them: computed once
    actors_by_channel: dict[str, set[str]] = {}
    for p in procedures:
        actors_by_channel.setdefault(p.channel, set()).update(
            s.actor for s in p.steps if s.actor != UNSPECIFIED and _verified(s))
    actors_everywhere = set().union(*actors_by_channel.values())
    for procedure in procedures:
        steps = _StepQuestions(catalog, roles, procedure,
                               (page_of("procedures", procedure.id) or "").split("#")[0],
                               actors_by_channel.get(procedure.channel, set()), actors_everywhere, all_limits)
        questions += steps.all()
    questions += _decision_questions(catalog, page_of)
    questions += _rule_questions(catalog, page_of)
    questions += _term_questions(catalog, page_of)
    return questions


def _verified(step) -> bool:
    return not step.unverified


@dataclass
class _StepQuestions:
    """The questions on one procedure's steps: what comes next, who does it, by when."""
    catalog: object
    roles: dict
    procedure: object
    page: str
    actors_in_channel: set[str]     # distractors for `actor` questions, or when too few:
    actors_everywhere: set[str]
    all_limits: list[str]           # distractors for `limit` questions

    def all(self) -> list[Question]:
        questions = []
        for number, step in enumerate(self.procedure.steps, start=1):
            if not _verified(step):
                continue
            for make in (self.order, self.actor, self.limit):
                question = make(number, step)
                if question:
                    questions.append(question)
        return questions

    def text(self, step) -> str:
        return step_text(self.catalog, self.procedure, step)

    def source(self, step) -> dict:
        return {"kind": "procedures", "record": self.procedure.id, "item": step.id}

    def target(self, step) -> str:
        return f"{self.page}#{self.procedure.id}-{step.id}"

    def order(self, number: int, step) -> Question | None:
        """Which step comes next."""
        steps, procedure = self.procedure.steps, self.procedure
        if number >= len(steps) or not _verified(steps[number]):
            return None
        nxt = steps[number]
        qid = f"order-{procedure.id}-{step.id}"
        correct = texts.shorten(self.text(nxt), 40)
        pool = [texts.shorten(self.text(s), 40) for s in steps if s is not step and s is not nxt and _verified(s)]
        made = _options(qid, correct, [p for p in pool if p != texts.shorten(self.text(step), 40)])
        if not made:
            return None
        return Question(
            qid, "order", procedure.channel, procedure.id,
            f"在「{procedure.title}」中，第{number}步“{texts.shorten(self.text(step), 40)}”之后的下一步是什么？",
            made[0], made[1], f"「{procedure.title}」第{number + 1}步：{self.text(nxt)}",
            self.target(nxt), dict(self.source(step), item=nxt.id, after=step.id))

    def actor(self, number: int, step) -> Question | None:
        """Who does the step."""
        roles = self.roles
        if step.actor == UNSPECIFIED or step.actor not in roles:
            return None
        correct = roles[step.actor].name
        pool_ids = self.actors_in_channel - {step.actor}
        if len(pool_ids) < 2:
            pool_ids = self.actors_everywhere - {step.actor}
        return self._ask(number, step, "actor", correct, [roles[r].name for r in pool_ids if r in roles],
                         "由谁负责？", f"由{correct}负责", role=step.actor)

    def limit(self, number: int, step) -> Question | None:
        """The step's time limit."""
        if step.time_limit is None:
            return None
        correct = time_limit_text(step.time_limit)
        return self._ask(number, step, "limit", correct, self.all_limits, "的时限是？", f"的时限是{correct}")

    def _ask(self, number: int, step, kind: str, correct: str, pool: list[str], asked: str, answer: str,
             **source) -> Question | None:
        """A question on one fact of the step (`kind`: actor, limit), or None without distractors."""
        procedure = self.procedure
        qid = f"{kind}-{procedure.id}-{step.id}"
        made = _options(qid, correct, pool)
        if not made:
            return None
        text = self.text(step)
        return Question(
            qid, kind, procedure.channel, procedure.id,
            f"在「{procedure.title}」中，第{number}步“{texts.shorten(text, 40)}”{asked}",
            made[0], made[1], f"「{procedure.title}」第{number}步{answer}：{text}",
            self.target(step), dict(self.source(step), **source))


def _outcome(catalog, table, rule) -> str:
    labels = {o.id: o.label for o in table.outputs}
    return "；".join(f"{labels[k]}：{plain(catalog, table, v)}" for k, v in rule.then.items() if k in labels)


def decision_case(catalog, table, index: int) -> dict | None:
    """A case (input id -> value) in which rule `index` is the only rule that applies."""
    compiled, problems = compile_table(table, catalog.quantity_lookup(table))
    if compiled is None:
        return None
    for combo in compiled.combos():
        if compiled.is_impossible(combo):
            continue
        if compiled.matching(combo) == [index]:
            return combo
    return None


def _decision_questions(catalog, page_of) -> list[Question]:
    out = []
    for table in catalog.kind("decision_tables").values():
        if table.construction or table.unverified:
            continue
        page = (page_of("decision_tables", table.id) or "").split("#")[0]
        outcomes = [_outcome(catalog, table, r) for r in table.rules if not r.constructed]
        for index, rule in enumerate(table.rules):
            if rule.constructed:
                continue
            case = decision_case(catalog, table, index)
            if case is None:
                continue
            case_text = "；".join(f"{spec.label}：{show_value(spec, case[spec.id])}" for spec in table.inputs)
            correct = _outcome(catalog, table, rule)
            qid = f"decision-{table.id}-{rule.id}"
            made = _options(qid, correct, outcomes)
            if not made:
                continue
            out.append(Question(
                qid, "decision", table.channel, table.id,
                f"「{table.title}」：{case_text}。结论是什么？", made[0], made[1],
                f"「{table.title}」中只有规则 {index + 1} 适用于这个情况（{case_text}），结论为 {correct}。",
                f"{page}#{table.id}-{rule.id}",
                {"kind": "decision_tables", "record": table.id, "item": rule.id,
                 "case": {k: (v if isinstance(v, (str, bool)) else float(v)) for k, v in case.items()}}))
    return out


def _rule_questions(catalog, page_of) -> list[Question]:
    out = []
    sets = [rs for rs in catalog.kind("rule_sets").values() if not rs.unverified]
    for rule_set in sets:
        page = (page_of("rule_sets", rule_set.id) or "").split("#")[0]
        others = [texts.shorten(plain(catalog, other, r.text), 60) for other in sets if other.id != rule_set.id
                  for r in other.rules if not r.unverified]
        own = {texts.shorten(plain(catalog, rule_set, r.text), 60) for r in rule_set.rules}
        for rule in rule_set.rules:
            if rule.unverified:
                continue
            qid = f"rule-{rule_set.id}-{rule.id}"
            text = plain(catalog, rule_set, rule.text)
            made = _options(qid, texts.shorten(text, 60), [o for o in others if o not in own])
            if not made:
                continue
            out.append(Question(
                qid, "rule", rule_set.channel, rule_set.id,
                f"处理「{rule_set.title}」涉及的事情时，下面哪一条规定适用？", made[0], made[1],
                f"这条规定出自「{rule_set.title}」：{text}", f"{page}#{rule_set.id}-{rule.id}",
                {"kind": "rule_sets", "record": rule_set.id, "item": rule.id}))
    return out


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
    out = []
    terms = [t for t in catalog.kind("terms").values() if not t.unverified]
    definitions = {t.id: texts.shorten(plain(catalog, t, t.definition), 60) for t in terms}
    for term in terms:
        page = page_of("terms", term.id) or ""
        for channel in term_channels(catalog, term):
            qid = f"term-{channel}-{term.id}"
            made = _options(qid, definitions[term.id], [d for tid, d in definitions.items() if tid != term.id])
            if not made:
                continue
            out.append(Question(
                qid, "term", channel, "terms", f"“{term.term}”是什么意思？", made[0], made[1],
                f"术语表：{term.term}——{plain(catalog, term, term.definition)}", page,
                {"kind": "terms", "record": term.id}))
    return out


def by_channel(questions: list[Question]) -> dict[str, list[Question]]:
    groups: dict[str, list[Question]] = {c: [] for c in CHANNELS}
    for q in questions:
        groups[q.channel].append(q)
    return {c: qs for c, qs in groups.items() if qs}


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
