"""What HTML may reach the site: the policy for pages and page titles.

Pages (`playbooks/**/*.md`) are editor text. Markdown may carry raw HTML, so
the HTML of every page is passed through nh3 (the Rust `ammonia` sanitiser)
after Markdown and before the theme sees it: layout tags and attributes stay
(tables, `<details>`, `<br>`, classes, ids, `aria-*`, `data-*`), executable
content goes, however it is spelled: `<script>`, `<style>`, `<iframe>`,
`<object>`, `<svg>`, forms, every `on*` attribute, and every URL whose scheme
is not http(s), mailto or tel (`javascript:`, `vbscript:`, `data:` in any case
or entity spelling). Titles and table-of-contents entries, which the theme
prints without escaping, keep text only.

Our own templates emit only what this policy allows, so the sanitiser never
changes a page that came from data alone.
"""
from __future__ import annotations

import html

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr", "button", "nav", "article", "aside", "header", "footer",
}
_COMMON = {"class", "id", "title", "role", "hidden", "lang", "dir", "tabindex"}
ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "button": {"type"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# removed together with everything inside them
DROP_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math",
                     "textarea", "select", "title", "xmp", "noembed", "noframes"}

_CLEANER = nh3.Cleaner(tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES,
                       generic_attribute_prefixes={"data-", "aria-"}, url_schemes=URL_SCHEMES,
                       link_rel=None, strip_comments=True)
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags=DROP_WITH_CONTENT, attributes={}, link_rel=None)


def clean_page(content: str) -> str:
    """A page's HTML body with everything executable removed."""
    return _CLEANER.clean(content)


def clean_title(title: str | None) -> str | None:
    """A title or table-of-contents entry as inert HTML text (entities kept)."""
    if title is None:
        return None
    return _TEXT_ONLY.clean(title)


def escape_text(value: str) -> str:
    """Plain text for an HTML attribute or element the theme prints unescaped."""
    return html.escape(value, quote=True)
