"""Turn pydantic validation errors into located Chinese problems."""
from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from playbook_kit.core.problems import Problem, format_key_path, suggest
from playbook_kit.source.yaml_strict import Loaded

_TYPE_NAMES = {
    "string_type": "文本",
    "int_type": "整数",
    "float_type": "数字",
    "bool_type": "true 或 false",
    "list_type": "列表(每项以 “- ” 开头)",
    "dict_type": "“键: 值”结构",
    "model_type": "“键: 值”结构",
    "model_attributes_type": "“键: 值”结构",
}


def _fields_of(model: type[BaseModel], loc: tuple) -> list[str]:
    """Allowed field names at the mapping that holds `loc[-1]`."""
    current: object = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = _inner_model(annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return list(fields) if fields else []


def _inner_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _describe(error: dict, model: type[BaseModel], loc: tuple) -> tuple[str, str]:
    """(message, hint) for one pydantic error at `loc`."""
    kind = error["type"]
    value = error.get("input")
    field = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"缺少必填字段 “{field}”", "在这条记录里补上这个字段"
    if kind == "extra_forbidden":
        allowed = _fields_of(model, loc)
        return f"未知字段 “{field}”", suggest(field, allowed) if allowed else ""
    if kind in _TYPE_NAMES:
        return f"应为{_TYPE_NAMES[kind]}, 实际是 {_show(value)}", _type_hint(kind, value)
    if kind == "string_pattern_mismatch":
        return _pattern_mismatch(field, loc, value)
    return _out_of_bounds(error, kind, value)


def _type_hint(kind: str, value: object) -> str:
    """Why a value of the wrong type was probably written that way."""
    if kind == "string_type" and isinstance(value, bool):
        return "YAML 里的 true/false 是布尔值; 如果想写文字, 请加引号"
    if kind == "string_type" and isinstance(value, (int, float)):
        return "如果这是编号或文字, 请加引号, 例如 \"5\""
    if kind == "bool_type":
        return "只接受 true 或 false(不接受 yes/no/NO/on)"
    if kind == "string_type" and isinstance(value, dict):
        return "文本里有“: ”或以 { 开头时, 请给整段文字加引号"
    return ""


def _pattern_mismatch(field: str, loc: tuple, value: object) -> tuple[str, str]:
    """A version, a quantity name or an id that does not have the required form."""
    if field == "version" or (loc and loc[-1] == "version"):
        return f"版本号 {_show(value)} 格式不对", "写成 1.0 这样的“主版本.次版本”"
    if len(loc) >= 2 and loc[-2] == "quantities":
        # quantity names are written inside text as {name} or {record-id.name}: no hyphens there
        return (f"数量名 {_show(value)} 格式不对",
                "数量名以小写字母开头, 只用小写字母、数字和下划线, 例如 pull_back(文字里写 {pull_back})")
    return f"编号 {_show(value)} 格式不对", "只用小写字母、数字和连字符, 例如 rtmart-new-product"


def _out_of_bounds(error: dict, kind: str, value: object) -> tuple[str, str]:
    """A value of the right type outside what the field allows."""
    ctx = error.get("ctx") or {}
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"取值 {_show(value)} 无效", f"可选: {expected}"
    if kind == "string_too_short":
        return "不能为空", "请填写内容"
    if kind == "string_too_long":
        return "太长", f"最多 {ctx.get('max_length')} 个字符"
    if kind == "too_short":
        return "列表不能为空", f"至少要有 {ctx.get('min_length', 1)} 项"
    if kind in ("greater_than_equal", "greater_than"):
        return f"数值 {_show(value)} 太小", f"应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])), ""
    if kind.startswith("union_tag") or kind == "union_type":
        return f"取值 {_show(value)} 的类型不对", ""
    return f"取值不合规: {error['msg']}", ""


def _show(value: object) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"“{value[:40]}”"
    if isinstance(value, (dict, list)):
        return "结构" if isinstance(value, dict) else "列表"
    return str(value)


def _data_loc(data: object, loc: tuple, missing: bool) -> tuple[tuple, bool]:
    """`loc` without pydantic's union branch labels ('CleanedQuote', 'constrained-str'),
    found by walking the data itself, and whether a label was dropped."""
    kept, current, dropped = [], data, False
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(part, int) and isinstance(current, list) and 0 <= part < len(current):
            kept.append(part)
            current = current[part]
        elif isinstance(current, dict) and part in current:
            kept.append(part)
            current = current[part]
        elif last and missing and isinstance(current, dict):
            kept.append(part)  # a missing field: not in the data, but it is the field
        else:
            dropped = True
    return tuple(kept), dropped


def _clean_errors(errors: list[dict], data: object) -> list[dict]:
    """Errors with union labels removed; of a union's branches, only the errors of the
    branch that has the data's shape (a misspelled key in `{text, cleaned}` is reported,
    not that the quote is no text)."""
    cleaned = []
    for error in errors:
        loc, dropped = _data_loc(data, tuple(error["loc"]), error["type"] == "missing")
        cleaned.append({**error, "loc": loc, "branched": dropped})
    shaped = {e["loc"][:-1] if e["type"] in ("extra_forbidden", "missing") else e["loc"]
              for e in cleaned if e["branched"] and e["type"] not in _TYPE_NAMES}
    return [e for e in cleaned if not (e["branched"] and e["type"] in _TYPE_NAMES and e["loc"] in shaped)]


def _misspelled_missing(errors: list[dict], model: type[BaseModel]) -> set[tuple]:
    """Locations of missing fields that an unknown field next to them is a typo of."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    covered = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = tuple(error["loc"])
        for candidate in difflib.get_close_matches(str(loc[-1]), _fields_of(model, loc), n=1, cutoff=0.5):
            if loc[:-1] + (candidate,) in missing:
                covered.add(loc[:-1] + (candidate,))
    return covered


def problems_from(exc: ValidationError, model: type[BaseModel], loaded: Loaded,
                  prefix: tuple) -> list[Problem]:
    out = []
    seen = set()
    errors = _clean_errors(exc.errors(), _data_at(loaded.data, prefix))
    typo_of = _misspelled_missing(errors, model)
    for error in errors:
        if error["type"] == "missing" and tuple(error["loc"]) in typo_of:
            continue  # reported once, as the misspelled key
        loc = tuple(error["loc"])
        key = (loc, error["type"])
        if key in seen:
            continue
        seen.add(key)
        message, hint = _describe(error, model, loc)
        full = prefix + loc
        if error["type"] == "missing":
            line, column = loaded.locate(prefix + loc[:-1])
        else:
            line, column = loaded.locate(full, prefer_key=error["type"] == "extra_forbidden")
        out.append(Problem(loaded.path, line, column, message,
                           key_path=format_key_path(full), hint=hint))
    return out


def _data_at(data: object, prefix: tuple) -> object:
    """The part of a file's data a model was validated against."""
    for part in prefix:
        try:
            data = data[part]
        except (LookupError, TypeError):
            return None
    return data
