"""Checks that span files: unique ids, references that resolve, placeholders, channel limits, Markdown
without raw HTML. Each check returns error lines; `assemble` runs them all and builds the Guide."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel

from generator.errors import ContentError
from generator.model import (
    MARKDOWN,
    Guide,
    GuideFile,
    PrepSheet,
    QuestionBank,
    SourcesFile,
    Step,
    Template,
)
from generator.safety import markdown_problem
from generator.yamlio import Document, Loc

M = TypeVar("M", bound=BaseModel)
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A validated model with the document it came from, so checks can point at lines."""

    doc: Document
    model: M


class _Errors(list[ContentError]):
    """Errors found so far, and the ids of files that could not be read (already reported, not re-reported)."""

    def __init__(self, broken: set[str]) -> None:
        super().__init__()
        self.broken = broken

    def add(self, item: Loaded[Any], loc: Loc, message: str, *, key: bool = False) -> None:
        self.append(item.doc.error(loc, message, key=key))


def inner_model(annotation: Any) -> Any:
    """The pydantic model inside `list[X]`, `dict[str, X]` or `X | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def _is_markdown(annotation: Any, metadata: Sequence[Any] = ()) -> bool:
    if MARKDOWN in metadata or MARKDOWN in getattr(annotation, "__metadata__", ()):
        return True
    return any(_is_markdown(arg) for arg in get_args(annotation))


@functools.cache
def _text_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(name, is Markdown) of the fields that are Markdown or may hold models; worked out once per class."""
    return tuple(
        (name, _is_markdown(info.annotation, info.metadata))
        for name, info in model.model_fields.items()
        if _is_markdown(info.annotation, info.metadata) or inner_model(info.annotation) is not None
    )


def markdown_texts(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every Markdown field value in a model tree, with its location."""
    for name, is_markdown in _text_fields(type(model)):
        value = getattr(model, name)
        if is_markdown:
            if isinstance(value, str):
                yield (*loc, name), value
            elif isinstance(value, list):
                yield from (((*loc, name, i), v) for i, v in enumerate(value))
        elif isinstance(value, BaseModel):
            yield from markdown_texts(value, (*loc, name))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, BaseModel):
                    yield from markdown_texts(v, (*loc, name, i))
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, BaseModel):
                    yield from markdown_texts(v, (*loc, name, k))


def _check_markdown(items: Sequence[Loaded[Any]], errors: _Errors, media_hosts: Set[str]) -> None:
    for item in items:
        for loc, text in markdown_texts(item.model):
            problem = markdown_problem(text, media_hosts=media_hosts)
            if problem:
                errors.add(item, loc, problem)


def _unique(items: Sequence[Loaded[Any]], kind: str, errors: _Errors) -> dict[str, Loaded[Any]]:
    seen: dict[str, Loaded[Any]] = {}
    for item in items:
        first = seen.setdefault(item.model.id, item)
        if first is not item:
            line = first.doc.mark(("id",))[0]
            errors.add(item, ("id",), f"duplicate {kind} id {item.model.id!r} (also in {first.doc.path}:{line})")
    return seen


def _order(
    guide: Loaded[GuideFile],
    listed: list[str] | None,
    field: str,
    found: dict[str, Loaded[Any]],
    errors: _Errors,
) -> list[Any]:
    """The items in the order guide.yml gives (or file order), each listed one existing and none left out."""
    if listed is None:
        return [item.model for item in found.values()]
    for i, ident in enumerate(listed):
        if ident not in found and ident not in errors.broken:
            errors.add(guide, (field, i), f"unknown id {ident!r}; known: {', '.join(sorted(found)) or 'none'}")
    for ident, item in found.items():
        if ident not in listed:
            errors.add(item, ("id",), f"not listed in guide.yml {field}; add it there or remove the file")
    return [found[i].model for i in listed if i in found]


def _refs(item: Loaded[Any], loc: Loc, ids: Sequence[str], known: Any, kind: str, errors: _Errors) -> None:
    for i, ident in enumerate(ids):
        if ident not in known and ident not in errors.broken:
            errors.add(item, (*loc, i), f"unknown {kind} {ident!r}")


def filled(text: str, template: Template) -> str:
    """The text with every placeholder replaced by its example."""
    return PLACEHOLDER.sub(
        lambda m: template.placeholders[m[1]].example if m[1] in template.placeholders else m[0], text
    )


def _check_template(item: Loaded[Template], guide: GuideFile, errors: _Errors) -> None:
    tpl = item.model
    channel = guide.channels.get(tpl.channel)
    if channel is None:
        known = ", ".join(sorted(guide.channels)) or "none (add channels to guide.yml)"
        errors.add(item, ("channel",), f"unknown channel {tpl.channel!r}; known: {known}")
    used: set[str] = set()
    for field in ("subject", "body"):
        for match in PLACEHOLDER.finditer(getattr(tpl, field) or ""):
            name = match[1]
            if not PLACEHOLDER_NAME.match(name):
                errors.add(
                    item,
                    (field,),
                    f"{match[0]!r} is not a placeholder name; use lower_snake_case like {{my_name}}",
                )
            elif name not in tpl.placeholders:
                errors.add(item, (field,), f"placeholder {{{name}}} is used but not declared under placeholders")
            used.add(name)
    for name in tpl.placeholders:
        if name not in used:
            errors.add(item, ("placeholders", name), f"placeholder {name!r} is declared but never used", key=True)
    if channel is None:
        return
    if channel.subject and tpl.subject is None:
        errors.add(item, ("channel",), f"messages on {tpl.channel!r} need a subject")
    if not channel.subject and tpl.subject is not None:
        errors.add(item, ("subject",), f"messages on {tpl.channel!r} have no subject line", key=True)
    body = filled(tpl.body, tpl)
    if channel.max_chars and len(body) > channel.max_chars:
        errors.add(
            item,
            ("body",),
            f"{len(body)} characters with the examples filled in; the limit is {channel.max_chars}",
        )
    words = len(body.split())
    if channel.max_words and words > channel.max_words:
        errors.add(item, ("body",), f"{words} words with the examples filled in; the limit is {channel.max_words}")
    subject = filled(tpl.subject or "", tpl)
    if channel.subject_max_chars and len(subject) > channel.subject_max_chars:
        errors.add(
            item,
            ("subject",),
            f"{len(subject)} characters with the examples filled in; the limit is {channel.subject_max_chars}",
        )


def assemble(
    guide: Loaded[GuideFile],
    parts: dict[str, list[Loaded[Any]]],
    broken: set[str],
    *,
    media_hosts: Set[str] = frozenset(),
) -> tuple[Guide | None, list[ContentError]]:
    """Cross-check all files and build the Guide; the Guide is None when any check failed.

    `broken` holds the ids of files that failed to load: references to them are not reported again.
    `media_hosts` are the hosts Markdown fields may show images from.
    """
    errors = _Errors(broken)
    meta = guide.model
    steps = _unique(parts["steps"], "step", errors)
    pages = _unique(parts["pages"], "page", errors)
    banks = _unique(parts["questions"], "question bank", errors)
    templates = _unique(parts["outreach"], "outreach template", errors)
    sheets = _unique(parts["prep-sheets"], "prep sheet", errors)

    sources: dict[str, Any] = {}
    for item in parts["sources"]:
        for i, source in enumerate(item.model.sources):
            if source.id in sources:
                errors.add(item, ("sources", i, "id"), f"duplicate source id {source.id!r}")
            sources[source.id] = source
    questions: dict[str, tuple[Loaded[QuestionBank], int]] = {}
    for item in banks.values():
        for i, q in enumerate(item.model.questions):
            if q.id in questions:
                other, j = questions[q.id]
                where = f"{other.doc.path}:{other.doc.mark(('questions', j, 'id'))[0]}"
                errors.add(item, ("questions", i, "id"), f"duplicate question id {q.id!r} (also in {where})")
            else:
                questions[q.id] = (item, i)

    ordered_steps = _order(guide, meta.steps, "steps", steps, errors)
    listed_pages = meta.before_steps + meta.after_steps
    _refs(guide, ("before_steps",), meta.before_steps, pages, "page", errors)
    _refs(guide, ("after_steps",), meta.after_steps, pages, "page", errors)
    for ident, item in pages.items():
        if ident not in listed_pages:
            errors.add(item, ("id",), "not listed in guide.yml before_steps or after_steps")
    for name, channel in meta.channels.items():
        _refs(guide, ("channels", name, "sources"), channel.sources, sources, "source", errors)

    for item in steps.values():
        step: Step = item.model
        _refs(item, ("banks",), step.banks, banks, "question bank", errors)
        _refs(item, ("outreach",), step.outreach, templates, "outreach template", errors)
        seen: set[str] = set()
        for i, check in enumerate(step.checklist):
            if check.id in seen:
                errors.add(item, ("checklist", i, "id"), f"duplicate checklist item id {check.id!r} in this step")
            seen.add(check.id)
    for item in banks.values():
        for i, q in enumerate(item.model.questions):
            if q.priority and q.tells is None:
                errors.add(
                    item,
                    ("questions", i),
                    "priority questions need a 'tells' line: what the answer tells you",
                )
            for j, ref in enumerate(q.follow_ups):
                if ref == q.id:
                    errors.add(item, ("questions", i, "follow_ups", j), "a question cannot follow up itself")
                elif ref not in questions and ref not in errors.broken:
                    errors.add(item, ("questions", i, "follow_ups", j), f"unknown question {ref!r}")
    for item in templates.values():
        _check_template(item, meta, errors)
    for item in sheets.values():
        sheet: PrepSheet = item.model
        field_ids: set[str] = set()
        for i, section in enumerate(sheet.sections):
            _refs(item, ("sections", i, "checklists"), section.checklists, steps, "step", errors)
            for j, sheet_field in enumerate(section.fields):
                if sheet_field.id in field_ids:
                    errors.add(
                        item,
                        ("sections", i, "fields", j, "id"),
                        f"duplicate field id {sheet_field.id!r} in this sheet",
                    )
                field_ids.add(sheet_field.id)
    everything: list[Loaded[Any]] = [
        guide,
        *steps.values(),
        *pages.values(),
        *banks.values(),
        *templates.values(),
        *sheets.values(),
    ]
    for item in everything:
        if hasattr(item.model, "sources") and not isinstance(item.model, SourcesFile):
            _refs(item, ("sources",), item.model.sources, sources, "source", errors)
    _check_markdown(everything, errors, media_hosts)

    ordered_banks = _order(guide, meta.banks, "banks", banks, errors)
    ordered_templates = _order(guide, meta.outreach, "outreach", templates, errors)
    ordered_sheets = _order(guide, meta.prep_sheets, "prep_sheets", sheets, errors)
    if errors or broken:
        return None, errors
    origins = {
        f"{kind}:{i.model.id}": i.doc.path
        for kind, group in (
            ("step", steps),
            ("page", pages),
            ("bank", banks),
            ("template", templates),
            ("sheet", sheets),
        )
        for i in group.values()
    }
    origins["guide"] = guide.doc.path
    return Guide(
        meta=meta,
        steps=tuple(ordered_steps),
        pages_before=tuple(pages[p].model for p in meta.before_steps),
        pages_after=tuple(pages[p].model for p in meta.after_steps),
        banks=tuple(ordered_banks),
        templates=tuple(ordered_templates),
        prep_sheets=tuple(ordered_sheets),
        sources=sources,
        origins=origins,
    ), []
