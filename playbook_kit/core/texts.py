"""Record text: quantity placeholders and safe links.

A text field may say `连续{months}未销售`; `{months}` names a quantity of the
same record, `{rtmart-sellthrough.warn}` one of another record. This is plain
substitution, never a template: `{{ config }}` stays literal text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import BaseModel

from playbook_kit.core.models import Quantity

PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z][a-z0-9_]*|[a-z0-9][a-z0-9-]*\.[a-z][a-z0-9_]*)\}(?!\})")


@dataclass(frozen=True)
class Segment:
    text: str
    is_quantity: bool = False


def format_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def format_quantity(q: Quantity) -> str:
    if q.wording is not None:
        return q.wording  # the source's own words, e.g. 10几个SKU, 至少3倍以上
    number = format_number(q.value)
    if q.max is not None:
        number += "–" + format_number(q.max)
    prefix = "约" if q.approx else ""
    return f"{prefix}{number}{q.unit}"


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def split(text: str, lookup) -> list[Segment]:
    """Split text into literal and quantity segments; `lookup(name)` gives a Quantity."""
    out: list[Segment] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            out.append(Segment(text[position:match.start()]))
        quantity = lookup(match.group(1))
        out.append(Segment(format_quantity(quantity), True) if quantity else Segment(match.group(0)))
        position = match.end()
    if position < len(text):
        out.append(Segment(text[position:]))
    return out


def filled(text: str, lookup) -> str:
    """Text with its quantity placeholders written out."""
    return "".join(segment.text for segment in split(text, lookup))


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def first_clause(text: str, limit: int) -> str:
    """The first clause of a text (up to the first 。；，： within `limit` + 1
    characters), else the text shortened to `limit`."""
    for mark in "。；，：":
        if mark in text[:limit + 1]:
            return text[:text.index(mark)]
    return shorten(text, limit)


# Chinese characters and full-width punctuation: what is not English in a mixed text
_CHINESE_RUN = re.compile(r"([\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+)")
_LATIN_WORD = re.compile(r"[A-Za-z]{2}")


def english_runs(text: str) -> list[tuple[str, bool]]:
    """A text cut into (run, is_english), linear in its length: the runs
    between Chinese characters that hold a Latin word are English (for
    `lang="en"`; a commit subject with 待核实 inside reads that word as Chinese)."""
    return [(run, not index % 2 and bool(_LATIN_WORD.search(run)))
            for index, run in enumerate(_CHINESE_RUN.split(text)) if run]


def walk_strings(value: object, path: tuple = ()) -> list[tuple[tuple, str]]:
    """Every string inside a record, with its key path, in field order (a
    list built in one pass: checks, reading times and the glossary each walk
    every record, and generators nested per level cost more than the walk)."""
    out: list[tuple[tuple, str]] = []
    _walk(value, path, out)
    return out


def _walk(value: object, path: tuple, out: list) -> None:
    # exact types first: a record is models, lists, dicts and strings
    kind = type(value)
    if kind is str:
        out.append((path, value))
    elif kind is list or kind is tuple:
        _walk_items(enumerate(value), path, out)
    elif kind is dict:
        _walk_items(value.items(), path, out)
    elif isinstance(value, BaseModel):
        _walk_model(value, path, out)
    else:
        _walk_subclass(value, path, out)


def _walk_items(items, path: tuple, out: list) -> None:
    """(key or index, item) pairs of a list or dict; strings added in place (no call each)."""
    for key, item in items:
        if type(item) is str:
            out.append((path + (key,), item))
        else:
            _walk(item, path + (key,), out)


def _walk_model(value: BaseModel, path: tuple, out: list) -> None:
    for name in type(value).model_fields:
        item = getattr(value, name)
        if type(item) is str:
            out.append((path + (name,), item))
        elif item is not None and type(item) not in _SCALARS:
            _walk(item, path + (name,), out)


def _walk_subclass(value: object, path: tuple, out: list) -> None:
    """Subclasses of str, list, tuple and dict; anything else holds no text."""
    if isinstance(value, str):
        out.append((path, value))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _walk(item, path + (index,), out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, path + (key,), out)


_SCALARS = {int, float, bool}


def safe_url(url: str) -> bool:
    """http(s), mailto, or a site-relative path; nothing that can run code."""
    url = url.strip()
    if not url or any(ch in url for ch in "\x00\r\n\t"):
        return False
    parts = urlsplit(url)
    if parts.scheme:
        if parts.scheme in ("http", "https"):
            return bool(parts.netloc)
        return parts.scheme == "mailto"
    return not url.startswith("//") and not parts.netloc


def page_heading(markdown: str) -> str | None:
    """A page's title as its Markdown gives it: the first `# ` heading."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def record_title(record) -> str:
    """What a reader calls a record or an item in it: its title, name, term or
    label (form fields, decision inputs and outputs), else its id."""
    for name in ("title", "name", "term", "label"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return record.id
