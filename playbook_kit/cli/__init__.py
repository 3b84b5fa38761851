"""cli: the editors' command, `python -m playbook_kit …` (check, new, changes,
export, pdf, schema, stage).

May import: playbook_kit.build and everything below it; never an engine's
internals (a PDF is printed from a site built by `mkdocs build` in a child
process).
"""
