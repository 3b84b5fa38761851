"""Record text: quantity placeholders and safe links.

A text field may say `连续{months}未销售`; `{months}` names a quantity of the
same record, `{rtmart-sellthrough.warn}` one of another record. This is plain
substitution, never a template: `{{ config }}` stays literal text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

from pydantic import BaseModel

from .models import Quantity

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


def walk_strings(value: object, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string inside a record, with its key path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from walk_strings(getattr(value, name), path + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, path + (key,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from walk_strings(item, path + (index,))


def joined_strings(record) -> str:
    """Every string of a record joined once, NUL between them (no word spans
    two fields): one substring test per word instead of a walk per word."""
    return "\x00".join(text for _, text in walk_strings(record))


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


def record_title(record) -> str:
    """What a reader calls a record: its title, name or term, else its id."""
    for name in ("title", "name", "term"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return record.id
