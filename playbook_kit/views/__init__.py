"""views: what a reader or reviewer sees, computed from the catalogue.

Learning paths, quizzes, open questions (待核实), what changed between two
versions, history from git, edit links, the glossary's pinyin index and the
words search must keep whole. Plain data: no HTML here.

May import: playbook_kit.checks, playbook_kit.source, playbook_kit.core.
"""
