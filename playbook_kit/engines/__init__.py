"""engines: the only code that knows an engine's internals.

MkDocs with mkdocs-macros and Material (mkdocs_bridge, material_search, search_fragments) and
Zensical (zensical_bridge). Moving to a successor engine replaces this layer.
Only this layer imports mkdocs, material, mkdocs_macros or jieba.

May import: playbook_kit.build and everything below it.
"""
