"""What changed between two versions of the catalogue, in reader terms.

    python -m playbook_kit changes BASE_REF     # Markdown report on stdout

A catalogue is reduced to a *view*: per record its reader title and fields as
the site shows them (role names instead of ids, quantities filled in, time
limits as 3天内), with steps, rules, stages … keyed by their ids. Two views
compare record by record. The report opens with what needs a reviewer's eye
first: original texts touched (`data/original/`) and authorities (source
documents and decisions) added or changed; then the pages' prose (each
changed paragraph before and after), records changed (步骤 3 的时限: 3天内 →
5天内), added and removed with their text, every printed checklist with its
version, every page affected (generated ones included, when the caller
passes them) and the open questions (待核实) added or resolved. The base is
named by its commit id, never by the ref as typed. The same views feed the
最近更新 page and each checklist's change history (history.py).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from playbook_kit.core import texts
from playbook_kit.core.checklists import (checklist_source, next_version, content_changes, deadline_text, printed_content,
                                time_limit_text)
from playbook_kit.core.decisions import cell_label
from playbook_kit.core.models import (KIND_NAMES, REFERENCE_FIELDS, ROLE_FIELDS, Deadline, DecisionRule, Excluded, Quantity,
                                      TimeLimit, is_open)
from playbook_kit.source.catalog import load_catalog
from playbook_kit.source.gitsnap import fork_point, snapshot
from playbook_kit.source.pages import records_shown, scan_pages
from playbook_kit.source.project_files import PAGES_DIR, list_files

# not shown as changes: ids are the keys, quantities show inside the texts that use them,
# open questions get their own section
SKIPPED = {"id", "quantities", "unverified"}
OPEN_MARKERS = ("原文未写明", "待核实")
AUTHORITY_KINDS = ("sources", "decisions")  # records that are authorities: what facts quote (decisions: issue 21)
ORIGINALS = "data/original"      # the registered original texts: never edited
MAX_PARAGRAPHS = 400             # per page, compared paragraph by paragraph (beyond: named only)
MAX_PROSE_CHANGES = 60           # paragraphs shown in one report
MAX_RECORD_LINES = 12            # lines of text shown for a new or removed record
PARAGRAPH_CHARS = 240            # of a changed paragraph, around the change


def _short(text: str, limit: int = 24) -> str:
    return texts.shorten(" ".join(text.split()), limit)


class _Reader:
    """Turns model values into the text a reader sees."""

    def __init__(self, catalog):
        self.catalog = catalog

    def role(self, role_id: str) -> str:
        return self.catalog.role_name(role_id)

    def roles(self, value) -> str:
        """One role id or a list of them, as names."""
        return "、".join(self.role(v) for v in value) if isinstance(value, list) else self.role(value)

    def source(self, source_id: str) -> str:
        docs = self.catalog.kind("sources")
        return f"《{docs[source_id].title}》" if source_id in docs else source_id

    def term(self, term_id: str) -> str:
        terms = self.catalog.kind("terms")
        return terms[term_id].term if term_id in terms else term_id

    def cell(self, record, spec, raw) -> str:
        """A decision-table condition cell as the page shows it (`-` is 任意)."""
        if spec is None:
            return str(raw)
        try:
            return cell_label(raw, spec, self.catalog.quantity_lookup(record))
        except (ValueError, TypeError, KeyError, AttributeError):
            return str(raw)

    def value(self, record, name: str, value) -> str:
        if value is None:
            return "(无)"
        if name in ROLE_FIELDS:
            return self.roles(value)
        if name in REFERENCE_LISTS and isinstance(value, list):
            return "、".join(REFERENCE_LISTS[name](self, v) for v in value)
        for types, show in PLAIN_VALUES:
            if isinstance(value, types):
                return show(value)
        for types, show in RECORD_VALUES:
            if isinstance(value, types):
                return show(self, record, name, value)
        return str(value)

    def text(self, record, name: str, value: str) -> str:
        """Text with the record's quantities filled in."""
        return texts.filled(value, self.catalog.quantity_lookup(record))

    def mapping(self, record, name: str, value: dict) -> str:
        return "；".join(f"{k}: {self.value(record, k, v)}" for k, v in value.items())

    def sequence(self, record, name: str, value: list) -> str:
        return "、".join(self.value(record, name, v) for v in value)

    def excluded(self, record, name: str, value: Excluded) -> str:
        """A checklist's excluded step: the step's action (or its id) and the reason."""
        procedure = self.catalog.kind("procedures").get(getattr(getattr(record, "source", None), "procedure", ""))
        step = next((s for s in procedure.steps if s.id == value.item), None) if procedure else None
        action = self.value(procedure, "action", step.action) if step else value.item
        return f"{_short(action)}(理由: {value.reason})"

    def model(self, record, name: str, value: BaseModel) -> str:
        if getattr(value, "procedure", None) or getattr(value, "event", None):  # checklist source
            target = self.catalog.find(value.procedure or value.event)
            return f"《{texts.record_title(target[1])}》" if target else (value.procedure or value.event)
        parts = []
        for sub in type(value).model_fields:
            sub_value = getattr(value, sub)
            if sub_value not in (None, [], {}):
                parts.append(self.value(record, sub, sub_value))
        return " ".join(parts)


# reference lists shown by what they refer to: field -> text of one id
REFERENCE_LISTS = {"sources": _Reader.source, "see_also": _Reader.term}
# values shown alike in every record, by type (the first match wins: bool before int)
PLAIN_VALUES = ((TimeLimit, time_limit_text), (Deadline, deadline_text), (Quantity, texts.format_quantity),
                (bool, lambda value: "是" if value else "否"), ((int, float), texts.format_number))
# values whose text depends on the record, by type (the first match wins: BaseModel last)
RECORD_VALUES = ((str, _Reader.text), (dict, _Reader.mapping), (list, _Reader.sequence),
                 (Excluded, _Reader.excluded), (BaseModel, _Reader.model))


def _label(model: type[BaseModel], name: str) -> str:
    info = model.model_fields.get(name)
    return (info.title if info and info.title else name)


def _is_item_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, BaseModel) and isinstance(getattr(v, "id", None), str) for v in value)


def _is_text_list(model: type[BaseModel], name: str, value) -> bool:
    return isinstance(value, list) and name not in REFERENCE_FIELDS.keys() | {"items", "critical"} \
        and not _is_item_list(value)


def _record_view(reader: _Reader, kind: str, record) -> dict:
    """{title, fields: {label: text}, lists: {label: [texts]}, items: {key: item view}, order: {label: [keys]}}"""
    view = {"kind": kind, "title": texts.record_title(record), "fields": {}, "lists": {}, "items": {}, "order": {},
            "open": []}
    _fill(reader, record, record, view, prefix="", key_prefix="")
    return view


def _fill(reader: _Reader, record, model_value, view: dict, prefix: str, key_prefix: str) -> None:
    model = type(model_value)
    place = _Place(reader, record, view, prefix, key_prefix)
    for name in model.model_fields:
        value = getattr(model_value, name)
        label = _label(model, name)
        if name == "unverified":
            place.add_notes(value)
        elif name in SKIPPED:
            continue
        elif _is_item_list(value):
            place.add_items(name, label, value)
        elif isinstance(model_value, DecisionRule) and name in ("when", "then") and isinstance(value, dict):
            place.add_cells(name, label, value)
        elif _is_text_list(model, name, value):
            place.add_list(name, label, value)
        else:
            place.add_field(name, label, value)


def _is_open(text: str) -> bool:
    return any(marker in text for marker in OPEN_MARKERS)


def _item_title(reader: _Reader, record, item) -> str:
    """An item's title, or its action or text when it has none."""
    title = texts.record_title(item)
    if title == item.id:
        title = getattr(item, "action", None) or getattr(item, "text", None) or item.id
    return _short(reader.value(record, "title", title))


@dataclass
class _Place:
    """Where `_fill` writes a record's (or one of its items') fields into the view."""
    reader: _Reader
    record: object
    view: dict
    prefix: str       # reader label of the item, e.g. "步骤 3 的"
    key_prefix: str   # key of the item, e.g. "steps/s3/"

    @property
    def owner(self) -> str:
        return self.key_prefix.rstrip("/")

    def add_question(self, key: str, text: str) -> None:
        self.view["open"].append({"key": f"{self.key_prefix}{key}", "owner": self.owner,
                                  "prefix": self.prefix, "text": text})

    def add_notes(self, notes: list) -> None:
        for text in notes:
            if is_open(text):  # a resolved note is no open question: it shows as one closed
                self.add_question(f"unverified|{text}", f"待核实: {text}")

    def add_items(self, name: str, label: str, items: list) -> None:
        keys = []
        for number, item in enumerate(items, start=1):
            key = f"{self.key_prefix}{name}/{item.id}"
            item_label = f"{self.prefix}{label} {number}"
            self.view["items"][key] = {"label": item_label, "title": _item_title(self.reader, self.record, item),
                                       "number": number, "owner": self.owner,
                                       "detail": _detail(self.reader, self.record, item)}
            keys.append(key)
            _fill(self.reader, self.record, item, self.view, prefix=f"{item_label} 的", key_prefix=key + "/")
        self.view["order"][f"{self.prefix}{label}"] = keys

    def add_cells(self, name: str, label: str, cells: dict) -> None:
        """A decision-table rule's conditions (`when`) or outcomes (`then`), one field per cell."""
        record = self.record
        specs = {spec.id: spec for spec in (record.inputs if name == "when" else record.outputs)}
        for cell_key, raw in cells.items():
            spec = specs.get(cell_key)
            shown = self.reader.cell(record, spec, raw) if name == "when" else self.reader.value(record, "then", raw)
            self.view["fields"][f"{self.key_prefix}{name}/{cell_key}"] = {
                "label": f"{self.prefix}{label}“{spec.label if spec else cell_key}”", "value": shown,
                "owner": self.owner}

    def add_list(self, name: str, label: str, values: list) -> None:
        shown = [self.reader.value(self.record, name, v) for v in values]
        self.view["lists"][f"{self.key_prefix}{name}"] = {"label": f"{self.prefix}{label}", "values": shown,
                                                          "owner": self.owner}
        for text in shown:
            if _is_open(text):
                self.add_question(f"{name}|{text}", f"{label}: {text}")

    def add_field(self, name: str, label: str, value) -> None:
        shown = self.reader.value(self.record, name, value)
        entry = {"label": f"{self.prefix}{label}", "value": shown, "owner": self.owner}
        if name in REFERENCE_FIELDS or name == "source":
            # a renamed role or document is one change of that record, not one of every record using it
            entry["raw"] = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
        self.view["fields"][f"{self.key_prefix}{name}"] = entry
        if name != "title" and _is_open(shown):
            self.add_question(f"{name}|{shown}", f"{label}: {shown}")


def catalog_view(catalog) -> dict:
    """The whole catalogue in reader terms; JSON-serialisable."""
    reader = _Reader(catalog)
    records = {}
    for kind, record_id, record in catalog.all_records():
        view = _record_view(reader, kind, record)
        view["file"] = catalog.source_files(kind, record_id)
        view["line"] = catalog.origin(kind, record_id).at("id")[1]
        records[f"{kind}/{record_id}"] = view
    printed = {cid: {"version": checklist.version, "title": checklist.title,
                     "content": printed_content(catalog, checklist)}
               for cid, checklist in catalog.kind("checklists").items()}
    return {"records": records, "checklists": printed}


# --- comparing two views ----------------------------------------------------------------

def _detail(reader: _Reader, record, item) -> str:
    """Who does a new step (stage, part) and by when, as on the page."""
    parts = []
    for name in ("actor", "owner"):
        if getattr(item, name, None):
            parts.append(reader.value(record, name, getattr(item, name)))
    for name in ("time_limit", "deadline"):
        if getattr(item, name, None) is not None:
            parts.append(reader.value(record, name, getattr(item, name)))
    return " · ".join(parts)


def _new_owner(entry: dict, other: dict) -> bool:
    """The entry belongs to an item the other view does not have (reported as a whole item)."""
    return bool(entry["owner"]) and entry["owner"] not in other["items"]


def record_changes(before: dict, after: dict) -> list[str]:
    """Reader lines for one record present in both views."""
    return (_added_items(before, after) + _removed_items(before, after) + _changed_fields(before, after)
            + _removed_fields(before, after) + _list_changes(before, after) + _order_changes(before, after))


def _added_items(before: dict, after: dict) -> list[str]:
    lines = []
    for key, item in after["items"].items():
        if key not in before["items"] and not _new_owner(item, before):
            detail = f"({item['detail']})" if item.get("detail") else ""
            lines.append(f"新增{item['label']}: {item['title']}{detail}")
    return lines


def _removed_items(before: dict, after: dict) -> list[str]:
    return [f"删除{item['label']}(原编号): {item['title']}" for key, item in before["items"].items()
            if key not in after["items"] and not _new_owner(item, after)]


def _changed_fields(before: dict, after: dict) -> list[str]:
    """Fields added or changed (a field of a new item shows with the item)."""
    lines = []
    for key, new in after["fields"].items():
        old = before["fields"].get(key)
        if old is None:
            if not _new_owner(new, before) and new["value"] != "(无)":
                lines.append(f"新增{new['label']}: {new['value']}")
        elif old.get("raw", old["value"]) != new.get("raw", new["value"]):
            lines.append(f"{new['label']}: {old['value']} → {new['value']}")
    return lines


def _removed_fields(before: dict, after: dict) -> list[str]:
    return [f"删除{old['label']}: {old['value']}" for key, old in before["fields"].items()
            if key not in after["fields"] and not _new_owner(old, after) and old["value"] != "(无)"]


def _list_changes(before: dict, after: dict) -> list[str]:
    """Texts added to or removed from a list (of a list that came or went with its item: nothing)."""
    lines = []
    for key in list(after["lists"]) + [k for k in before["lists"] if k not in after["lists"]]:
        new, old = after["lists"].get(key), before["lists"].get(key)
        if _came_with_owner(new, old, before) or _came_with_owner(old, new, after):
            continue
        entry = new or old
        new_values, old_values = (new or {"values": []})["values"], (old or {"values": []})["values"]
        lines += [f"{entry['label']}新增: {text}" for text in new_values if text not in old_values]
        lines += [f"{entry['label']}删除: {text}" for text in old_values if text not in new_values]
    return lines


def _came_with_owner(entry: dict | None, counterpart: dict | None, other: dict) -> bool:
    """`entry` exists only on one side and belongs to an item the `other` view does not have."""
    return bool(entry) and counterpart is None and _new_owner(entry, other)


def _order_changes(before: dict, after: dict) -> list[str]:
    """Items kept on both sides whose order changed, in their new order."""
    lines = []
    for label, keys in after["order"].items():
        kept_before = [k for k in before["order"].get(label, []) if k in keys]
        kept_after = [k for k in keys if k in kept_before]
        if kept_before != kept_after:
            lines.append(f"{label}顺序调整为: " + " → ".join(after["items"][k]["title"] for k in kept_after))
    return lines


@dataclass
class Report:
    base: str
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, list[str]]] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)           # page path -> title
    checklists: list[dict] = field(default_factory=list)
    questions_added: list[str] = field(default_factory=list)
    questions_resolved: list[str] = field(default_factory=list)
    errors: int = 0  # errors in the new data: records that failed to load are missing from the comparison
    originals: list[dict] = field(default_factory=list)        # {path, status}
    prose: list[dict] = field(default_factory=list)            # {page, title, changes: [(before, after)]}
    preview: str = ""                                          # where to get the preview build

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.checklists or self.originals or self.prose)

    def authorities(self) -> tuple[list[dict], list[dict], list[tuple[dict, list[str]]]]:
        """Authorities (source documents, decisions) added, removed and changed."""
        return ([v for v in self.added if v["kind"] in AUTHORITY_KINDS],
                [v for v in self.removed if v["kind"] in AUTHORITY_KINDS],
                [(v, lines) for v, lines in self.changed if v["kind"] in AUTHORITY_KINDS])


def compare(before: dict, after: dict) -> Report:
    """Record-by-record comparison of two catalogue views (pages are filled in by the caller)."""
    report = Report(base="")
    old, new = before["records"], after["records"]
    for key, view in new.items():
        if key not in old:
            report.added.append(view)
            report.questions_added.extend(_question(view, q) for q in view["open"])
        else:
            _compare_record(report, old[key], view)
    report.removed = [view for key, view in old.items() if key not in new]
    report.checklists = _checklist_changes(before["checklists"], after["checklists"])
    return report


def _compare_record(report: Report, old: dict, view: dict) -> None:
    """Adds one record present in both views to the report: its changes and its open questions."""
    lines = record_changes(old, view)
    if view["kind"] == "checklists":
        # a version change alone is reported with the printed checklists below
        lines = [line for line in lines if not line.startswith("版本: ")]
    if lines:
        report.changed.append((view, lines))
    old_keys = {q["key"] for q in old["open"]}
    new_keys = {q["key"] for q in view["open"]}
    report.questions_added.extend(_question(view, q) for q in view["open"] if q["key"] not in old_keys)
    # a resolved question is named by its step's current number when the step is still there
    report.questions_resolved.extend(_question(view, q, fallback=old) for q in old["open"]
                                     if q["key"] not in new_keys)


def _checklist_changes(before: dict, after: dict) -> list[dict]:
    """Printed checklists added, changed (content or version) or removed."""
    changed = []
    for cid, sheet in after.items():
        previous = before.get(cid)
        if previous is None:
            changed.append({"id": cid, "title": sheet["title"], "new": True, "version": sheet["version"],
                            "old_version": None, "lines": []})
            continue
        lines = content_changes(previous["content"], sheet["content"])
        if lines or previous["version"] != sheet["version"]:
            changed.append({"id": cid, "title": sheet["title"], "new": False, "lines": lines,
                            "version": sheet["version"], "old_version": previous["version"]})
    for cid, sheet in before.items():
        if cid not in after:
            changed.append({"id": cid, "title": sheet["title"], "removed": True, "lines": [],
                            "version": None, "old_version": sheet["version"]})
    return changed


def _question(view: dict, question: dict, fallback: dict | None = None) -> str:
    owner = question["owner"]
    if owner and owner in view["items"]:
        prefix = view["items"][owner]["label"] + " 的"
    else:
        prefix = question["prefix"]
    return f"{record_name(view if fallback is None else view)}{prefix}{question['text']}"


def record_name(view: dict) -> str:
    return f"{KIND_NAMES.get(view['kind'], view['kind'])}《{view['title']}》"


# --- pages affected ---------------------------------------------------------------------

def pages_of(catalog) -> dict[str, list[str]]:
    """Page source path -> record keys ('kind/id') it shows (including bundle checklists)."""
    out: dict[str, list[str]] = {}
    for call in scan_pages(catalog).calls:
        shown = out.setdefault(call.page, [])
        shown += [f"{kind}/{record_id}" for kind, record_id in records_shown(catalog, call)]
        if call.name == "checklist_bundle":
            for rid, checklist in catalog.kind("checklists").items():
                found = checklist_source(catalog, checklist)
                if found and found[1].channel == call.argument:
                    shown.append(f"checklists/{rid}")
    for role_id in catalog.kind("roles"):
        out.setdefault(f"{PAGES_DIR}/roles/{role_id}.md", []).append(f"roles/{role_id}")
    return out


def page_title(root: Path, page: str) -> str:
    path = root / page
    heading = texts.page_heading(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else None
    return page.removeprefix(PAGES_DIR + "/").removesuffix(".md") if heading is None else heading


def affected_pages(report: Report, pages_before: dict, pages_after: dict, root: Path, titles_root: Path,
                   role_names: dict[str, str], generated: dict[str, str] | None = None) -> dict[str, str]:
    """Page source path -> title of every page whose content changes: pages showing
    a changed record, pages whose prose changed and the `generated` ones given."""
    keys = {f"{v['kind']}/{rid}" for v, rid in ((v, _id_of(v)) for v in report.added + report.removed)}
    keys |= {f"{v['kind']}/{_id_of(v)}" for v, _ in report.changed}
    keys |= {f"checklists/{c['id']}" for c in report.checklists}
    pages = {f"{PAGES_DIR}/{path}": title for path, title in (generated or {}).items()}
    pages.update({entry["page"]: entry["title"] for entry in report.prose})
    for mapping, base in ((pages_after, root), (pages_before, titles_root)):
        for page, records in mapping.items():
            if keys & set(records) and page not in pages:
                if page.startswith(f"{PAGES_DIR}/roles/"):
                    role_id = page.removeprefix(f"{PAGES_DIR}/roles/").removesuffix(".md")
                    pages[page] = f"岗位: {role_names.get(role_id, role_id)}"
                else:
                    pages[page] = page_title(base, page)
    return dict(sorted(pages.items()))


def _id_of(view: dict) -> str:
    return view["id"]


# --- the command ------------------------------------------------------------------------

def build_view(root: Path) -> tuple[dict, dict, dict]:
    catalog = load_catalog(root)
    view = catalog_view(catalog)
    view["errors"] = sum(problem.is_error for problem in catalog.problems)
    for key, record in view["records"].items():
        record["id"] = key.split("/", 1)[1]
    roles = {rid: role.name for rid, role in catalog.kind("roles").items()}
    return view, pages_of(catalog), roles


def changes_report(root: Path, base_ref: str, generated: Callable[[Path], dict[str, str]] | None = None,
                   preview: str = "") -> str:
    """The Markdown report comparing `base_ref` with the working tree of `root`.
    `generated(root)`: the pages made from the data (path -> title), compared too."""
    commit = fork_point(root, base_ref)  # what this branch changed, not what the base did since
    with snapshot(root, commit) as old_root:
        before, pages_before, _ = build_view(old_root)
        after, pages_after, roles = build_view(root)
        report = compare(before, after)
        report.base = commit[:7]
        report.errors = after["errors"]
        report.originals = originals_touched(old_root, root)
        report.prose = prose_changes(old_root, root)
        report.preview = preview
        changed_generated = _changed_generated(generated, old_root, root) if generated else {}
        report.pages = affected_pages(report, pages_before, pages_after, root, old_root, roles, changed_generated)
    return render_markdown(report)


def _changed_generated(generated: Callable, old_root: Path, root: Path) -> dict[str, str]:
    """Generated pages whose text differs: path -> title (none known when either side has errors)."""
    before, after = generated(old_root), generated(root)
    if before is None or after is None:
        return {}
    return {path: title for path, (text, title) in {**before, **after}.items()
            if before.get(path, (None,))[0] != after.get(path, (None,))[0]}


# --- original texts and prose -------------------------------------------------------------

def _tree_files(root: Path, folder: str, suffixes: tuple[str, ...]) -> dict[str, bytes | None]:
    """Relative path -> bytes of each regular file under `folder` (None: a link or special file)."""
    listing = list_files(root, folder, suffixes)
    found: dict[str, bytes | None] = {p.path: None for p in listing.problems}
    for path in listing.files:
        try:
            found[path.relative_to(root).as_posix()] = path.read_bytes()
        except OSError:
            found[path.relative_to(root).as_posix()] = None
    return found


def originals_touched(old_root: Path, root: Path) -> list[dict]:
    """Files under data/original/ added, removed or changed: {path, status}."""
    before, after = _tree_files(old_root, ORIGINALS, ("",)), _tree_files(root, ORIGINALS, ("",))
    touched = []
    for path in sorted(before.keys() | after.keys()):
        if path not in before:
            touched.append({"path": path, "status": "新增"})
        elif path not in after:
            touched.append({"path": path, "status": "删除"})
        elif before[path] != after[path] or after[path] is None:
            touched.append({"path": path, "status": f"修改(第 {_first_changed_line(before[path], after[path])} 行起)"})
    return touched


def _first_changed_line(old: bytes | None, new: bytes | None) -> int:
    old_lines, new_lines = (old or b"").split(b"\n"), (new or b"").split(b"\n")
    for number, (a, b) in enumerate(zip(old_lines, new_lines), start=1):
        if a != b:
            return number
    return min(len(old_lines), len(new_lines)) + 1


def paragraphs(text: str) -> list[str]:
    """A page's paragraphs: blocks between blank lines, each on one line."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return blocks


def prose_changes(old_root: Path, root: Path) -> list[dict]:
    """Pages whose Markdown changed: {page, title, changes: [(before, after)]} ('' for none)."""
    before, after = _tree_files(old_root, PAGES_DIR, (".md",)), _tree_files(root, PAGES_DIR, (".md",))
    found = []
    for page in sorted(before.keys() | after.keys()):
        old, new = before.get(page), after.get(page)
        if old == new:
            continue
        old_blocks = paragraphs((old or b"").decode("utf-8", "replace"))
        new_blocks = paragraphs((new or b"").decode("utf-8", "replace"))
        title = page_title(root if page in after else old_root, page)
        found.append({"page": page, "title": title, "changes": _paragraph_changes(old_blocks, new_blocks)})
    return found


def _paragraph_changes(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """(before, after) per changed paragraph; a page too long to compare is one entry."""
    if len(old) > MAX_PARAGRAPHS or len(new) > MAX_PARAGRAPHS:
        return [("(页面太长, 未逐段比较)", "")]
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes += [_around_change(before, after) for before, after in _paired(old[i1:i2], new[j1:j2])]
    return changes


def _paired(olds: list[str], news: list[str], most: int = 400) -> list[tuple[str, str]]:
    """Replaced paragraphs as (before, after): each old one with the first similar new one after
    the last paired (in order); the rest as removed ('', after) or added (before, '')."""
    if len(olds) * len(news) > most:
        return [(olds[i] if i < len(olds) else "", news[i] if i < len(news) else "")
                for i in range(max(len(olds), len(news)))]
    pairs, start = [], 0
    for before in olds:
        match = next((j for j in range(start, len(news)) if _similar(before, news[j])), None)
        if match is None:
            pairs.append((before, ""))
            continue
        pairs += [("", added) for added in news[start:match]] + [(before, news[match])]
        start = match + 1
    return pairs + [("", added) for added in news[start:]]


def _similar(a: str, b: str) -> bool:
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5 and matcher.ratio() >= 0.5


def _around_change(before: str, after: str, limit: int = PARAGRAPH_CHARS) -> tuple[str, str]:
    """Both paragraphs, cut to the part around where they differ when long."""
    if max(len(before), len(after)) <= limit or not before or not after:
        return texts.shorten(before, limit), texts.shorten(after, limit)
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    start = max(0, start - limit // 3)
    return _from(before, start, limit), _from(after, start, limit)


def _from(text: str, start: int, limit: int) -> str:
    return ("…" if start else "") + texts.shorten(text[start:], limit)


def _md(text: str) -> str:
    """Escape what Markdown (and GitHub) would interpret in reader text."""
    out = str(text).replace("\\", "\\\\")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    out = out.replace("@", "@\u200b")  # no @mentions in PR comments
    return " ".join(out.split())


def _code(text: str) -> str:
    """Inline code that a file name cannot break out of."""
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


def render_markdown(report: Report, heading: str = "## 数据变更报告") -> str:
    lines = [heading, "", f"比较基准版本 {_code(report.base)} 与本次修改。", ""]
    if report.errors:
        lines += [f"> **注意:** 修改后的数据有 {report.errors} 个错误(运行 `python -m playbook_kit check` 查看), "
                  "出错的记录没有参与比较, 可能被列为“删除”。", ""]
    if report.empty:
        lines.append("数据和页面都没有变化(data/、checklists/ 和 playbooks/ 与基准版本相同)。")
        return "\n".join(lines + [""] + _preview_section(report)).rstrip() + "\n"
    lines.append(f"新增 {len(report.added)} 条记录, 删除 {len(report.removed)} 条, 修改 {len(report.changed)} 条; "
                 f"{len(report.prose)} 个页面的文字有修改; "
                 f"影响 {len(report.pages)} 个页面、{len(report.checklists)} 张打印检查表。")
    lines.append("")
    for section in REPORT_SECTIONS:
        lines += section(report)
    return "\n".join(lines).rstrip() + "\n"


def _originals_section(report: Report) -> list[str]:
    if not report.originals:
        return []
    return ["### ⚠ 原文被改动", "", "`data/original/` 里是登记的原文, 只能照原样保存, 不能修改; 新的依据请登记为决定。", "",
            *(f"- {_code(entry['path'])}: {entry['status']}" for entry in report.originals), ""]


def _authorities_section(report: Report) -> list[str]:
    added, removed, changed = report.authorities()
    if not (added or removed or changed):
        return []
    lines = ["### 依据(来源文档和决定)", ""]
    lines += [f"- 新增: {_md(record_name(view))}({_code(view['file'])})" for view in added]
    for view in added:
        lines += [f"    - {_md(text)}" for text in record_text(view)]
    for view, changes in changed:
        lines.append(f"- 修改: {_md(record_name(view))}({_code(view['file'])})")
        lines += [f"    - {_md(change)}" for change in changes]
    lines += [f"- 删除: {_md(record_name(view))}(原在 {_code(view['file'])})" for view in removed]
    return lines + [""]


def _prose_section(report: Report) -> list[str]:
    if not report.prose:
        return []
    lines, shown = ["### 页面文字", ""], 0
    for entry in report.prose:
        lines.append(f"**{_md(entry['title'])}**({_code(entry['page'])})")
        lines.append("")
        for before, after in entry["changes"]:
            shown += 1
            if shown > MAX_PROSE_CHANGES:
                break
            if before and after:
                lines += ["- 修改段落:", f"    - 改前: {_md(before)}", f"    - 改后: {_md(after)}"]
            else:
                lines.append(f"- 新增段落: {_md(after)}" if after else f"- 删除段落: {_md(before)}")
        lines.append("")
    if shown > MAX_PROSE_CHANGES:
        lines += [f"(另有 {shown - MAX_PROSE_CHANGES} 处以上的段落修改未列出)", ""]
    return lines


def record_text(view: dict, most: int = MAX_RECORD_LINES) -> list[str]:
    """What a new or removed record says, field by field and item by item, as the page shows it."""
    lines = [f"{entry['label']}: {entry['value']}" for key, entry in view["fields"].items()
             if not entry["owner"] and not key.endswith("title") and entry["value"] != "(无)"]
    lines += [f"{entry['label']}: {'、'.join(entry['values'])}" for entry in view["lists"].values()
              if not entry["owner"] and entry["values"]]
    for item in view["items"].values():
        detail = f"({item['detail']})" if item.get("detail") else ""
        lines.append(f"{item['label']}: {item['title']}{detail}")
    return lines[:most] + ([f"… 另有 {len(lines) - most} 项"] if len(lines) > most else [])


def _changed_section(report: Report) -> list[str]:
    changed = [(view, changes) for view, changes in report.changed if view["kind"] not in AUTHORITY_KINDS]
    if not changed:
        return []
    lines = ["### 修改的记录", ""]
    for view, changes in changed:
        lines.append(f"**{_md(record_name(view))}**({_code(view['file'])})")
        lines.append("")
        lines += [f"- {_md(change)}" for change in changes]
        lines.append("")
    return lines


def _records_section(heading: str, views: list[dict], where: str) -> list[str]:
    views = [view for view in views if view["kind"] not in AUTHORITY_KINDS]
    if not views:
        return []
    lines = [heading, ""]
    for view in views:
        lines.append(f"- {_md(record_name(view))}({where}{_code(view['file'])})")
        lines += [f"    - {_md(text)}" for text in record_text(view)]
    return lines + [""]


def _added_section(report: Report) -> list[str]:
    return _records_section("### 新增的记录", report.added, "")


def _removed_section(report: Report) -> list[str]:
    return _records_section("### 删除的记录", report.removed, "原在 ")


def _preview_section(report: Report) -> list[str]:
    return ["### 预览", "", report.preview, ""] if report.preview else []


def _checklists_section(report: Report) -> list[str]:
    if not report.checklists:
        return []
    lines = ["### 打印的检查表", ""]
    for sheet in report.checklists:
        lines.append(f"- 《{_md(sheet['title'])}》({_code(sheet['id'])}): {_sheet_status(sheet)}")
        if not sheet.get("removed") and not sheet["new"]:
            lines += [f"    - {_md(change)}" for change in sheet["lines"]]
    lines.append("")
    return lines


def _sheet_status(sheet: dict) -> str:
    """What happened to one printed checklist, and whether its version says so."""
    if sheet.get("removed"):
        return "已删除"
    if sheet["new"]:
        return f"新增, 版本 {sheet['version']}"
    if sheet["lines"] and sheet["version"] == sheet["old_version"]:
        return f"打印内容改变, 但版本仍是 {sheet['version']}: 请改为 {next_version(sheet['version'])}"
    if sheet["lines"]:
        return f"打印内容改变, 版本 {sheet['old_version']} → {sheet['version']}"
    return f"打印内容未变, 版本 {sheet['old_version']} → {sheet['version']}"


def _pages_section(report: Report) -> list[str]:
    if not report.pages:
        return []
    return ["### 受影响的页面", "", *(f"- {_md(title)}({_code(page)})" for page, title in report.pages.items()), ""]


def _questions_section(report: Report) -> list[str]:
    if not (report.questions_added or report.questions_resolved):
        return []
    return ["### 待核实的问题", "", *(f"- 新增: {_md(q)}" for q in report.questions_added),
            *(f"- 已解决: {_md(q)}" for q in report.questions_resolved), ""]


# the report's sections after its summary, in order
REPORT_SECTIONS = (_originals_section, _authorities_section, _prose_section, _changed_section, _added_section,
                   _removed_section, _checklists_section, _pages_section, _questions_section, _preview_section)
