"""Better hints once every record is loaded.

A role written by its Chinese name where an id belongs (`actor: 经销商`)
fails the id pattern during validation, before the roles are known; here the
hint is replaced by the id whose name or alias matches (经销商 → dealer).
"""
from __future__ import annotations

import dataclasses
import re

from playbook_kit.core.models import ROLE_FIELDS

# the key path of a role reference (core.problems.format_key_path): `steps 第3条 › actor`, `roles 第1条`
ROLE_KEYS = re.compile(r"(?:^| › )(?:%s)(?: 第\d+条)?$" % "|".join(sorted(ROLE_FIELDS)))
QUOTED = re.compile(r"^编号 “(.+)” 格式不对$")


def role_name_hints(catalog) -> None:
    names: dict[str, str] = {}
    for role_id, role in catalog.kind("roles").items():
        for word in (role.name, *role.aliases):
            names.setdefault(_norm(word), role_id)
    if not names:
        return
    for index, problem in enumerate(catalog.problems):
        match = QUOTED.match(problem.message)
        if not match or not ROLE_KEYS.search(problem.key_path):
            continue
        role_id = names.get(_norm(match.group(1)))
        if role_id:
            catalog.problems[index] = dataclasses.replace(
                problem, hint=f"这里要写岗位编号, 不是名称: “{match.group(1)}” 的编号是 “{role_id}”")


def _norm(word: str) -> str:
    return word.replace(" ", "").replace("\u3000", "").lower()
