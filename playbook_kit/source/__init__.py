"""source: reading the project's files into a typed catalogue.

Which files the build may read (no symlinks, nothing outside the repository),
strict YAML with positions, the catalogue of records, located schema errors,
page scanning (front matter, macro calls parsed from Jinja's syntax tree) and
old versions of the project from git.

May import: playbook_kit.core, the standard library, pyyaml, pydantic, jinja2.
"""
