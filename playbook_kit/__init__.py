"""经销商市场操作手册: the engine behind the playbook site.

Data flows one way: YAML (`yaml_strict`) -> typed records (`models`,
`catalog`) -> checks (`checks`, `decisions`) -> templates (`render`) -> pages
(`macros/main.py`, a thin registry for mkdocs-macros).
"""
