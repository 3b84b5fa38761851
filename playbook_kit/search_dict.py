"""The jieba user dictionary: glossary terms and role names stay one token."""
from __future__ import annotations

from pathlib import Path

from .catalog import Catalog
from .project_files import safe_write


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
