"""Safe YAML loading that keeps every node's line and column and refuses what YAML should not do here.

Only plain data comes out: PyYAML's SafeLoader builds nothing but scalars, lists and mappings, and any
other tag is refused. Duplicate keys are errors (PyYAML would silently keep the last one), and alias
structures are measured on the node graph before anything is expanded, so an alias bomb costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
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


def _to_data(loader: _Loader, doc: Document, node: Node, loc: Loc, pending: _Pending) -> Any:
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
            if key in result:
                first = doc.key_marks[(*loc, key)][0]
                message = f"duplicate key {key!r} (first defined on line {first})"
                pending.append(((*loc, key), _position(key_node), message))
                continue
            doc.key_marks[(*loc, key)] = _position(key_node)
            result[key] = _to_data(loader, doc, value_node, (*loc, key), pending)
        return result
    # SafeLoader's resolver tagged the plain scalars (int, bool, null, ...); with only the standard tags
    # allowed above, constructing a scalar builds no object.
    value = loader.construct_object(node, deep=True)
    return value.isoformat() if hasattr(value, "isoformat") else value


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
    loader = _Loader(text)
    loader.name = display
    try:
        root = loader.get_single_node()
        if root is None:
            return None, [ContentError(display, 1, 1, "", "the file is empty")]
        _expanded_size(root, {}, set())
        pending: _Pending = []
        doc.data = _to_data(loader, doc, root, (), pending)
    except _Refused as exc:
        line, column = _position(exc.node)
        return None, [ContentError(display, line, column, "", exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [ContentError(display, line, column, "", f"YAML syntax: {problem}")]
    except yaml.YAMLError as exc:
        return None, [ContentError(display, 1, 1, "", f"YAML: {exc}")]
    finally:
        loader.dispose()
    errors = [
        ContentError(display, line, column, describe(doc.data, loc), message)
        for loc, (line, column), message in pending
    ]
    return doc, errors
