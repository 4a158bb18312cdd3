"""Safe YAML loading that keeps every node's line and column and refuses what YAML should not do here.

Only plain data comes out: PyYAML's SafeLoader builds nothing but scalars, lists and mappings, and any
other tag is refused. Duplicate keys are errors (PyYAML would silently keep the last one), and alias
structures are measured on the node graph before anything is expanded, so an alias bomb costs nothing.
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


class _Loader(yaml.SafeLoader):
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
_FAST_LOADER: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


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
            if _SURROGATE.search(key):
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
        if _SURROGATE.search(node.value):  # from a "\\ud800" escape: not a character, cannot be written out
            pending.append((loc, _position(node), "contains a \\u escape of half a character (a lone surrogate)"))
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
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [ContentError(display, line, column, "", "not valid UTF-8 text; save the file as UTF-8")]
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
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [ContentError(display, line, column, "", f"YAML syntax: {problem}")]
    except yaml.reader.ReaderError as exc:  # a control character: YAML allows only printable ones
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        message = f"the control character U+{exc.character:04X} is not allowed in YAML; remove it"
        return None, [ContentError(display, line, column, "", message)]
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
