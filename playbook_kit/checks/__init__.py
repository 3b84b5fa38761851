"""checks: cross-file checks over a loaded catalogue.

Unique ids, references, quantities, provenance (quotes against the original
documents), what a fragment can support (headings, modality, OCR readings),
decision tables, event timelines, checklists and their coverage,
links and navigation, checklist versions. Each check appends located problems
to the catalogue; none renders anything.

May import: playbook_kit.source, playbook_kit.core.
"""
