"""One negative test per field a rule covers: a broken value in each field is
reported as an error at that field's own file, line and column.

A rule checked on only some of its fields (a checklist's `audience` no longer
compared with the roles, an event stage's `owner` left out) passes every
positive test; these parametrized cases fail instead.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from playbook_kit.build.validate import validate
from test_authorities import DECISION_ROLE_FIELDS
from playbook_kit.views.changes import ROLE_FIELDS

RT = "data/ka/rtmart.yml"
EVENT = "data/auto-4s/market-event.yml"
RECEPTION = "data/auto-4s/reception.yml"
CHECKLIST = "checklists/rtmart-new-product.yml"


def break_value(project: Path, relative: str, line_text: str, old: str, new: str) -> tuple[int, int]:
    """Replace `old` by `new` in the first line equal to `line_text`; (line, column) of `new`."""
    path = project / relative
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index(line_text)
    assert old in lines[number], (old, line_text)
    lines[number] = lines[number].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1, lines[number].index(new) + 1


def errors(project: Path) -> list[str]:
    _, problems = validate(project)
    return [p.format() for p in problems if p.is_error]


# --- role references: an unknown role id, in every field that holds one ---------------------

# case id -> (file, the line as written, the role id on it); the id's first word is the field
ROLE_REFERENCES = {
    "actor": (RT, "        actor: branch-office", "branch-office"),
    "owner of an event stage": (EVENT, "        owner: auto-4s-marketing-dept", "auto-4s-marketing-dept"),
    "owner of a stage part": (EVENT, "            owner: event-greeter", "event-greeter"),
    "owner of a source document": ("data/sources.yml", "    owner: ka-department", "ka-department"),
    "audience of a checklist": (CHECKLIST, "audience: dealer", "dealer"),
    "coordinator of a checklist": (CHECKLIST, "coordinator: unspecified", "unspecified"),
    "speaker of a script line": (RECEPTION, "      - speaker: first-receptionist", "first-receptionist"),
    "roles of a rule": ("data/sales/agency.yml", "        roles: [manufacturer]", "manufacturer"),
    "roles of a script": (RECEPTION, "    roles: [first-receptionist, salesperson, customer]", "salesperson"),
}


def test_every_role_reference_field_has_a_negative_case():
    assert {case.split()[0] for case in ROLE_REFERENCES} | DECISION_ROLE_FIELDS == ROLE_FIELDS


@pytest.mark.parametrize("case", ROLE_REFERENCES)
def test_unknown_role_is_located_in_every_role_field(project, case):
    relative, line_text, role_id = ROLE_REFERENCES[case]
    line, column = break_value(project, relative, line_text, role_id, "no-such-role")
    found = errors(project)
    assert any(e.startswith(f"{relative}:{line}:{column}: 岗位 “no-such-role” 不存在") for e in found), found


# --- document references ---------------------------------------------------------------------

def test_unknown_source_document_of_a_record_is_located(project):
    line, column = break_value(project, RT, "    sources: [rtmart-flow]", "rtmart-flow", "no-such-doc")
    found = errors(project)
    assert any(e.startswith(f"{RT}:{line}:{column}: 来源文档 “no-such-doc” 不存在") for e in found), found


def test_unknown_source_document_of_a_decision_rule_is_located(project):
    path = project / RT
    text = path.read_text(encoding="utf-8")
    anchor = "        when: {status: 9}\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + "        sources: [no-such-doc]\n", 1), encoding="utf-8")
    line = text[:text.index(anchor)].count("\n") + 2
    found = errors(project)
    assert any(e.startswith(f"{RT}:{line}:19: 来源文档 “no-such-doc” 不存在") for e in found), found


# --- provenance: a role stated for an item must be named in that item's fragments ----------

# case id -> (file, the line as written, the role id on it); 大润发总部采购 is named in none of them
UNNAMED_ROLES = {
    "actor": (RECEPTION, "        actor: auto-4s-marketing-dept", "auto-4s-marketing-dept"),
    "owner of an event stage": (EVENT, "        owner: auto-4s-marketing-dept", "auto-4s-marketing-dept"),
    "owner of a stage part": (EVENT, "            owner: event-greeter", "event-greeter"),
    "speaker of a script line": (RECEPTION, "      - speaker: first-receptionist", "first-receptionist"),
    "roles of a rule": ("data/sales/agency.yml", "        roles: [manufacturer]", "manufacturer"),
}


@pytest.mark.parametrize("case", UNNAMED_ROLES)
def test_role_the_fragments_do_not_name_is_located_in_every_field(project, case):
    relative, line_text, role_id = UNNAMED_ROLES[case]
    line, _ = break_value(project, relative, line_text, role_id, "rtmart-buyer")
    if case.startswith("speaker"):  # a speaker must also be among the script's roles
        break_value(project, relative, "    roles: [first-receptionist, salesperson, customer]",
                    "customer", "customer, rtmart-buyer")
    found = errors(project)
    assert any(e.startswith(f"{relative}:{line}:") and "岗位 “大润发总部采购” 在这一条的原文片段里没有出现" in e
               for e in found), found


# --- provenance: a time stated for an item must be written in that item's fragments ---------

# case id -> (file, the line as written, the number on it, a number the fragments do not have, message)
UNQUOTED_TIMES = {
    "time_limit of a step": (RT, "          amount: {value: 1, unit: 个月, quotes: "
                                 "[\"新店开张,办事处需协调经销商提前一个月拟好大型促销计划,\"]}",
                             "value: 1", "value: 5", "时限的数字在这一条的原文片段里找不到"),
    "deadline of an event stage": (EVENT, "        deadline: {day: 1, until_day: 7}", "until_day: 7", "until_day: 9",
                                   "时间(第 9 天)在这一条的原文片段里找不到"),
    "deadline of a stage part": (EVENT, "            deadline: {day: 1}", "day: 1", "day: 4",
                                 "时间(第 4 天)在这一条的原文片段里找不到"),
}


@pytest.mark.parametrize("case", UNQUOTED_TIMES)
def test_time_the_fragments_do_not_have_is_located_in_every_field(project, case):
    relative, line_text, old, new, message = UNQUOTED_TIMES[case]
    line, _ = break_value(project, relative, line_text, old, new)
    found = errors(project)
    assert any(e.startswith(f"{relative}:{line}:") and message in e for e in found), found
