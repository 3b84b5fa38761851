"""The HTML policy (`html_policy.py`) as a Python-Markdown extension, for an
engine that runs no MkDocs hooks: Zensical loads it from `zensical.yml`
(`markdown_extensions: [playbook_kit.render.markdown_policy]`). It cleans what
`md.convert()` returns, which is what MkDocs hands `on_page_content`
(macros/hooks.py cleans it there); it runs after every other postprocessor,
raw HTML included. Titles and table-of-contents entries are not part of it:
under MkDocs `mkdocs_bridge.sanitize_page` cleans those.
"""
from __future__ import annotations

from markdown import Extension
from markdown.postprocessors import Postprocessor

from playbook_kit.render.html_policy import clean_page


class _PolicyPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return clean_page(text)


class HtmlPolicyExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # lowest priority: after raw HTML is put back (30), and every other postprocessor
        md.postprocessors.register(_PolicyPostprocessor(md), "playbook_html_policy", -100)


def makeExtension(**kwargs) -> HtmlPolicyExtension:
    return HtmlPolicyExtension(**kwargs)
