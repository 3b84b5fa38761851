"""Material's search worker with our engine, and the index's Chinese words.

Material's worker builds a lunr index from the whole `search_index.json` on
every page view (13 s at 1,000 procedures) and segments Han queries with a
loop that stops one character short. The built worker is patched: its SETUP
creates a `PbSearch` (playbook_kit/engines/search_worker.js, put at the top
of the worker), which answers from the fragments written by
playbook_kit/engines/search_fragments.py, and its QUERY waits for that
(asynchronous) answer. Material's page code, messages and result list stay
as they are. If Material changes the worker, the patterns are not found and
the build says so (and the browser search tests fail).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

# case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1}
_SETUP = re.compile(r"case 0:return yield (\w+)\((\w)\.data\.config\),(\w+)=new (\w+)\(\2\.data\)")
# return{type:3,data:de.search(e)}
_QUERY = re.compile(r"return\{type:3,data:(\w+)\.search\((\w)\)\}")
_STRICT = '"use strict";'
PRELUDE = Path(__file__).with_name("search_worker.js")
MARK = "/* playbook_kit search_fix */"


class WorkerPatchError(Exception):
    """Material's worker no longer has the code the patch expects."""


def worker_prelude(data: dict) -> str:
    """The generated data and playbook_kit/engines/search_worker.js, for the top of the worker."""
    payload = (json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
               .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return f"{MARK}var PB_SEARCH = {payload};\n{PRELUDE.read_text(encoding='utf-8')}\n"


def patch_worker_text(text: str, data: dict) -> str:
    """Apply every patch to one worker's text, or raise WorkerPatchError naming the one that failed."""
    if MARK in text:  # already patched (a file copied over from a previous build)
        return text
    missing = [name for name, pattern in (("建立索引 (SETUP)", _SETUP), ("查询 (QUERY)", _QUERY))
               if len(pattern.findall(text)) != 1]
    if missing or not text.startswith(_STRICT):
        raise WorkerPatchError("没有找到: " + "、".join(missing or ["开头的 \"use strict\""]))
    text = _SETUP.sub(lambda m: m.group(0).replace(f"new {m.group(4)}(", "new PbSearch("), text)
    text = _QUERY.sub(lambda m: f"return{{type:3,data:yield {m.group(1)}.search({m.group(2)})}}", text)
    return _STRICT + worker_prelude(data) + text[len(_STRICT):]


def patch_search_worker(site_dir: Path, data: dict | None = None) -> list[Path]:
    """Patch every search worker under `site_dir`; returns the files patched.
    Raises WorkerPatchError when Material's worker changed (no worker at all is not an error)."""
    patched = []
    for worker in sorted(Path(site_dir).glob("assets/javascripts/workers/search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        worker.write_text(patch_worker_text(text, data or {}), encoding="utf-8")
        patched.append(worker)
    return patched


MAX_PIECE = 12  # no dictionary word is longer; keeps the cut linear in the token length


def partition(token: str, pieces: set[str]) -> list[str]:
    """Cut `token` into known pieces (proper sub-words), fewest single characters first."""
    n = len(token)
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_PIECE), end):
            prev = best[start]
            if prev is None:
                continue
            piece = token[start:end]
            if len(piece) > 1 and (piece not in pieces or piece == token):
                continue
            cost = (prev[0] + (len(piece) == 1), prev[1] + 1)
            if best[end] is None or cost < best[end][:2]:
                best[end] = (*cost, prev[2] + [piece])
    return best[n][2]


def resegment_index(site_dir: Path, protected: set[str], terms: set[str], user_dict: Path | None = None) -> int:
    """Split words jieba merged at index time, so each part is found alone.

    jieba's segmentation keeps 推广软文 or 前三天 as one token, and a number
    stays glued to Chinese punctuation (“：2.5%”): a search for 软文, 三天 or
    2.5% then misses the page. Runs of Han, of Chinese punctuation and of
    other characters are first separated. Each Han token of three or more
    characters is cut into its dictionary sub-words (jieba's search mode) and
    glossary terms, fewest single characters first, and the parts are joined
    with U+200B, Material's separator: the text reads the same and every part
    becomes searchable. Glossary words and role names (`protected`) stay whole
    unless a glossary term (`terms`) is inside them (推广软文 → 推广 软文).
    Returns the number of tokens split.
    """
    import jieba  # function-level: loaded only by a build that fixes the search index

    if user_dict is not None and user_dict.exists():
        jieba.load_userdict(str(user_dict))
    index_file = Path(site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return 0
    index = json.loads(index_file.read_text(encoding="utf-8"))
    han = re.compile(r"^[\u4e00-\u9fff]{3,}$")
    cache: dict[str, str] = {}

    classes = re.compile(r"[\u4e00-\u9fff]+|[\u3000-\u303f\uff00-\uffef“”‘’…—·]+|[^\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—·]+")

    done: dict[str, str] = {}  # every token's result: most tokens recur thousands of times

    def recut(token: str) -> str:
        result = done.get(token)
        if result is None:
            result = done[token] = recut_once(token)
        return result

    def recut_once(token: str) -> str:
        runs = classes.findall(token)
        if len(runs) > 1:  # "：2.5%" → "：" "2.5%": numbers and Latin words stand alone
            return "\u200b".join(recut(run) for run in runs)
        if not han.match(token):
            return token
        if token not in cache:
            inner = {w for w in terms if len(w) > 1 and w != token and w in token}
            if token in protected and not inner:
                cache[token] = token
            else:
                pieces = inner | {w for w in jieba.cut_for_search(token) if len(w) > 1}
                cache[token] = "\u200b".join(partition(token, pieces))
        return cache[token]

    for doc in index.get("docs", []):
        for field in ("title", "text"):
            if isinstance(doc.get(field), str) and "\u200b" in doc[field]:
                doc[field] = "\u200b".join(recut(t) for t in doc[field].split("\u200b"))
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return sum(1 for token, cut in cache.items() if cut != token)


def restore_jieba() -> None:
    """Put jieba's process-wide dictionary back to jieba's own, as a fresh
    process has it.

    Every `load_userdict` (Material's search plugin, then `resegment_index`)
    adds the words and their frequency to jieba's global state, and the grown
    total shifts how later text is cut. One build always does the same loads,
    so `mkdocs build` is deterministic; but `mkdocs serve` rebuilds in the same
    process, starting from the previous build's state, and its search index
    drifted from a clean build's. Called before each preview build."""
    import jieba  # function-level: loaded only by the preview, which needs it

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


def own_dictionary_tokenizer():
    """A jieba tokenizer with jieba's own dictionary, without the glossary words
    the search plugin adds (for the glossary's word boundaries): a copy of the
    dictionary `restore_jieba` kept, or jieba's dictionary loaded afresh."""
    import jieba  # function-level: loaded only by a build that marks glossary terms

    tokenizer = jieba.Tokenizer()
    pristine = getattr(jieba, "_playbook_pristine", None)
    if pristine is not None:
        tokenizer.FREQ, tokenizer.total = dict(pristine[0]), pristine[1]
        tokenizer.initialized = True
    return tokenizer
