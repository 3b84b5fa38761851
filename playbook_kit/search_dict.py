"""The jieba user dictionary: glossary terms and role names stay one token."""
from __future__ import annotations

import json
from pathlib import Path

from .catalog import Catalog


def dictionary_words(catalog: Catalog) -> list[str]:
    words: set[str] = set()
    for term in catalog.kind("terms").values():
        words.add(term.term)
        words.update(term.aliases)
    for role in catalog.kind("roles").values():
        words.add(role.name)
        words.update(role.aliases)
    return sorted(w.strip() for w in words if w.strip() and " " not in w.strip())


def write_user_dict(catalog: Catalog, target: Path) -> None:
    # a high frequency makes jieba prefer the whole term over its parts
    text = "".join(f"{word} 100000 n\n" for word in dictionary_words(catalog))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def main_terms(catalog: Catalog) -> list[str]:
    return sorted({term.term for term in catalog.kind("terms").values()})


def write_search_words(catalog: Catalog, target: Path) -> None:
    """Glossary words for the search-index fix (read by macros/hooks.py)."""
    data = {"whole": dictionary_words(catalog), "terms": main_terms(catalog)}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")


def read_search_words(path: Path) -> tuple[set[str], set[str]]:
    if not path.exists():
        return set(), set()
    data = json.loads(path.read_text(encoding="utf-8"))
    return set(data["whole"]), set(data["terms"])
