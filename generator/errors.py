"""Content errors: one line each, `path:line:column: where: message`, collected and raised together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One fault in the content, located in its file."""

    path: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.path}:{self.line}:{self.column}: {where}{self.message}"


class ContentErrors(Exception):
    """Every fault found in one pass; raised once, after all files were read."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))

    def __str__(self) -> str:
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        return "\n".join(map(str, self.errors)) + f"\n{count} content {noun}"
