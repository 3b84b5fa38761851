"""Strict YAML loading with positions.

PyYAML's `safe_load` applies YAML 1.1 (`NO` -> False, `1:30` -> 90, dates),
keeps the last of duplicate keys, expands aliases and recurses on deep
nesting. Here we parse events (iterative, no recursion), reject what an
editor never means, compose nodes and convert them ourselves with the
YAML 1.2 core schema, remembering the line and column of every value and
key so that later checks can point at them.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (AliasEvent, CollectionEndEvent, DocumentStartEvent, NodeEvent,
                         ScalarEvent, SequenceStartEvent)

from playbook_kit.core.problems import Problem

MAX_BYTES = 512 * 1024
MAX_DEPTH = 40

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
_STANDARD_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map",
                  "tag:yaml.org,2002:seq", "tag:yaml.org,2002:int",
                  "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                  "tag:yaml.org,2002:null"}

MAX_SCALAR = 10_000      # characters in one value
MAX_DIGITS = 15          # an integer longer than this is not a quantity anyone means

# Characters an editor cannot see or that reorder what is shown: C0/C1 controls
# (NUL, ESC …, tab and line breaks excepted), soft hyphen, zero-width and
# joiner characters, bidi embeddings/overrides/isolates, line/paragraph
# separators, word joiner and invisible operators, BOM inside the text, tags.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160"
                       "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                       "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff\U000e0000-\U000e0fff]")
_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字",
          "\u200e": "从左到右标记", "\u200f": "从右到左标记", "\u202e": "从右到左覆盖", "\u202d": "从左到右覆盖",
          "\ufeff": "零宽不换行空格(BOM)", "\u2028": "行分隔符", "\u2029": "段分隔符", "\u00ad": "软连字符"}


def invisible_character(text: str) -> tuple[int, int, str] | None:
    """(line, column, description) of the first invisible or direction-changing character."""
    match = INVISIBLE.search(text)
    if match is None:
        return None
    offset = match.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    char = match.group(0)
    name = _NAMES.get(char, "控制字符" if ord(char) < 0xa0 else "不可见字符")
    return line, column, f"{name} U+{ord(char):04X}"


# `名称：值` — an ASCII key followed by a full-width colon.
_FULLWIDTH_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*)\s*：")
# `key:value` — an ASCII key glued to its value.
_GLUED_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*):(?![\s:/]|$)")


@dataclass
class Loaded:
    """The plain data of one file and where each part of it stands."""
    path: str
    data: Any
    # key path tuple -> (line, column) of the value, 1-based
    value_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    # key path tuple -> (line, column) of the key itself (mappings only)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key_path: tuple, prefer_key: bool = False) -> tuple[int, int]:
        """Position of the deepest part of `key_path` that exists: its value,
        or with `prefer_key` the key that names it."""
        parts = tuple(key_path)
        first = self.key_marks if prefer_key else self.value_marks
        if parts in first:
            return first[parts]
        while parts:
            if parts in self.key_marks:
                return self.key_marks[parts]
            if parts in self.value_marks:
                return self.value_marks[parts]
            parts = parts[:-1]
        return self.value_marks.get((), (1, 1))


    def locate_value(self, key_path: tuple) -> tuple[int, int]:
        """Position of the value at `key_path` (its key when the value is empty)."""
        parts = tuple(key_path)
        if parts in self.value_marks:
            return self.value_marks[parts]
        return self.locate(parts, prefer_key=True)


class _Fail(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def _pos(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        hint = "请用 UTF-8 编码保存(VS Code 右下角点击编码 → “通过编码保存” → UTF-8)"
        try:
            raw.decode("gb18030")
            message = "文件不是 UTF-8 编码, 看起来保存成了 GBK/GB18030"
        except UnicodeDecodeError:
            message = "文件不是 UTF-8 编码"
        raise _Fail(line, column, message, hint) from None


_KEY = r"^(\s*(?:-\s+)*)([A-Za-z_][A-Za-z0-9_-]*)"
# `key:　value` or `key　: value` — a full-width space around the colon
_FULLWIDTH_AFTER_COLON = re.compile(_KEY + r":\u3000")
_FULLWIDTH_BEFORE_COLON = re.compile(_KEY + r"\u3000+:(?:\s|$)")
# `-　key: value` — a full-width space after the list dash
_FULLWIDTH_AFTER_DASH = re.compile(r"^( *-)\u3000")
# a tab anywhere in the indentation, also after list dashes: `-<TAB>id:`
_TAB_IN_INDENT = re.compile(r"^[ \-]*\t")


# whether a file needs the line-by-line look at all: every slip below needs a
# tab, a full-width space or one of these (a file without any is read once).
# Whitespace but the line break: a match stays within its line (linear).
_MAYBE_SLIP = re.compile(r"^[^\S\n]*(?:-[^\S\n]+)*[A-Za-z_][A-Za-z0-9_-]*(?:[^\S\n]*：|:(?![\s:/]|$))",
                         re.MULTILINE)


# a value that opens a quote and does not close it on its line: `title: "新品进场`
# (editors never continue a quoted text on the next line; YAML would, and report
# the problem lines later, or not at all when a later quote closes it)
_UNCLOSED_QUOTE = re.compile(r"""^[^\S\n]*(?:-[^\S\n]+)*(?:[A-Za-z_][A-Za-z0-9_-]*:[^\S\n]+)?(?:-[^\S\n]+)?"""
                             r"""(?:"(?:[^"\\\n]|\\.)*|'(?:[^'\n]|'')*)$""", re.MULTILINE)


def _prescan(text: str) -> None:
    """Slips PyYAML misreports or silently accepts, found line by line."""
    found = invisible_character(text)
    if found:
        line, column, name = found
        raise _Fail(line, column, f"这里有看不见的字符({name})",
                    "删除它: 常见于从网页、聊天软件复制粘贴; 这种字符会让两个看起来一样的名称被当成不同的")
    if ("\t" not in text and "\u3000" not in text and _MAYBE_SLIP.search(text) is None
            and _UNCLOSED_QUOTE.search(text) is None):
        return
    block_indent = None  # inside a `|` or `>` block scalar
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if stripped == "" or indent >= block_indent:
                continue
            block_indent = None
        if stripped.startswith("#") or not stripped.strip():
            continue
        _check_spaces(number, line, stripped, indent)
        _check_colon(number, line)
        _check_quote(number, line)
        if re.search(r":\s*[|>][-+0-9]*\s*(#.*)?$", line):
            block_indent = indent + 1


def _check_spaces(number: int, line: str, stripped: str, indent: int) -> None:
    """A tab or a full-width space where YAML wants a half-width space."""
    tab = _TAB_IN_INDENT.match(line)
    if tab:
        raise _Fail(number, tab.end(), "缩进里有制表符(Tab), YAML 只允许空格缩进",
                    "把 Tab 换成空格(每层 2 个空格; “-” 后面加一个空格)")
    if stripped.startswith("\u3000"):
        raise _Fail(number, indent + 1, "缩进里有全角空格(U+3000), YAML 只允许半角空格缩进",
                    "删除全角空格, 用半角空格对齐")
    match = _FULLWIDTH_AFTER_DASH.match(line)
    if match:
        raise _Fail(number, match.end(), "列表符号 “-” 后面是全角空格", "改成半角空格: “- 键: 值”")
    match = _FULLWIDTH_AFTER_COLON.match(line)
    if match:
        raise _Fail(number, match.end(), f"键 “{match.group(2)}” 的冒号后面是全角空格",
                    f"改成半角空格: “{match.group(2)}: 值”")
    match = _FULLWIDTH_BEFORE_COLON.match(line)
    if match:
        raise _Fail(number, len(match.group(1)) + len(match.group(2)) + 1,
                    f"键 “{match.group(2)}” 和冒号之间有全角空格", f"删除它: “{match.group(2)}: 值”")


def _check_colon(number: int, line: str) -> None:
    """A full-width colon after a key, or a key glued to its value."""
    match = _FULLWIDTH_COLON.match(line)
    if match:
        column = line.index("：", len(match.group(1))) + 1
        raise _Fail(number, column, f"键 “{match.group(2)}” 后面用了全角冒号“：”",
                    f"改成半角冒号加空格, 例如 “{match.group(2)}: 值”")
    match = _GLUED_COLON.match(line)
    if match:
        column = len(match.group(1)) + len(match.group(2)) + 1
        raise _Fail(number, column, f"键 “{match.group(2)}” 的冒号后面缺少空格",
                    f"写成 “{match.group(2)}: 值”(冒号后加一个空格)")


def _check_quote(number: int, line: str) -> None:
    """A quote opened in a value and not closed on its line, reported at the opening quote."""
    if _UNCLOSED_QUOTE.match(line):
        prefix = re.match(r"""[^"']*""", line).group(0)
        quote = line[len(prefix)]
        raise _Fail(number, len(prefix) + 1, f"引号 {quote} 没有闭合: 这一行结束前没有配对的结束引号",
                    f"在这段文字末尾补上 {quote}; 文字太长时也要写在同一行里")


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: far faster


def _scalar(value: str, plain: bool, tag: str | None, mark) -> Any:
    if len(value) > MAX_SCALAR:
        raise _Fail(*_pos(mark), f"这段文字太长({len(value)} 个字符, 上限 {MAX_SCALAR})",
                    "拆成几条记录或几个步骤")
    if not plain or tag == "tag:yaml.org,2002:str":  # quoted or block: always text
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value) or _FLOAT.match(value):
        _refuse_leading_zero(value, mark)
    if _INT.match(value):
        if len(value.lstrip("+-")) > MAX_DIGITS:
            raise _Fail(*_pos(mark), f"数字 “{value[:20]}…” 太长({len(value.lstrip('+-'))} 位)",
                        f"数字最多 {MAX_DIGITS} 位; 如果本意是文字, 加上引号")
        return int(value, 10)
    if _FLOAT.match(value):
        number = float(value)
        if not math.isfinite(number) or len(value) > 40 or abs(number) >= 10 ** MAX_DIGITS:
            raise _Fail(*_pos(mark), f"数字 “{value[:20]}” 超出范围",
                        "写一个正常大小的数字; 如果本意是文字, 加上引号")
        return number
    return value


def _refuse_leading_zero(value: str, mark) -> None:
    """`017`: YAML 1.2 reads 17, YAML 1.1 tools (yamllint, the schema check) read octal 15."""
    digits = value.lstrip("+-")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        raise _Fail(*_pos(mark), f"数字 “{value}” 以 0 开头: 有的工具读成 {digits.lstrip('0') or '0'}, 有的读成八进制",
                    f"数字写成 {digits.lstrip('0') or '0'}; 如果是编号或文字, 加引号写成 \"{value}\"")


class _Frame:
    __slots__ = ("value", "path", "key")

    def __init__(self, value, path):
        self.value, self.path, self.key = value, path, None


def _count_document(event, documents: int) -> int:
    """Documents seen so far, including `event`; a second one is refused."""
    if not isinstance(event, DocumentStartEvent):
        return documents
    if documents >= 1:
        raise _Fail(*_pos(event.start_mark), "一个文件只能有一个 YAML 文档(不要用 --- 分隔多个文档)")
    return documents + 1


def _refuse_node(event) -> None:
    """Aliases, anchors and non-standard tags: constructs an editor never means."""
    if isinstance(event, AliasEvent):
        raise _Fail(*_pos(event.start_mark), f"不支持 YAML 别名 “*{event.anchor}”",
                    "请直接写出内容; 别名会让数据难以审阅")
    if event.anchor is not None:
        raise _Fail(*_pos(event.start_mark), f"不支持 YAML 锚点 “&{event.anchor}”",
                    "请删除锚点, 直接写出内容")
    if event.tag not in _STANDARD_TAGS:
        raise _Fail(*_pos(event.start_mark), f"不支持 YAML 标签 “{event.tag}”", "请删除这个标签")


def _add_key(event, parent: _Frame, out: Loaded, lines: list[str]) -> None:
    """A mapping key: simple text, short, and not a repeat of an earlier key."""
    if not isinstance(event, ScalarEvent):
        raise _Fail(*_pos(event.start_mark), "键必须是简单文本")
    key = event.value
    if len(key) > 200:
        raise _Fail(*_pos(event.start_mark), "键太长", "键是字段名, 例如 “title”")
    if key in parent.value:
        _duplicate_key(key, out.key_marks[parent.path + (key,)], _pos(event.start_mark), lines)
    parent.key = key
    out.key_marks[parent.path + (key,)] = _pos(event.start_mark)


def _after_deeper_block(lines: list[str], line: int, column: int) -> bool:
    """The key at (line, column) comes right after lines indented deeper: the
    sign of a block whose indentation broke there (it fell out to this level)."""
    for previous in reversed(lines[:line - 1]):
        stripped = previous.strip()
        if stripped and not stripped.startswith("#"):
            return len(previous) - len(previous.lstrip(" ")) > column - 1
    return False


def _next_key_line(lines: list[str], line: int) -> int | None:
    """The number of the first line after `line` that is neither blank nor a comment."""
    for number in range(line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _duplicate_key(key: str, first: tuple[int, int], second: tuple[int, int], lines: list[str]) -> None:
    """A repeated key, reported where the indentation most likely broke: a block that
    fell out of its item (first) makes the item's parent see its own key (second) twice."""
    if (_after_deeper_block(lines, *first) and not _after_deeper_block(lines, *second)
            and not _next_key_line(lines, first[0]) == second[0]):  # `title: a` then `title: b`: typed twice
        raise _Fail(*first, f"键 “{key}” 的缩进可能少了: 它被算到了上一层, 所以第 {second[0]} 行的 “{key}” 成了重复的键",
                    "把这一行(及下面属于它的几行)向右缩进, 与上面那一项的其他键对齐")
    raise _Fail(*second, f"重复的键 “{key}”(第一次出现在第 {first[0]} 行)",
                "删除或合并其中一个; 如果这一行本属于上面那一项, 检查它的缩进")


def _value_path(parent: _Frame | None) -> tuple:
    if parent is None:
        return ()
    if isinstance(parent.value, list):
        return parent.path + (len(parent.value),)
    return parent.path + (parent.key,)


def _open_collection(event, path: tuple, depth: int) -> _Frame:
    if depth >= MAX_DEPTH:
        raise _Fail(*_pos(event.start_mark), f"嵌套层数超过 {MAX_DEPTH} 层",
                    "数据结构太深, 请检查缩进或括号")
    return _Frame([] if isinstance(event, SequenceStartEvent) else {}, path)


def _compose(text: str, out: Loaded) -> Any:
    """One iterative pass over parser events: no recursion, no node objects,
    and every rejected construct is caught before anything is expanded."""
    stack: list[_Frame] = []
    result: Any = None
    documents = 0
    lines = text.split("\n")

    def attach(value) -> None:
        nonlocal result
        if not stack:
            result = value
            return
        frame = stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(value)
        else:
            frame.value[frame.key] = value
            frame.key = None

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, CollectionEndEvent):
            attach(stack.pop().value)
            continue
        if not isinstance(event, NodeEvent):
            documents = _count_document(event, documents)
            continue
        if isinstance(event, AliasEvent) or event.anchor is not None or event.tag not in _STANDARD_TAGS:
            _refuse_node(event)
        parent = stack[-1] if stack else None
        if parent is not None and isinstance(parent.value, dict) and parent.key is None:
            _add_key(event, parent, out, lines)
            continue
        path = _value_path(parent)
        out.value_marks[path] = _pos(event.start_mark)
        if isinstance(event, ScalarEvent):
            attach(_scalar(event.value, event.style in (None, ""), event.tag, event.start_mark))
        else:
            stack.append(_open_collection(event, path, len(stack)))
    return {} if result is None else result



def load_text(text: str, path: str) -> tuple[Loaded | None, list[Problem]]:
    try:
        _prescan(text)
        out = Loaded(path=path, data=None)
        out.data = _compose(text, out)
        return out, []
    except _Fail as fail:
        return None, [Problem(path, fail.line, fail.column, fail.message, hint=fail.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        line, column = _pos(mark) if mark else (1, 1)
        placeholder = _placeholder_first(text, line)
        if placeholder:
            return None, [Problem(path, *placeholder, "YAML 语法错误: 以 {名称} 开头的文字被当成了花括号结构",
                                  hint="把这一整句加上英文双引号, 例如 - \"{名称}内回访\"")]
        return None, [Problem(path, line, column, "YAML 语法错误: " + _translate(exc),
                              hint="检查这一行和上一行的缩进、冒号和引号")]
    except yaml.reader.ReaderError as exc:
        offset = min(max(exc.position, 0), len(text))
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return None, [Problem(path, line, column, f"这里有 YAML 不允许的字符 U+{exc.character if isinstance(exc.character, int) else ord(exc.character or ' '):04X}",
                              hint="删除它(常见于从别处复制粘贴)")]
    except yaml.YAMLError:
        return None, [Problem(path, 1, 1, "YAML 无法解析这个文件", hint="检查缩进、冒号和引号")]
    except RecursionError:
        return None, [Problem(path, 1, 1, f"嵌套层数超过 {MAX_DEPTH} 层", hint="数据结构太深, 请检查缩进或括号")]


def load_file(file: Path, display: str | None = None) -> tuple[Loaded | None, list[Problem]]:
    display = display or str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 1, 1, f"无法读取文件: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(display, 1, 1, f"文件太大({len(raw) // 1024} KB, 上限 {MAX_BYTES // 1024} KB)",
                              hint="请把内容拆分到多个文件")]
    try:
        text = _decode(raw)
    except _Fail as fail:
        return None, [Problem(display, fail.line, fail.column, fail.message, hint=fail.hint)]
    return load_text(text, display)


# a value that starts with a quantity placeholder and goes on (`- {follow_up}内回访`): YAML reads a flow mapping
_PLACEHOLDER_FIRST = re.compile(r"^ *(?:- +|[^\s#'\"{][^:#]*: +)(\{[a-z0-9][a-z0-9_.-]*\})[^\s,}\]]", re.MULTILINE)


def _placeholder_first(text: str, error_line: int) -> tuple[int, int] | None:
    """(line, column) of the last value before `error_line` that starts with `{name}` and goes on."""
    found = None
    for match in _PLACEHOLDER_FIRST.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line > error_line:
            break
        found = (line, match.start(1) - match.start() + 1)
    return found


_PHRASES = {
    "while scanning a quoted scalar": "引号没有闭合(这一行开头的引号一直没有配对的结束引号)",
    "while parsing a flow": "方括号或花括号没有闭合",
    "exceeded maximum nesting depth": "嵌套层数过多",
    "mapping values are not allowed": "这里不能出现“键: 值”(常见原因: 文本里有“: ”却没加引号, 或缩进不对)",
    "could not find expected ':'": "找不到应有的冒号“:”",
    "did not find expected key": "缩进不对齐, 找不到下一个键",
    "did not find expected '-' indicator": "列表项缩进不对齐",
    "found character '\\t' that cannot start any token": "出现了制表符(Tab)",
    "found unexpected end of stream": "文件意外结束(引号或括号没有闭合)",
    "found undefined alias": "使用了未定义的别名",
    "expected <block end>, but found": "缩进不对齐",
    "found unexpected ':'": "出现了多余的冒号",
}


def _translate(exc: yaml.MarkedYAMLError) -> str:
    text = f"{exc.context or ''} {exc.problem or ''}"
    for english, chinese in _PHRASES.items():
        if english in text:
            return chinese
    return "无法解析(常见原因: 缩进不齐、冒号后缺空格、引号或括号不成对)"
