"""Checks that span files, as small rules over an index of everything loaded; `validate` runs them all and
builds the Guide.

Each rule reads the index and adds error lines; none stops another, so one run reports every fault. The ids
of files that failed to load are `broken`: references to them are not reported again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence, Set
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.errors import ContentError
from generator.load import Loaded, LoadedFiles
from generator.messages import override_problems
from generator.model import (
    GUIDE_LINK,
    GUIDE_PAGES,
    GUIDE_PLACEHOLDERS,
    PLACEHOLDER,
    PLACEHOLDER_NAME,
    TOOL_PLACEHOLDERS,
    Guide,
    GuideFile,
    Question,
    Source,
    SourcesFile,
    Template,
    fill_guide_values,
    guide_values,
    inner_model,
    kind_name,
    markdown_texts,
)
from generator.safety import markdown_problem
from generator.search import heading_ids
from generator.yamlio import Document, Loc


class _Errors(list[ContentError]):
    """Errors found so far, and the ids of files that could not be read (already reported, not re-reported)."""

    def __init__(self, broken: set[str]) -> None:
        super().__init__()
        self.broken = broken

    def add(self, item: Loaded[Any], loc: Loc, message: str, *, key: bool = False) -> None:
        self.append(item.doc.error(loc, message, key=key))

    def refs(self, item: Loaded[Any], loc: Loc, ids: Sequence[str], known: Any, kind: str) -> None:
        """An error for each id in `ids` that is neither known nor in a file that failed to load."""
        for i, ident in enumerate(ids):
            if ident not in known and ident not in self.broken:
                self.add(item, (*loc, i), f"unknown {kind} {ident!r}")


@dataclass
class Index:
    """Everything that loaded, by id: what the rules check."""

    guide: Loaded[GuideFile] | None
    steps: dict[str, Loaded[Any]]
    pages: dict[str, Loaded[Any]]
    banks: dict[str, Loaded[Any]]
    templates: dict[str, Loaded[Any]]
    sheets: dict[str, Loaded[Any]]
    sources: dict[str, Source]
    questions: dict[str, Question]
    media_hosts: Set[str]  # the hosts Markdown may show images from (the plugin's media_hosts)

    def items(self) -> list[Loaded[Any]]:
        """Every loaded file but the sources files."""
        groups = (self.steps, self.pages, self.banks, self.templates, self.sheets)
        return [*([self.guide] if self.guide else []), *(item for group in groups for item in group.values())]


def _index(files: LoadedFiles, errors: _Errors, media_hosts: Set[str]) -> Index:
    """The index of what loaded; an id used twice (in two files) is an error at its second use."""
    parts = files.parts
    banks = _unique(parts["questions"], "question bank", errors)
    return Index(
        guide=files.guide,
        steps=_unique(parts["steps"], "step", errors),
        pages=_unique(parts["pages"], "page", errors),
        banks=banks,
        templates=_unique(parts["outreach"], "outreach template", errors),
        sheets=_unique(parts["prep-sheets"], "prep sheet", errors),
        sources={s.id: s for _, _, s in _across_files(parts["sources"], "sources", "source", errors)},
        questions={q.id: q for _, _, q in _across_files(list(banks.values()), "questions", "question", errors)},
        media_hosts=media_hosts,
    )


def _unique(items: Sequence[Loaded[Any]], kind: str, errors: _Errors) -> dict[str, Loaded[Any]]:
    seen: dict[str, Loaded[Any]] = {}
    for item in items:
        first = seen.setdefault(item.model.id, item)
        if first is not item:
            line = first.doc.mark(("id",))[0]
            errors.add(item, ("id",), f"duplicate {kind} id {item.model.id!r} (also in {first.doc.path}:{line})")
    return seen


def _across_files(
    items: Sequence[Loaded[Any]], field: str, kind: str, errors: _Errors
) -> Iterator[tuple[Loaded[Any], int, Any]]:
    """The items listed under `field` in every file; an id used in two files is an error at the second.

    Ids used twice in one file are reported by `duplicate_ids`, with the rest of that file's ids.
    """
    first: dict[str, tuple[Loaded[Any], int]] = {}
    for item in items:
        for i, entry in enumerate(getattr(item.model, field)):
            other, j = first.setdefault(entry.id, (item, i))
            if other is not item:
                where = f"{other.doc.path}:{other.doc.mark((field, j, 'id'))[0]}"
                errors.add(item, (field, i, "id"), f"duplicate {kind} id {entry.id!r} (also in {where})")
            yield item, i, entry


def duplicate_ids(doc: Document, model: type[BaseModel]) -> list[ContentError]:
    """Ids used twice in one file, at every level (sections, fields, checklist items, questions, ...).

    Read from the file's data, not the validated model, so a file with other faults is checked as well. Items
    of one kind share one set of ids per file: a field id is unique in its sheet, not only in its section.
    """
    first: dict[tuple[str, str], Loc] = {}
    errors: list[ContentError] = []
    for kind, ident, loc in _ids(doc.data, model, ()):
        seen = first.setdefault((kind, ident), loc)
        if seen != loc:
            line = doc.mark(seen)[0]
            errors.append(doc.error(loc, f"duplicate {kind} id {ident!r} (first used on line {line})"))
    return errors


def _ids(data: Any, model: type[BaseModel], loc: Loc) -> Iterator[tuple[str, str, Loc]]:
    """(kind, id, location) of every item with an id below `data`, read as `model` describes it."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        inner = inner_model(info.annotation)
        value = data.get(name)
        if inner is None or value is None:
            continue
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
        for key, child in children:
            child_loc = (*loc, name, key)
            ident = child.get("id") if isinstance(value, list) and isinstance(child, dict) else None
            if isinstance(ident, str) and "id" in inner.model_fields:
                yield kind_name(inner), ident, (*child_loc, "id")
            yield from _ids(child, inner, child_loc)


# --- The rules -----------------------------------------------------------------------------------------------


def step_references(index: Index, errors: _Errors) -> None:
    """A step's banks and outreach templates exist."""
    for item in index.steps.values():
        errors.refs(item, ("banks",), item.model.banks, index.banks, "question bank")
        errors.refs(item, ("outreach",), item.model.outreach, index.templates, "outreach template")


def priority_questions_tell(index: Index, errors: _Errors) -> None:
    """A priority question says what its answer tells you: the best-questions page shows it."""
    for item in index.banks.values():
        for i, question in enumerate(item.model.questions):
            if question.priority and question.tells is None:
                message = "priority questions need a 'tells' line: what the answer tells you"
                errors.add(item, ("questions", i), message)


def follow_ups(index: Index, errors: _Errors) -> None:
    """A follow-up names another question of the guide."""
    for item in index.banks.values():
        for i, question in enumerate(item.model.questions):
            for j, ref in enumerate(question.follow_ups):
                if ref == question.id:
                    errors.add(item, ("questions", i, "follow_ups", j), "a question cannot follow up itself")
                elif ref not in index.questions and ref not in errors.broken:
                    errors.add(item, ("questions", i, "follow_ups", j), f"unknown question {ref!r}")


def placeholders(index: Index, errors: _Errors) -> None:
    """Every placeholder a template uses is declared, with a valid name, and every one declared is used."""
    for item in index.templates.values():
        tpl: Template = item.model
        used: set[str] = set()
        for field in ("subject", "body"):
            for match in PLACEHOLDER.finditer(getattr(tpl, field) or ""):
                name = match[1]
                if not PLACEHOLDER_NAME.match(name):
                    hint = "use lower_snake_case like {my_name}"
                    errors.add(item, (field,), f"{match[0]!r} is not a placeholder name; {hint}")
                elif name not in tpl.placeholders and name not in GUIDE_PLACEHOLDERS:
                    errors.add(item, (field,), f"placeholder {{{name}}} is used but not declared under placeholders")
                used.add(name)
        for name in (name for name in tpl.placeholders if name not in used):
            errors.add(item, ("placeholders", name), f"placeholder {name!r} is declared but never used", key=True)


def filled(text: str, template: Template, values: dict[str, str]) -> str:
    """The text with every placeholder replaced by its example, and the guide's own by their `values`."""
    return PLACEHOLDER.sub(
        lambda m: template.placeholders[m[1]].example if m[1] in template.placeholders else m[0],
        fill_guide_values(text, values),
    )


def channels(index: Index, errors: _Errors) -> None:
    """A template's channel exists (in guide.yml), and the template fits its subject rule and limits."""
    if index.guide is None:  # the channels are declared there
        return
    known = index.guide.model.channels
    values = guide_values(index.guide.model.defaults)
    for item in index.templates.values():
        tpl: Template = item.model
        channel = known.get(tpl.channel)
        if channel is None:
            names = ", ".join(sorted(known)) or "none (add channels to guide.yml)"
            errors.add(item, ("channel",), f"unknown channel {tpl.channel!r}; known: {names}")
            continue
        if channel.subject and tpl.subject is None:
            errors.add(item, ("channel",), f"messages on {tpl.channel!r} need a subject")
        if not channel.subject and tpl.subject is not None:
            errors.add(item, ("subject",), f"messages on {tpl.channel!r} have no subject line", key=True)
        _limit(item, ("body",), len(filled(tpl.body, tpl, values)), channel.max_chars, "characters", errors)
        _limit(item, ("body",), len(filled(tpl.body, tpl, values).split()), channel.max_words, "words", errors)
        _limit(
            item,
            ("subject",),
            len(filled(tpl.subject or "", tpl, values)),
            channel.subject_max_chars,
            "characters",
            errors,
        )


def message_overrides(index: Index, errors: _Errors) -> None:
    """guide.yml `messages:` replaces known interface texts only, with the placeholders those texts have."""
    if index.guide is None:
        return
    for key, value in index.guide.model.messages.items():
        for problem in override_problems(key, value):
            errors.add(index.guide, ("messages", key), problem, key=problem.startswith("unknown message"))


def _limit(item: Loaded[Any], loc: Loc, size: int, limit: int | None, unit: str, errors: _Errors) -> None:
    if limit and size > limit:
        errors.add(item, loc, f"{size} {unit} with the examples filled in; the limit is {limit}")


def sheet_references(index: Index, errors: _Errors) -> None:
    """The steps whose checklists a prep sheet repeats exist."""
    for item in index.sheets.values():
        for i, section in enumerate(item.model.sections):
            errors.refs(item, ("sections", i, "checklists"), section.checklists, index.steps, "step")


def source_references(index: Index, errors: _Errors) -> None:
    """Every source cited (by a file, or by a channel in guide.yml) is in a sources file."""
    for item in index.items():
        if hasattr(item.model, "sources") and not isinstance(item.model, SourcesFile):
            errors.refs(item, ("sources",), item.model.sources, index.sources, "source")
    if index.guide is not None:
        for name, channel in index.guide.model.channels.items():
            errors.refs(index.guide, ("channels", name, "sources"), channel.sources, index.sources, "source")


def markdown_fields(index: Index, errors: _Errors) -> None:
    """Markdown fields hold Markdown only: no raw HTML, script links or attributes (see safety)."""
    for item in index.items():
        for loc, text in markdown_texts(item.model):
            problem = markdown_problem(text, media_hosts=index.media_hosts)
            if problem:
                errors.add(item, loc, problem)


def guide_links(index: Index, errors: _Errors) -> None:
    """A link by id in Markdown (`step:prepare`, `question:first-job`, `guide:best`) names something that exists."""
    known: dict[str, Any] = {"step": index.steps, "page": index.pages, "bank": index.banks}
    known |= {"template": index.templates, "sheet": index.sheets, "question": index.questions, "guide": GUIDE_PAGES}
    for item in index.items():
        for loc, text in markdown_texts(item.model):
            for match in GUIDE_LINK.finditer(text) if ":" in text else ():
                kind, ident = match[2], match[3]
                if ident not in known[kind] and ident not in errors.broken:
                    why = f"guide: names one of {', '.join(GUIDE_PAGES)}" if kind == "guide" else f"no {kind} {ident!r}"
                    errors.add(item, loc, f"the link {kind}:{ident} leads nowhere: {why}")


def tool_placeholders(index: Index, errors: _Errors) -> None:
    """The tools' text (guide.yml `tools`) names only the numbers the guide fills in: TOOL_PLACEHOLDERS."""
    if index.guide is None:
        return
    known = ", ".join(f"{{{name}}}" for name in TOOL_PLACEHOLDERS)
    for loc, text in _strings(index.guide.model.tools, ("tools",)):
        for match in PLACEHOLDER.finditer(text):
            if PLACEHOLDER_NAME.match(match[1]) and match[1] not in TOOL_PLACEHOLDERS:
                errors.add(index.guide, loc, f"unknown placeholder {match[0]}; the tools' text may use {known}")


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every string in a model tree, with its location."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), (*loc, name))
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*loc, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _strings(child, (*loc, i))


def section_keywords(index: Index, errors: _Errors) -> None:
    """`section_keywords` names sections by the ids of headings in the body."""
    for item in [*index.steps.values(), *index.pages.values()]:
        ids = heading_ids(item.model.body)
        for anchor in item.model.section_keywords:
            if anchor not in ids:
                known = ", ".join(ids) or "none"
                errors.add(
                    item, ("section_keywords", anchor), f"no heading with this id in body (ids: {known})", key=True
                )


def pages_listed(index: Index, errors: _Errors) -> None:
    """Every page guide.yml lists exists, and every page is listed there."""
    if index.guide is None:
        return
    meta = index.guide.model
    errors.refs(index.guide, ("before_steps",), meta.before_steps, index.pages, "page")
    errors.refs(index.guide, ("after_steps",), meta.after_steps, index.pages, "page")
    for ident, item in index.pages.items():
        if ident not in meta.before_steps + meta.after_steps:
            errors.add(item, ("id",), "not listed in guide.yml before_steps or after_steps")


RULES: list[Callable[[Index, _Errors], None]] = [
    step_references,
    priority_questions_tell,
    follow_ups,
    placeholders,
    channels,
    sheet_references,
    source_references,
    markdown_fields,
    guide_links,
    tool_placeholders,
    section_keywords,
    pages_listed,
    message_overrides,
]


# --- The guide, in the author's order ------------------------------------------------------------------------


def validate(files: LoadedFiles, *, media_hosts: Set[str] = frozenset()) -> tuple[Guide | None, list[ContentError]]:
    """Run every rule over what loaded and build the Guide; the Guide is None when anything failed.

    When guide.yml itself failed, the other files are still checked against each other.
    """
    errors = _Errors(files.broken)
    for doc, model in files.documents:
        errors.extend(duplicate_ids(doc, model))
    index = _index(files, errors, media_hosts)
    for rule in RULES:
        rule(index, errors)
    if index.guide is None:
        return None, errors
    guide = _ordered(index, index.guide, errors)
    return (None, errors) if errors or files.broken else (guide, [])


def _ordered(index: Index, guide: Loaded[GuideFile], errors: _Errors) -> Guide:
    """The Guide with everything in the order guide.yml gives; an id listed there must exist, and be listed."""
    meta = guide.model
    groups = {"step": index.steps, "page": index.pages, "bank": index.banks}
    groups |= {"template": index.templates, "sheet": index.sheets}
    origins = {f"{kind}:{ident}": item.doc.path for kind, group in groups.items() for ident, item in group.items()}
    return Guide(
        meta=meta,
        steps=tuple(_order(guide, meta.steps, "steps", index.steps, errors)),
        pages_before=tuple(index.pages[p].model for p in meta.before_steps if p in index.pages),
        pages_after=tuple(index.pages[p].model for p in meta.after_steps if p in index.pages),
        banks=tuple(_order(guide, meta.banks, "banks", index.banks, errors)),
        templates=tuple(_order(guide, meta.outreach, "outreach", index.templates, errors)),
        prep_sheets=tuple(_order(guide, meta.prep_sheets, "prep_sheets", index.sheets, errors)),
        sources=index.sources,
        origins={**origins, "guide": guide.doc.path},
    )


def _order(
    guide: Loaded[GuideFile], listed: list[str] | None, field: str, found: dict[str, Loaded[Any]], errors: _Errors
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
