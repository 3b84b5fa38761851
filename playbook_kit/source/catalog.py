"""Load every data and checklist file into one typed catalogue.

YAML -> strict loader -> pydantic model per record. A broken record is
reported and left out; the rest still load, so one run reports every
problem of every file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from playbook_kit.core import texts
from playbook_kit.core.models import KINDS, Checklist
from playbook_kit.core.problems import Problem, format_key_path, suggest
from playbook_kit.source.hints import role_name_hints
from playbook_kit.source.project_files import data_files
from playbook_kit.source.schema_errors import problems_from
from playbook_kit.source.yaml_strict import Loaded, load_file

DATA_DIR = "data"
CHECKLIST_DIR = "checklists"


@dataclass
class Origin:
    path: str
    key_path: tuple
    loaded: Loaded

    def at(self, *more: Any) -> tuple[str, int, int, str]:
        parts = self.key_path + tuple(more)
        line, column = self.loaded.locate(parts)
        return self.path, line, column, format_key_path(parts)


@dataclass
class Catalog:
    root: Path
    # kind -> id -> record; kind "checklists" included
    records: dict[str, dict[str, BaseModel]] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    files: dict[str, Loaded] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # files whose YAML could not be read: their records are missing, so
    # cross-file checks would only echo that as noise
    unreadable: list[str] = field(default_factory=list)
    # ids of records that failed validation: references to them are not
    # reported again as "does not exist"
    invalid: set[str] = field(default_factory=set)
    pages: Any = None  # source.pages.PageScan: the pages as read, on first use (scan_pages)
    _joined: dict = field(default_factory=dict, repr=False)  # id(record) -> (record, joined strings)
    _strings: dict = field(default_factory=dict, repr=False)  # id(record) -> (record, [(key path, text)])
    _terms_in: dict = field(default_factory=dict, repr=False)  # id(record) -> (record, term ids it uses)

    def kind(self, kind: str) -> dict[str, BaseModel]:
        return self.records.setdefault(kind, {})

    def text_of(self, record) -> str:
        """Every string of a record joined once (NUL between fields): glossary,
        learning paths and quizzes test many words against it, one substring
        test per word instead of a walk over the record per word."""
        key = id(record)
        if key not in self._joined:
            self._joined[key] = (record, "\x00".join(text for _, text in self.strings_of(record)))
        return self._joined[key][1]

    def strings_of(self, record) -> list[tuple[tuple, str]]:
        """Every string of a record with its key path, walked once per build
        (the checks, reading times and the glossary all need them). Records
        are not changed after loading; the record is kept with its entry so
        its id cannot be reused by another object."""
        key = id(record)
        entry = self._strings.get(key)
        if entry is None:
            entry = self._strings[key] = (record, texts.walk_strings(record))
        return entry[1]

    def terms_in(self, record) -> frozenset[str]:
        """Ids of the glossary terms whose term or an alias occurs in the record's
        text, tested once per record (the glossary's usage lists, the learning
        paths' term lists and the quizzes all ask)."""
        key = id(record)
        entry = self._terms_in.get(key)
        if entry is None:
            text = self.text_of(record)
            words = [(term.id, (term.term, *term.aliases)) for term in self.kind("terms").values()]
            entry = self._terms_in[key] = (record, frozenset(
                term_id for term_id, spellings in words if any(word in text for word in spellings)))
        return entry[1]

    def role_name(self, role_id: str) -> str:
        """What readers see for a role id: the role's name (the id when there is no such role)."""
        role = self.kind("roles").get(role_id)
        return role.name if role else role_id

    def find(self, record_id: str) -> tuple[str, BaseModel] | None:
        for kind, records in self.records.items():
            if record_id in records:
                return kind, records[record_id]
        return None

    def quantity_lookup(self, record):
        """Resolve `{name}` (a quantity of `record`) or `{record-id.name}` (of another)."""
        def lookup(name: str):
            if "." in name:
                other_id, _, key = name.partition(".")
                found = self.find(other_id)
                return getattr(found[1], "quantities", {}).get(key) if found else None
            return getattr(record, "quantities", {}).get(name)
        return lookup

    def origin(self, kind: str, record_id: str) -> Origin:
        return self.origins[(kind, record_id)]

    def problem(self, kind: str, record_id: str, *key: Any, message: str, hint: str = "",
                severity: str = "error") -> None:
        path, line, column, key_path = self.origin(kind, record_id).at(*key)
        self.problems.append(Problem(path, line, column, message, severity=severity,
                                     key_path=key_path, hint=hint))

    def all_records(self):
        for kind, records in self.records.items():
            for record_id, record in records.items():
                yield kind, record_id, record

    def source_files(self, kind: str, record_id: str) -> str:
        return self.origins[(kind, record_id)].path


def relative(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def yaml_files(catalog: "Catalog", folder: str) -> list[Path]:
    """The YAML files of `folder`; refused files (symlinks, *.YML) are reported."""
    listing = data_files(catalog.root, folder)
    catalog.problems.extend(listing.problems)
    catalog.unreadable.extend(p.path for p in listing.problems if p.path != folder)
    return listing.files


def _add(catalog: Catalog, kind: str, model: type[BaseModel], item: Any, loaded: Loaded,
         key_path: tuple) -> None:
    try:
        record = model.model_validate(item)
    except ValidationError as exc:
        catalog.problems.extend(problems_from(exc, model, loaded, key_path))
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            catalog.invalid.add(item["id"])
        return
    records = catalog.kind(kind)
    if record.id in records:
        first = catalog.origins[(kind, record.id)]
        line, column = loaded.locate(key_path + ("id",))
        catalog.problems.append(Problem(
            loaded.path, line, column, f"编号 “{record.id}” 重复",
            key_path=format_key_path(key_path + ("id",)),
            hint=f"第一次定义在 {first.path}:{first.loaded.locate(first.key_path + ('id',))[0]}"))
        return
    records[record.id] = record
    catalog.origins[(kind, record.id)] = Origin(loaded.path, key_path, loaded)


def _load_data_file(catalog: Catalog, loaded: Loaded) -> None:
    data = loaded.data
    if not isinstance(data, dict):
        catalog.problems.append(Problem(loaded.path, 1, 1, "数据文件的最外层应为“种类: 列表”结构",
                                        hint="例如 “procedures:” 下面列出流程"))
        return
    for kind, items in data.items():
        if kind not in KINDS:
            line, column = loaded.locate((kind,))
            catalog.problems.append(Problem(loaded.path, line, column, f"未知的数据种类 “{kind}”",
                                            key_path=kind, hint=suggest(kind, KINDS)))
            continue
        if items is None:
            line, column = loaded.locate((kind,), prefer_key=True)
            catalog.problems.append(Problem(loaded.path, line, column, f"“{kind}” 下面是空的",
                                            key_path=kind, hint="在下面列出记录(每项以 “- ” 开头), 或删除这一行"))
            continue
        if not isinstance(items, list):
            line, column = loaded.locate_value((kind,))
            catalog.problems.append(Problem(loaded.path, line, column, f"“{kind}” 下面应为列表(每项以 “- ” 开头)",
                                            key_path=kind))
            continue
        for index, item in enumerate(items):
            _add(catalog, kind, KINDS[kind], item, loaded, (kind, index))


def _read(catalog: Catalog, file: Path) -> Loaded | None:
    loaded, problems = load_file(file, relative(catalog.root, file))
    catalog.problems.extend(problems)
    if loaded is None:
        catalog.unreadable.append(relative(catalog.root, file))
    else:
        catalog.files[loaded.path] = loaded
    return loaded


def load_catalog(root: Path) -> Catalog:
    root = Path(root)
    catalog = Catalog(root=root)
    for kind in list(KINDS) + ["checklists"]:
        catalog.kind(kind)
    for file in yaml_files(catalog, DATA_DIR):
        loaded = _read(catalog, file)
        if loaded is not None:
            _load_data_file(catalog, loaded)
    for file in yaml_files(catalog, CHECKLIST_DIR):
        loaded = _read(catalog, file)
        if loaded is not None:
            _add(catalog, "checklists", Checklist, loaded.data, loaded, ())
    role_name_hints(catalog)
    return catalog
