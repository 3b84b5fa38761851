"""What a site build needs from the engine, independent of mkdocs-macros.

`prepare()` validates everything (data and pages, the same `validate()` as
`python -m playbook_kit check`) and returns a `BuildState`: the renderer,
the macros, the pages generated from the data and, while previewing, the
problems to show in the browser instead of the pages. A successor engine
(ProperDocs, Zensical) would call these same functions.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from playbook_kit.build.validate import validate_and_render
from playbook_kit.core import texts
from playbook_kit.core.problems import Problem, summary
from playbook_kit.render.glossary_marks import page_words
from playbook_kit.render.renderer import Renderer
from playbook_kit.render.templating import render_problems
from playbook_kit.views.edit_links import from_config
from playbook_kit.views.search_words import (dictionary_words, main_terms, ranked_pages, worker_data,
                                              write_user_dict)

JIEBA_USER_DICT = ".cache/jieba_userdict.txt"


def edit_links(conf, root: Path):
    """Edit links from mkdocs' repo_url/edit_uri (derived from the git remote when unset)."""
    return from_config(conf, root)


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [p.format() for p in problems]
        super().__init__("数据检查未通过, 未生成任何页面:\n" + "\n".join(lines) + "\n" + summary(problems))


@dataclass
class BuildState:
    root: Path
    renderer: Renderer | None
    preview: bool = False                    # `mkdocs serve`: show problems instead of failing
    problems: list[Problem] = field(default_factory=list)  # data problems (errors only)
    page_problems: list[Problem] = field(default_factory=list)  # found while the build rendered pages
    edit: object = ""                        # EditLinks for page footers (set by the engine glue)

    @property
    def broken(self) -> bool:
        return bool(self.problems) or self.renderer is None

    def render_page(self, path: str, text: str) -> str:
        """The page's Markdown with macros rendered; problems are collected."""
        if self.broken:
            return self.problems_block()
        html, problems = self.renderer.render_page(path, text)
        if problems:
            self.page_problems.extend(problems)
            return render_problems(problems) if self.preview else ""
        return html

    def page_footer(self, path: str) -> str:
        """Where the page and its data live (edit links), who owns them."""
        return "" if self.renderer is None else self.renderer.page_footer(path, self.edit)

    def use_directory_urls(self, flag: bool) -> None:
        """MkDocs' use_directory_urls (False in the offline build): the links macros write."""
        if self.renderer is not None:
            self.renderer.directory_urls = bool(flag)

    def macro_functions(self) -> dict:
        return {} if self.renderer is None else self.renderer.macros()

    def search_fix_data(self, directory_urls: bool) -> tuple | None:
        """(worker data, words kept whole, glossary terms, pages ranked apart) for the search fixes after the build."""
        if self.renderer is None:
            return None
        catalog = self.renderer.catalog
        return (worker_data(catalog), set(dictionary_words(catalog)),
                set(main_terms(catalog)), ranked_pages(catalog, directory_urls))

    def glossary_words(self, path: str) -> list:
        """What the glossary may mark on page `path` (`playbooks/ka/rtmart.md`):
        its terms in scope and the compounds they are not marked inside."""
        if self.renderer is None:
            return []
        return page_words(self.renderer.site.page_terms(path))

    def problems_block(self) -> str:
        return render_problems(self.problems)

    def generated_pages(self, directory_urls: bool) -> dict[str, str]:
        """Files made from the data alone: a page per role, learning paths, quizzes, the glossary script."""
        if self.broken:  # the preview shows the problems; the pages' scripts still load
            return {"assets/glossary-data.js": EMPTY_GLOSSARY}
        renderer = self.renderer
        renderer.directory_urls = directory_urls
        pages = {f"roles/{role_id}.md": renderer.role_page(role_id) for role_id in renderer.catalog.kind("roles")}
        for path in renderer.learning_paths():
            pages[path.page] = renderer.learning_page(path)
        for channel in renderer.questions():
            pages[f"quiz/{channel}.md"] = renderer.quiz_page(channel)
            pages[f"quiz/{channel}-sheet.md"] = renderer.quiz_sheet(channel, key=False)
            pages[f"quiz/{channel}-key.md"] = renderer.quiz_sheet(channel, key=True)
        pages["assets/glossary-data.js"] = glossary_script(renderer.catalog)
        return pages


def prepare(root: Path, preview: bool = False) -> BuildState:
    """Validate data and pages. A build raises DataError on any error; a
    preview returns a state that renders the problems in place of the pages."""
    catalog, problems, renderer = validate_and_render(root)
    errors = [p for p in problems if p.is_error]
    if errors:
        if not preview:
            raise DataError(problems)
        # the search plugin's config names the dictionary file: it must exist even now
        write_user_dict(catalog, root, JIEBA_USER_DICT)
        return BuildState(Path(root), None, preview=True, problems=errors)
    write_user_dict(catalog, root, JIEBA_USER_DICT)
    return BuildState(Path(root), renderer or Renderer(catalog), preview=preview)


EMPTY_GLOSSARY = "window.PB_GLOSSARY = {\"terms\": {}, \"words\": []};\n"


def glossary_script(catalog) -> str:
    """The glossary as a script for the tooltips (a .js file also works from file://):
    each term's name and definition once (`terms`: id -> [term, definition]) and
    every spelling pointing to it (`words`: [word, id], longest first), so the
    file grows with the data, never with definition × aliases."""
    terms, words = {}, []
    for term in catalog.kind("terms").values():
        terms[term.id] = [term.term, texts.filled(term.definition, catalog.quantity_lookup(term))]
        words += [[word, term.id] for word in dict.fromkeys([term.term, *term.aliases])]
    words.sort(key=lambda pair: -len(pair[0]))
    # JSON inside a script: no "</script>", no U+2028/2029 line breaks, no "<!--"
    payload = (json.dumps({"terms": terms, "words": words}, ensure_ascii=False).replace("<", "\\u003c")
               .replace(">", "\\u003e").replace("&", "\\u0026").replace("\u2028", "\\u2028")
               .replace("\u2029", "\\u2029"))
    return f"window.PB_GLOSSARY = {payload};\n"
