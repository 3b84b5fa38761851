"""The callables behind the page macros (`{{ procedure('id') }}` …), bound to
the page they render for."""
from __future__ import annotations

from collections.abc import Callable

from playbook_kit.core import texts
from playbook_kit.core.models import CHANNELS
from playbook_kit.render.context import PageContext
from playbook_kit.render.generated import GeneratedPages
from playbook_kit.render.overviews import Overviews
from playbook_kit.render.records import Records
from playbook_kit.source.catalog import Catalog
from playbook_kit.source.page_syntax import MacroError
from playbook_kit.source.pages import MACROS


def _known(catalog: Catalog, kind: str, record_id):
    """The record, or MacroError for an id the catalogue does not have."""
    records = catalog.kind(kind)
    if not isinstance(record_id, str) or record_id not in records:
        raise MacroError(f"{record_id}")
    return records[record_id]


def _channel(function: Callable[[str], str]) -> Callable[[str], str]:
    def call(channel_id):
        if channel_id not in CHANNELS:
            raise MacroError(f"{channel_id}")
        return function(channel_id)
    return call


def _quantity(records: Records, page: PageContext) -> Callable[[str], str]:
    def qty(reference: str) -> str:
        record_id, _, key = str(reference).partition(".")
        found = records.catalog.find(record_id)
        quantity = getattr(found[1], "quantities", {}).get(key) if found else None
        if quantity is None:
            raise MacroError(f"{reference}")
        return records.templates.inline("qty_inline.html", page, value=texts.format_quantity(quantity))
    return qty


def page_macros(records: Records, overviews: Overviews, generated: GeneratedPages,
                page: PageContext) -> dict[str, Callable]:
    """Every page macro, rendering for `page`; an unknown id raises MacroError."""
    catalog, templates = records.catalog, records.templates

    def record_macro(kind: str) -> Callable[[str], str]:
        return lambda record_id: records.record(kind, _known(catalog, kind, record_id).id, page)

    functions: dict[str, Callable] = {name: record_macro(spec.kind) for name, spec in MACROS.items()
                                      if spec.covers and spec.kind and not spec.covers_all}
    functions.update({
        "operating_models": lambda: overviews.all_of("operating_models", "operating_models_all.html", page),
        "glossary": lambda: overviews.glossary(page),
        "roles_catalog": lambda: overviews.all_of("roles", "roles_all.html", page),
        "sources_catalog": lambda: overviews.all_of("sources", "sources_all.html", page),
        "original_files": lambda: overviews.all_of("originals", "originals_all.html", page),
        "decisions_catalog": lambda: overviews.all_of("decisions", "decisions_all.html", page),
        "term": lambda term_id: templates.inline("term_inline.html", page, t=_known(catalog, "terms", term_id)),
        "checklists_index": lambda: overviews.checklists_index(page),
        "channel_overview": _channel(lambda channel: overviews.channel_overview(channel, page)),
        "role_view": lambda role_id: overviews.role_view(_known(catalog, "roles", role_id).id, page),
        "checklist_bundle": _channel(lambda channel: overviews.checklist_bundle(channel, page)),
        "checklist_link": lambda cid: templates.inline("checklist_link.html", page,
                                                       rec=_known(catalog, "checklists", cid)),
        "qty": _quantity(records, page),
        "recent_updates": lambda: records.recent_updates(page),
        "open_questions": lambda: overviews.open_questions(page),
        "learning_paths": lambda: generated.learning_index(page),
        "quizzes": lambda: generated.quiz_index(page),
    })
    assert set(functions) == set(MACROS), "macro table and functions disagree"
    return functions
