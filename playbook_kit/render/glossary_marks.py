"""Which words of a built page the glossary marks, decided at build time.

A glossary term (or one of its aliases) is marked, as
`<abbr class="pb-gloss" data-term="ID" tabindex="0">`, only

- on a page in the scope of its sense: a page that shows a record of one of
  the term's source documents, a page without records whose channel is the
  channel of one of them (channel overviews, learning paths, quizzes), a role
  page of a role from one of them, or a page the term lists in `pages`;
  never on the long reference lists (`UNMARKED_PAGES`);
- where the occurrence starts and ends at word boundaries of the text as
  jieba segments it with its own dictionary (客情 is not marked across 来客 in
  就来客情形), and never inside a longer glossary word or a compound the term
  lists in `not_inside` (渠道 in 沟通渠道);
- once per section (a heading starts one), never in headings, links, code,
  buttons, the page footer, checklists or the decision helper.

The tooltip script (theme/assets/glossary-tooltips.js) only shows the
definition of the marks it finds.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup

from playbook_kit.core.models import Term

# long lists whose every line would be marked (issue 26): no marks at all
UNMARKED_PAGES = ("glossary.md", "updates.md", "open-questions.md", "sources.md", "roles.md")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIP_TAGS = HEADINGS | {"a", "abbr", "code", "pre", "script", "style", "textarea", "select", "option",
                        "button", "input", "label", "summary", "dt", "svg", "kbd", "sup"}
SKIP_CLASSES = {"pb-gloss", "pb-gloss-index", "pb-page-footer", "pb-checklist", "pb-dt-helper",
                "pb-quote", "pb-unverified", "md-search", "md-nav", "md-header", "md-footer"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
             "track", "wbr"}
MARK = Markup('<abbr class="pb-gloss" data-term="{}" tabindex="0">{}</abbr>')

Boundaries = Callable[[str], set[int]]  # the offsets where a text's words start or end


@dataclass(frozen=True)
class Word:
    """A spelling the page may mark: a term or alias (`term_id`), or a longer
    word in which nothing is marked (`term_id` None)."""
    text: str
    term_id: str | None


def page_words(terms: Iterable[Term]) -> list[Word]:
    """The spellings of the terms in scope, and the compounds they are not
    marked inside, longest first (a longer word wins where two overlap)."""
    words: dict[str, Word] = {}
    for term in terms:
        for compound in term.not_inside:
            words.setdefault(compound, Word(compound, None))
        for spelling in [term.term, *term.aliases]:
            words[spelling] = Word(spelling, term.id)
    return sorted(words.values(), key=lambda w: (-len(w.text), w.text))


def occurrences(text: str, words: list[Word], boundaries: Boundaries) -> list[tuple[int, Word]]:
    """Non-overlapping occurrences of `words` in `text`, longest first, the
    terms' only at word boundaries; in text order."""
    taken = [False] * len(text)
    found: list[tuple[int, Word]] = []
    cuts: set[int] | None = None
    for word in words:
        start = text.find(word.text)
        while start >= 0:
            end = start + len(word.text)
            if not any(taken[start:end]):
                if word.term_id is not None and cuts is None:
                    cuts = boundaries(text)
                if word.term_id is None or (start in cuts and end in cuts):
                    taken[start:end] = [True] * len(word.text)
                    found.append((start, word))
            start = text.find(word.text, start + 1)
    return sorted(found, key=lambda hit: hit[0])


class _Walker(HTMLParser):
    """The page's text pieces (offset, raw text) outside skipped elements, and
    where sections start; the HTML is never re-serialised."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for index, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.stack: list[bool] = []   # per open element: whether text inside it is skipped
        self.events: list[tuple[int, str] | None] = []  # None: a section starts

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in HEADINGS:
            self.events.append(None)
        if tag in VOID_TAGS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        skipped = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES) or (bool(self.stack) and self.stack[-1])
        self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1]):
            self.events.append((self.position(), data))


def choose_marks(html: str, words: list[Word], boundaries: Boundaries) -> list[tuple[int, str, str]]:
    """(offset in `html`, spelling, term id) of every occurrence to mark:
    the first one of each term in each section."""
    walker = _Walker(html)
    walker.feed(html)
    walker.close()
    chosen: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for event in walker.events:
        if event is None:
            seen = set()
            continue
        offset, text = event
        for start, word in occurrences(text, words, boundaries):
            if word.term_id is not None and word.term_id not in seen:
                seen.add(word.term_id)
                chosen.append((offset + start, word.text, word.term_id))
    return chosen


def mark_terms(html: str, words: list[Word], boundaries: Boundaries) -> str:
    """The page body with its chosen glossary occurrences wrapped in marks
    (`words`: `page_words` of the page's terms)."""
    if not words:
        return html
    pieces: list[str] = []
    last = 0
    for offset, spelling, term_id in choose_marks(html, words, boundaries):
        pieces.append(html[last:offset])
        pieces.append(MARK.format(term_id, spelling))
        last = offset + len(spelling)
    pieces.append(html[last:])
    return "".join(pieces)
