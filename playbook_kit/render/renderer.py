"""The renderer of one catalogue: pages' macros, generated pages and footers.

`Renderer` puts the parts together and makes one `PageContext` per page from
the build's settings (`directory_urls`, `links_from_source`); the parts
receive the page they render for and keep no page of their own:

- `templating.Templates`: the sandboxed templates and their helpers;
- `site_index.SiteIndex`: which page renders which record, page titles;
- `records.Records`: one record through its kind's template;
- `overviews.Overviews`: glossary, channel and role views, checklist index;
- `generated.GeneratedPages`: role, learning path and quiz pages;
- `footer.Footer`: the end of every page;
- `page_macros.page_macros`: the macro table of one page.
"""
from __future__ import annotations

from collections.abc import Callable

from playbook_kit.render.context import PageContext
from playbook_kit.render.footer import Footer
from playbook_kit.render.generated import GeneratedPages
from playbook_kit.render.overviews import Overviews
from playbook_kit.render.page_macros import page_macros
from playbook_kit.render.records import Records
from playbook_kit.render.site_index import SiteIndex
from playbook_kit.render.templating import Templates
from playbook_kit.source.catalog import Catalog
from playbook_kit.source.page_syntax import PageRenderer, split_front_matter
from playbook_kit.source.pages import MACROS, check_front_matter
from playbook_kit.source.project_files import PAGES_DIR

SITE_ROOT_PAGE = f"{PAGES_DIR}/index.md"


class Renderer:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.directory_urls = True  # mkdocs' use_directory_urls (False in the offline build)
        # MkDocs leaves a relative link in HTML as written (relative to the page's URL);
        # Zensical resolves it from the page's Markdown file, like a link to a .md file
        self.links_from_source = False
        self.site = SiteIndex(catalog)
        self.templates = Templates(catalog, self.site.term_usage)
        self.records = Records(self.templates, self.site)
        self.overviews = Overviews(self.templates, self.site, self.records)
        self.generated = GeneratedPages(self.templates, self.site, self.overviews)
        self.footer = Footer(self.templates, self.site)
        self._rendered: dict[tuple, tuple[str | None, list]] = {}

    def page_context(self, path: str) -> PageContext:
        """The context of page file `path` (`playbooks/…`) under the build's settings."""
        return PageContext.of(path, self.directory_urls, self.links_from_source)

    # --- pages written by editors ----------------------------------------------------------
    def macros(self, page: PageContext | None = None) -> dict[str, Callable]:
        """The callables behind the page macros, rendering for `page` (the home page
        if none); an unknown id raises MacroError."""
        page = page or self.page_context(SITE_ROOT_PAGE)
        return page_macros(self.records, self.overviews, self.generated, page)

    def render_page(self, path: str, text: str) -> tuple[str | None, list]:
        """A page file's body with its macros rendered for its own URL, or its problems."""
        front, body, offset = split_front_matter(text)
        if front is not None and check_front_matter(front, path)[0].get("render_macros") is False:
            return body, []
        page = self.page_context(path)
        key = (body, offset, page)
        if key not in self._rendered:
            self._rendered[key] = PageRenderer(self.macros(page), MACROS).render(body, path, offset)
        return self._rendered[key]

    def page_footer(self, path: str, edit_base="") -> str:
        """Where the page and its data live, who owns them (footer.py)."""
        return self.footer.page_footer(self.page_context(path), edit_base)

    # --- pages generated from the data ------------------------------------------------------
    def role_page(self, role_id: str) -> str:
        return self.generated.role_page(role_id, self.page_context(f"{PAGES_DIR}/roles/{role_id}.md"))

    def learning_paths(self) -> list:
        return self.generated.learning_paths

    def learning_page(self, path) -> str:
        return self.generated.learning_page(path, self.page_context(f"{PAGES_DIR}/{path.page}"))

    def questions(self) -> dict[str, list]:
        return self.generated.questions

    def quiz_page(self, channel: str) -> str:
        return self.generated.quiz_page(channel, self.page_context(f"{PAGES_DIR}/quiz/{channel}.md"))

    def quiz_sheet(self, channel: str, key: bool) -> str:
        name = f"quiz/{channel}-{'key' if key else 'sheet'}.md"
        return self.generated.quiz_sheet(channel, key, self.page_context(f"{PAGES_DIR}/{name}"))

    # --- what tests and other layers ask of the catalogue's site -------------------------------
    def page_of(self, kind: str, record_id: str) -> str | None:
        return self.site.page_of(kind, record_id)

    def checklist_source(self, checklist):
        return self.site.checklist_source(checklist)

    def checklists_by_channel(self) -> dict[str, list]:
        return self.site.checklists_by_channel()

    def checklist_context(self, checklist) -> dict:
        return self.records.checklist_context(checklist)

    def segments(self, record, text: str) -> list:
        return self.templates.segments(record, text)

    def record(self, kind: str, record_id: str, page: PageContext | None = None) -> str:
        return self.records.record(kind, record_id, page or self.page_context(SITE_ROOT_PAGE))
