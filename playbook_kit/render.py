"""Render records to HTML through one template per kind.

The Jinja environment here is sandboxed and autoescapes: record text can
never become markup or run template code. Templates live in
`playbook_kit/templates/`, one file per kind of record.
"""
from __future__ import annotations

import posixpath
import subprocess
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import texts
from .catalog import Catalog
from .decisions import HIT_POLICIES, cell_label, compile_table, helper_data
from .models import CHANNELS, TimeLimit
from .pages import MACROS

TEMPLATES = Path(__file__).parent / "templates"


def time_limit_text(limit: TimeLimit | None) -> str:
    if limit is None:
        return ""
    amount = texts.format_quantity(limit.amount)
    if limit.relation == "内":
        return f"{limit.anchor or ''}{amount}内"
    return f"{limit.anchor or ''}{limit.relation}{amount}"


def short_text(text: str, limit: int = 22) -> str:
    """The first clause of a step's action, for flowchart boxes."""
    for mark in "。；，：":
        if mark in text[:limit + 1]:
            return text[:text.index(mark)]
    return text if len(text) <= limit else text[:limit] + "…"


def deadline_text(deadline) -> str:
    if deadline is None:
        return ""
    def one(day: int) -> str:
        return "活动日 (T)" if day == 0 else (f"T{day:+d}")
    if deadline.until_day is None:
        return one(deadline.day)
    return f"{one(deadline.day)} ~ {one(deadline.until_day)}"


@lru_cache(maxsize=4)
def _git_dates(root: str) -> dict[str, str]:
    """Date of the last commit touching each file, from one `git log` run."""
    try:
        result = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", "data", "checklists"],
                                cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in result.stdout.splitlines() if result.returncode == 0 else []:
        if line.startswith("\x00"):
            current = line[1:]
        elif line and line not in dates:
            dates[line] = current  # newest commit comes first
    return dates


def _git_date(root: str, paths: tuple[str, ...]) -> str:
    dates = [d for d in (_git_dates(root).get(path) for path in paths) if d]
    return max(dates) if dates else ""


class Renderer:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(
            role=self.role_name, text=self.segments, source=self.source,
            time_limit=time_limit_text, deadline=deadline_text, channel=CHANNELS.get,
            hit_policy=HIT_POLICIES.get,
            short=short_text, timeline=self.timeline, term_name=self.term_name,
            term_usage=self.term_usage, link=self.link)
        self.base = ""  # relative path from the current page to the site root
        self.directory_urls = True  # mkdocs' use_directory_urls (False in the offline build)

    # --- helpers the templates call -------------------------------------------------
    def role_name(self, role_id: str) -> str:
        role = self.catalog.kind("roles").get(role_id)
        return role.name if role else role_id

    def term_name(self, term_id: str) -> str:
        term = self.catalog.kind("terms").get(term_id)
        return term.term if term else term_id

    def source(self, source_id: str):
        return self.catalog.kind("sources").get(source_id)

    def segments(self, record, text: str) -> list[texts.Segment]:
        return texts.split(text, self.catalog.quantity_lookup(record))

    def link(self, target: str) -> str:
        """A link from the current page to `target` (a site path like `glossary/#x`)."""
        path, hash_, anchor = target.partition("#")
        if not self.directory_urls and (path == "" or path.endswith("/")):
            stem = path.rstrip("/")
            if not stem:
                path = "index.html"
            elif (self.catalog.root / "playbooks" / stem / "index.md").exists():
                path = stem + "/index.html"
            else:
                path = stem + ".html"
        target = path + hash_ + anchor
        return posixpath.join(self.base, target) if self.base else target

    # --- rendering ----------------------------------------------------------------------
    def render(self, template: str, **context) -> str:
        html = self.env.get_template(template).render(**context)
        # Markdown treats indented lines as code and blank lines as block ends:
        # emit one compact raw-HTML block.
        return "\n".join(line.strip() for line in html.splitlines() if line.strip())

    def record(self, kind: str, record_id: str) -> str:
        record = self.catalog.kind(kind)[record_id]
        context = {"rec": record}
        if kind == "decision_tables":
            lookup = self.catalog.quantity_lookup(record)
            compiled, _ = compile_table(record, lookup)
            context["sizes"] = compiled.domain_size() if compiled else []
            context["cell_of"] = lambda raw, spec: cell_label(raw, spec, lookup)
            context["helper"] = helper_data(record, lookup)
        if kind == "checklists":
            context.update(self.checklist_context(record))
        return self.render(f"{kind}.html", **context)

    def checklist_context(self, checklist) -> dict:
        if checklist.source.procedure:
            procedure = self.catalog.kind("procedures")[checklist.source.procedure]
            items = {step.id: {"text": step.action, "owner": step.actor,
                               "limit": time_limit_text(step.time_limit),
                               "uncertain": bool(step.unverified)} for step in procedure.steps}
            origin, parent = procedure, ("procedures", procedure.id)
        else:
            event = self.catalog.kind("events")[checklist.source.event]
            items = {}
            for stage in event.stages:
                items[stage.id] = {"text": stage.title + "：" + "；".join(stage.tasks or [p.title for p in stage.parts]),
                                   "owner": stage.owner, "limit": deadline_text(stage.deadline),
                                   "uncertain": bool(stage.unverified)}
                for part in stage.parts:
                    items[part.id] = {"text": part.title + "：" + "；".join(part.tasks), "owner": part.owner or stage.owner,
                                      "limit": deadline_text(part.deadline or stage.deadline),
                                      "uncertain": bool(part.unverified)}
            origin, parent = event, ("events", event.id)
        files = (self.catalog.source_files("checklists", checklist.id), self.catalog.source_files(*parent))
        listed = [item_id for point in checklist.pause_points for item_id in point.items]
        for item_id in listed:  # an unassigned owner is an open question too
            items[item_id]["uncertain"] = items[item_id]["uncertain"] or items[item_id]["owner"] == "unspecified"
        page = self.page_of(*parent)
        return {"items": items, "origin": origin, "unassigned": "unspecified",
                "uncertain_count": sum(1 for item_id in listed if items[item_id]["uncertain"]),
                "origin_page": page.split("#")[0] if page else "",
                "data_date": _git_date(str(self.catalog.root), files) or "未提交"}

    def checklist_source(self, checklist):
        if checklist.source.procedure:
            return self.catalog.kind("procedures")[checklist.source.procedure]
        return self.catalog.kind("events")[checklist.source.event]

    def checklists_by_channel(self) -> dict[str, list]:
        groups: dict[str, list] = {channel: [] for channel in CHANNELS}
        for checklist in self.catalog.kind("checklists").values():
            groups[self.checklist_source(checklist).channel].append(checklist)
        return {channel: items for channel, items in groups.items() if items}

    def checklists_index(self) -> str:
        by_role: dict[str, list] = {}
        for checklist in self.catalog.kind("checklists").values():
            by_role.setdefault(checklist.audience, []).append(checklist)
        return self.render("checklists_index.html", by_channel=self.checklists_by_channel(),
                           by_role=dict(sorted(by_role.items(), key=lambda kv: self.role_name(kv[0]))),
                           origin_of=self.checklist_source)

    def checklist_bundle(self, channel: str) -> str:
        sheets = [dict(rec=checklist, **self.checklist_context(checklist))
                  for checklist in self.checklists_by_channel().get(channel, [])]
        return self.render("checklist_bundle.html", channel_id=channel, sheets=sheets)

    ANCHORS = {"procedures": "proc", "rule_sets": "rules", "forms": "form", "decision_tables": "dt",
               "events": "event", "scripts": "script", "operating_models": "model"}

    def page_of(self, kind: str, record_id: str) -> str | None:
        """Site path of the page that renders a record, with its anchor."""
        if not hasattr(self, "_page_index"):
            self._page_index: dict[tuple[str, str], str] = {}
            for call in self.catalog.calls:
                spec = MACROS[call.name]
                if not spec.covers:
                    continue
                page = call.page.removeprefix("playbooks/").removesuffix(".md")
                page = "" if page == "index" else page.removesuffix("/index") + "/"
                keys = ([(spec.covers_all, rid) for rid in self.catalog.kind(spec.covers_all)]
                        if spec.covers_all else [(spec.kind, call.argument)])
                for key in keys:
                    self._page_index.setdefault(key, page)
        page = self._page_index.get((kind, record_id))
        return None if page is None else f"{page}#{self.ANCHORS.get(kind, kind)}-{record_id}"

    @staticmethod
    @lru_cache(maxsize=512)
    def _page_title(markdown_file: Path) -> str:
        for line in markdown_file.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return markdown_file.stem

    def page_title(self, page_url: str) -> str:
        page = page_url.split("#")[0].rstrip("/") or "index"
        base = self.catalog.root / "playbooks"
        for candidate in (base / f"{page}.md", base / page / "index.md"):
            if candidate.exists():
                return self._page_title(candidate)
        return page

    def term_usage(self, term) -> list[tuple[str, str]]:
        """Pages whose records use the term (or an alias), as (title, link target)."""
        words = [term.term, *term.aliases]
        found: dict[str, str] = {}
        for kind, record_id, record in self.catalog.all_records():
            if kind in ("terms", "roles", "sources", "checklists"):
                continue
            if not any(word in text for _, text in texts.walk_strings(record) for word in words):
                continue
            target = self.page_of(kind, record_id)
            if target:
                found.setdefault(target.split("#")[0], target)
        return sorted(((self.page_title(page), target) for page, target in found.items()))

    def page_records(self, page: str) -> list[tuple[str, str]]:
        """(kind, id) of every record a page renders."""
        if not hasattr(self, "_calls_by_page"):
            self._calls_by_page: dict[str, list] = {}
            for call in self.catalog.calls:
                self._calls_by_page.setdefault(call.page, []).append(call)
        found = []
        for call in self._calls_by_page.get(page, []):
            spec = MACROS[call.name]
            if spec.covers_all:
                found.extend((spec.covers_all, rid) for rid in self.catalog.kind(spec.covers_all))
            elif spec.covers and call.argument in self.catalog.kind(spec.kind):
                found.append((spec.kind, call.argument))
            if call.name == "checklist_bundle":
                found.extend(("checklists", c.id) for c in self.checklists_by_channel().get(call.argument, []))
        return found

    def page_footer(self, page: str, edit_base: str = "") -> str:
        """Where the page and its data live, who owns them, when they were reviewed."""
        files: list[str] = []
        documents: dict[str, object] = {}
        records = self.page_records(page)
        generated = not (self.catalog.root / page).exists()
        if generated and page.startswith("playbooks/roles/"):
            records = [("roles", page.removeprefix("playbooks/roles/").removesuffix(".md"))]
        for kind, record_id in records:
            files.append(self.catalog.source_files(kind, record_id))
            record = self.catalog.kind(kind)[record_id]
            if kind == "checklists":
                origin = self.checklist_source(record)
                files.append(self.catalog.source_files(
                    "procedures" if record.source.procedure else "events", origin.id))
                record = origin
            for source_id in getattr(record, "sources", []) if kind != "sources" else [record_id]:
                if source_id in self.catalog.kind("sources"):
                    documents[source_id] = self.catalog.kind("sources")[source_id]
        files = sorted(set(files))
        return self.render("page_footer.html", page=None if generated else page, files=files, edit_base=edit_base,
                           documents=sorted(documents.values(), key=lambda d: d.order) if len(documents) <= 6 else [],
                           many=len(documents) > 6)

    @staticmethod
    def timeline(event) -> dict:
        """Stages and parts placed on days relative to the event day (T = 0)."""
        untimed, timed = [], []
        for stage in sorted(event.stages, key=lambda st: st.order):
            entries = [(stage, stage.deadline)] + [(part, part.deadline) for part in stage.parts]
            for item, deadline in entries:
                label = f"{stage.order}" if item is stage else f"{stage.order}-{stage.parts.index(item) + 1}"
                entry = {"label": label, "title": item.title, "when": deadline_text(deadline), "item": item}
                if deadline is None:
                    if item is stage and not any(p.deadline for p in stage.parts):
                        untimed.append(entry)
                else:
                    entry["day"] = deadline.until_day if deadline.until_day is not None else deadline.day
                    timed.append(entry)
        timed.sort(key=lambda e: e["day"])
        return {"untimed": untimed, "timed": timed}

    def role_view(self, role_id: str) -> str:
        """Everything one role does, across all procedures, events, checklists and scripts."""
        role = self.catalog.kind("roles")[role_id]
        steps = []
        for procedure in self.catalog.kind("procedures").values():
            for number, step in enumerate(procedure.steps, start=1):
                if step.actor == role_id:
                    steps.append({"origin": procedure, "number": number, "text": step.action,
                                  "limit": time_limit_text(step.time_limit),
                                  "target": f"{self.page_of('procedures', procedure.id).split('#')[0]}#{procedure.id}-{step.id}"})
        stages = []
        for event in self.catalog.kind("events").values():
            for stage in event.stages:
                for part in [stage, *stage.parts]:
                    owner = part.owner or stage.owner
                    if owner == role_id:
                        stages.append({"origin": event, "title": part.title,
                                       "limit": deadline_text(part.deadline or stage.deadline),
                                       "target": f"{self.page_of('events', event.id).split('#')[0]}#{event.id}-{part.id}"})
        checklists = [c for c in self.catalog.kind("checklists").values() if role_id in (c.audience, c.coordinator)]
        scripts = [s for s in self.catalog.kind("scripts").values() if role_id in s.roles]
        rules = [(rule_set, rule) for rule_set in self.catalog.kind("rule_sets").values()
                 for rule in rule_set.rules if role_id in rule.roles]
        return self.render("role_view.html", role=role, steps=steps, stages=stages, checklists=checklists,
                           scripts=scripts, rules=rules, page_of=self.page_of)

    def channel_overview(self, channel: str) -> str:
        kinds = ("procedures", "events", "decision_tables", "rule_sets", "forms", "scripts")
        groups = {kind: [r for r in self.catalog.kind(kind).values() if r.channel == channel] for kind in kinds}
        documents = [s for s in self.catalog.kind("sources").values() if s.channel == channel]
        checklist_of = {c.source.procedure or c.source.event: c for c in self.catalog.kind("checklists").values()}
        return self.render("channel_overview.html", channel_id=channel, groups=groups,
                           documents=sorted(documents, key=lambda d: d.order), page_of=self.page_of,
                           checklist_of=checklist_of, has_bundle=channel in self.checklists_by_channel())

    def open_questions(self, edit_base: str = "") -> str:
        from .open_questions import grouped
        groups = grouped(self.catalog)
        return self.render("open_questions.html", groups=groups, total=sum(len(g["questions"]) for g in groups),
                           page_of=self.page_of, edit_base=edit_base or self.edit_base)

    edit_base = ""  # set by the build from mkdocs.yml's extra.edit_base

    def all_of(self, kind: str, template: str) -> str:
        return self.render(template, records=list(self.catalog.kind(kind).values()))

    def inline(self, template: str, **context) -> str:
        return self.render(template, **context).replace("\n", " ")
