"""What a role takes part in: the procedure steps it acts in, the event stages
and parts it owns (a part without an owner is its stage's), the checklists it
uses or signs, the scripts it speaks in and the rules that name it. The role
pages show this and the change report compares it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RoleParts:
    steps: list[tuple]      # (procedure, step number, step)
    stages: list[tuple]     # (event, stage, the stage itself or one of its parts)
    checklists: list
    scripts: list
    rules: list[tuple]      # (rule set, rule)


def role_parts(catalog, role_id: str) -> RoleParts:
    """Everything `role_id` takes part in, each kind in catalogue order."""
    return RoleParts(_steps(catalog, role_id), _stages(catalog, role_id),
                     [checklist for checklist in catalog.kind("checklists").values()
                      if role_id in (checklist.audience, checklist.coordinator)],
                     [script for script in catalog.kind("scripts").values() if role_id in script.roles],
                     [(rule_set, rule) for rule_set in catalog.kind("rule_sets").values()
                      for rule in rule_set.rules if role_id in rule.roles])


def _steps(catalog, role_id: str) -> list[tuple]:
    return [(procedure, number, step) for procedure in catalog.kind("procedures").values()
            for number, step in enumerate(procedure.steps, start=1) if step.actor == role_id]


def _stages(catalog, role_id: str) -> list[tuple]:
    return [(event, stage, part) for event in catalog.kind("events").values() for stage in event.stages
            for part in (stage, *stage.parts) if (part.owner or stage.owner) == role_id]
