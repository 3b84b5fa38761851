"""Learning paths (新人上手): an ordered reading list per role and per channel.

Everything is derived from the catalogue: a role's path holds, per channel, the
channel's start page, the procedures and events where the role acts, the rule
sets that name it, the channel's decision tables, its checklists and scripts,
and the terms those records use. Reading time is the text's length at
READING_SPEED characters per minute (Chinese prose), at least one minute.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from playbook_kit.core import texts
from playbook_kit.core.texts import record_title
from playbook_kit.core.models import CHANNEL_KINDS, CHANNELS, KIND_NAMES, UNSPECIFIED
from playbook_kit.source.project_files import PAGES_DIR

READING_SPEED = 400  # Chinese characters per minute, a new hire reading carefully
OUTSIDE = frozenset({"卖场", "客户", "其他"})   # organisations that are not our side: their paths are apart
THIN = 4             # a path of at most this many items says what else to read
SKIP_KEYS = {"id", "quotes", "sources", "unverified", "channel", "actor", "owner", "roles", "speaker",
             "audience", "coordinator", "source", "critical", "version", "type", "hit_policy", "constructed",
             "construction", "relation", "unit", "wording", "items", "step", "see_also"}


def reading_chars(record, strings: list | None = None) -> int:
    total = 0
    for path, text in (texts.walk_strings(record) if strings is None else strings):
        if not SKIP_KEYS.isdisjoint(path):  # key paths hold names and list indexes
            continue
        total += len(text)
    return total


def minutes(chars: int) -> int:
    return max(1, math.ceil(chars / READING_SPEED))


@dataclass
class Item:
    key: str            # stable key for the progress store: the target page and anchor
    kind: str
    title: str
    target: str
    minutes: int
    note: str = ""
    terms: list = field(default_factory=list)   # (term, target) for the terms item
    record: str = ""    # the record's id (procedures, tables, rule sets: their quiz section)


@dataclass
class Section:
    channel: str
    items: list[Item]


@dataclass
class Path:
    id: str             # role-<id> or channel-<id>
    title: str
    intro: str
    sections: list[Section]
    side: str = "channel"   # channel (a channel's whole path), own (our roles), outside (other parties)
    more: list = field(default_factory=list)   # (title, target) to read next when the path is thin

    @property
    def page(self) -> str:
        return f"learn/{self.id}.md"

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for s in self.sections for item in s.items)

    @property
    def count(self) -> int:
        return sum(len(s.items) for s in self.sections)


def _owned_note(owned: list[str]) -> str:
    """The stages and parts a role owns in an event, at most four named."""
    if not owned:
        return ""
    return "你负责：" + "、".join(owned[:4]) + ("等" if len(owned) > 4 else "")


class Paths:
    def __init__(self, catalog, page_of, checklist_source):
        self.catalog = catalog
        self.page_of = page_of
        self.checklist_source = checklist_source
        self._chars: dict[int, tuple] = {}  # id(record) -> (record, reading_chars): a record is in many paths
        # channel -> kind -> records in catalogue order: every (channel, role) section looks here
        self._by_channel: dict[str, dict[str, list]] = {channel: {} for channel in CHANNELS}
        for kind in CHANNEL_KINDS:
            for record in catalog.kind(kind).values():
                self._by_channel.setdefault(record.channel, {}).setdefault(kind, []).append(record)
        for checklist in catalog.kind("checklists").values():
            self._by_channel.setdefault(checklist_source(checklist).channel, {}).setdefault(
                "checklists", []).append(checklist)

    def _of(self, channel: str, kind: str) -> list:
        return self._by_channel.get(channel, {}).get(kind, [])

    def channel_start(self, channel: str) -> Item:
        page = self.catalog.root / PAGES_DIR / channel / "index.md"
        text = page.read_text(encoding="utf-8") if page.exists() else ""
        prose = sum(len(line) for line in text.splitlines() if line.strip() and "{{" not in line)
        records = sum(len(self._of(channel, kind)) for kind in CHANNEL_KINDS)
        return Item(f"{channel}/", "channel", f"{CHANNELS[channel]}：渠道首页", f"{channel}/",
                    minutes(prose + 30 * records), "先了解这个渠道有哪些流程、规则和检查表")

    def record_item(self, kind: str, record, note: str = "") -> Item | None:
        target = self.page_of(kind, record.id)
        if target is None:
            return None
        return Item(target, kind, f"{KIND_NAMES[kind]}：{record_title(record)}", target,
                    minutes(self.chars(record)), note, record=record.id)

    def chars(self, record) -> int:
        key = id(record)
        if key not in self._chars:
            self._chars[key] = (record, reading_chars(record, self.catalog.strings_of(record)))
        return self._chars[key][1]

    def terms_item(self, records: list) -> Item | None:
        found = []
        used = frozenset().union(*(self.catalog.terms_in(record) for record in records))
        for term in self.catalog.kind("terms").values():
            if term.id in used:
                target = self.page_of("terms", term.id)
                if target:
                    found.append((term, target))
        if not found:
            return None
        chars = sum(len(t.term) + len(t.definition) for t, _ in found)
        item = Item("terms:" + ",".join(sorted(t.id for t, _ in found)), "terms",
                    f"会遇到的术语（{len(found)}个）", found[0][1], minutes(chars))
        item.terms = [(t.term, target) for t, target in found]
        return item

    def _section(self, channel: str, role_id: str | None) -> Section | None:
        items: list[Item] = []
        records: list = []  # the records listed: their terms make the terms item
        for kind, record, note in self._reading(channel, role_id):
            item = self.record_item(kind, record, note)
            if item:
                items.append(item)
                records.append(record)
        items += [self.checklist_item(checklist) for checklist in self._checklists(channel, role_id)]
        if not items:
            return None
        terms = self.terms_item(records)
        if terms:
            items.append(terms)
        return Section(channel, [self.channel_start(channel)] + items)

    def _reading(self, channel: str, role_id: str | None) -> list[tuple[str, object, str]]:
        """(kind, record, note) in reading order: a role's own procedures and events, the rule sets
        naming it, the decision tables (when it acts in the channel) and its scripts; a channel's path
        (`role_id` None) has all of them and the forms."""
        acted = self._procedures(channel, role_id) + self._events(channel, role_id)
        reading = acted + self._rule_sets(channel, role_id)
        if role_id is None or acted:
            reading += [("decision_tables", table, table.question) for table in self._of(channel, "decision_tables")]
        if role_id is None:
            reading += [("forms", form, "") for form in self._of(channel, "forms")]
        reading += [("scripts", script, "") for script in self._of(channel, "scripts")
                    if role_id is None or role_id in script.roles]
        return reading

    def _procedures(self, channel: str, role_id: str | None) -> list[tuple[str, object, str]]:
        found = []
        for procedure in self._of(channel, "procedures"):
            numbers = [str(n) for n, s in enumerate(procedure.steps, 1) if role_id and s.actor == role_id]
            if role_id is None or numbers:
                found.append(("procedures", procedure, f"你负责第{'、'.join(numbers)}步" if numbers else ""))
        return found

    def _events(self, channel: str, role_id: str | None) -> list[tuple[str, object, str]]:
        found = []
        for event in self._of(channel, "events"):
            owned = [p.title for st in event.stages for p in [st, *st.parts] if (p.owner or st.owner) == role_id]
            if role_id is None or owned:
                found.append(("events", event, _owned_note(owned)))
        return found

    def _rule_sets(self, channel: str, role_id: str | None) -> list[tuple[str, object, str]]:
        found = []
        for rule_set in self._of(channel, "rule_sets"):
            named = sum(1 for r in rule_set.rules if role_id in r.roles)
            if role_id is None or named:
                found.append(("rule_sets", rule_set, f"其中{named}条规定与你有关" if named else ""))
        return found

    def _checklists(self, channel: str, role_id: str | None) -> list:
        return [checklist for checklist in self._of(channel, "checklists")
                if role_id is None or role_id in (checklist.audience, checklist.coordinator)]

    def checklist_item(self, checklist) -> Item:
        return Item(f"checklists/{checklist.id}/", "checklists", f"检查表：{checklist.title}",
                    f"checklists/{checklist.id}/", minutes(self.chars(checklist) + 40 * sum(
                        len(p.items) for p in checklist.pause_points)),
                    "到店时用“开始执行”在手机上逐项勾选")

    def for_role(self, role_id: str) -> Path | None:
        """A role's path, titled with its channels (经理 of a 4S showroom is not 各地区经理 of KA);
        another party's role (a store, a customer, a supplier) is labelled as such."""
        role = self.catalog.kind("roles")[role_id]
        sections = [s for s in (self._section(c, role_id) for c in CHANNELS) if s]
        if not sections:
            return None
        channels = "、".join(CHANNELS[s.channel] for s in sections)
        description = texts.filled(role.description, self.catalog.quantity_lookup(role))
        if role.organisation in OUTSIDE:
            return Path(f"role-{role_id}", f"了解对方：{role.name}（{channels}）",
                        f"{role.name}不是我方岗位（{role.organisation}）：这里列出和{role.name}打交道时要读的内容。"
                        f"{description}", sections, "outside")
        return Path(f"role-{role_id}", f"新人上手：{role.name}（{channels}）",
                    f"{role.name}（{role.organisation}）：{description}", sections, "own")

    def for_channel(self, channel: str) -> Path | None:
        section = self._section(channel, None)
        if section is None:
            return None
        return Path(f"channel-{channel}", f"新人上手：{CHANNELS[channel]}（全渠道）",
                    f"{CHANNELS[channel]}渠道的全部内容，按阅读顺序排列。", [section])

    def all(self) -> list[Path]:
        channel_paths = {c: p for c, p in ((c, self.for_channel(c)) for c in CHANNELS) if p}
        roles = [p for p in (self.for_role(r) for r in self.catalog.kind("roles") if r != UNSPECIFIED) if p]
        for path in roles:
            if path.count <= THIN:
                path.more = [(channel_paths[s.channel].title, f"learn/{channel_paths[s.channel].id}/")
                             for s in path.sections if s.channel in channel_paths]
        return list(channel_paths.values()) + roles


def by_channel(paths: list[Path]) -> list[dict]:
    """The index: per channel, the channel's path, our roles' paths, then other parties' apart."""
    groups = []
    for channel in CHANNELS:
        inside = [p for p in paths if channel in {s.channel for s in p.sections}]
        if inside:
            groups.append({"channel": channel,
                           "whole": [p for p in inside if p.side == "channel"],
                           "own": [p for p in inside if p.side == "own"],
                           "outside": [p for p in inside if p.side == "outside"]})
    return groups
