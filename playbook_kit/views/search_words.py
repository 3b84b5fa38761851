"""What search needs from the catalogue: the words segmentation must keep whole
(the jieba user dictionary: glossary terms and role names stay one token),
synonym groups and the pages ranked last."""
from __future__ import annotations

from pathlib import Path

from playbook_kit.core import texts
from playbook_kit.core.models import UNSPECIFIED
from playbook_kit.source.catalog import Catalog
from playbook_kit.source.project_files import page_url, safe_write


def dictionary_words(catalog: Catalog) -> list[str]:
    words: set[str] = set()
    for term in catalog.kind("terms").values():
        words.add(term.term)
        words.update(term.aliases)
    for role in catalog.kind("roles").values():
        words.add(role.name)
        words.update(role.aliases)
    return sorted(w.strip() for w in words if w.strip() and " " not in w.strip())


def write_user_dict(catalog: Catalog, root: Path, relative: str) -> None:
    # a high frequency makes jieba prefer the whole term over its parts
    text = "".join(f"{word} 100000 n\n" for word in dictionary_words(catalog))
    safe_write(root, relative, text)


def main_terms(catalog: Catalog) -> list[str]:
    return sorted({term.term for term in catalog.kind("terms").values()})


# pages written for editors: searchable, never ranked above a readers' page
EDITOR_PAGES = ("editing.md", "sources.md", "open-questions.md", "updates.md")
# reference pages that repeat content pages' words: after a content page that matches as well
SECONDARY_PAGES = ("glossary.md", "roles.md")
# pages generated for training (learning paths, quizzes): after a content page that matches as well
GENERATED_FOLDERS = ("learn/", "quiz/")


def _spellings(word: str, aliases: list[str]) -> list[str]:
    """A word and its other spellings, stripped, each once, in order; none the
    search would read as query syntax (`-x`: must not contain x)."""
    return list(dict.fromkeys(w.strip() for w in [word, *aliases]
                              if w.strip() and texts.query_operator_problem(w) is None))


def worker_data(catalog) -> dict:
    """What the patched worker needs: synonym groups (a glossary term and its
    other spellings, a role and its aliases)."""
    groups = [_spellings(term.term, term.aliases) for term in catalog.kind("terms").values()]
    groups += [_spellings(role.name, role.aliases) for role in catalog.kind("roles").values()]
    groups = [words for words in groups if len(words) > 1]
    return {"synonyms": [list(g) for g in sorted({tuple(g) for g in groups})]}


def ranked_pages(catalog, directory_urls: bool = True) -> dict[str, list[str]]:
    """Pages ranked apart (URLs; `*` ends a folder's prefix): editors' pages
    never above a readers' page (demoted); reference and generated training
    pages after a content page that matches the query as well."""
    pages = list(EDITOR_PAGES)
    pages += [f"roles/{role_id}.md" for role_id, role in catalog.kind("roles").items()
              if role_id == UNSPECIFIED or "原文未写明" in role.name]
    return {"demoted": sorted(page_url(p, directory_urls) for p in pages),
            "secondary": sorted(page_url(p, directory_urls) for p in SECONDARY_PAGES),
            "generated": [folder + "*" for folder in GENERATED_FOLDERS]}
