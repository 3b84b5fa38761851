"""Every cross-file check over the loaded catalogue, in order.

Each check appends located problems to the catalogue. `validate()` runs the
loader and every check; the build, the tests and `python -m playbook_kit check`
all call it, so all three report the same lines.
"""
from __future__ import annotations

from playbook_kit.checks.authorities import check_authorities
from playbook_kit.checks.checklists import check_checklists
from playbook_kit.checks.coverage import check_checklist_coverage
from playbook_kit.checks.decision_tables import check_decision_tables
from playbook_kit.checks.events import check_event_timeline
from playbook_kit.checks.identity import check_generated_page_names, check_nested_ids, check_unique_ids
from playbook_kit.checks.pages import check_pages
from playbook_kit.checks.provenance import check_provenance
from playbook_kit.checks.quantities import check_numbers_are_typed, check_quantities
from playbook_kit.checks.references import (check_links, check_roles, check_scripts_steps, check_sources,
                                            check_terms)
from playbook_kit.checks.content import check_heading_fragments, check_modality, check_ocr_notes
from playbook_kit.checks.reviews import check_reviews
from playbook_kit.source.catalog import Catalog

CHECKS = [check_unique_ids, check_nested_ids, check_generated_page_names, check_sources, check_roles, check_terms,
          check_scripts_steps, check_quantities, check_numbers_are_typed, check_reviews, check_links,
          check_decision_tables, check_event_timeline, check_checklists, check_checklist_coverage,
          check_pages, check_authorities, check_provenance, check_heading_fragments, check_modality,
          check_ocr_notes]


def run_checks(catalog: Catalog) -> None:
    """Every cross-file check, in order; each appends its problems to the catalogue."""
    for check in CHECKS:
        check(catalog)
