"""Find the content files, validate every one against the model, run the cross-file checks, and
return the guide, or raise every error found at once."""

from __future__ import annotations

import difflib
import gc
from collections.abc import Callable, Iterator, Set
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator import checks
from generator.checks import Loaded
from generator.errors import ContentError, ContentErrors
from generator.model import (
    ID_PATTERN,
    LANGUAGE_PATTERN,
    PLACEHOLDER_PATTERN,
    SITE_URL_PATTERN,
    URL_PATTERN,
    Guide,
    GuideFile,
    Page,
    PrepSheet,
    QuestionBank,
    SourcesFile,
    Step,
    Template,
)
from generator.yamlio import Document, Loc, load_yaml

M = TypeVar("M", bound=BaseModel)

# Each folder of content/ holds one kind of file; the guide file sits at the top.
FOLDERS: dict[str, type[BaseModel]] = {
    "steps": Step,
    "pages": Page,
    "questions": QuestionBank,
    "outreach": Template,
    "prep-sheets": PrepSheet,
    "sources": SourcesFile,
}
MAX_FILES = 2_000


def content_files(content_dir: Path, folder: str) -> list[Path]:
    """The YAML files of one folder, by name; a missing folder simply has none.

    Hidden files are not content: editors and systems leave them beside the real ones (`.#first.yml`, a
    lock that is a dangling link; `._first.yml`, macOS metadata).
    """
    directory = content_dir / folder
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in {".yml", ".yaml"} and not p.name.startswith("."))


def _display(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


def _not_readable(path: Path, root: Path) -> str | None:
    """Why the file is not read, if it is not a regular file inside the content folder (symlinks followed)."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11, 3.12)
        return "is a broken or looping link; not read"
    if not resolved.is_relative_to(root.resolve()):
        return "points outside the content folder; not read"
    if not resolved.is_file():
        return "is not a regular file; not read"
    return None


_TYPE_NAMES = {
    "str": "a string",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping",
    "NoneType": "nothing (null)",
}
_EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


_URL = "a web address starting with http:// or https://, without spaces, quotes, brackets or braces"
_PATTERNS = {
    ID_PATTERN: "an id of lower-case letters, digits and single hyphens",
    URL_PATTERN: _URL + " (%-encode them: ( is %28)",
    SITE_URL_PATTERN: _URL + ", ending in /",
    LANGUAGE_PATTERN: "a language code such as 'en' or 'pt-BR'",
    PLACEHOLDER_PATTERN: "a placeholder name in lower_snake_case",
}


def _size(value: Any, ctx: dict[str, Any]) -> str:
    """How long a text or list is: pydantic's own count, which is after validation (e.g. line breaks joined)."""
    count = ctx.get("actual_length")
    count = len(value) if count is None else count
    noun = "character" if isinstance(value, str) else "item"
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _too_short(value: Any, ctx: dict[str, Any]) -> str:
    if ctx["min_length"] == 1:
        return "must not be empty"
    return f"{_size(value, ctx)}; at least {ctx['min_length']:,} needed"


# Limits (see README, "Limits"): the size found and the limit, in the author's words.
_LIMITS: dict[str, Callable[[Any, dict[str, Any]], str]] = {
    "string_too_long": lambda value, ctx: f"{_size(value, ctx)}; the limit is {ctx['max_length']:,}",
    "too_long": lambda value, ctx: f"{_size(value, ctx)}; the limit is {ctx['max_length']:,}",
    "string_too_short": _too_short,
    "too_short": _too_short,
    "greater_than": lambda value, ctx: f"expected a number above {ctx['gt']}, got {value!r}",
    "greater_than_equal": lambda value, ctx: f"expected at least {ctx['ge']}, got {value!r}",
    "less_than_equal": lambda value, ctx: f"expected at most {ctx['le']:,}, got {value!r}",
}


def _shown(value: Any) -> str:
    """The value as written in a message: quoted, and cut short (an id field could hold a megabyte)."""
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _got(value: Any) -> str:
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def _message(err: Any, model: type[BaseModel], loc: Loc) -> str:
    kind, value = err["type"], err.get("input")
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {_got(value)}"
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field {loc[-1]!r}" + _suggestion(model, loc)
    if kind == "literal_error":
        return f"expected {err['ctx']['expected']}, got {_shown(value)}"
    if kind == "string_pattern_mismatch":
        pattern = err["ctx"]["pattern"]
        return f"expected {_PATTERNS.get(pattern, pattern)}, got {_shown(value)}"
    if kind in _LIMITS:
        return _LIMITS[kind](value, err.get("ctx", {}))
    message = str(err["msg"])
    return message[0].lower() + message[1:]


def _suggestion(model: type[BaseModel], loc: Loc) -> str:
    """Name the field that was probably meant: unknown keys are nearly always typos."""
    target: Any = model
    parts = iter(loc[:-1])
    for part in parts:
        if isinstance(part, str) and isinstance(target, type) and issubclass(target, BaseModel):
            info = target.model_fields.get(part)
            target = checks.inner_model(info.annotation) if info else None
            if info and dict in {get_origin(info.annotation), *map(get_origin, get_args(info.annotation))}:
                next(parts, None)  # the key of a mapping (a channel's name), not a field
    if not (isinstance(target, type) and issubclass(target, BaseModel)):
        return ""
    close = difflib.get_close_matches(str(loc[-1]), list(target.model_fields), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def validate_document(doc: Document, model: type[M]) -> tuple[M | None, list[ContentError]]:
    """The model for one document, or one error line per fault pydantic found in it."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc: Loc = tuple(p for p in err["loc"] if p != "[key]")
            is_key = err["type"] == "extra_forbidden" or "[key]" in err["loc"]
            errors.append(doc.error(loc, _message(err, model, loc), key=is_key))
        return None, errors


def _load_folder(
    content_dir: Path, project_dir: Path, folder: str, model: type[M], errors: list[ContentError], broken: set[str]
) -> list[Loaded[M]]:
    files = content_files(content_dir, folder)
    loaded = (_load_file(path, content_dir, project_dir, model, errors, broken) for path in files)
    return [item for item in loaded if item is not None]


def _load_file(
    path: Path, content_dir: Path, project_dir: Path, model: type[M], errors: list[ContentError], broken: set[str]
) -> Loaded[M] | None:
    display = _display(path, project_dir)
    refused = _not_readable(path, content_dir)
    if refused:
        errors.append(ContentError(display, 1, 1, "", refused))
        broken.add(path.stem)
        return None
    doc, found = load_yaml(path, display)
    errors.extend(found)
    item = None
    if doc is not None and not found:  # a file with YAML-level faults is reported for those alone
        item, found = validate_document(doc, model)
        errors.extend(found)
    if item is None:
        broken.update(_ids_in(doc.data if doc else None, path.stem))
        return None
    return Loaded(doc, item)  # type: ignore[arg-type]


def _ids_in(data: Any, stem: str) -> set[str]:
    """The ids a file that failed to load probably defines, so references to them are not reported twice."""
    ids = {stem}
    if isinstance(data, dict):
        ids.update(v for v in [data.get("id")] if isinstance(v, str))
        for key in ("questions", "sources"):  # a bank's questions, a sources file's sources
            items = data.get(key)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    ids.add(item["id"])
    return ids


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the content is read.

    Reading a large guide makes millions of small objects that all stay alive, so the collector's full passes
    found nothing and took about half the load time (CPython's generational GC, see the `gc` module docs).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_guide(content_dir: Path, *, project_dir: Path | None = None, media_hosts: Set[str] = frozenset()) -> Guide:
    """Read and check everything under `content_dir`; raise ContentErrors listing every fault.

    `media_hosts`: the hosts Markdown fields may show images from (the plugin's `media_hosts`).
    """
    with _gc_paused():
        return _load_guide(content_dir, project_dir=project_dir, media_hosts=media_hosts)


def _load_guide(content_dir: Path, *, project_dir: Path | None, media_hosts: Set[str]) -> Guide:
    project_dir = project_dir or content_dir.parent
    errors: list[ContentError] = []
    guide_path = next((content_dir / n for n in ("guide.yml", "guide.yaml") if (content_dir / n).exists()), None)
    if guide_path is None:
        display = _display(content_dir / "guide.yml", project_dir)
        raise ContentErrors([ContentError(display, 1, 1, "", "missing: every guide needs a guide.yml")])
    total = sum(len(content_files(content_dir, folder)) for folder in FOLDERS)
    if total > MAX_FILES:
        display = _display(content_dir, project_dir)
        raise ContentErrors([ContentError(display, 1, 1, "", f"{total} content files; the limit is {MAX_FILES}")])

    broken: set[str] = set()
    guide = _load_file(guide_path, content_dir, project_dir, GuideFile, errors, broken)
    parts = {
        folder: _load_folder(content_dir, project_dir, folder, model, errors, broken)
        for folder, model in FOLDERS.items()
    }
    if guide is None:
        raise ContentErrors(errors)
    result, found = checks.assemble(guide, parts, broken, media_hosts=media_hosts)
    errors.extend(found)
    if errors or result is None:
        raise ContentErrors(errors)
    return result
