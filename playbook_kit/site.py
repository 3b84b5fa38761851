"""What the mkdocs build needs from the engine, independent of mkdocs-macros.

`prepare()` validates everything and raises `DataError` with every located
problem; `macro_functions()` gives the callables the page macros map to.
A successor engine (ProperDocs, Zensical) would call these same two.
"""
from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Callable

from . import texts
from .checks import validate
from .pages import MACROS
from .problems import Problem, summary
from .render import Renderer
from .search_dict import write_search_words, write_user_dict

JIEBA_USER_DICT = ".cache/jieba_userdict.txt"
SEARCH_WORDS = ".cache/search_words.json"


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [p.format() for p in problems]
        super().__init__("数据检查未通过, 未生成任何页面:\n" + "\n".join(lines) + "\n" + summary(problems))


def prepare(root: Path) -> Renderer:
    catalog, problems = validate(root)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise DataError(problems)
    write_user_dict(catalog, root / JIEBA_USER_DICT)
    write_search_words(catalog, root / SEARCH_WORDS)
    target = root / GENERATED_PAGES
    target.write_text(json.dumps(generated_pages(catalog), ensure_ascii=False, indent=0), encoding="utf-8")
    return Renderer(catalog)


GENERATED_PAGES = ".cache/generated_pages.json"


def glossary_script(catalog) -> str:
    """The glossary as a script for the tooltips (a .js file also works from file://)."""
    entries = []
    for term in catalog.kind("terms").values():
        definition = "".join(seg.text for seg in texts.split(term.definition, catalog.quantity_lookup(term)))
        for word in [term.term, *term.aliases]:
            entries.append({"w": word, "d": definition, "id": term.id, "t": term.term})
    entries.sort(key=lambda e: -len(e["w"]))
    payload = json.dumps(entries, ensure_ascii=False).replace("</", "<\\/")
    return f"window.PB_GLOSSARY = {payload};\n"


def generated_pages(catalog) -> dict[str, str]:
    """Files made from the data alone: a page per role, the glossary script."""
    # role pages repeat steps and rules of the channel pages: rank them lower in search
    front = "---\nsearch:\n  boost: 0.3\n---\n\n"
    pages = {f"roles/{role_id}.md": f"{front}# {role.name}\n\n{{{{ role_view('{role_id}') }}}}\n"
             for role_id, role in catalog.kind("roles").items()}
    pages["assets/glossary-data.js"] = glossary_script(catalog)
    return pages


def page_base(page_url: str) -> str:
    """Relative path from a page back to the site root: `ka/rtmart/` (directory
    URLs) and `ka/rtmart.html` (offline build) both give `../`-style prefixes."""
    directory = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    depth = len([part for part in directory.split("/") if part])
    return "../" * depth


def macro_functions(renderer: Renderer) -> dict[str, Callable]:
    catalog = renderer.catalog
    single = {"procedure": "procedures", "rule_set": "rule_sets", "form": "forms",
              "decision_table": "decision_tables", "operating_model": "operating_models",
              "event": "events", "script": "scripts", "checklist": "checklists"}

    def record_macro(kind: str) -> Callable[[str], str]:
        return lambda record_id: renderer.record(kind, record_id)

    functions: dict[str, Callable] = {name: record_macro(kind) for name, kind in single.items()}
    functions["operating_models"] = lambda: renderer.all_of("operating_models", "operating_models_all.html")
    functions["glossary"] = lambda: renderer.all_of("terms", "terms_all.html")
    functions["roles_catalog"] = lambda: renderer.all_of("roles", "roles_all.html")
    functions["sources_catalog"] = lambda: renderer.all_of("sources", "sources_all.html")
    functions["term"] = lambda term_id: renderer.inline("term_inline.html", t=catalog.kind("terms")[term_id])
    functions["checklists_index"] = renderer.checklists_index
    functions["channel_overview"] = renderer.channel_overview
    functions["role_view"] = renderer.role_view
    functions["checklist_bundle"] = renderer.checklist_bundle
    functions["checklist_link"] = lambda cid: renderer.inline("checklist_link.html", rec=catalog.kind("checklists")[cid])

    def qty(reference: str) -> str:
        record_id, _, key = reference.partition(".")
        quantity = catalog.find(record_id)[1].quantities[key]
        return renderer.inline("qty_inline.html", value=texts.format_quantity(quantity))

    functions["qty"] = qty
    functions["open_questions"] = renderer.open_questions
    assert set(functions) == set(MACROS), "macro table and functions disagree"
    return functions
