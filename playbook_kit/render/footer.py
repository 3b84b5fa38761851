"""The end of every page: where the page and its data live (edit links), the
records in each data file and the source documents behind them."""
from __future__ import annotations

from dataclasses import dataclass, field

from playbook_kit.core.texts import record_title
from playbook_kit.render.context import PageContext
from playbook_kit.render.site_index import SiteIndex
from playbook_kit.render.templating import Templates
from playbook_kit.source.project_files import PAGES_DIR
from playbook_kit.views.edit_links import EditLinks

MAX_RECORDS_LISTED = 8    # a data file's records are named up to this many
MAX_DOCUMENTS_LISTED = 6  # more source documents: "many" instead of the list


@dataclass
class _Gathered:
    files: list[str] = field(default_factory=list)
    lines: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # file -> (record title, line)
    documents: dict[str, object] = field(default_factory=dict)            # source id -> source


class Footer:
    def __init__(self, templates: Templates, site: SiteIndex):
        self.templates = templates
        self.site = site
        self.catalog = templates.catalog

    def page_footer(self, page: PageContext, edit_base="") -> str:
        """Where the page and its data live, who owns them, when they were reviewed.

        `edit_base` is an EditLinks (edit_links.py) or a URL prefix string."""
        edit = edit_base if isinstance(edit_base, EditLinks) else EditLinks(edit_base, "")
        generated = not (self.catalog.root / page.path).exists()
        gathered = _Gathered()
        for kind, record_id in self._records_of(page.path, generated):
            self._gather(gathered, kind, record_id)
        records_in = {f: sorted(set(found), key=lambda r: r[1]) for f, found in gathered.lines.items()}
        documents = gathered.documents
        return self.templates.render(
            "page_footer.html", page, page=None if generated else page.path, files=sorted(set(gathered.files)),
            edit=edit, records_in={f: r for f, r in records_in.items() if len(r) <= MAX_RECORDS_LISTED},
            documents=(sorted(documents.values(), key=lambda d: d.order)
                       if len(documents) <= MAX_DOCUMENTS_LISTED else []),
            many=len(documents) > MAX_DOCUMENTS_LISTED)

    def _records_of(self, path: str, generated: bool) -> list[tuple[str, str]]:
        if generated and path.startswith(f"{PAGES_DIR}/roles/"):
            return [("roles", path.removeprefix(f"{PAGES_DIR}/roles/").removesuffix(".md"))]
        return self.site.page_records(path)

    def _gather(self, gathered: _Gathered, kind: str, record_id: str) -> None:
        """A record's data file, its title and line there, its source documents;
        a checklist's procedure or event too."""
        catalog = self.catalog
        file = catalog.source_files(kind, record_id)
        gathered.files.append(file)
        record = catalog.kind(kind)[record_id]
        gathered.lines.setdefault(file, []).append((record_title(record), catalog.origin(kind, record_id).at("id")[1]))
        if kind == "checklists":
            origin = self.site.checklist_source(record)
            gathered.files.append(catalog.source_files("procedures" if record.source.procedure else "events", origin.id))
            record = origin
        sources = catalog.kind("sources")
        for source_id in getattr(record, "sources", []) if kind != "sources" else [record_id]:
            if source_id in sources:
                gathered.documents[source_id] = sources[source_id]
