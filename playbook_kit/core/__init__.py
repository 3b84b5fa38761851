"""core: what the data means, with no files, no engine and no templates.

Holds the record models (the one declaration of what data may hold, which also
yields the editors' JSON Schema), located problems, text helpers (quantity
placeholders, numbers, safe links), decision-table logic and what a checklist
prints.

May import: the standard library, pydantic. Nothing else of playbook_kit.
"""
