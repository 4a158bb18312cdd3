"""Render the validated guide to Markdown pages through the Jinja2 templates; no MkDocs here.

Content reaches the templates as data, never as template source, so `{{ }}` in content stays text.
Plain-text fields go through `md_text` (Markdown context) or `e` (HTML context); Markdown fields are
inserted as Markdown and were checked for raw HTML during validation.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import jinja2
import jinja2.meta
import markupsafe

from generator.messages import LINK, Catalogue, guide_catalogue
from generator.model import (
    GUIDE_LINK,
    PLACEHOLDER,
    ChecklistItem,
    Guide,
    GuideFile,
    NextAction,
    Phase,
    PrepSheet,
    Question,
    Stage,
    Template,
    Tiara,
    fill_guide_values,
    guide_values,
    tool_values,
)
from generator.resources import json_script

NavItem = dict[str, Any]

# One pass of str.translate: HTML's three specials become entities, Markdown's punctuation gets a backslash.
_MD_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {c: "\\" + c for c in "\\`*_{}[]()#+-.!|"})


def md_text(value: str) -> str:
    """Plain text made safe to place in Markdown: escaped for HTML, then for Markdown syntax."""
    return value.translate(_MD_ESCAPES)


def json_attr(value: Any) -> str:
    """JSON for a single-quoted HTML attribute (`data-x='{{ v|json_attr }}'`) or a script element: no character can
    close either (`'`, `&`, `<` and `>` are JSON escapes). JSON's own `"` stay as they are, one byte each rather
    than `&quot;`: the interface text on every page is mostly quoted keys and values."""
    return json_script(value)


def html_text(value: str) -> str:
    """Plain text for places where the theme inserts it into HTML as it is: page titles and descriptions.

    MkDocs' theme environment does not autoescape, and Material writes `page.title`, `page.meta.description`
    and nav titles into the page unescaped. `<`, `>` and `"` are escaped, and `&` where it would start a
    character reference; a lone `&` ("Q & A") stays, so the few places Material escapes (aria-label) read right.
    """
    escaped = re.sub(r"&(?=[#A-Za-z])", "&amp;", value)
    return escaped.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def yaml_str(value: str) -> str:
    """A front-matter string (title, description), escaped for the theme (`html_text`).

    JSON is valid YAML and needs no quoting rules of its own.
    """
    return json.dumps(html_text(value), ensure_ascii=False)


def indent_md(value: str, width: int = 4) -> str:
    """Continuation lines indented so a multi-line Markdown text stays inside its list item."""
    return value.strip().replace("\n", "\n" + " " * width)


def message_parts(text: str) -> list[tuple[str, str]]:
    """A template text as ("text", ...) and ("ph", name) pieces, so pages can mark the placeholders."""
    parts: list[tuple[str, str]] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(("text", text[last : match.start()]))
        parts.append(("ph", match[1]))
        last = match.end()
    parts.append(("text", text[last:]))
    return [p for p in parts if p[1]]


# Material's search parser skips an element with this attribute. Each tag carries it: the parser matches the
# end of an excluded element by tag name only, so an excluded wrapper would end at its first inner </span>.
NOT_INDEXED = "data-search-exclude"


def picker_data(t: Callable[..., str]) -> dict[str, Any]:
    """The question picker's filters (assets/coachguide-picker.js, read from `.cg-picker[data-filters]`): each
    `key` narrows by the question's `data-KEY` attribute, so the vocabulary lives here, beside the model's
    choices, and its labels in the message catalogue (`t`, messages.Catalogue.text)."""
    return {
        "filters": [
            {
                "key": "stages",
                "label": t("picker.stage"),
                "options": [[s, t(f"picker.stage.{s}")] for s in get_args(Stage)],
            },
            {"key": "phase", "label": t("picker.phase"), "options": [[p, t(f"phase.{p}")] for p in get_args(Phase)]},
            {"key": "tiara", "label": "TIARA", "options": [[x, t(f"picker.tiara.{x}")] for x in get_args(Tiara)]},
        ]
    }


def tag_line(question: Question, link: Callable[..., str], t: Callable[..., str], *, indexed: bool = True) -> str:
    """The tags under a question: phase, TIARA letter, stages, marks, then topic links to the tag index.

    Ids and fixed choices need no escaping beyond md_text; catalogue texts (which authors may override) are
    escaped for HTML. The line is kept out of the search index (Material's parser skips `data-search-exclude`):
    tags are not prose. On a page kept out of the index as a whole (`indexed=False`) the mark is left off: it
    would only weigh the page down."""
    e = html_escape
    mark = f" {NOT_INDEXED}" if indexed else ""

    def tag(kind: str, text: str) -> str:
        return f'<span class="cg-tag cg-tag-{kind}"{mark}>{text}</span>'

    parts = [tag("phase", e(t(f"tag.phase.{question.phase}")))]
    if question.tiara:
        parts.append(tag("tiara", f"TIARA: {question.tiara}"))
    parts += [tag("stage", e(t(f"tag.stage.{s}"))) for s in question.stages]
    if question.priority:
        parts.append(tag("priority", e(t("tag.priority"))))
    if question.sensitive:
        parts.append(tag("sensitive", e(t("tag.sensitive"))))
    topic = f'{{.cg-tag .cg-tag-topic{mark}=""}}' if indexed else "{.cg-tag .cg-tag-topic}"
    parts += [f"[{md_text(name)}]({link('tags', 'tag-' + name)}){topic}" for name in question.tags]
    return " ".join(parts)


def phase_groups(items: Sequence[ChecklistItem]) -> list[tuple[str | None, list[ChecklistItem]]]:
    """Checklist items grouped by phase, groups in the order their first item appears."""
    groups: dict[str | None, list[ChecklistItem]] = {}
    for item in items:
        groups.setdefault(item.phase, []).append(item)
    return list(groups.items())


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process, each checked against its source.

    `coachguide build` renders more than once (its up-front check, then the plugin) and `mkdocs serve` renders
    on every rebuild; compiling the templates was most of the render time of a small guide. Jinja's bytecode
    cache compares a checksum of the source, so an edited template is compiled again.

    With a `folder`, the compiled templates are also kept there between processes (as Python keeps
    __pycache__): compiling the guide's templates was a fifth of rendering a guide of 2,000 questions. Jinja
    names each file after the template's path and checks the source's checksum and its own and Python's
    versions when it loads one; a folder that cannot be written is only not used.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.code: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / f"{bucket.key}.cache").read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        self.code[bucket.key] = code
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".new-", delete=False) as file:
                file.write(code)
            os.replace(file.name, self.folder / f"{bucket.key}.cache")
        except OSError:
            pass


def cache_folder() -> Path | None:
    """Where compiled templates are kept between runs: the user's cache folder, unless COACHGUIDE_NO_CACHE is set."""
    if os.environ.get("COACHGUIDE_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "coachguide" / "templates"


_COMPILED = CompiledTemplates(cache_folder())


# Python-Markdown reads code spans, backslash escapes and links in a paragraph before it sets the paragraph's
# inline HTML aside, so they are read even inside an attribute value (`data-text="[x](...)"` would become a
# link there, and its quotes would end the attribute). Written as character references, they are inert.
_MARKDOWN_INLINE = str.maketrans({"[": "&#91;", "]": "&#93;", "`": "&#96;", "\\": "&#92;"})


# markupsafe.escape's replacements and _MARKDOWN_INLINE's in one table: the first's never make the second's.
_HTML_AND_INLINE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
    | {chr(c): text for c, text in _MARKDOWN_INLINE.items()}
)


def html_escape(value: Any) -> markupsafe.Markup:
    """Jinja's `e` filter, made safe for HTML inside Markdown pages, where templates use it."""
    if hasattr(value, "__html__"):  # markup already: escape leaves it as it is
        return markupsafe.Markup(str(markupsafe.escape(value)).translate(_MARKDOWN_INLINE))
    return markupsafe.Markup(str(value).translate(_HTML_AND_INLINE))


def environment(templates_dir: Path) -> jinja2.Environment:
    """One environment per build: strict about undefined names, no reloading, stable output."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=_COMPILED,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is Markdown; HTML contexts use the `e` filter explicitly
        # `{#id}` is attr_list syntax in the pages, so Jinja comments are written `{## ... ##}`.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(md_text=md_text, json_attr=json_attr, yaml_str=yaml_str, indent_md=indent_md)
    env.filters.update(e=html_escape, escape=html_escape)
    env.globals.update(
        message_parts=message_parts,
        phase_groups=phase_groups,
        tag_line=tag_line,
        template_data=template_data,
        tracker_fields=tracker_fields,
        tool_text=tool_text,
        fill_guide=fill_guide_values,
    )
    return env


class RenderError(Exception):
    """A template failed; the message names the template file and line."""


@dataclass(frozen=True)
class Downloads:
    """Files the build adds beside the pages; the pages link to them only when they are made."""

    pdf: bool = False
    offline_zip: bool = False
    papers: tuple[str, ...] = ("A4",)  # each PDF is printed on each; the first keeps the plain name


def paper_variant(pdf_path: str, paper: str, papers: tuple[str, ...]) -> str:
    """Where the PDF printed on `paper` goes: the plain name for the first paper, `-letter.pdf` and so on after."""
    return pdf_path if paper == papers[0] else f"{pdf_path.removesuffix('.pdf')}-{paper.lower()}.pdf"


@dataclass(frozen=True)
class RenderedSite:
    pages: dict[str, str]  # docs-relative path -> Markdown
    nav: list[NavItem]
    sources: dict[str, str]  # docs-relative path -> content source file, for "edit this page"
    pdfs: list[tuple[str, str, str]]  # (page path, PDF path, paper) to print after the build
    downloads: dict[str, str]  # "zip" -> docs-relative path of the offline zip, when made
    script_messages: dict[str, Any]  # the page scripts' interface text: resources.asset_text serves it


def page_paths(guide: Guide) -> dict[str, str]:
    """Where each item's page lives; the templates link with these paths, MkDocs checks the links."""
    paths = {"home": "index.md", "sources": "sources.md", "questions": "questions/index.md"}
    paths |= {"best": "questions/best.md", "outreach": "outreach/index.md", "tags": "questions/tags.md"}
    paths |= {"all-questions": "questions/all.md"}
    paths |= {f"page:{p.id}": f"{p.id}.md" for p in (*guide.pages_before, *guide.pages_after)}
    paths |= {f"step:{s.id}": f"steps/{s.id}.md" for s in guide.steps}
    paths |= {f"bank:{b.id}": f"questions/{b.id}.md" for b in guide.banks}
    paths |= {f"template:{t.id}": f"outreach/{t.id}.md" for t in guide.templates}
    paths |= {f"sheet:{s.id}": f"prep/{s.id}.md" for s in guide.prep_sheets}
    paths |= {"print": "print/index.md", "print:guide": "print/guide.md"}
    paths |= {"tracker": "tracker.md", "conversation": "conversation.md"}
    paths |= {f"print:step:{s.id}": f"print/{s.id}.md" for s in guide.steps}
    gid = guide.meta.id
    paths |= {"pdf:guide": f"downloads/{gid}.pdf", "zip": f"downloads/{gid}-offline.zip"}
    paths |= {f"pdf:step:{s.id}": f"downloads/{gid}-step-{i}-{s.id}.pdf" for i, s in enumerate(guide.steps, 1)}
    paths |= {f"pdf:sheet:{s.id}": f"downloads/{gid}-{s.id}-blank.pdf" for s in guide.prep_sheets}
    return paths


def _nav(guide: Guide, paths: dict[str, str], t: Callable[..., str]) -> list[NavItem]:
    nav: list[NavItem] = [{html_text(t("nav.home")): paths["home"]}]
    nav += [{html_text(p.title): paths[f"page:{p.id}"]} for p in guide.pages_before]
    steps = [{html_text(f"{i}. {s.title}"): paths[f"step:{s.id}"]} for i, s in enumerate(guide.steps, 1)]
    nav.append({html_text(t("nav.steps")): steps})
    nav += [{html_text(p.title): paths[f"page:{p.id}"]} for p in guide.pages_after]
    questions = [
        paths["questions"],
        {html_text(t("nav.best")): paths["best"]},
        {html_text(t("all.title")): paths["all-questions"]},
    ]
    questions += [{html_text(b.title): paths[f"bank:{b.id}"]} for b in guide.banks]
    nav.append({html_text(t("nav.questions")): [*questions, {html_text(t("tags.title")): paths["tags"]}]})
    outreach = [paths["outreach"], *({html_text(x.title): paths[f"template:{x.id}"]} for x in guide.templates)]
    nav.append({html_text(t("nav.outreach")): outreach})
    sheets: list[NavItem] = [{html_text(s.title): paths[f"sheet:{s.id}"]} for s in guide.prep_sheets]
    if working_sheet(guide):
        sheets += [
            {html_text(t("tracker.title")): paths["tracker"]},
            {html_text(t("talk.title")): paths["conversation"]},
        ]
    nav.append({html_text(t("nav.sheets")): sheets})
    printing = [paths["print"], {html_text(t("nav.whole_guide")): paths["print:guide"]}]
    printing += [
        {html_text(t("nav.step_sheet", number=i)): paths[f"print:step:{s.id}"]} for i, s in enumerate(guide.steps, 1)
    ]
    nav.append({html_text(t("print.title")): printing})
    nav.append({html_text(t("heading.sources")): paths["sources"]})
    return nav


def markdown_message(catalogue: Catalogue, key: str, *targets: str | tuple[str, str], **values: Any) -> str:
    """A catalogue text as Markdown: plain text escaped (`md_text`), and each `[text]` in it a link to the next
    of `targets` (a target may be `(url, attr_list)`). Links are found in the message before values are filled
    in, so a title with brackets stays text."""
    pieces, last, rest = [], 0, list(targets)
    raw = catalogue.form(key, values.get("count"))
    for match in LINK.finditer(raw):
        if not rest:
            break
        target = rest.pop(0)
        url, attrs = target if isinstance(target, tuple) else (target, "")
        pieces.append(md_text(catalogue.fill(raw[last : match.start()], values)))
        pieces.append(f"[{md_text(catalogue.fill(match[1], values))}]({url}){attrs}")
        last = match.end()
    pieces.append(md_text(catalogue.fill(raw[last:], values)))
    return "".join(pieces)


def _context(guide: Guide, paths: dict[str, str], catalogue: Catalogue) -> dict[str, Any]:
    """What every template sees: the guide, its lookups, the interface texts (`t` as plain text, `tm` as
    Markdown with links), and `link` for docs-relative Markdown links."""
    t = catalogue.text
    steps_using: dict[str, list[Any]] = {}
    for step in guide.steps:
        for ref in (*(f"bank:{b}" for b in step.banks), *(f"template:{t}" for t in step.outreach)):
            steps_using.setdefault(ref, []).append(step)
    where = {q.id: bank for bank in guide.banks for q in bank.questions}
    tags: dict[str, list[Any]] = {}
    for bank in guide.banks:
        for question in bank.questions:
            for tag in question.tags:
                tags.setdefault(tag, []).append(question)
    best_by_phase: dict[str, list[Any]] = {"opening": [], "core": [], "closing": []}
    for question in guide.questions.values():
        if question.priority:
            best_by_phase[question.phase].append(question)
    banks = {b.id: b for b in guide.banks}
    return {
        "guide": guide,
        "best_by_phase": best_by_phase,
        # Per step, the priority questions of the banks it uses: its print sheet offers them.
        "best_of_step": {s.id: [q for b in s.banks for q in banks[b].questions if q.priority] for s in guide.steps},
        # Where "Add to my prep sheet" puts questions: the first sheet with lines for them.
        "question_sheet": question_sheet(guide),
        "working_sheet": working_sheet(guide),
        "booked": booked_path(guide),
        # What the home page's overall progress counts: every step's checklist items.
        "progress_steps": [
            {"id": s.id, "title": f"{i}. {s.title}", "items": [item.id for item in s.checklist]}
            for i, s in enumerate(guide.steps, 1)
        ],
        "meta": guide.meta,
        # Placeholders the guide fills itself in every message ({meeting_minutes}).
        "guide_values": guide_values(guide.meta.defaults),
        "picker_data": picker_data(t),
        "t": t,
        "tm": functools.partial(markdown_message, catalogue),
        "phase_label": lambda phase: t(f"phase.{phase or 'checklist'}"),
        "paths": paths,
        "steps_using": steps_using,
        "bank_of": where,
        "questions": guide.questions,
        "tags": dict(sorted(tags.items())),
        "channels": guide.meta.channels,
        "steps": {s.id: s for s in guide.steps},
        "templates": {t.id: t for t in guide.templates},
        "banks": banks,
    }


def _link(current: str, target: str) -> str:
    """A Markdown link target from one docs page to another (MkDocs resolves and checks it)."""
    depth = current.count("/")
    return "../" * depth + target


def guide_link_target(kind: str, ident: str, paths: dict[str, str], guide: Guide) -> str | None:
    """The docs path (and anchor) a content link `kind:ident` points at, or None if there is no such thing."""
    if kind == "question":
        bank = next((b for b in guide.banks if any(q.id == ident for q in b.questions)), None)
        return f"{paths[f'bank:{bank.id}']}#q-{ident}" if bank else None
    return paths.get(ident if kind == "guide" else f"{kind}:{ident}")


def _resolve_guide_links(markdown: str, current: str, paths: dict[str, str], guide: Guide) -> str:
    """Content links by id (`step:prepare`) made into links from this page, which MkDocs then checks."""
    if ":" not in markdown:
        return markdown

    def resolve(match: re.Match[str]) -> str:
        lead, kind, ident, anchor = match.groups()
        target = guide_link_target(kind, ident, paths, guide)
        if target is None:
            return match[0]  # checks reported it; left as it is, the page check refuses it
        if anchor and "#" in target:  # a question's own anchor gives way to the one written
            target = target.split("#")[0]
        return lead + _link(current, target) + (anchor or "")

    return GUIDE_LINK.sub(resolve, markdown)


Job = tuple[str, str, dict[str, Any], str]  # page path, template, what it adds to the context, content origin


def _page_jobs(guide: Guide, paths: dict[str, str]) -> list[Job]:
    """Every page of the site: where it goes, which template makes it, and from which content."""
    jobs: list[Job] = [
        (paths["home"], "home.md.j2", {}, "guide"),
        (paths["sources"], "sources.md.j2", {}, "guide"),
        (paths["questions"], "questions-index.md.j2", {}, "guide"),
        (paths["best"], "best-questions.md.j2", {}, "guide"),
        (paths["all-questions"], "questions-all.md.j2", {}, "guide"),
        (paths["tags"], "tags.md.j2", {}, "guide"),
        (paths["outreach"], "outreach-index.md.j2", {}, "guide"),
    ]
    jobs += [(paths[f"page:{p.id}"], "page.md.j2", {"page": p}, f"page:{p.id}") for p in guide.pages_before]
    jobs += [(paths[f"page:{p.id}"], "page.md.j2", {"page": p}, f"page:{p.id}") for p in guide.pages_after]
    jobs += [
        (paths[f"step:{s.id}"], "step.md.j2", {"step": s, "number": i}, f"step:{s.id}")
        for i, s in enumerate(guide.steps, 1)
    ]
    jobs += [(paths[f"bank:{b.id}"], "bank.md.j2", {"bank": b}, f"bank:{b.id}") for b in guide.banks]
    jobs += [(paths[f"template:{t.id}"], "template.md.j2", {"tpl": t}, f"template:{t.id}") for t in guide.templates]
    jobs += [(paths[f"sheet:{s.id}"], "prep-sheet.md.j2", {"sheet": s}, f"sheet:{s.id}") for s in guide.prep_sheets]
    sheet = working_sheet(guide)
    if sheet:
        jobs += [
            (paths["tracker"], "tracker.md.j2", {"sheet": sheet}, f"sheet:{sheet.id}"),
            (paths["conversation"], "conversation.md.j2", {"sheet": sheet}, f"sheet:{sheet.id}"),
        ]
    jobs += [
        (paths["print"], "print-index.md.j2", {}, "guide"),
        (paths["print:guide"], "print-guide.md.j2", {}, "guide"),
    ]
    jobs += [
        (paths[f"print:step:{s.id}"], "print-step.md.j2", {"step": s, "number": i}, f"step:{s.id}")
        for i, s in enumerate(guide.steps, 1)
    ]
    return jobs


def render_site(
    guide: Guide, templates_dir: Path, *, downloads: Downloads | None = None, reuse: RenderedSite | None = None
) -> RenderedSite:
    """Every page of the guide as Markdown, with the navigation in the guide's order.

    `reuse`, the same guide rendered with other download links, gives the pages whose templates never read
    `downloads`, so a second variant of a site renders only the pages that differ.
    """
    downloads = downloads or Downloads()
    env = environment(templates_dir)
    paths = page_paths(guide)
    pdf_keys = [key for key in paths if key.startswith("pdf:")]
    paths |= {
        f"{key}@{p}": paper_variant(paths[key], p, downloads.papers) for key in pdf_keys for p in downloads.papers
    }
    catalogue = guide_catalogue(guide)
    base = {**_context(guide, paths, catalogue), "downloads": downloads}
    pages: dict[str, str] = {}
    sources: dict[str, str] = {}
    parsed: dict[str, Parsed] = {}  # by template: parsing one for every page that uses it was most of a variant
    for path, name, extra, origin in _page_jobs(guide, paths):
        link = lambda key, anchor="", _p=path: _link(_p, paths[key]) + (f"#{anchor}" if anchor else "")  # noqa: E731
        try:
            if reuse is not None and path in reuse.pages and not _reads(env, name, "downloads", parsed):
                pages[path] = reuse.pages[path]  # its links resolved already
            else:
                markdown = env.get_template(name).render(**base, **extra, path=path, link=link)
                pages[path] = _resolve_guide_links(markdown, path, paths, guide)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(f"{templates_dir / (exc.name or name)}:{exc.lineno}: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise RenderError(f"{templates_dir / name}: while rendering {path}: {exc}") from None
        sources[path] = guide.origins.get(origin, guide.origins["guide"])
    printed = [("print:guide", "pdf:guide")]
    printed += [(f"print:step:{s.id}", f"pdf:step:{s.id}") for s in guide.steps]
    printed += [(f"sheet:{s.id}", f"pdf:sheet:{s.id}") for s in guide.prep_sheets]
    pdfs = [(paths[page], paths[f"{pdf}@{paper}"], paper) for page, pdf in printed for paper in downloads.papers]
    return RenderedSite(
        pages=pages,
        nav=_nav(guide, paths, catalogue.text),
        sources=sources,
        pdfs=pdfs if downloads.pdf else [],
        downloads={"zip": paths["zip"]} if downloads.offline_zip else {},
        script_messages=catalogue.script_messages(),
    )


Parsed = tuple[set[str], list[str | None]]  # what a template reads from its context, and the templates it names


def _reads(env: jinja2.Environment, name: str, variable: str, parsed: dict[str, Parsed]) -> bool:
    """Whether the template, or one it includes, imports or extends, reads `variable` from its context.

    `parsed`: what each template read so far reads and names, by template name; the page templates share
    their macros, which were parsed again for each of them."""
    seen: set[str] = set()
    todo: list[str | None] = [name]
    while todo:
        current = todo.pop()
        if current is None:  # a computed name: it could be any template
            return True
        if current in seen:
            continue
        seen.add(current)
        if current not in parsed:
            assert env.loader is not None
            tree = env.parse(env.loader.get_source(env, current)[0])
            parsed[current] = (
                jinja2.meta.find_undeclared_variables(tree),
                [*jinja2.meta.find_referenced_templates(tree)],
            )
        reads, others = parsed[current]
        if variable in reads:
            return True
        todo.extend(others)
    return False


def template_data(tpl: Template, values: dict[str, str]) -> dict[str, Any]:
    """What the outreach composer needs in the browser (core.readMessageTemplate checks its shape), with the
    guide's own placeholders (`values`, model.guide_values) filled in."""
    return {
        "id": tpl.id,
        "subject": None if tpl.subject is None else fill_guide_values(tpl.subject, values),
        "body": fill_guide_values(tpl.body, values),
        "placeholders": {k: {"label": v.label, "example": v.example} for k, v in tpl.placeholders.items()},
    }


# ---- The reader's working set: the contacts tracker and conversation mode (issue #15). ----


def question_sheet(guide: Guide) -> PrepSheet | None:
    """Where "Add to my prep sheet" puts questions: the first sheet with lines for them."""
    return next((s for s in guide.prep_sheets if any(x.question_slots for x in s.sections)), None)


def working_sheet(guide: Guide) -> PrepSheet | None:
    """The prep sheet the tracker and conversation mode read and write: one row, one conversation per
    instance of it (one per person). The question sheet when there is one, else the first sheet."""
    return question_sheet(guide) or next(iter(guide.prep_sheets), None)


# The tracker's columns and the sheet fields that hold them: a field the sheet already has (by id, or the
# first field of a type) is shared with the sheet's page; a column the sheet lacks gets a field of its own,
# `tracker-...`, stored on the same sheet instance, so it is exported, imported and deleted with it.
_TRACKER_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "organisation": (("organisation", "organization", "company", "employer"), "text"),
    "connection": (("connection", "connected", "how-connected"), "text"),
    "asked": ((), "date"),
    "meeting": (("date-time", "when", "meeting"), "datetime"),
    "thanked": (("thank-you-sent", "thanked"), "date"),
    "check-in": (("next-check-in", "check-in"), "date"),
}


def tracker_fields(sheet: PrepSheet) -> dict[str, str]:
    """Column -> the field id on `sheet` that stores it (render.py's one source; the script reads it as JSON)."""
    fields = [f for section in sheet.sections for f in section.fields]
    found: dict[str, str] = {}
    for column, (ids, kind) in _TRACKER_FIELDS.items():
        match = next((f for f in fields if f.id in ids and f.type == kind), None)
        if match is None and kind == "datetime":
            match = next((f for f in fields if f.type == kind), None)
        found[column] = match.id if match else f"tracker-{column}"
    return found | {"status": "tracker-status", "minutes": "conversation-minutes"}


# The next action the tracker shows for each status (coachguide-working-core.js, nextDue).
STATUS_ACTION: dict[str, NextAction] = {
    "to-contact": "contact",
    "asked": "follow-up",
    "booked": "meeting",
    "met": "thank-you",
    "thanked": "check-in",
    "check-in-due": "check-in",
}


def tool_text(meta: GuideFile, t: Callable[..., str]) -> dict[str, Any]:
    """The guide's words for the tracker and conversation mode (guide.yml `tools`), with the guide's numbers
    filled in: what the scripts say (`statuses`, `next`, ...) and the keys and cues the pages show. Text the
    guide leaves out comes from the interface catalogue `t` (its language's); `debrief_intro` stays None then,
    for the template to take the catalogue's Markdown."""
    values = tool_values(meta.defaults, meta.tools)

    def fill(text: str | None) -> str | None:
        return None if text is None else fill_guide_values(text, values)

    tools = meta.tools
    tracker, talk = tools.tracker, tools.conversation
    order = list(STATUS_ACTION)
    statuses = {k: fill(v.label) or t(f"tracker.status.{k}") for k, v in tracker.statuses.items()}
    actions = {k: fill(v.label) or t(f"tracker.next.{k}") for k, v in tracker.actions.items()}

    def action_of(status: str) -> dict[str, str | None]:
        """A status's next action for the key; one that two statuses share (check-in) is told under the later."""
        action = STATUS_ACTION[status]
        if action in [STATUS_ACTION[s] for s in order[order.index(status) + 1 :]]:
            return {"next": None, "how": None}
        return {"next": actions[action], "how": fill(tracker.actions[action].how)}

    return {
        "statuses": [[k, label] for k, label in statuses.items()],
        "next": actions,
        "time_check": fill(talk.time_check) or t("talk.time_check", count=talk.time_check_minutes),
        "up": fill(talk.time_up) or t("talk.up"),
        "ended": fill(talk.ended) or t("talk.ended"),
        "tracker_intro": fill(tracker.intro),
        "key": [
            {"label": statuses[k], "means": fill(status.means)} | action_of(k) for k, status in tracker.statuses.items()
        ],
        "cues": [{"id": c.id, "title": fill(c.title), "text": fill(c.text)} for c in talk.cues],
        "debrief_intro": fill(tools.debrief.intro),
        "prompts": [
            {"slot": k, "label": fill(p.label) or t(f"talk.{k}"), "help": fill(p.help), "lines": p.lines}
            for k, p in tools.debrief.prompts.items()
        ],
    }


def booked_path(guide: Guide) -> dict[str, Any]:
    """What "Conversation already booked? Start here" links to: the first step whose checklist the working
    sheet shows (preparing), and the first outreach template of a step after it (the thank-you)."""
    sheet = working_sheet(guide)
    ids = [step_id for section in (sheet.sections if sheet else ()) for step_id in section.checklists]
    if not ids:
        return {"step": None, "thank_you": None}
    order = [s.id for s in guide.steps]
    later = [t for step in guide.steps[order.index(ids[0]) + 1 :] for t in step.outreach]
    return {"step": ids[0], "thank_you": later[0] if later else None}
