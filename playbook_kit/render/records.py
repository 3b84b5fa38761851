"""One record through its kind's template (`{{ procedure('id') }}` …), with
what its template needs beyond the record: a decision table's helper, a
checklist's items, origin and versions."""
from __future__ import annotations

from functools import cached_property

from playbook_kit.core.checklists import checklist_items, printed_content
from playbook_kit.core.decisions import cell_label, compile_table, helper_data
from playbook_kit.core.models import UNSPECIFIED
from playbook_kit.render.context import PageContext
from playbook_kit.render.site_index import SiteIndex
from playbook_kit.render.templating import Templates
from playbook_kit.source import gitsnap
from playbook_kit.views.history import checklist_history, history, recent_updates


def _latest(dates: dict[str, str], paths: tuple[str, ...]) -> str:
    found = [d for d in (dates.get(path) for path in paths) if d]
    return max(found) if found else ""


class Records:
    def __init__(self, templates: Templates, site: SiteIndex):
        self.templates = templates
        self.site = site
        self.catalog = templates.catalog

    def record(self, kind: str, record_id: str, page: PageContext) -> str:
        record = self.catalog.kind(kind)[record_id]
        context = {"rec": record}
        if kind == "decision_tables":
            context.update(self._decision_context(record))
        if kind == "checklists":
            context.update(self.checklist_context(record))
        return self.templates.render(f"{kind}.html", page, **context)

    def _decision_context(self, table) -> dict:
        lookup = self.catalog.quantity_lookup(table)
        compiled, _ = compile_table(table, lookup)
        return {"sizes": compiled.domain_size() if compiled else [],
                "cell_of": lambda raw, spec: cell_label(raw, spec, lookup),
                "helper": helper_data(table, lookup)}

    def recent_updates(self, page: PageContext) -> str:
        return self.templates.render("recent_updates.html", page, updates=recent_updates(
            self.catalog.root, self.site.page_of, entries=self.history))

    @cached_property
    def history(self) -> tuple:
        """The git history, read once per build (every checklist shows its versions)."""
        return history(self.catalog.root)

    @cached_property
    def git_dates(self) -> dict[str, str]:
        """Each data file's last commit date, read once per build (not per process:
        `mkdocs serve` rebuilds after a commit too)."""
        return gitsnap.last_change_dates(self.catalog.root)

    def checklist_context(self, checklist) -> dict:
        items = checklist_items(self.catalog, checklist)
        origin = self.site.checklist_source(checklist)
        parent = ("procedures" if checklist.source.procedure else "events", origin.id)
        files = (self.catalog.source_files("checklists", checklist.id), self.catalog.source_files(*parent))
        listed = [item_id for point in checklist.pause_points for item_id in point.items]
        for item_id in listed:  # an unassigned owner is an open question too
            items[item_id]["uncertain"] = items[item_id]["uncertain"] or items[item_id]["owner"] == UNSPECIFIED
        page = self.site.page_of(*parent)
        versions = checklist_history(self.catalog.root, checklist.id, {
            "version": checklist.version, "content": printed_content(self.catalog, checklist)}, entries=self.history)
        return {"history": versions,"items": items, "origin": origin, "unassigned": UNSPECIFIED,
                "uncertain_count": sum(1 for item_id in listed if items[item_id]["uncertain"]),
                "origin_page": page.split("#")[0] if page else "", "origin_target": page or "",
                # the date of the last change of what the sheet prints, not of anything else in its files
                "data_date": versions[0]["date"] if versions else (_latest(self.git_dates, files) or "未提交")}
