"""build: one site build, independent of the engine that writes it.

`validate` (every check, then every page rendered as the build will),
`site.prepare` (the state an engine asks for pages and macros), the forked
build child, the incremental preview's memory and staging the pages as files.

May import: playbook_kit.render and everything below it.
"""
