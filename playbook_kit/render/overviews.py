"""Pages' views across many records: the glossary, a channel's overview, a
role's view, the checklist index and bundles, the open questions, and the
catalogues of every record of a kind."""
from __future__ import annotations

from playbook_kit.core.checklists import deadline_text, time_limit_text
from playbook_kit.core.models import CHANNELS
from playbook_kit.render.context import PageContext
from playbook_kit.render.records import Records
from playbook_kit.render.site_index import SiteIndex
from playbook_kit.render.templating import Templates
from playbook_kit.views.open_questions import grouped
from playbook_kit.views.pinyin import pinyin_of
from playbook_kit.views.roles import RoleParts, role_parts

OVERVIEW_KINDS = ("procedures", "events", "decision_tables", "rule_sets", "forms", "scripts")


class Overviews:
    def __init__(self, templates: Templates, site: SiteIndex, records: Records):
        self.templates = templates
        self.site = site
        self.records = records
        self.catalog = templates.catalog

    def all_of(self, kind: str, template: str, page: PageContext) -> str:
        return self.templates.render(template, page, records=list(self.catalog.kind(kind).values()))

    # --- a role: everything it does -----------------------------------------------------------
    def role_view(self, role_id: str, page: PageContext) -> str:
        """Everything one role does, across all procedures, events, checklists and scripts."""
        parts = role_parts(self.catalog, role_id)
        return self.templates.render("role_view.html", page, role=self.catalog.kind("roles")[role_id],
                                     steps=self._role_steps(parts), stages=self._role_stages(parts),
                                     checklists=parts.checklists, scripts=parts.scripts, rules=parts.rules,
                                     page_of=self.site.page_of)

    def _role_steps(self, parts: RoleParts) -> list[dict]:
        """The procedure steps the role acts in."""
        steps = []
        for procedure, number, step in parts.steps:
            page = self.site.page_of("procedures", procedure.id).split("#")[0]
            steps.append({"origin": procedure, "number": number, "text": step.action,
                          "limit": time_limit_text(step.time_limit),
                          "target": f"{page}#{procedure.id}-{step.id}"})
        return steps

    def _role_stages(self, parts: RoleParts) -> list[dict]:
        """The event stages and parts the role owns (a part without owner: its stage's)."""
        return [{"origin": event, "title": part.title, "limit": deadline_text(part.deadline or stage.deadline),
                 "target": f"{self.site.page_of('events', event.id).split('#')[0]}#{event.id}-{part.id}"}
                for event, stage, part in parts.stages]

    # --- a channel ---------------------------------------------------------------------------
    def channel_overview(self, channel: str, page: PageContext) -> str:
        groups = {kind: [r for r in self.catalog.kind(kind).values() if r.channel == channel] for kind in OVERVIEW_KINDS}
        documents = [s for s in self.catalog.kind("sources").values() if s.channel == channel]
        checklist_of = {c.source.procedure or c.source.event: c for c in self.catalog.kind("checklists").values()}
        return self.templates.render("channel_overview.html", page, channel_id=channel, groups=groups,
                                     documents=sorted(documents, key=lambda d: d.order), page_of=self.site.page_of,
                                     checklist_of=checklist_of,
                                     has_bundle=channel in self.site.checklists_by_channel())

    # --- checklists ----------------------------------------------------------------------------
    def checklists_index(self, page: PageContext) -> str:
        by_role: dict[str, list] = {}
        for checklist in self.catalog.kind("checklists").values():
            by_role.setdefault(checklist.audience, []).append(checklist)
        role_name = self.templates.role_name
        return self.templates.render("checklists_index.html", page, by_channel=self.site.checklists_by_channel(),
                                     by_role=dict(sorted(by_role.items(), key=lambda kv: role_name(kv[0]))),
                                     origin_of=self.site.checklist_source, target_of=self.site.checklist_target)

    def checklist_bundle(self, channel: str, page: PageContext) -> str:
        sheets = [dict(rec=checklist, **self.records.checklist_context(checklist))
                  for checklist in self.site.checklists_by_channel().get(channel, [])]
        return self.templates.render("checklist_bundle.html", page, channel_id=channel, sheets=sheets)

    # --- open questions --------------------------------------------------------------------------
    def open_questions(self, page: PageContext) -> str:
        groups = grouped(self.catalog)
        return self.templates.render("open_questions.html", page, groups=groups,
                                     total=sum(len(g["questions"]) for g in groups),
                                     resolved_total=sum(len(g["resolved"]) for g in groups),
                                     page_of=self.site.page_of)

    # --- the glossary ------------------------------------------------------------------------------
    def glossary(self, page: PageContext) -> str:
        """The glossary: an index by the first letter of the pinyin and by
        channel, then the terms grouped by letter (pinyin order)."""
        terms = self.catalog.kind("terms").values()
        spoken = pinyin_of(self.catalog.root, (w for t in terms for w in [t.term, *t.aliases]))
        entries = sorted(terms, key=lambda term: (spoken[term.term][1], term.term))
        groups: dict[str, list] = {}
        for term in entries:
            groups.setdefault(_index_letter(spoken[term.term][0]), []).append(term)
        filter_words = {t.id: " ".join([t.term, *t.aliases, spoken[t.term][0], *(spoken[a][0] for a in t.aliases)])
                        for t in entries}
        ordered = dict(sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0])))
        by_channel = self._terms_by_channel(entries)
        return self.templates.render("terms_all.html", page, groups=ordered, filter_words=filter_words,
                                     by_channel={c: ts for c, ts in by_channel.items() if ts}, count=len(entries))

    def _terms_by_channel(self, terms: list) -> dict[str, list]:
        """Each channel's terms: those of its source documents, in glossary order."""
        sources = self.catalog.kind("sources")
        by_channel: dict[str, list] = {channel: [] for channel in CHANNELS}
        for term in terms:
            for channel in dict.fromkeys(sources[s].channel for s in term.sources if s in sources):
                by_channel[channel].append(term)
        return by_channel


def _index_letter(initials: str) -> str:
    """The glossary index letter of a word's pinyin initials (`#`: not a Latin letter)."""
    return initials[:1] if initials[:1].isalpha() and initials[:1].isascii() else "#"
