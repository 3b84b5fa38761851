"""render: records and views into HTML.

One sandboxed, autoescaping Jinja template per kind of record (templates/,
`templating`), the page renderer that evaluates a page's macro calls (never
the page as a template), the HTML policy every page passes through, the
glossary marks chosen for each built page (`glossary_marks`) and the
compiled template cache. `renderer.Renderer` puts the parts together; each
page is rendered with its own `context.PageContext` (no current page is kept).

May import: playbook_kit.views, playbook_kit.checks, playbook_kit.source,
playbook_kit.core, jinja2, markupsafe, nh3, markdown (the policy extension).
"""
