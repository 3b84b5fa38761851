"""The editors' queue: every open question in the data, where it stands.

An open question is anything the source does not settle:
- a 待核实 note (`unverified:`) on a record, step, rule, stage or part;
- a step, stage or part whose role is 原文未写明 (`unspecified`);
- a decision-table row or table the editors constructed (`constructed:`, `construction:`).

A 待核实 note someone confirmed stays in the data as `{note, confirmed_by,
confirmed_on, authority}` (a registered decision): it is a resolved question,
listed with who, when and on what authority, and no longer open anywhere.

They are grouped by source document and its owner, each with the record, the
note and the YAML file:line, for the 待核实清单 page and `check`'s count.
"""
from __future__ import annotations

from dataclasses import dataclass

from playbook_kit.core.models import KIND_NAMES, UNSPECIFIED, is_open, note_text, walk_models
from playbook_kit.core.texts import record_title


@dataclass(frozen=True)
class Question:
    document: str      # source id ("" when the record has none)
    kind: str
    record_id: str
    title: str         # the record's title or name
    where: str         # the item inside the record, e.g. 第 3 步
    note: str
    path: str
    line: int
    confirmed_by: str = ""  # a resolved question: the role who confirmed it,
    confirmed_on: str = ""  # the date,
    authority: str = ""     # and the decision it rests on

    @property
    def open(self) -> bool:
        return not self.authority


ITEM_LABELS = {"steps": "步骤", "rules": "规则", "stages": "阶段", "parts": "环节", "fields": "栏目", "lines": "台词"}


def _where(path: tuple) -> str:
    parts = []
    for index in range(0, len(path) - 1, 2):
        field, position = path[index], path[index + 1]
        if isinstance(position, int):
            parts.append(f"{ITEM_LABELS.get(field, field)} {position + 1}")
    return " · ".join(parts)


def collect(catalog) -> list[Question]:
    """Every open question: what `check` counts, quizzes leave out and readers see marked 待核实."""
    return [question for question in questions(catalog) if question.open]


def resolved(catalog) -> list[Question]:
    """Every 待核实 note someone confirmed, with who, when and the decision it rests on."""
    return [question for question in questions(catalog) if not question.open]


def questions(catalog) -> list[Question]:
    """Open and resolved questions in data order."""
    found: list[Question] = []
    for kind, record_id, record in catalog.all_records():
        if kind in ("checklists", "sources", "originals", "decisions") or (kind == "roles" and record_id == UNSPECIFIED):
            continue
        document = (getattr(record, "sources", None) or [""])[0]
        origin = catalog.origin(kind, record_id)

        def add(path: tuple, key, note, prefer_key: bool = True) -> None:
            line = origin.loaded.locate(origin.key_path + path + (key,), prefer_key=prefer_key)[0]
            settled = {} if is_open(note) else {"confirmed_by": note.confirmed_by, "confirmed_on": note.confirmed_on,
                                                 "authority": note.authority}
            found.append(Question(document, kind, record_id, record_title(record), _where(path), note_text(note),
                                  origin.path, line, **settled))

        for path, item in walk_models(record):
            for index, note in enumerate(getattr(item, "unverified", []) or []):
                add(path + ("unverified",), index, note, prefer_key=False)
            for field in ("actor", "owner"):
                if getattr(item, field, None) == UNSPECIFIED:
                    add(path, field, "原文未写明由谁负责")
            if getattr(item, "constructed", None):
                add(path, "constructed", "编者推导的行：" + item.constructed)
            if getattr(item, "construction", None):
                add(path, "construction", "编者整理的表：" + item.construction)
    return found


def grouped(catalog) -> list[dict]:
    """Questions grouped by source document (in source order), with the document's owner."""
    sources = catalog.kind("sources")
    groups: dict[str, list[Question]] = {}
    for question in questions(catalog):
        groups.setdefault(question.document, []).append(question)
    order = sorted(groups, key=lambda sid: sources[sid].order if sid in sources else 999)
    return [{"document": sources.get(sid), "document_id": sid, "owner": sources[sid].owner if sid in sources else "",
             "questions": [q for q in groups[sid] if q.open], "resolved": [q for q in groups[sid] if not q.open],
             "kind_name": KIND_NAMES} for sid in order]
