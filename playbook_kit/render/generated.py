"""Pages generated from the data alone: one page per role, the learning paths
and the quizzes (a page per channel, its printed sheet and answer key), and
the learning and quiz indexes that pages embed."""
from __future__ import annotations

import json
from functools import cached_property

from markupsafe import Markup

from playbook_kit.core.models import CHANNELS, KIND_NAMES
from playbook_kit.core.texts import record_title
from playbook_kit.render.context import PageContext
from playbook_kit.render.html_policy import escape_text
from playbook_kit.render.overviews import Overviews
from playbook_kit.render.site_index import SiteIndex
from playbook_kit.render.templating import Templates
from playbook_kit.views.learning import READING_SPEED, Paths
from playbook_kit.views.learning import by_channel as paths_by_channel
from playbook_kit.views.quiz import KIND_LABELS, by_channel, generate, printable


def _front_matter(title: str, search: dict) -> str:
    front = json.dumps({"title": escape_text(title), "render_macros": False, "search": search},
                       ensure_ascii=False)
    return f"---\n{front}\n---\n\n"


def _generated(title: str, html: str, boost: float | None = None) -> str:
    """A generated page: front matter, its title as heading, the HTML (no template source)."""
    search = {"exclude": True} if boost is None else {"boost": boost}
    return _front_matter(title, search) + f"<h1 id=\"top\">{escape_text(title)}</h1>\n\n" + html + "\n"


class GeneratedPages:
    def __init__(self, templates: Templates, site: SiteIndex, overviews: Overviews):
        self.templates = templates
        self.site = site
        self.overviews = overviews
        self.catalog = templates.catalog

    def role_page(self, role_id: str, page: PageContext) -> str:
        """The generated page of one role: front matter and HTML, no template source."""
        role = self.catalog.kind("roles")[role_id]
        # role pages repeat the channel pages' steps and rules: rank them lower in search
        view = Markup(self.overviews.role_view(role_id, page))
        return (_front_matter(role.name, {"boost": 0.3})
                + self.templates.render("role_page.html", page, role=role, view=view) + "\n")

    # --- learning paths ------------------------------------------------------------------------
    @cached_property
    def learning_paths(self) -> list:
        return Paths(self.catalog, self.site.page_of, self.site.checklist_source).all()

    def learning_page(self, path, page: PageContext) -> str:
        questions = self.questions
        quiz_links = [s.channel for s in path.sections if s.channel in questions]
        quizzed = {q.group for qs in questions.values() for q in qs}
        return _generated(path.title, self.templates.render(
            "learning_path.html", page, path=path, speed=READING_SPEED, quiz_links=quiz_links, quizzed=quizzed),
            boost=0.2)

    def learning_index(self, page: PageContext) -> str:
        paths = self.learning_paths
        return self.templates.render("learning_index.html", page, groups=paths_by_channel(paths))

    # --- quizzes ---------------------------------------------------------------------------------
    @cached_property
    def questions(self) -> dict[str, list]:
        return by_channel(generate(self.catalog, self.site.page_of))

    def quiz_index(self, page: PageContext) -> str:
        return self.templates.render("quiz_index.html", page, by_channel=self.questions, groups=self.quiz_groups)

    def quiz_groups(self, questions: list) -> list[dict]:
        order: dict[str, dict] = {}
        for q in questions:
            if q.group not in order:
                order[q.group] = {"id": q.group, "title": self._group_title(q.group), "questions": []}
            order[q.group]["questions"].append(q)
        return sorted(order.values(), key=lambda g: g["id"] == "terms")

    def _group_title(self, group: str) -> str:
        if group == "terms":
            return "术语"
        kind, record = self.catalog.find(group) or (None, None)
        return f"{KIND_NAMES.get(kind, '')}：{record_title(record)}" if record else group

    def quiz_page(self, channel: str, page: PageContext) -> str:
        questions = self.questions[channel]
        return _generated(f"小测验：{CHANNELS[channel]}", self.templates.render(
            "quiz_page.html", page, channel_id=channel, questions=questions, groups=self.quiz_groups(questions),
            kind_label=KIND_LABELS.get))

    def quiz_sheet(self, channel: str, key: bool, page: PageContext) -> str:
        title = f"{CHANNELS[channel]}小测验 · {'答案' if key else '题目'}"
        return _generated(title, self.templates.render(
            "quiz_sheet.html", page, channel_id=channel, questions=printable(self.questions[channel]), key=key,
            page_title=self._sheet_page_title))

    def _sheet_page_title(self, target: str) -> str:
        return self.site.page_title(target) if target.split("#")[0] != "glossary/" else "术语表"
