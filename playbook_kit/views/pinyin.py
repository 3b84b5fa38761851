"""Pinyin of glossary words for the glossary's index and filter.

pypinyin loads about 0.3 s of dictionaries on first use; the words' pinyin is
kept in `.cache/pinyin.json` (keyed by pypinyin's version), so a build only
imports pypinyin when a term or alias is new. The cache is an optimisation:
without it (fresh clone, read-only checkout) the result is the same. It is
read only in a git work tree where nothing under `.cache/` is tracked
(`gitsnap.local_cache`): a pull request that commits one cannot forge the
glossary's index.
"""
from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from playbook_kit.source import gitsnap
from playbook_kit.source.project_files import safe_read, safe_write

CACHE = ".cache/pinyin.json"


def _version() -> str:
    return metadata.version("pypinyin")


def pinyin_of(root: Path, words) -> dict[str, tuple[str, str]]:
    """word -> (initials in capitals, full pinyin in lower case without tones)."""
    words = list(dict.fromkeys(words))
    version = _version()
    cached: dict = {}
    trusted = gitsnap.local_cache(root)  # never a cache a pull request committed
    text = safe_read(root, CACHE) if trusted else None
    if text:
        try:
            stored = json.loads(text)
            if stored.get("version") == version and isinstance(stored.get("words"), dict):
                cached = stored["words"]
        except (ValueError, AttributeError):
            cached = {}
    missing = [w for w in words if not _valid(cached.get(w))]
    if missing:
        # imported only for new words: pypinyin's dictionaries take about 0.3 s to load
        from pypinyin import Style, lazy_pinyin
        for word in missing:
            initials = "".join(p[:1] for p in lazy_pinyin(word, style=Style.FIRST_LETTER, errors="default")
                               if p.strip()).upper()
            cached[word] = [initials, "".join(lazy_pinyin(word)).lower()]
        try:
            if trusted:
                    safe_write(root, CACHE, json.dumps({"version": version, "words": cached}, ensure_ascii=False,
                                                   sort_keys=True))
        except OSError:
            pass  # no cache this time; the pinyin is the same
    return {w: tuple(cached[w]) for w in words}


def _valid(entry) -> bool:
    return isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)
