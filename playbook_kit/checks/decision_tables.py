"""Decision tables: gaps, overlaps and cells that do not parse (the analysis
itself lives in playbook_kit.core.decisions)."""
from __future__ import annotations

from playbook_kit.core import texts
from playbook_kit.core.decisions import check_table
from playbook_kit.source.catalog import Catalog


def check_decision_tables(catalog: Catalog) -> None:
    for record_id, table in catalog.kind("decision_tables").items():
        referenced = {name.split(".", 1)[0] for _, text in catalog.strings_of(table)
                      for name in texts.placeholders(text) if "." in name}
        if referenced & catalog.invalid:
            continue  # depends on a record that failed validation and was reported already
        for key, message, severity in check_table(table, catalog.quantity_lookup(table)):
            catalog.problem("decision_tables", record_id, *key, message=message, severity=severity)
