"""The content model: one pydantic class per content file type, strict about types and unknown keys.

Field kinds (see README, "Plain text and Markdown"): fields typed `Text` are plain text and always
appear as text; fields typed `Markdown` may use Markdown but not raw HTML.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, field_validator

from generator.yamlio import Loc

# Limits (README, "Limits"). Text lengths are on the field types below; lists without a limit of their
# own hold at most MAX_ITEMS, lists of files at most MAX_FILE_REFS (load.MAX_FILES content files).
MAX_ITEMS = 200
MAX_FILE_REFS = 2_000
# A web address that is safe to place in a Markdown link and an HTML attribute as it is: no whitespace,
# control characters, quotes, brackets or braces (write them %-encoded, e.g. ( as %28).
# Valid in Python and in ECMA-262 with the `u` flag (editors, check-jsonschema): no escape before `"`.
URL_PATTERN = r"""^https?://[^\s\x00-\x1f\x7f"'<>(){}\[\]\\^`|]+$"""
SITE_URL_PATTERN = URL_PATTERN.removesuffix("+$") + "*/$"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2}(-[A-Z]{2})?$"
PLACEHOLDER_PATTERN = r"^[a-z][a-z0-9_]*$"
# A placeholder in a template's subject or body: `{name}`, the name in PLACEHOLDER_PATTERN.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDER_NAME = re.compile(PLACEHOLDER_PATTERN)
# A link from Markdown content to another part of the guide, by id, wherever the text is placed:
# `[Prepare](step:prepare#step-prepare-tips)`, `(template:thank-you)`, `(question:first-job)`, `(guide:best)`.
# Written as a link target, inline `](...)` or in a reference definition `[name]: ...`.
GUIDE_LINK_KINDS = ("step", "page", "bank", "template", "sheet", "question", "guide")
GUIDE_PAGES = ("home", "questions", "best", "all-questions", "tags", "outreach", "print", "sources")
GUIDE_LINK = re.compile(
    r"(\]\(\s*|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*)(" + "|".join(GUIDE_LINK_KINDS) + r"):([a-z0-9-]*)(#[\w-]*)?(?=[\s)])",
    re.MULTILINE,
)

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=60),
    Field(description="Stable id: lower-case letters, digits and single hyphens. Links and saved state use it."),
]


def _one_line(value: object) -> object:
    """Plain text is one line: a line break (a folded YAML string ends with one) is read as a space.

    Pages put plain text inside headings, table cells and HTML attributes, where a line break, and above
    all a blank line, would end the element it is in; in running text a browser shows it as a space anyway.
    """
    return re.sub(r"\s*[\r\n]\s*", " ", value).strip() if isinstance(value, str) else value


Text = Annotated[
    str,
    BeforeValidator(_one_line),
    StringConstraints(min_length=1, max_length=2_000),
    Field(description="Plain text, one line."),
]


class _MarkdownMarker:
    """Marks a field as Markdown, so the checks know which text to lint for raw HTML."""


MARKDOWN = _MarkdownMarker()
Markdown = Annotated[
    str,
    StringConstraints(min_length=1, max_length=50_000),
    Field(description="Markdown, no raw HTML."),
    MARKDOWN,
]
# An interface text's key in the message catalogue (generator/messages/en.yml); checks.messages knows the keys.
MessageKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]*$", max_length=80)]
# A replacement text, or its plural forms by CLDR category; checked by messages.override_problems (one clear
# line per fault, where a union type would give two), described to editors by this schema.
MessageText = Annotated[
    Any,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {c: {"type": "string"} for c in ("zero", "one", "two", "few", "many", "other")},
                    "required": ["other"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]
Stage = Literal["student", "changer", "experienced"]
Phase = Literal["opening", "core", "closing"]
Tiara = Literal["trends", "insights", "advice", "resources", "assignments"]
ChecklistPhase = Literal["before", "during", "after", "ongoing"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(Model):
    """A cited source: facts and figures in the guide name one of these."""

    id: Id
    title: Text
    url: Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=500)]
    publisher: Text | None = None
    year: int | None = None


class SourcesFile(Model):
    sources: list[Source] = Field(max_length=1_000)


class Channel(Model):
    """Where a message is sent, and the limits that apply there."""

    label: Text
    subject: bool = Field(False, description="Messages on this channel have a subject line.")
    max_chars: int | None = Field(None, gt=0, description="Hard limit on the body, in characters.")
    max_words: int | None = Field(None, gt=0, description="Recommended limit on the body, in words.")
    subject_max_chars: int | None = Field(None, gt=0)
    note: Markdown | None = None
    sources: list[Id] = Field([], max_length=MAX_ITEMS)


class Defaults(Model):
    meeting_minutes: int = Field(20, gt=0, le=240)
    thank_you_hours: int = Field(24, gt=0, le=24 * 14, description="Send the thank-you within this window.")
    check_in_days: int = Field(90, gt=0, le=730, description="Check in again after this many days.")
    follow_up_days: int = Field(
        7, gt=0, le=60, description="With no reply to a request after this many days, follow up once."
    )
    questions_min: int = Field(5, gt=0)
    questions_max: int = Field(10, gt=0)


def guide_values(defaults: Defaults) -> dict[str, str]:
    """Placeholders the guide fills itself, from guide.yml `defaults`: templates use them undeclared."""
    return {"meeting_minutes": str(defaults.meeting_minutes)}


def fill_guide_values(text: str, values: dict[str, str]) -> str:
    """`text` with the guide's own placeholders (guide_values) replaced; the reader's stay as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


GUIDE_PLACEHOLDERS = tuple(guide_values(Defaults()))


Keyword = Annotated[
    str,
    BeforeValidator(_one_line),
    StringConstraints(min_length=1, max_length=60),
    Field(description="A word or short phrase a reader might type into search."),
]
Keywords = Annotated[
    list[Keyword],
    Field(
        max_length=50,
        description="Words a reader might search for that the text does not use (e.g. 'resume' where it says "
        "'CV'). Indexed for search with weight; never shown on the page.",
    ),
]
SectionKeywords = Annotated[
    dict[Id, Keywords],
    Field(
        max_length=MAX_ITEMS,
        description="Keywords for single sections of the body, by the id of the section's heading (its `{#id}`, "
        "or the id made from its words: '## Build a ranked list' -> build-a-ranked-list). Found with that "
        "section, which search then shows under the page.",
    ),
]


class SearchBoosts(Model):
    """How much each kind of page counts in search, against 1 for everything else (a question counts as its bank)."""

    step: float = Field(3.0, gt=0, le=100)
    page: float = Field(3.0, gt=0, le=100)
    template: float = Field(3.0, gt=0, le=100)
    bank: float = Field(2.0, gt=0, le=100)


class SearchSettings(Model):
    """What the guide tells search: words that mean the same, and the weight of each kind of page."""

    synonyms: list[Annotated[list[Keyword], Field(min_length=2, max_length=20)]] = Field(
        [],
        max_length=MAX_ITEMS,
        description="Groups of words a reader may use for the same thing (spellings, synonyms): an entry "
        "that uses one word of a group is also found by the others.",
    )
    boosts: SearchBoosts = SearchBoosts()


# ---- The words of the reader's tools (contacts tracker, conversation mode, debrief): guide.yml `tools`. ----
# The statuses and next actions are the tracker's fixed vocabulary (coachguide-working-core.js works them out
# from the dates); the guide words them. Text fields here may use the guide's numbers: TOOL_PLACEHOLDERS.
TrackerStatus = Literal["to-contact", "asked", "booked", "met", "thanked", "check-in-due"]
NextAction = Literal["contact", "follow-up", "meeting", "thank-you", "check-in"]
DebriefSlot = Literal["learned", "next", "promised", "quote"]
ShortText = Annotated[
    str,
    BeforeValidator(_one_line),
    StringConstraints(min_length=1, max_length=200),
    Field(description="Plain text, one line, at most 200 characters."),
]


class TrackerStatusText(Model):
    """How the tracker names a status and what it means."""

    label: Annotated[str, BeforeValidator(_one_line), StringConstraints(min_length=1, max_length=40)] | None = Field(
        None, description="The status as the tracker's menu shows it (at most 40 characters; default: the interface's)."
    )
    means: Markdown | None = Field(None, description="What the status means, in the tracker's key.")


class TrackerActionText(Model):
    """What is due next for a contact: the short label in the row, and how to do it, in the tracker's key."""

    label: Annotated[str, BeforeValidator(_one_line), StringConstraints(min_length=1, max_length=60)] | None = Field(
        None, description="The next action as each row shows it (at most 60 characters; default: the interface's)."
    )
    how: Markdown | None = Field(None, description="How and when to do it; may link to a template.")


def _complete(given: dict[Any, Any], defaults: dict[Any, Any]) -> dict[Any, Any]:
    """Every key of `defaults`, in its order: the author's entry where given, else the default."""
    return {k: given.get(k, v) for k, v in defaults.items()}


# Text left out falls back to the interface catalogue (generator/messages: tracker.status.*, tracker.next.*,
# talk.*), so a guide in German that names none of these still reads German.
def _statuses() -> dict[TrackerStatus, TrackerStatusText]:
    return {status: TrackerStatusText() for status in get_args(TrackerStatus)}


def _actions() -> dict[NextAction, TrackerActionText]:
    return {action: TrackerActionText() for action in get_args(NextAction)}


class TrackerText(Model):
    """The contacts tracker's words: a status and a next action for each contact."""

    intro: Markdown | None = Field(None, description="Shown above the key to the statuses.")
    statuses: dict[TrackerStatus, TrackerStatusText] = Field(
        default_factory=_statuses, description="Each status the tracker knows; one left out keeps its default."
    )
    actions: dict[NextAction, TrackerActionText] = Field(
        default_factory=_actions, description="Each next action; one left out keeps its default."
    )

    _all_statuses = field_validator("statuses")(lambda value: _complete(value, _statuses()))
    _all_actions = field_validator("actions")(lambda value: _complete(value, _actions()))


class Cue(Model):
    """A prompt conversation mode keeps on screen for one part of the conversation."""

    id: Id
    title: ShortText
    text: Markdown


class ConversationText(Model):
    """Conversation mode's words: cues for each part of the call, and what it says as time runs out."""

    cues: list[Cue] = Field([], max_length=20, description="Shown in order beside the questions.")
    time_check_minutes: int = Field(
        5, ge=1, le=60, description="Minutes before the agreed end when conversation mode says `time_check`."
    )
    time_check: ShortText | None = Field(None, description="Said that many minutes before the end.")
    time_up: ShortText | None = Field(None, description="Said at the end.")
    ended: ShortText | None = Field(None, description="Said when the reader ends the call.")


class DebriefPrompt(Model):
    label: ShortText | None = None
    help: ShortText | None = None
    lines: int = Field(2, ge=1, le=10, description="Height of the box, in lines.")


def _prompts() -> dict[DebriefSlot, DebriefPrompt]:
    return {
        "learned": DebriefPrompt(lines=3),
        "next": DebriefPrompt(),
        "promised": DebriefPrompt(),
        "quote": DebriefPrompt(),
    }


class DebriefText(Model):
    """The debrief after a conversation: four notes kept on the person's sheet (the composer reads `quote`)."""

    intro: Markdown | None = Field(
        None, description="Shown above the debrief; a good place for the thank-you reminder."
    )
    prompts: dict[DebriefSlot, DebriefPrompt] = Field(
        default_factory=_prompts, description="The four notes, in this order; one left out keeps its default."
    )

    _all_prompts = field_validator("prompts")(lambda value: _complete(value, _prompts()))


class Tools(Model):
    """The words of the reader's tools that belong to the guide's subject (the interface's own are not here)."""

    tracker: TrackerText = TrackerText()
    conversation: ConversationText = ConversationText()
    debrief: DebriefText = DebriefText()


def tool_values(defaults: Defaults, tools: Tools) -> dict[str, str]:
    """The numbers the tools' text may name as `{placeholder}`s: the guide's defaults and the time check."""
    values = {name: str(getattr(defaults, name)) for name in TOOL_DEFAULTS}
    return values | {"time_check_minutes": str(tools.conversation.time_check_minutes)}


TOOL_DEFAULTS = ("meeting_minutes", "thank_you_hours", "check_in_days", "follow_up_days")
TOOL_PLACEHOLDERS = (*TOOL_DEFAULTS, "time_check_minutes")


class GuideFile(Model):
    """content/guide.yml: the guide as a whole and the order of everything in it."""

    id: Id
    title: Text
    description: Text
    audience: Text
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = "en"
    site_url: Annotated[str, StringConstraints(pattern=SITE_URL_PATTERN, max_length=500)] | None = None
    intro: Markdown | None = None
    steps: list[Id] = Field(min_length=1, max_length=100)
    before_steps: list[Id] = Field(
        [], max_length=MAX_FILE_REFS, description="Pages shown between the home page and the steps."
    )
    after_steps: list[Id] = Field([], max_length=MAX_FILE_REFS, description="Pages shown after the steps.")
    banks: list[Id] | None = Field(
        None, max_length=MAX_FILE_REFS, description="Question bank order; default: all, by file name."
    )
    outreach: list[Id] | None = Field(
        None, max_length=MAX_FILE_REFS, description="Template order; default: all, by file name."
    )
    prep_sheets: list[Id] | None = Field(
        None, max_length=MAX_FILE_REFS, description="Prep sheet order; default: all, by file name."
    )
    defaults: Defaults = Defaults()
    channels: dict[Id, Channel] = Field(default_factory=dict, max_length=MAX_ITEMS)
    search: SearchSettings = SearchSettings()
    tools: Tools = Tools()
    messages: dict[MessageKey, MessageText] = Field(
        default_factory=dict,
        max_length=1_000,
        description="Interface texts to replace, by key (see the catalogue generator/messages/en.yml): a plain "
        "text with the same {placeholders}, or plural forms by CLDR category (one, other, ...).",
    )


class Page(Model):
    """content/pages/*.yml: a page of prose (an introduction, a "beyond the basics" page)."""

    id: Id
    title: Text
    summary: Text | None = None
    body: Markdown
    sources: list[Id] = Field([], max_length=MAX_ITEMS)
    keywords: Keywords = []
    section_keywords: SectionKeywords = {}


class ChecklistItem(Model):
    id: Id
    text: Markdown
    phase: ChecklistPhase | None = None


class Step(Model):
    """content/steps/*.yml: one step of the process."""

    id: Id
    title: Text
    summary: Text
    body: Markdown
    checklist: list[ChecklistItem] = Field(min_length=1, max_length=200)
    tips: list[Markdown] = Field([], max_length=MAX_ITEMS)
    mistakes: list[Markdown] = Field([], max_length=MAX_ITEMS)
    banks: list[Id] = Field([], max_length=MAX_FILE_REFS)
    outreach: list[Id] = Field([], max_length=MAX_FILE_REFS)
    sources: list[Id] = Field([], max_length=MAX_ITEMS)
    keywords: Keywords = []
    section_keywords: SectionKeywords = {}


class Question(Model):
    id: Id
    text: Text
    tells: Markdown | None = Field(None, description="What the answer tells you; required on priority questions.")
    priority: bool = Field(False, description="Among the best questions for a short call.")
    stages: list[Stage] = Field(min_length=1, max_length=3, description="Career stages the question suits.")
    phase: Phase = "core"
    tiara: Tiara | None = None
    sensitive: Markdown | None = Field(None, description="Marks a sensitive question; says how to ask it.")
    follow_ups: list[Id] = Field(
        [], max_length=MAX_ITEMS, description="Ids of questions that follow naturally from this one."
    )
    tags: list[Id] = Field([], max_length=MAX_ITEMS, description="Topic tags, collected on the tag index.")
    keywords: Keywords = []


class QuestionBank(Model):
    """content/questions/*.yml: a bank of questions on one theme."""

    id: Id
    title: Text
    description: Markdown
    questions: list[Question] = Field(min_length=1, max_length=20_000)
    sources: list[Id] = Field([], max_length=MAX_ITEMS)
    keywords: Keywords = []


class Placeholder(Model):
    label: Text
    example: Text
    required: bool = True
    help: Text | None = None


class Template(Model):
    """content/outreach/*.yml: one outreach message with `{placeholder}`s."""

    id: Id
    title: Text
    channel: Id
    when: Markdown = Field(description="When to send it.")
    subject: Text | None = None
    body: Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
    placeholders: dict[Annotated[str, StringConstraints(pattern=PLACEHOLDER_PATTERN)], Placeholder] = Field(
        {}, max_length=MAX_ITEMS
    )
    tips: list[Markdown] = Field([], max_length=MAX_ITEMS)
    sources: list[Id] = Field([], max_length=MAX_ITEMS)
    keywords: Keywords = []


FieldType = Literal["text", "textarea", "date", "datetime", "email", "url", "number"]


class SheetField(Model):
    id: Id
    label: Text
    type: FieldType = "text"
    lines: int = Field(1, ge=1, le=20, description="Lines to write on when printed blank.")
    help: Text | None = None


class SheetSection(Model):
    id: Id
    title: Text
    intro: Markdown | None = None
    fields: list[SheetField] = Field([], max_length=MAX_ITEMS)
    question_slots: int = Field(0, ge=0, le=30, description="Lines for the questions the reader picks.")
    checklists: list[Id] = Field([], max_length=MAX_ITEMS, description="Steps whose checklists this section shows.")


class PrepSheet(Model):
    """content/prep-sheets/*.yml: a fillable sheet for one conversation."""

    id: Id
    title: Text
    intro: Markdown | None = None
    sections: list[SheetSection] = Field(min_length=1, max_length=MAX_ITEMS)


@dataclass(frozen=True)
class Guide:
    """The whole validated guide, everything in the order the author gave."""

    meta: GuideFile
    steps: tuple[Step, ...]
    pages_before: tuple[Page, ...]
    pages_after: tuple[Page, ...]
    banks: tuple[QuestionBank, ...]
    templates: tuple[Template, ...]
    prep_sheets: tuple[PrepSheet, ...]
    sources: dict[str, Source]
    origins: dict[str, str] = field(default_factory=dict)  # "step:prepare" -> "content/steps/prepare.yml"

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for bank in self.banks for q in bank.questions}


# --- What describes the model: its inner models and its Markdown fields ------------------------------------


def inner_model(annotation: Any) -> Any:
    """The pydantic model inside `list[X]`, `dict[str, X]` or `X | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def kind_name(model: type[BaseModel]) -> str:
    """`ChecklistItem` -> `checklist item`: how an error line names a kind of item."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


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
            continue
        if isinstance(value, BaseModel):
            yield from markdown_texts(value, (*loc, name))
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
        for key, child in children:
            if isinstance(child, BaseModel):
                yield from markdown_texts(child, (*loc, name, key))
