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


def restore_jieba() -> None:
    """Put jieba's process-wide dictionary back to jieba's own, as a fresh
    process has it.

    Every `load_userdict` (Material's search plugin, then `resegment_index`)
    adds the words and their frequency to jieba's global state, and the grown
    total shifts how later text is cut. One build always does the same loads,
    so `mkdocs build` is deterministic; but `mkdocs serve` rebuilds in the same
    process, starting from the previous build's state, and its search index
    drifted from a clean build's. Called before each preview build."""
    import jieba

    tokenizer = jieba.dt
    pristine = getattr(jieba, "_playbook_pristine", None)
    if pristine is None:
        tokenizer.check_initialized()
        jieba._playbook_pristine = (dict(tokenizer.FREQ), tokenizer.total, dict(tokenizer.user_word_tag_tab))
        return
    freq, total, tags = pristine
    tokenizer.FREQ = dict(freq)
    tokenizer.total = total
    tokenizer.user_word_tag_tab = dict(tags)
