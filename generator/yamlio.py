"""Safe YAML loading that keeps every node's line and column and refuses what YAML should not do here.

Only plain data comes out: PyYAML's SafeLoader builds nothing but scalars, lists and mappings, and any
other tag is refused. Plain scalars are read with YAML 1.2's core schema, as editors read them (`no`, `on`,
`14:30` and `2024-01-01` are text). Duplicate keys are errors (PyYAML would silently keep the last one), and
alias structures are measured on the node graph before anything is expanded, so an alias bomb costs nothing.
Lines and columns are those an editor shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import ContentError

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000  # nodes after alias expansion: far beyond any real guide file
MAX_DEPTH = 50

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """One YAML file as plain data, with the position of every value and every mapping key."""

    path: str
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def mark(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for `loc`: the key itself if asked and known, else the nearest value."""
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))

    def error(self, loc: Loc, message: str, *, key: bool = False) -> ContentError:
        line, column = self.mark(loc, key=key)
        return ContentError(self.path, line, column, describe(self.data, loc), message)


def describe(data: Any, loc: Loc) -> str:
    """`questions[2] (id='day-typical').text`: list items named by their id as well as their index."""
    text = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                text += f" (id={node['id']!r})"
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


class _Core(yaml.resolver.BaseResolver):
    """YAML 1.2's core schema (what editors and yaml-language-server assume) instead of PyYAML's YAML 1.1.

    YAML 1.1 reads `no`, `on`, `y` as booleans, `14:30` as the number 870 and `2024-01-01` as a date, so text
    an author typed would not be text. Here only true/false are booleans, and there are no dates or base-60.
    """

    def construct_core_int(self: Any, node: ScalarNode) -> int:
        # YAML 1.2 reads 017 as seventeen; PyYAML's 1.1 constructor reads it as octal (15).
        if _DECIMAL.fullmatch(node.value):
            return int(node.value)
        return SafeConstructor.construct_yaml_int(self, node)


_DECIMAL = re.compile(r"[-+]?[0-9]+")
# The core schema's plain scalars (YAML 1.2.2, section 10.3.2): tag, pattern, the characters it can start with.
_CORE_SCALARS = [
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        "-+.0123456789",
    ),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("merge", r"<<", "<"),  # not YAML 1.2, but resolved so that a merge key is refused (tag not allowed)
]
_Core.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in _CORE_SCALARS:
    _Core.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first))


class _Loader(_Core, yaml.SafeLoader):
    """SafeLoader that only composes nodes; construction happens in `_to_data` with our checks."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # PyYAML composes recursively: refuse deep nesting before Python's recursion limit is reached.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


# libyaml (PyYAML's C parser, shipped in its wheels) composes the same nodes with the same marks about ten
# times faster than the pure-Python parser, which was most of the load time of a large guide. A file that
# libyaml rejects is parsed again in Python, so syntax errors keep PyYAML's own messages and positions.
_FAST_LOADER: type[yaml.CSafeLoader] | None = None
if hasattr(yaml, "CSafeLoader"):

    class _FastLoader(_Core, yaml.CSafeLoader):
        """libyaml's parser with the same schema."""

    _FAST_LOADER = _FastLoader
    _FastLoader.add_constructor("tag:yaml.org,2002:int", _Core.construct_core_int)
_Loader.add_constructor("tag:yaml.org,2002:int", _Core.construct_core_int)


def _compose(text: str, display: str) -> tuple[SafeConstructor, Node | None]:
    """The document's root node, and the loader that can construct its scalars."""
    if _FAST_LOADER is not None:
        fast = _FAST_LOADER(text)
        try:
            return fast, fast.get_single_node()
        except yaml.YAMLError:
            fast.dispose()
    loader = _Loader(text)
    loader.name = display
    return loader, loader.get_single_node()


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _expanded_size(node: Node, sizes: dict[int, int], active: set[int]) -> int:
    """Node count with aliases expanded, memoised on the shared nodes so bombs are measured, not walked."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in active:
        raise _Refused(node, "an alias refers to the node that contains it")
    if len(active) > MAX_DEPTH:
        raise _Refused(node, f"nested deeper than {MAX_DEPTH} levels")
    active.add(key)
    size = 1
    if isinstance(node, SequenceNode):
        size += sum(_expanded_size(child, sizes, active) for child in node.value)
    elif isinstance(node, MappingNode):
        size += sum(_expanded_size(k, sizes, active) + _expanded_size(v, sizes, active) for k, v in node.value)
    active.discard(key)
    if size > MAX_NODES:
        raise _Refused(node, f"expands to more than {MAX_NODES:,} values (an alias bomb?)")
    sizes[key] = size
    return size


class _Refused(Exception):
    def __init__(self, node: Node, message: str) -> None:
        self.node = node
        self.message = message


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:timestamp",
}


_Pending = list[tuple[Loc, tuple[int, int], str]]


def _to_data(loader: SafeConstructor, doc: Document, node: Node, loc: Loc, pending: _Pending) -> Any:
    doc.marks[loc] = _position(node)
    if node.tag not in _SAFE_TAGS:
        pending.append((loc, _position(node), f"the tag {node.tag!r} is not allowed; content is plain data only"))
        return None
    if isinstance(node, SequenceNode):
        return [_to_data(loader, doc, child, (*loc, i), pending) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SAFE_TAGS:
                pending.append((loc, _position(key_node), "keys must be plain names"))
                continue
            key = str(key_node.value)
            if _NOT_PRINTABLE.search(key):
                pending.append((loc, _position(key_node), "keys must be plain names"))
                continue
            if key in result:
                first = doc.key_marks[(*loc, key)][0]
                message = f"duplicate key {key!r} (first defined on line {first})"
                pending.append(((*loc, key), _position(key_node), message))
                continue
            doc.key_marks[(*loc, key)] = _position(key_node)
            result[key] = _to_data(loader, doc, value_node, (*loc, key), pending)
        return result
    if node.tag == "tag:yaml.org,2002:str":
        problem = _escaped_problem(node.value)
        if problem:
            pending.append((loc, _position(node), problem))
            return None
        return node.value  # what SafeConstructor.construct_yaml_str returns, without its dispatch
    # SafeLoader's resolver tagged the plain scalars (int, bool, null, ...); with only the standard tags
    # allowed above, constructing a scalar builds no object. PyYAML's constructors raise plain Python
    # errors for values their tag cannot hold (`2024-02-30`, `!!int abc`, a 5,000-digit number).
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
        pending.append((loc, _position(node), _unreadable(loader, node)))
        return None
    return value.isoformat() if hasattr(value, "isoformat") else value


_SURROGATE = re.compile("[\ud800-\udfff]")
# PyYAML's own rule for the characters a file may hold (tab, line breaks and printable text); a double-quoted
# escape such as "\\0", "\\e" or "\\x07" makes the same characters and is held to the same rule.
_NOT_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


def _escaped_problem(value: str) -> str | None:
    """Why a string that escapes made cannot be content: half a character, or a control character."""
    if _SURROGATE.search(value):  # from a "\\ud800" escape: not a character, cannot be written out
        return "contains a \\u escape of half a character (a lone surrogate)"
    control = _NOT_PRINTABLE.search(value)
    if control:
        return f"the control character U+{ord(control[0]):04X} (written as an escape) is not allowed; remove it"
    return None


_KINDS = {"int": "a valid number", "float": "a valid number", "bool": "true or false", "timestamp": "a valid date"}


def _unreadable(loader: SafeConstructor, node: Node) -> str:
    kind = node.tag.rsplit(":", 1)[-1]
    message = f"{str(node.value)[:40]!r} is not {_KINDS.get(kind, kind)}"
    # Read as a date or number only because of its form (not an explicit tag): it may be meant as text.
    implicit = loader.resolve(ScalarNode, node.value, (True, False)) == node.tag  # type: ignore[attr-defined]
    return message + ("; put it in quotes if it is meant as text" if implicit else "")


def _too_many_values(text: str) -> tuple[int, int] | None:
    """Where a long file passes MAX_NODES values, counted on the parser's events before any node is made.

    Composing the nodes of a megabyte of one-character values takes seconds and hundreds of megabytes, only
    to be refused for their number; counting events costs a fraction of that. YAML needs about a character
    per value at least (`{a,b}` is four values in five), so files under a quarter of MAX_NODES characters
    are not counted. Aliases count once here; what they expand to is measured on the nodes.
    """
    if len(text) <= MAX_NODES // 4:
        return None
    parser = _FAST_LOADER(text) if _FAST_LOADER is not None else _Loader(text)
    count = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, _VALUE_EVENTS):
                count += 1
                if count > MAX_NODES:
                    mark = event.start_mark
                    return (mark.line + 1, mark.column + 1) if mark else (1, 1)
    except yaml.YAMLError:
        return None  # reported, with PyYAML's own message, when the file is composed
    finally:
        parser.dispose()
    return None


_VALUE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.AliasEvent)


def text_position(text: str, index: int) -> tuple[int, int]:
    """Line and column of a character as an editor shows them: lines end at LF, CRLF or a lone CR."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - line_start + 1


# YAML 1.1 (PyYAML, libyaml) also ends a line at these characters; editors and YAML 1.2 do not, so a file
# holding one would not mean what the author sees, and every position after it would be off by a line.
_HIDDEN_BREAKS = {
    "\x85": "next line (U+0085)",
    "\u2028": "line separator (U+2028)",
    "\u2029": "paragraph separator (U+2029)",
}
_HIDDEN_BREAK = re.compile(f"[{''.join(_HIDDEN_BREAKS)}]")


def _hidden_breaks(text: str, display: str) -> list[ContentError]:
    return [
        ContentError(
            display,
            *text_position(text, found.start()),
            "",
            f"the invisible {_HIDDEN_BREAKS[found[0]]} is read by YAML as a line break where editors show none; "
            "remove it",
        )
        for found in _HIDDEN_BREAK.finditer(text)
    ]


# Constructs PyYAML names in `context` when it gives up at the end of the file: the real fault is where they open.
_OPENERS = {
    "while scanning a quoted scalar": "the quoted text that starts here is never closed",
    "while parsing a flow sequence": "the [ list that opens here is never closed",
    "while parsing a flow mapping": "the { mapping that opens here is never closed",
    "while scanning a simple key": "this key is not followed by ':'",
}


def _syntax_error(exc: yaml.MarkedYAMLError, display: str) -> ContentError:
    """One line for a YAML syntax error: where the fault starts (the open quote or bracket), and where the
    parser gave up, from PyYAML's context_mark and problem_mark."""
    problem = exc.problem or exc.context or "invalid YAML"
    gave_up = exc.problem_mark or exc.context_mark
    opened = exc.context_mark
    # A [ ] or { } can also fail on a wrong token inside it: only running on to the end means it is unclosed.
    ran_to_end = any(end in problem for end in ("end of stream", "<stream end>", "document separator"))
    if opened and gave_up and exc.context in _OPENERS and (ran_to_end or "flow" not in exc.context):
        message = f"{_OPENERS[exc.context]} (the parser gave up at line {gave_up.line + 1})"
        return ContentError(display, opened.line + 1, opened.column + 1, "", f"YAML syntax: {message}")
    line, column = (gave_up.line + 1, gave_up.column + 1) if gave_up else (1, 1)
    return ContentError(display, line, column, "", f"YAML syntax: {problem}")


def load_yaml(path: Path, display: str) -> tuple[Document | None, list[ContentError]]:
    """Read one YAML file; return its data with positions, or the errors that stop it being read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [ContentError(display, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(display, 1, 1, "", f"cannot read: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        position = text_position(before, len(before))
        return None, [ContentError(display, *position, "", "not valid UTF-8 text; save the file as UTF-8")]
    hidden = _hidden_breaks(text, display)
    if hidden:
        return None, hidden
    doc = Document(display, None)
    too_many = _too_many_values(text)
    if too_many:
        message = f"holds more than {MAX_NODES:,} values; the limit is {MAX_NODES:,}"
        return None, [ContentError(display, *too_many, "", message)]
    loader: SafeConstructor | None = None
    try:
        loader, root = _compose(text, display)
        if root is None:
            return None, [ContentError(display, 1, 1, "", "the file is empty")]
        _expanded_size(root, {}, set())
        pending: _Pending = []
        doc.data = _to_data(loader, doc, root, (), pending)
    except _Refused as exc:
        line, column = _position(exc.node)
        return None, [ContentError(display, line, column, "", exc.message)]
    except _TooDeep as exc:
        line, column = exc.mark.line + 1, exc.mark.column + 1
        return None, [ContentError(display, line, column, "", f"nested deeper than {MAX_DEPTH} levels")]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, display)]
    except yaml.reader.ReaderError as exc:  # a control character: YAML allows only printable ones
        message = f"the control character U+{exc.character:04X} is not allowed in YAML; remove it"
        return None, [ContentError(display, *text_position(text, exc.position), "", message)]
    except yaml.YAMLError as exc:
        return None, [ContentError(display, 1, 1, "", f"YAML: {str(exc).splitlines()[0]}")]
    finally:
        if loader is not None:
            loader.dispose()  # type: ignore[attr-defined]
    errors = [
        ContentError(display, line, column, describe(doc.data, loc), message)
        for loc, (line, column), message in pending
    ]
    return doc, errors
