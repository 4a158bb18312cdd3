"""Content errors: one line each, `path:line:column: where: message`, collected and raised together."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One fault in the content, located in its file."""

    path: str
    line: int
    column: int
    where: str
    message: str

    def as_json(self) -> str:
        """One JSON object on one line, for editors and CI annotations (`coachguide check --format json`)."""
        fields = {"path": self.path, "line": self.line, "column": self.column, "field": self.where}
        return json.dumps({**fields, "message": self.message}, ensure_ascii=False)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.path}:{self.line}:{self.column}: {where}{self.message}".translate(_ESCAPES)


# One line, whatever names the content uses: line breaks and other control characters in a file name or a
# key are written as escapes (\n), as Python's repr writes them.
_ESCAPES = {c: repr(chr(c))[1:-1] for c in [*range(32), 127, 0x85, 0x2028, 0x2029]}


class ContentErrors(Exception):
    """Every fault found in one pass; raised once, after all files were read."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))

    def __str__(self) -> str:
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        return "\n".join(map(str, self.errors)) + f"\n{count} content {noun}"


def report(errors: list[ContentError], *, format: str) -> str:
    """The errors as the reader asked for them: lines for people (with a count), or JSON lines for tools."""
    if format == "json":
        return "\n".join(error.as_json() for error in errors)
    return str(ContentErrors(errors))
