"""checks: cross-file checks over a loaded catalogue.

Unique ids, references, quantities, authorities (the originals pinned by
their hash, the organisation's registered decisions, resolved 待核实 notes),
provenance (quotes against the originals and decisions), what a fragment can
support (headings, modality, OCR readings), decision tables, event timelines,
checklists and their coverage,
links and navigation, checklist versions. Each check appends located problems
to the catalogue; none renders anything.

May import: playbook_kit.source, playbook_kit.core.
"""
