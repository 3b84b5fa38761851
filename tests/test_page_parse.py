"""Pages made only of text and well-formed macro calls are cut without Jinja's
parser (`PageRenderer._simple_pieces`); everything else goes through Jinja and
the syntax-tree check. Both ways must give the same pieces and problems, for
every real page and for pages built from the pieces editors get wrong."""
import random
from pathlib import Path

import pytest

from playbook_kit.source.page_syntax import PageRenderer, split_front_matter
from playbook_kit.source.pages import MACROS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def renderer():
    return PageRenderer({name: (lambda *args: "") for name in MACROS}, MACROS)


def through_jinja(renderer, body, path, offset):
    renderer._simple_pieces = lambda *args: None
    try:
        return renderer._parse_pieces(body, path, offset)
    finally:
        del renderer._simple_pieces


def test_every_real_page_is_cut_as_jinja_cuts_it(renderer):
    fast = 0
    pages = sorted((ROOT / "playbooks").rglob("*.md"))
    assert len(pages) > 50
    for page in pages:
        _, body, offset = split_front_matter(page.read_text(encoding="utf-8"))
        path = page.relative_to(ROOT).as_posix()
        assert renderer._parse_pieces(body, path, offset) == through_jinja(renderer, body, path, offset), path
        fast += renderer._simple_pieces(body, path, offset) is not None
    assert fast > len(pages) // 2  # the shortcut is taken, or this test compares Jinja with itself


FRAGMENTS = ["文字", " ", "\n", "\t", "{", "}", "{{", "}}", "{%", "{#", "#}", "%}", "\r\n", "'", '"', "\\",
             "{{ procedure('kp-a') }}", "{{procedure(\"kp-b\")}}", "{{ glossary() }}", "{{ glossary('x') }}",
             "{{ procedure() }}", "{{ nope('x') }}", "{{ procedure('a', 'b') }}", "{{ procedure('a'|e) }}",
             "{{ procedure ( 'c' ) }}", "{{- procedure('d') -}}", "{{ procedure('a}}b') }}", "{{ true() }}",
             "{{ procedure('中文') }}", "{% raw %}{{ x }}{% endraw %}", "{{ procedure(x) }}", "{{ rule_set('r') }}"]


def test_pages_built_from_awkward_pieces_agree(renderer):
    rng = random.Random(20261127)
    fast = 0
    for number in range(3000):
        body = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 8)))
        expected = through_jinja(renderer, body, "playbooks/x.md", 2)
        assert renderer._parse_pieces(body, "playbooks/x.md", 2) == expected, repr(body)
        fast += renderer._simple_pieces(body, "playbooks/x.md", 2) is not None
    assert fast > 100
