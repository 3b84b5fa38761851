"""The sandboxed template environment and the helpers every template may call.

The Jinja environment here is sandboxed and autoescapes: record text can
never become markup or run template code. Templates live in
`playbook_kit/render/templates/`, one file per kind of record. Helpers that
need the catalogue or the page are passed with each render (`Templates.render`),
never kept in a process global.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from playbook_kit.core import texts
from playbook_kit.core.checklists import deadline_text, time_limit_text
from playbook_kit.core.decisions import HIT_POLICIES, HOW_TO_READ
from playbook_kit.core.models import CHANNELS, UNSPECIFIED
from playbook_kit.render.context import PageContext
from playbook_kit.render.template_cache import bytecode_cache
from playbook_kit.render.timeline import timeline
from playbook_kit.source.catalog import Catalog
from playbook_kit.source.project_files import PAGES_DIR

TEMPLATES = Path(__file__).parent / "templates"


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
    Only helpers that need nothing but their arguments are globals here."""
    env = _TemplateSandbox(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, auto_reload=True,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        bytecode_cache=bytecode_cache(root) if root is not None else None)
    env.globals.update(
        time_limit=time_limit_text, deadline=deadline_text, channel=CHANNELS.get,
        hit_policy=HIT_POLICIES.get, how_to_read=HOW_TO_READ.get, short=partial(texts.first_clause, limit=22), timeline=timeline, english_runs=texts.english_runs,
        unassigned=UNSPECIFIED)
    return env


def compact(html: str) -> str:
    """Markdown treats indented lines as code and blank lines as block ends:
    emit one compact raw-HTML block."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def render_problems(problems: list) -> str:
    """What the preview shows instead of a page while the data or a page has errors."""
    return compact(template_environment().get_template("build_problems.html").render(problems=problems))


class Templates:
    """The templates of one catalogue. Each render passes the helpers that read
    the catalogue (`role`, `text`, `source`, `term_name`, `term_usage`) and
    the page's `link`; a variable of the same name passed by the caller wins."""

    def __init__(self, catalog: Catalog, term_usage: Callable):
        self.catalog = catalog
        self.env = template_environment(Path(catalog.root).resolve())
        self.term_usage = term_usage
        self.docs_dir = Path(catalog.root) / PAGES_DIR

    def render(self, template: str, page: PageContext, /, **context) -> str:
        helpers = {"role": self.role_name, "text": self.segments, "source": self.source,
                   "term_name": self.term_name, "term_usage": self.term_usage,
                   "link": lambda target: page.link(target, self.docs_dir)}
        return compact(self.env.get_template(template).render({**helpers, **context}))

    def inline(self, template: str, page: PageContext, /, **context) -> str:
        return self.render(template, page, **context).replace("\n", " ")

    # --- what the helpers look up ------------------------------------------------------
    def role_name(self, role_id: str) -> str:
        return self.catalog.role_name(role_id)

    def term_name(self, term_id: str) -> str:
        term = self.catalog.kind("terms").get(term_id)
        return term.term if term else term_id

    def source(self, source_id: str):
        return self.catalog.kind("sources").get(source_id)

    def segments(self, record, text: str) -> list[texts.Segment]:
        return texts.split(text, self.catalog.quantity_lookup(record))
