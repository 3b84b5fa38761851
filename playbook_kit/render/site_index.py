"""Where records are on the site: the page (and anchor) that renders each one,
the records each page renders, page titles and where a term is used."""
from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

from playbook_kit.core import texts
from playbook_kit.core.checklists import checklist_source
from playbook_kit.core.models import CHANNELS, Term
from playbook_kit.source.catalog import Catalog
from playbook_kit.source.pages import records_shown, scan_pages
from playbook_kit.source.project_files import PAGES_DIR, page_url
from playbook_kit.render.glossary_marks import UNMARKED_PAGES

ANCHORS = {"procedures": "proc", "rule_sets": "rules", "forms": "form", "decision_tables": "dt",
           "events": "event", "scripts": "script", "operating_models": "model",
           "terms": "term", "roles": "role", "sources": "src", "checklists": "checklist",
           "originals": "original", "decisions": "decision"}


@lru_cache(maxsize=512)
def _title_of(markdown_file: Path, mtime: int, size: int) -> str:
    """A page's first heading (keyed by the file's state: serve keeps this process)."""
    heading = texts.page_heading(markdown_file.read_text(encoding="utf-8"))
    return markdown_file.stem if heading is None else heading


def _page_title(markdown_file: Path) -> str:
    stat = markdown_file.stat()
    return _title_of(markdown_file, stat.st_mtime_ns, stat.st_size)


class SiteIndex:
    """The site's map of one catalogue, read from the pages' macro calls once."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    @cached_property
    def _page_index(self) -> dict[tuple[str, str], str]:
        index: dict[tuple[str, str], str] = {}
        for call in scan_pages(self.catalog).calls:
            for key in records_shown(self.catalog, call):
                index.setdefault(key, page_url(call.page))
        return index

    def page_of(self, kind: str, record_id: str) -> str | None:
        """Site path of the page that renders a record, with its anchor."""
        page = self._page_index.get((kind, record_id))
        return None if page is None else f"{page}#{ANCHORS.get(kind, kind)}-{record_id}"

    def page_title(self, page_url: str) -> str:
        page = page_url.split("#")[0].rstrip("/") or "index"
        base = self.catalog.root / PAGES_DIR
        for candidate in (base / f"{page}.md", base / page / "index.md"):
            if candidate.exists():
                return _page_title(candidate)
        return page

    # --- the glossary: where each term is used ------------------------------------------
    @cached_property
    def _usage_records(self) -> list[tuple[str, str, object]]:
        """The records whose use of a term the glossary lists (each record's
        terms are found once, `Catalog.terms_in`)."""
        return [(kind, record_id, record) for kind, record_id, record in self.catalog.all_records()
                if kind not in ("terms", "roles", "sources", "checklists", "originals", "decisions")]

    def term_usage(self, term) -> list[tuple[str, str]]:
        """Pages whose records use the term (or an alias), as (title, link target)."""
        found: dict[str, str] = {}
        for kind, record_id, record in self._usage_records:
            if term.id not in self.catalog.terms_in(record):
                continue
            target = self.page_of(kind, record_id)
            if target:
                found.setdefault(target.split("#")[0], target)
        return sorted(((self.page_title(page), target) for page, target in found.items()))

    # --- checklists: printed from a procedure or an event ------------------------------------
    def checklist_source(self, checklist):
        """The procedure or event the checklist is made from (the catalogue is validated: it exists)."""
        return checklist_source(self.catalog, checklist)[1]

    def checklist_target(self, checklist) -> str:
        """Where the checklist's procedure or event is on the site ('' if nowhere)."""
        kind, record = checklist_source(self.catalog, checklist)
        return self.page_of(kind, record.id) or ""

    def checklists_by_channel(self) -> dict[str, list]:
        groups: dict[str, list] = {channel: [] for channel in CHANNELS}
        for checklist in self.catalog.kind("checklists").values():
            groups[self.checklist_source(checklist).channel].append(checklist)
        return {channel: items for channel, items in groups.items() if items}

    # --- what a page renders -----------------------------------------------------------
    @cached_property
    def _calls_by_page(self) -> dict[str, list]:
        calls: dict[str, list] = {}
        for call in scan_pages(self.catalog).calls:
            calls.setdefault(call.page, []).append(call)
        return calls

    def page_records(self, page: str) -> list[tuple[str, str]]:
        """(kind, id) of every record a page renders."""
        found = []
        for call in self._calls_by_page.get(page, []):
            found += [(kind, record_id) for kind, record_id in records_shown(self.catalog, call)
                      if record_id in self.catalog.kind(kind)]
            if call.name == "checklist_bundle":
                found.extend(("checklists", c.id) for c in self.checklists_by_channel().get(call.argument, []))
        return found

    # --- the glossary's senses: on which pages a term is marked --------------------------------
    def _record_documents(self, kind: str, record_id: str) -> list[str]:
        record = self.catalog.kind(kind)[record_id]
        if kind == "checklists":
            record = self.checklist_source(record)
        return list(getattr(record, "sources", []))

    def page_documents(self, page: str) -> set[str]:
        """The source documents a page (`playbooks/ka/rtmart.md`) is about: those
        of the records it shows; for a page without records, those of its
        channel (channel overviews, `learn/channel-ka`, `quiz/ka-sheet`) or of
        its role (`roles/salesman`, `learn/role-salesman`)."""
        documents = {doc for kind, record_id in self.page_records(page)
                     for doc in self._record_documents(kind, record_id)}
        if documents:
            return documents
        folder, _, name = page.removeprefix(PAGES_DIR + "/").removesuffix(".md").partition("/")
        if folder == "learn" and name.startswith("role-") or folder == "roles":
            role = self.catalog.kind("roles").get(name.removeprefix("role-"))
            return set(role.sources) if role is not None else set()
        channel = folder if folder in CHANNELS else name.removeprefix("channel-").split("-sheet")[0].split("-key")[0]
        return {doc.id for doc in self.catalog.kind("sources").values() if doc.channel == channel}

    def page_terms(self, page: str) -> list[Term]:
        """The terms whose sense applies on the page (none on the long reference lists)."""
        page = page if page.startswith(PAGES_DIR + "/") else f"{PAGES_DIR}/{page}"
        relative = page.removeprefix(PAGES_DIR + "/")
        if relative in UNMARKED_PAGES:
            return []
        documents = self.page_documents(page)
        return [term for term in self.catalog.kind("terms").values()
                if documents.intersection(term.sources) or relative in term.pages]
