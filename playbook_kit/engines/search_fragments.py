"""Split the built search index into fragments a reader's browser loads on demand.

Material's worker fetches `search/search_index.json` whole and builds a lunr
index from it on every page view: 13 s at 1,000 procedures. Here the index is
computed once, at build time, and split (the approach of Pagefind):

- `search/pb/t<hex>.json`, one fragment per first character of a word:
  word → `[documents having it, doc, page, weight, …]` (the weight is lunr's
  score for the word in that document: idf × saturated term frequency × field
  and page boost, b = 0 as Material sets it; at most MAX_POSTINGS documents,
  the best, per word);
- `search/pb/d<n>.json`, documents in chunks of CHUNK: `[location, title, text]`
  for the results shown;
- `search/pb/pinyin.json`, loaded only when a query finds little: the pinyin of
  every Han character and of the index's words, for the “你是不是要找” line.

`search_index.json` keeps Material's `config` and, instead of `docs`, a small
manifest (which fragments exist, pages ranked last). A query loads the
fragments of its own characters and the chunks of the results it shows:
what a page view downloads no longer grows with the content. The offline copy
(opened from `file://`, where a worker cannot fetch) gets every fragment
inlined in the manifest instead. The worker side is
`playbook_kit/engines/search_worker.js` (`PbSearch`).
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from pathlib import Path

from playbook_kit.views.pinyin import pinyin_of

CHUNK = 16          # documents per chunk: a result page needs a few chunks
MAX_TEXT = 2000     # characters of a document kept for its preview
K1 = 1.2            # lunr's term-frequency saturation
MAX_POSTINGS = 1000  # documents kept per word, best first: what a query downloads stays bounded
FORMAT = 1
_TAG = re.compile(r"<[^>]+>")
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
SOUND_CHARS = range(0x4E00, 0x9FA6)  # the CJK characters a mistyped query may hold


def tokens(text: str, separator: re.Pattern) -> list[str]:
    """The words lunr indexes in a field: markup dropped, split at the separator, lower case."""
    plain = html.unescape(_TAG.sub(" ", text or ""))
    return [t for t in separator.split(plain.lower()) if t]


def weights(docs: list[dict], fields: dict, separator: re.Pattern) -> dict[str, dict[int, float]]:
    """word → {doc: lunr's score of the word in the doc}."""
    frequencies: dict[str, dict[int, float]] = defaultdict(dict)
    for number, doc in enumerate(docs):
        boost = float(doc.get("boost", 1) or 1)
        for field, spec in fields.items():
            value = doc.get(field)
            if not isinstance(value, str):
                continue
            counts: dict[str, int] = defaultdict(int)
            for token in tokens(value, separator):
                counts[token] += 1
            field_boost = float(spec.get("boost", 1))
            for token, tf in counts.items():
                saturated = (K1 + 1) * tf / (K1 + tf)
                frequencies[token][number] = frequencies[token].get(number, 0.0) + saturated * field_boost * boost
    total = len(docs)
    for token, postings in frequencies.items():
        df = len(postings)
        idf = math.log(1 + abs((total - df + 0.5) / (df + 0.5)))
        for number in postings:
            postings[number] *= idf
    return frequencies


def page_numbers(docs: list[dict]) -> list[int]:
    """For each document, the number of its page's own document (itself for a page)."""
    pages: dict[str, int] = {}
    for number, doc in enumerate(docs):
        pages.setdefault(doc["location"].split("#")[0], number)
    return [pages.get(doc["location"].split("#")[0], number) for number, doc in enumerate(docs)]


def shard_key(token: str) -> str:
    return f"{ord(token[0]):x}"


def shards(frequencies: dict, pages: list[int]) -> dict[str, dict[str, list]]:
    """first character → word → [df, doc, page, weight, …]: the MAX_POSTINGS best documents of a
    word (a word in more documents weighs little: its tail never reaches the first results)."""
    out: dict[str, dict[str, list]] = defaultdict(dict)
    for token in sorted(frequencies):
        postings = frequencies[token]
        best = sorted(postings.items(), key=lambda item: (-item[1], item[0]))[:MAX_POSTINGS]
        flat: list = [len(postings)]
        for number, weight in sorted(best):
            flat += [number, pages[number], float(f"{weight:.4g}")]
        out[shard_key(token)][token] = flat
    return out


def preview_text(text: str) -> str:
    """The start of a document's text, cut before a tag rather than inside one."""
    if len(text) <= MAX_TEXT:
        return text
    cut = text[:MAX_TEXT]
    return cut[:cut.rindex("<")] if cut.rfind("<") > cut.rfind(">") else cut


def chunks(docs: list[dict]) -> list[list]:
    rows = [[d["location"], d.get("title", ""), preview_text(d.get("text") or "")] for d in docs]
    return [rows[start:start + CHUNK] for start in range(0, len(rows), CHUNK)]


def pinyin_table(root: Path, frequencies: dict) -> dict:
    """Pinyin (no tones, syllables joined) of the index's short Han words, and
    pinyin → every character of SOUND_CHARS read that way; `views.pinyin`
    caches both in `.cache/`, so pypinyin is loaded only for new words."""
    words = sorted(t for t in frequencies if _HAN_WORD.match(t))
    chars = [chr(code) for code in SOUND_CHARS]
    spelled = pinyin_of(root, words + chars)
    by_sound: dict[str, list[str]] = defaultdict(list)
    for word in words:
        by_sound[spelled[word][1]].append(word)
    sounds: dict[str, list[str]] = defaultdict(list)
    for char in chars:
        if spelled[char][1].isascii() and spelled[char][1].isalpha():
            sounds[spelled[char][1]].append(char)
    return {"words": dict(by_sound), "chars": {sound: "".join(c) for sound, c in sorted(sounds.items())}}


def ranked_pages(docs: list[dict], patterns: list[str]) -> list[int]:
    """The numbers of the pages' own documents whose URL is a pattern, or starts with one ending in `*`."""
    def matches(url: str) -> bool:
        return any(url == p or (p.endswith("*") and url.startswith(p[:-1])) for p in patterns)
    return [number for number, doc in enumerate(docs) if "#" not in doc["location"] and matches(doc["location"])]


def _write(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_fragments(site_dir: Path, root: Path, ranked: dict, inline: bool = False) -> int:
    """Replace `search/search_index.json`'s documents by fragments; returns the number of files written.

    `ranked` holds the page URLs ranked last or after content pages
    (`views.search_words.ranked_pages`). The manifest goes into Material's
    `config`, the only part of the file Material's page code hands to its worker."""
    index_file = Path(site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return 0
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = index.get("docs") or []
    config = index.get("config", {})
    separator = re.compile(config.get("separator") or r"[\s\-]+")
    frequencies = weights(docs, config.get("fields", {"title": {"boost": 1000}, "text": {"boost": 1}}), separator)
    pages = page_numbers(docs)
    by_shard = shards(frequencies, pages)
    doc_chunks = chunks(docs)
    sounds = pinyin_table(root, frequencies)
    manifest = {"format": FORMAT, "docs": len(docs), "chunk": CHUNK, "shards": sorted(by_shard),
                "ranked": {name: ranked_pages(docs, patterns) for name, patterns in ranked.items()}}
    folder = index_file.parent / "pb"
    for stale in folder.glob("*.json"):
        stale.unlink()
    if inline:
        manifest["inline"] = {"shards": by_shard, "chunks": doc_chunks, "pinyin": sounds}
        written = 0
    else:
        folder.mkdir(exist_ok=True)
        for key, words in by_shard.items():
            _write(folder / f"t{key}.json", words)
        for number, rows in enumerate(doc_chunks):
            _write(folder / f"d{number}.json", rows)
        _write(folder / "pinyin.json", sounds)
        written = len(by_shard) + len(doc_chunks) + 1
    _write(index_file, {"config": {**config, "pb": manifest}, "docs": []})
    return written


def indexed_documents(site_dir: Path) -> list[dict]:
    """The documents a built site's search shows (location, title, text), read back from its fragments."""
    index = json.loads((Path(site_dir) / "search" / "search_index.json").read_text(encoding="utf-8"))
    manifest = index.get("config", {}).get("pb")
    if manifest is None:  # Material's own index (the worker could not be patched)
        return index.get("docs", [])
    inline = manifest.get("inline", {}).get("chunks")
    folder = Path(site_dir) / "search" / "pb"
    count = -(-manifest["docs"] // manifest["chunk"])
    rows = [row for number in range(count) for row in (
        inline[number] if inline else json.loads((folder / f"d{number}.json").read_text(encoding="utf-8")))]
    return [{"location": location, "title": title, "text": text} for location, title, text in rows]
