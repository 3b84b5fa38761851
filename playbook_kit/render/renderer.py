"""Render records to HTML through one template per kind.

The Jinja environment here is sandboxed and autoescapes: record text can
never become markup or run template code. Templates live in
`playbook_kit/templates/`, one file per kind of record.
"""
from __future__ import annotations

import json
import posixpath
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable

from jinja2 import FileSystemLoader, StrictUndefined
from markupsafe import Markup
from jinja2.sandbox import ImmutableSandboxedEnvironment

from playbook_kit.core import texts
from playbook_kit.core.texts import record_title
from playbook_kit.source import gitsnap
from playbook_kit.source.catalog import Catalog
from playbook_kit.core.checklists import checklist_items, deadline_text, printed_content, time_limit_text
from playbook_kit.core.decisions import HIT_POLICIES, HOW_TO_READ, cell_label, compile_table, helper_data
from playbook_kit.views.edit_links import EditLinks
from playbook_kit.views.history import checklist_history, history, recent_updates
from playbook_kit.render.html_policy import escape_text
from playbook_kit.core.models import CHANNELS, UNSPECIFIED
from playbook_kit.source.page_syntax import MacroError, PageRenderer, split_front_matter
from playbook_kit.source.pages import MACROS, check_front_matter, records_shown, scan_pages
from playbook_kit.source.project_files import PAGES_DIR, page_url
from playbook_kit.views.pinyin import pinyin_of
from playbook_kit.render.template_cache import bytecode_cache

TEMPLATES = Path(__file__).parent / "templates"


def page_base(page_url: str) -> str:
    """Relative path from a page back to the site root: `ka/rtmart/` (directory
    URLs) and `ka/rtmart.html` (offline build) both give `../`-style prefixes."""
    directory = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    depth = len([part for part in directory.split("/") if part])
    return "../" * depth


def _latest(dates: dict[str, str], paths: tuple[str, ...]) -> str:
    found = [d for d in (dates.get(path) for path in paths) if d]
    return max(found) if found else ""


@lru_cache(maxsize=512)
def _title_of(markdown_file: Path, mtime: int, size: int) -> str:
    """A page's first heading (keyed by the file's state: serve keeps this process)."""
    heading = texts.page_heading(markdown_file.read_text(encoding="utf-8"))
    return markdown_file.stem if heading is None else heading


class _Active:
    """The Renderer whose records the templates are rendering now (one at a time)."""
    renderer: "Renderer | None" = None


def _helper(name: str) -> Callable:
    def call(*args, **kwargs):
        return getattr(_Active.renderer, name)(*args, **kwargs)
    call.__name__ = name
    return call


class _TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, remembering its verdicts: whether an attribute
    is safe depends only on the object's type and the attribute's name
    (`is_internal_attribute` and `modifies_known_mutable` test `isinstance`),
    and the templates ask the same few thousand times per build."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._verdicts: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
        return verdict

    def getattr(self, obj, attribute: str):
        """`rec.title`, `step.actor` …: an attribute already found safe for this
        type, holding plain data (not a method, so no `str.format` to wrap),
        is returned without asking again; anything else takes Jinja's own way."""
        if self._verdicts.get((type(obj), attribute)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if type(value) in _PLAIN:
                    return value
        return super().getattr(obj, attribute)


# attribute values that cannot be or carry a callable the sandbox must wrap
_PLAIN = {str, int, float, bool, type(None), list, tuple, dict, Markup}


@lru_cache(maxsize=4)
def template_environment(root: Path | None = None) -> ImmutableSandboxedEnvironment:
    """One environment per process (and project), so each template is compiled
    once, not once per build (`mkdocs serve` rebuilds in the same process;
    edited templates are reloaded), and loaded compiled from the project's
    trusted cache when a previous build compiled it (template_cache.py).
    Helpers that need the catalogue call the active Renderer."""
    env = _TemplateSandbox(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, auto_reload=True,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=bytecode_cache(root) if root is not None else None)
    env.globals.update(
        role=_helper("role_name"), text=_helper("segments"), source=_helper("source"),
        time_limit=time_limit_text, deadline=deadline_text, channel=CHANNELS.get,
        hit_policy=HIT_POLICIES.get, how_to_read=HOW_TO_READ.get,
        short=partial(texts.first_clause, limit=22), timeline=_helper("timeline"), term_name=_helper("term_name"),
        term_usage=_helper("term_usage"), link=_helper("link"))
    return env


class Renderer:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.env = template_environment(Path(catalog.root).resolve())
        self.base = ""  # relative path from the current page to the site root
        self.directory_urls = True  # mkdocs' use_directory_urls (False in the offline build)
        # MkDocs leaves a relative link in HTML as written (relative to the page's URL);
        # Zensical resolves it from the page's Markdown file, like a link to a .md file
        self.links_from_source = False
        self.pages = PageRenderer(self.macros(), MACROS)
        self._rendered: dict[tuple, tuple[str | None, list]] = {}

    def base_of(self, path: str) -> str:
        """The prefix from page file `path` back to the site root, for the links macros write."""
        return page_base(page_url(path, self.directory_urls and not self.links_from_source))

    # --- helpers the templates call -------------------------------------------------
    def role_name(self, role_id: str) -> str:
        return self.catalog.role_name(role_id)

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
            elif (self.catalog.root / PAGES_DIR / stem / "index.md").exists():
                path = stem + "/index.html"
            else:
                path = stem + ".html"
        target = path + hash_ + anchor
        return posixpath.join(self.base, target) if self.base else target

    # --- pages --------------------------------------------------------------------------
    def macros(self) -> dict[str, Callable]:
        """The callables behind the page macros; an unknown id raises MacroError."""
        catalog = self.catalog

        def get(kind: str, record_id):
            records = catalog.kind(kind)
            if not isinstance(record_id, str) or record_id not in records:
                raise MacroError(f"{record_id}")
            return records[record_id]

        def record_macro(kind: str) -> Callable[[str], str]:
            return lambda record_id: self.record(kind, get(kind, record_id).id)

        def channel(function):
            def call(channel_id):
                if channel_id not in CHANNELS:
                    raise MacroError(f"{channel_id}")
                return function(channel_id)
            return call

        def qty(reference: str) -> str:
            record_id, _, key = str(reference).partition(".")
            found = catalog.find(record_id)
            quantity = getattr(found[1], "quantities", {}).get(key) if found else None
            if quantity is None:
                raise MacroError(f"{reference}")
            return self.inline("qty_inline.html", value=texts.format_quantity(quantity))

        functions: dict[str, Callable] = {name: record_macro(spec.kind) for name, spec in MACROS.items()
                                          if spec.covers and spec.kind and not spec.covers_all}
        functions.update({
            "operating_models": lambda: self.all_of("operating_models", "operating_models_all.html"),
            "glossary": self.glossary,
            "roles_catalog": lambda: self.all_of("roles", "roles_all.html"),
            "sources_catalog": lambda: self.all_of("sources", "sources_all.html"),
            "term": lambda term_id: self.inline("term_inline.html", t=get("terms", term_id)),
            "checklists_index": self.checklists_index,
            "channel_overview": channel(self.channel_overview),
            "role_view": lambda role_id: self.role_view(get("roles", role_id).id),
            "checklist_bundle": channel(self.checklist_bundle),
            "checklist_link": lambda cid: self.inline("checklist_link.html", rec=get("checklists", cid)),
            "qty": qty,
            "recent_updates": self.recent_updates,
            "open_questions": self.open_questions,
            "learning_paths": self.learning_index,
            "quizzes": self.quiz_index,
        })
        assert set(functions) == set(MACROS), "macro table and functions disagree"
        return functions

    def render_page(self, path: str, text: str) -> tuple[str | None, list]:
        """A page file's body with its macros rendered for its own URL, or its problems."""
        front, body, offset = split_front_matter(text)
        if front is not None and check_front_matter(front, path)[0].get("render_macros") is False:
            return body, []
        self.base = self.base_of(path)
        key = (path, body, self.base, self.directory_urls)
        if key not in self._rendered:
            self._rendered[key] = self.pages.render(body, path, offset)
        return self._rendered[key]

    def role_page(self, role_id: str) -> str:
        """The generated page of one role: front matter and HTML, no template source."""
        role = self.catalog.kind("roles")[role_id]
        self.base = self.base_of(f"{PAGES_DIR}/roles/{role_id}.md")
        # role pages repeat the channel pages' steps and rules: rank them lower in search
        front = json.dumps({"title": escape_text(role.name), "render_macros": False,
                            "search": {"boost": 0.3}}, ensure_ascii=False)
        return f"---\n{front}\n---\n\n" + self.render("role_page.html", role=role, view=Markup(self.role_view(role_id))) + "\n"

    # --- learning paths and knowledge checks (generated pages) -------------------------------
    def learning_paths(self) -> list:
        if not hasattr(self, "_paths"):
            from playbook_kit.views.learning import Paths
            self._paths = Paths(self.catalog, self.page_of, self.checklist_source).all()
        return self._paths

    def questions(self) -> dict[str, list]:
        if not hasattr(self, "_questions"):
            from playbook_kit.views.quiz import by_channel, generate
            self._questions = by_channel(generate(self.catalog, self.page_of))
        return self._questions

    def _generated(self, page: str, title: str, html: str, boost: float | None = None) -> str:
        search = {"exclude": True} if boost is None else {"boost": boost}
        front = json.dumps({"title": escape_text(title), "render_macros": False, "search": search},
                           ensure_ascii=False)
        return f"---\n{front}\n---\n\n<h1 id=\"top\">{escape_text(title)}</h1>\n\n" + html + "\n"

    def learning_page(self, path) -> str:
        from playbook_kit.views.learning import READING_SPEED
        self.base = self.base_of(f"{PAGES_DIR}/{path.page}")
        quiz_links = [s.channel for s in path.sections if s.channel in self.questions()]
        quizzed = {q.group for qs in self.questions().values() for q in qs}
        return self._generated(path.page, path.title, self.render(
            "learning_path.html", path=path, speed=READING_SPEED, quiz_links=quiz_links, quizzed=quizzed),
            boost=0.2)

    def learning_index(self) -> str:
        paths = self.learning_paths()
        return self.render("learning_index.html", channel_paths=[p for p in paths if p.id.startswith("channel-")],
                           role_paths=[p for p in paths if p.id.startswith("role-")])

    def quiz_index(self) -> str:
        return self.render("quiz_index.html", by_channel=self.questions(), groups=self.quiz_groups)

    def quiz_groups(self, questions: list) -> list[dict]:
        from playbook_kit.core.models import KIND_NAMES
        order: dict[str, dict] = {}
        for q in questions:
            if q.group not in order:
                if q.group == "terms":
                    title = "术语"
                else:
                    kind, record = self.catalog.find(q.group) or (None, None)
                    title = f"{KIND_NAMES.get(kind, '')}：{record_title(record)}" if record else q.group
                order[q.group] = {"id": q.group, "title": title, "questions": []}
            order[q.group]["questions"].append(q)
        return sorted(order.values(), key=lambda g: g["id"] == "terms")

    def quiz_page(self, channel: str) -> str:
        from playbook_kit.views.quiz import KIND_LABELS
        self.base = self.base_of(f"{PAGES_DIR}/quiz/{channel}.md")
        questions = self.questions()[channel]
        return self._generated(f"quiz/{channel}.md", f"小测验：{CHANNELS[channel]}", self.render(
            "quiz_page.html", channel_id=channel, questions=questions, groups=self.quiz_groups(questions),
            kind_label=KIND_LABELS.get))

    def quiz_sheet(self, channel: str, key: bool) -> str:
        from playbook_kit.views.quiz import printable
        name = f"quiz/{channel}-{'key' if key else 'sheet'}.md"
        self.base = self.base_of(f"{PAGES_DIR}/{name}")
        title = f"{CHANNELS[channel]}小测验 · {'答案' if key else '题目'}"
        return self._generated(name, title, self.render(
            "quiz_sheet.html", channel_id=channel, questions=printable(self.questions()[channel]), key=key,
            page_title=lambda target: self.page_title(target) if target.split("#")[0] != "glossary/" else "术语表"))

    @staticmethod
    def render_problems(problems: list) -> str:
        html = template_environment().get_template("build_problems.html").render(problems=problems)
        return "\n".join(line.strip() for line in html.splitlines() if line.strip())

    # --- rendering ----------------------------------------------------------------------
    def render(self, template: str, **context) -> str:
        previous, _Active.renderer = _Active.renderer, self
        try:
            html = self.env.get_template(template).render(**context)
        finally:
            _Active.renderer = previous
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
            context["history"] = checklist_history(self.catalog.root, record.id, {
                "version": record.version, "content": printed_content(self.catalog, record)}, entries=self.history())
        return self.render(f"{kind}.html", **context)

    def recent_updates(self) -> str:
        return self.render("recent_updates.html", updates=recent_updates(self.catalog.root, self.page_of,
                                                                          entries=self.history()))

    def history(self) -> tuple:
        """The git history, read once per build (every checklist shows its versions)."""
        if not hasattr(self, "_history"):
            self._history = history(self.catalog.root)
        return self._history

    def checklist_context(self, checklist) -> dict:
        items = checklist_items(self.catalog, checklist)
        origin = self.checklist_source(checklist)
        parent = ("procedures" if checklist.source.procedure else "events", origin.id)
        files = (self.catalog.source_files("checklists", checklist.id), self.catalog.source_files(*parent))
        listed = [item_id for point in checklist.pause_points for item_id in point.items]
        for item_id in listed:  # an unassigned owner is an open question too
            items[item_id]["uncertain"] = items[item_id]["uncertain"] or items[item_id]["owner"] == UNSPECIFIED
        page = self.page_of(*parent)
        return {"items": items, "origin": origin, "unassigned": UNSPECIFIED,
                "uncertain_count": sum(1 for item_id in listed if items[item_id]["uncertain"]),
                "origin_page": page.split("#")[0] if page else "", "origin_target": page or "",
                "data_date": _latest(self.git_dates(), files) or "未提交"}

    def git_dates(self) -> dict[str, str]:
        """Each data file's last commit date, read once per build (not per process:
        `mkdocs serve` rebuilds after a commit too)."""
        if not hasattr(self, "_git_dates"):
            self._git_dates = gitsnap.last_change_dates(self.catalog.root)
        return self._git_dates

    def checklist_target(self, checklist) -> str:
        """Where the checklist's procedure or event is on the site ('' if nowhere)."""
        kind = "procedures" if checklist.source.procedure else "events"
        return self.page_of(kind, self.checklist_source(checklist).id) or ""

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
                           origin_of=self.checklist_source, target_of=self.checklist_target)

    def checklist_bundle(self, channel: str) -> str:
        sheets = [dict(rec=checklist, **self.checklist_context(checklist))
                  for checklist in self.checklists_by_channel().get(channel, [])]
        return self.render("checklist_bundle.html", channel_id=channel, sheets=sheets)

    ANCHORS = {"procedures": "proc", "rule_sets": "rules", "forms": "form", "decision_tables": "dt",
               "events": "event", "scripts": "script", "operating_models": "model",
               "terms": "term", "roles": "role", "sources": "src", "checklists": "checklist"}

    def page_of(self, kind: str, record_id: str) -> str | None:
        """Site path of the page that renders a record, with its anchor."""
        if not hasattr(self, "_page_index"):
            self._page_index: dict[tuple[str, str], str] = {}
            for call in scan_pages(self.catalog).calls:
                for key in records_shown(self.catalog, call):
                    self._page_index.setdefault(key, page_url(call.page))
        page = self._page_index.get((kind, record_id))
        return None if page is None else f"{page}#{self.ANCHORS.get(kind, kind)}-{record_id}"

    @staticmethod
    def _page_title(markdown_file: Path) -> str:
        stat = markdown_file.stat()
        return _title_of(markdown_file, stat.st_mtime_ns, stat.st_size)

    def page_title(self, page_url: str) -> str:
        page = page_url.split("#")[0].rstrip("/") or "index"
        base = self.catalog.root / PAGES_DIR
        for candidate in (base / f"{page}.md", base / page / "index.md"):
            if candidate.exists():
                return self._page_title(candidate)
        return page

    def term_usage(self, term) -> list[tuple[str, str]]:
        """Pages whose records use the term (or an alias), as (title, link target)."""
        found: dict[str, str] = {}
        for kind, record_id, record in self._usage_records():
            if term.id not in self.catalog.terms_in(record):
                continue
            target = self.page_of(kind, record_id)
            if target:
                found.setdefault(target.split("#")[0], target)
        return sorted(((self.page_title(page), target) for page, target in found.items()))

    def _usage_records(self) -> list[tuple[str, str, object]]:
        """The records whose use of a term the glossary lists (each record's
        terms are found once, `Catalog.terms_in`)."""
        if not hasattr(self, "_usage"):
            self._usage = [(kind, record_id, record) for kind, record_id, record in self.catalog.all_records()
                           if kind not in ("terms", "roles", "sources", "checklists")]
        return self._usage

    def page_records(self, page: str) -> list[tuple[str, str]]:
        """(kind, id) of every record a page renders."""
        if not hasattr(self, "_calls_by_page"):
            self._calls_by_page: dict[str, list] = {}
            for call in scan_pages(self.catalog).calls:
                self._calls_by_page.setdefault(call.page, []).append(call)
        found = []
        for call in self._calls_by_page.get(page, []):
            found += [(kind, record_id) for kind, record_id in records_shown(self.catalog, call)
                      if record_id in self.catalog.kind(kind)]
            if call.name == "checklist_bundle":
                found.extend(("checklists", c.id) for c in self.checklists_by_channel().get(call.argument, []))
        return found

    def page_footer(self, page: str, edit_base="") -> str:
        """Where the page and its data live, who owns them, when they were reviewed.

        `edit_base` is an EditLinks (edit_links.py) or a URL prefix string."""
        edit = edit_base if isinstance(edit_base, EditLinks) else EditLinks(edit_base, "")
        self.base = self.base_of(page)  # its links are relative to the page it ends
        files: list[str] = []
        lines: dict[str, list[tuple[str, int]]] = {}
        documents: dict[str, object] = {}
        records = self.page_records(page)
        generated = not (self.catalog.root / page).exists()
        if generated and page.startswith(f"{PAGES_DIR}/roles/"):
            records = [("roles", page.removeprefix(f"{PAGES_DIR}/roles/").removesuffix(".md"))]
        for kind, record_id in records:
            files.append(self.catalog.source_files(kind, record_id))
            record = self.catalog.kind(kind)[record_id]
            lines.setdefault(files[-1], []).append((record_title(record), self.catalog.origin(kind, record_id).at("id")[1]))
            if kind == "checklists":
                origin = self.checklist_source(record)
                files.append(self.catalog.source_files(
                    "procedures" if record.source.procedure else "events", origin.id))
                record = origin
            for source_id in getattr(record, "sources", []) if kind != "sources" else [record_id]:
                if source_id in self.catalog.kind("sources"):
                    documents[source_id] = self.catalog.kind("sources")[source_id]
        files = sorted(set(files))
        records_in = {f: sorted(set(found), key=lambda r: r[1]) for f, found in lines.items()}
        return self.render("page_footer.html", page=None if generated else page, files=files, edit=edit,
                           records_in={f: r for f, r in records_in.items() if len(r) <= 8},
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
                    start = deadline.day if deadline.day is not None else entry["day"]
                    # by first day, then a stage before its own parts (7, 7-1, 7-2, 7-3)
                    entry["key"] = (start, stage.order, 0 if item is stage else stage.parts.index(item) + 1)
                    timed.append(entry)
        timed.sort(key=lambda e: e["key"])
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

    def open_questions(self) -> str:
        from playbook_kit.views.open_questions import grouped
        groups = grouped(self.catalog)
        return self.render("open_questions.html", groups=groups, total=sum(len(g["questions"]) for g in groups),
                           page_of=self.page_of)

    def glossary(self) -> str:
        """The glossary: an index by the first letter of the pinyin and by
        channel, then the terms grouped by letter (pinyin order)."""
        terms = self.catalog.kind("terms").values()
        spoken = pinyin_of(self.catalog.root, (w for t in terms for w in [t.term, *t.aliases]))

        def letters(word: str) -> str:
            return spoken[word][0]

        def sort_key(term):
            return (spoken[term.term][1], term.term)
        sources = self.catalog.kind("sources")
        groups: dict[str, list] = {}
        by_channel: dict[str, list] = {channel: [] for channel in CHANNELS}
        entries = []
        for term in sorted(self.catalog.kind("terms").values(), key=sort_key):
            initials = letters(term.term)
            letter = initials[:1] if initials[:1].isalpha() and initials[:1].isascii() else "#"
            groups.setdefault(letter, []).append(term)
            for channel in dict.fromkeys(sources[s].channel for s in term.sources if s in sources):
                by_channel[channel].append(term)
            entries.append(term)
        filter_words = {t.id: " ".join([t.term, *t.aliases, letters(t.term), *(letters(a) for a in t.aliases)])
                        for t in entries}
        ordered = dict(sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0])))
        return self.render("terms_all.html", groups=ordered, filter_words=filter_words,
                           by_channel={c: ts for c, ts in by_channel.items() if ts}, count=len(entries))

    def all_of(self, kind: str, template: str) -> str:
        return self.render(template, records=list(self.catalog.kind(kind).values()))

    def inline(self, template: str, **context) -> str:
        return self.render(template, **context).replace("\n", " ")
