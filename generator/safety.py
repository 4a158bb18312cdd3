"""What content may put on a page: Markdown without raw HTML, script links or attributes; safe link targets;
classes and ids from an allowlist; images only from the site or from hosts the author allows.

Markdown fields are checked when the guide is loaded (`markdown_problem`, one error line per field); the
HTML of every page, generated or from docs/, is checked again after MkDocs renders it (`page_problem`), so
a template that places content where it reads differently still cannot publish script.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Set
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from generator.model import GUIDE_LINK_KINDS

_md = MarkdownIt("commonmark", {"html": True})
# Accept every link while parsing, so that script links are seen here and reported, not silently skipped.
_md.validateLink = lambda url: True  # type: ignore[method-assign]
_UNSAFE_LINK = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
# Raw HTML needs a "<", a link or image a "]" or a "<", an attribute list a "{", an entity a "&", a class
# from an admonition's type "!!!" or "???": a text with none of these cannot have a problem, and most texts
# are skipped without a parse.
_MAYBE_UNSAFE = re.compile(r"[<&{\]]|!!!|\?\?\?")
_SNIPPET = re.compile(r"^[ \t]*;*-+8<-+", re.MULTILINE)
_BRACES = re.compile(r"\{[^\n]*?\}")
_KEY = re.compile(r"([^\s{}=:#.'\"][^\s{}='\"]*)\s*=")


def markdown_problem(text: str, *, media_hosts: Set[str] = frozenset()) -> str | None:
    """Why this Markdown may not reach a page (raw HTML, a script link, an attribute, a class or id that is not
    content's, an image from a host not in `media_hosts`), or None if it is fine.

    A page places the text among its own Markdown, where it may not be read as it is read alone: templates put
    some fields on one line (in table cells, after a label), where nothing starts a line (an indented code
    block, a definition), and a code block that starts on a list item's line is no code block. So the text
    is also checked on one line after other text, and with its code blocks read as text.
    """
    if not _MAYBE_UNSAFE.search(text):
        return None
    if _SNIPPET.search(text):  # pymdownx.snippets, where a site turns it on, would read the named file
        return "snippet includes (--8<--) are not allowed in content"
    for braces in _BRACES.findall(text):
        problem = _attribute_list_problem(braces)
        if problem:
            return problem
    for token in _md.parse(text):
        children = token.children or []
        for t in [token, *children]:
            if t.type in {"html_block", "html_inline"}:
                return f"raw HTML is not allowed in Markdown ({t.content.strip()[:40]!r}); use Markdown"
            href = t.attrGet("href") or t.attrGet("src")
            if isinstance(href, str) and _UNSAFE_LINK.match(href):
                return f"links may not use the {href.split(':')[0].strip().lower()}: scheme"
    problem = _rendered_problem(text, media_hosts)
    if problem is None:  # in a table cell or after a label: on one line, and not at the start of one
        problem = _rendered_problem("x " + text.replace("\n", " "), media_hosts)
        problem = problem and f"{problem} (on one line, as in a table)"
    if problem is None and _CODE.search(text):
        problem = _rendered_problem(_CODE.sub("", text), media_hosts)
        problem = problem and f"{problem} (in code too: a page can show it outside the code block)"
    return problem


def _attribute_list_problem(braces: str) -> str | None:
    """attr_list applies `{: ... }` only in some places (`- item {: .x }` in a list, not alone), and a page can
    move the text into one: every attribute list is checked, wherever it is, as if it applied."""
    key = next((k for k in _KEY.findall(braces) if k not in {"id", "class"}), None)
    if key:
        return f"the attribute {key!r} is not allowed; attribute lists {{: }} may set ids and classes"
    classes = [name for kind, name in _SHORTHAND.findall(braces) if kind == "."]
    ids = [name for kind, name in _SHORTHAND.findall(braces) if kind == "#"]
    for key, *quoted in _KEY_VALUE.findall(braces):
        value = "".join(quoted)
        classes, ids = (classes + value.split(), ids) if key == "class" else (classes, [*ids, value])
    problems = [*map(class_problem, classes), *map(id_problem, ids)]
    return next(filter(None, problems), None)


_SHORTHAND = re.compile(r"(?<=[\s{:])([.#])([^\s{}]+)")
_KEY_VALUE = re.compile(r"""(?<![^\s{:])(class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'{}]*))""")


# What makes a code block: fences, and indentation (also of list items and admonitions). Code spans in a
# line stay code wherever the line goes.
_CODE = re.compile(r"^[ \t]*(`{3,}|~{3,})|^[ \t]+", re.MULTILINE)


# markdown-it (above) gives the clearest messages but is not the parser MkDocs uses: Python-Markdown passes
# through raw HTML that CommonMark would not call a tag (`<svg/onload=...>`), keeps control characters in
# link targets (browsers drop them: `java\nscript:`), and attr_list turns `{: onclick=... }` into
# attributes. So the text is also rendered by Python-Markdown, with the extensions guides use, and the HTML
# it makes must consist of the tags and attributes that Markdown itself produces, and links that are safe.
_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
]
_MARKDOWN_TAGS = frozenset(
    [
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "span",
        "strong",
        "sup",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_VOID_TAGS = frozenset({"br", "hr", "img"})
_MARKDOWN_ATTRIBUTES = frozenset({"id", "class", "href", "src", "alt", "title", "open", "style"})
_TABLE_STYLE = re.compile(r"^text-align: (left|right|center);$")
# Python-Markdown writes every tag it makes in this one form; anything else is raw HTML passed through.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z-]*="[^"<>]*")*)( /)?>')
_ATTRIBUTE = re.compile(r' ([a-z][a-z-]*)="([^"]*)"')
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# A link by id to another part of the guide (model.GUIDE_LINK), as Python-Markdown writes it in an href.
_GUIDE_HREF = re.compile(r"^(?:" + "|".join(GUIDE_LINK_KINDS) + r"):[a-z0-9-]*(?:#[\w-]*)?$")


@functools.cache
def _python_markdown() -> Any:
    import markdown  # type: ignore[import-untyped]  # Python-Markdown, which MkDocs renders pages with

    return markdown.Markdown(extensions=_EXTENSIONS)


def _as_browsers_read(url: str) -> str:
    """Character references decoded, tabs and newlines dropped, leading control characters and spaces ignored,
    backslashes read as slashes (WHATWG URL parsing, for http and https)."""
    bare = re.sub(r"[\t\n\r]", "", html.unescape(url)).lstrip("".join(map(chr, range(33))))
    return bare.replace("\\", "/")


def url_problem(url: str) -> str | None:
    """A link target a browser would run as script (or otherwise not load as a page or a file)."""
    if ":" not in url and "&" not in url:
        return None  # no scheme, and no character reference that could spell one: most links of a page
    scheme = _SCHEME.match(_as_browsers_read(url))
    if scheme and scheme[1].lower() not in _SAFE_SCHEMES:
        return f"links may not use the {scheme[1].lower()}: scheme; use http, https, mailto or tel"
    return None


# A scheme (`https:`, also without slashes) or two slashes (`//host/`) lead to a host; anything else is a
# file of the site.
_OTHER_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:/*|//+)([^/?#]*)", re.IGNORECASE)


def other_host(url: str) -> str | None:
    """The host a URL loads from, if it is not the site's own (a relative or absolute path)."""
    match = _OTHER_HOST.match(_as_browsers_read(url))
    if match is None:
        return None
    host = match[1].rpartition("@")[2]  # without user:password@
    return re.sub(r":\d*$", "", host).lower() or match[0]


def media_problem(url: str, media_hosts: Set[str]) -> str | None:
    """An image (or other media) that every reader's browser would fetch from another host: a request that
    tells that host who reads the guide, and a hole in the offline copy."""
    host = other_host(url)
    if host is None or host in media_hosts:
        return None
    return (
        f"images from other hosts are not allowed ({host}); put the file in docs/ and link it relatively, "
        f"or list the host under the coachguide plugin's media_hosts in mkdocs.yml"
    )


# Classes content may set, with attr_list or as an admonition's type: Material's admonition types and its
# layout classes. Not the generator's (`cg-*`) nor Material's structural ones (`md-*`): with those, content
# could dress up as the page's controls or hide them.
# fmt: off
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite",
})
# fmt: on
LAYOUT_CLASSES = frozenset({"annotate", "inline", "end", "grid", "cards", "card"})
CONTENT_CLASSES = ADMONITION_TYPES | LAYOUT_CLASSES
# The classes Python-Markdown's extensions write themselves (Pygments' inside code are not checked).
_EXTENSION_CLASSES = frozenset(
    {"admonition", "admonition-title", "highlight", "footnote", "footnote-ref", "footnote-backref"}
)


def class_problem(name: str) -> str | None:
    if name in CONTENT_CLASSES or name in _EXTENSION_CLASSES:
        return None
    return (
        f"the class {name!r} is not allowed; content may set Material's admonition types (note, tip, "
        f"warning, ...) and {', '.join(sorted(LAYOUT_CLASSES))}"
    )


# The ids the pages give their own parts (templates/, the page scripts, Material): one of these words, or
# one of them, a hyphen and more (`step-first`, `check-first-listen`, `field-sheet-date`).
# fmt: off
GENERATED_ID_WORDS = frozenset({
    "all", "bank", "best", "cg", "check", "contents", "field", "g", "guide", "md", "offline", "outreach", "page",
    "print", "q", "question-banks", "read-more", "sheet", "source", "sources", "step", "steps", "tag", "tags",
    "tools", "tpl", "your-data",
})
# fmt: on
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FOOTNOTE_ID = re.compile(r"^fn(?:ref\d*)?:")  # written by the footnotes extension; no page id has a colon


def id_problem(ident: str) -> str | None:
    if _FOOTNOTE_ID.match(ident):
        return None
    if not _ID.match(ident):
        return f"the id {ident!r} is not allowed; ids set in content are lower-case letters, digits and single hyphens"
    word = next((w for w in GENERATED_ID_WORDS if ident == w or ident.startswith(w + "-")), None)
    if word:
        return f"the id {ident!r} is not allowed; ids that are or start with {word!r} belong to the pages themselves"
    return None


def _attribute_problem(attribute: str, value: str, media_hosts: Set[str], *, in_code: bool) -> str | None:
    """Why an attribute Python-Markdown wrote may not reach a page, if it may not."""
    if attribute not in _MARKDOWN_ATTRIBUTES or (attribute == "style" and not _TABLE_STYLE.match(value)):
        return f"the attribute {attribute!r} is not allowed; attribute lists {{: }} may set ids and classes"
    if attribute == "href" and _GUIDE_HREF.match(value):  # a link by id, resolved when the page is rendered
        return None
    if attribute in {"href", "src"}:
        return url_problem(value) or (media_problem(value, media_hosts) if attribute == "src" else None)
    if attribute == "class" and not in_code:  # in code, Pygments' classes: attribute lists cannot reach there
        return next(filter(None, map(class_problem, value.split())), None)
    if attribute == "id":
        return id_problem(value)
    return None


def _rendered_problem(text: str, media_hosts: Set[str]) -> str | None:
    md = _python_markdown()
    md.reset()
    rendered = md.convert(text)
    for url, _title in md.references.values():  # reference definitions apply to the whole page
        problem = None if _GUIDE_HREF.match(url) else url_problem(url)
        if problem:
            return problem
    open_tags: list[str] = []
    for start in (m.start() for m in re.finditer("<", rendered)):
        tag = _TAG.match(rendered, start)
        if tag is None or tag[2] not in _MARKDOWN_TAGS:
            raw = rendered[start : rendered.find(">", start) + 1 or start + 40]
            return f"raw HTML is not allowed in Markdown ({raw[:40]!r}); use Markdown"
        closing, name, attributes = tag[1], tag[2], tag[3]
        for attribute, value in _ATTRIBUTE.findall(attributes):
            problem = _attribute_problem(attribute, value, media_hosts, in_code="pre" in open_tags)
            if problem:
                return problem
        if closing:
            if not open_tags or open_tags.pop() != name:
                return f"raw HTML is not allowed in Markdown ({tag[0]!r}); use Markdown"
        elif name not in _VOID_TAGS:
            open_tags.append(name)
    return None


# A page's tags as a browser's tokenizer reads them: quoted attribute values are taken whole. Regular
# expressions rather than html.parser: pages of a large guide run to many megabytes.
_PAGE_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*+)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>""")
_PAGE_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]++)(?:\s*+=\s*+("[^"]*+"|'[^']*+'|[^\s"'>]++))?""")
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data"})
_NEVER_IN_PAGES = frozenset({"iframe", "frame", "object", "embed", "base"})


_MEDIA_ATTRIBUTES = frozenset({"src", "srcset", "poster"})


def page_problem(markup: str, *, media_hosts: Set[str] = frozenset()) -> str | None:
    """Script or media from another host in a page's HTML, which no template writes: only content (a field, or
    a page in docs/) could have put it there.

    Templates write no event handlers, no script links, no script elements other than JSON data, and load
    nothing from other hosts.
    """
    hosts = frozenset(media_hosts)
    problems = (_tag_problem(tag[0], hosts) for tag in _PAGE_TAG.finditer(markup))
    return next(filter(None, problems), None)


# A page repeats most of its tags (`<li>`, a tag link, a question's controls): each is checked once per build.
@functools.lru_cache(maxsize=1 << 16)
def _tag_problem(whole: str, media_hosts: frozenset[str]) -> str | None:
    tag = _PAGE_TAG.fullmatch(whole)
    assert tag is not None  # `whole` is a match of _PAGE_TAG
    name = tag[1].lower()
    attributes = _PAGE_ATTRIBUTE.findall(tag[2])
    values = {key.lower(): value.strip("\"'") for key, value in attributes}
    if name == "script" and values.get("type") != "application/json":
        return f"a script element ({whole[:60]!r})"
    if name in _NEVER_IN_PAGES:
        return f"an {name} element ({whole[:60]!r})"
    for key, value in values.items():
        if key.startswith("on"):
            return f"an event handler ({key}=) on <{name}>"
        problem = url_problem(value) if key in _URL_ATTRIBUTES else None
        if problem:
            return f"a link that runs script ({key}={value[:40]!r}) on <{name}>"
        if key in _MEDIA_ATTRIBUTES or (name == "link" and key == "href"):
            host = next(filter(None, (_media_host(url, media_hosts) for url in _urls(key, value))), None)
            if host:
                return f"media from another host ({key}={value[:60]!r} on <{name}>); allow {host} in media_hosts"
    return None


def _urls(attribute: str, value: str) -> list[str]:
    """The URLs in an attribute: `srcset` lists several, each followed by its size (`a.png 2x, b.png 3x`)."""
    if attribute != "srcset":
        return [value]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _media_host(url: str, media_hosts: Set[str]) -> str | None:
    host = other_host(url)
    return host if host is not None and host not in media_hosts else None


def linked_outside(path: str, project_dir: Path) -> str | None:
    """Why a file of docs/ may not be published: it resolves outside the project (through a link), or nowhere."""
    try:
        resolved = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11, 3.12)
        return "is a broken or looping link; not built"
    if not resolved.is_relative_to(project_dir.resolve()):
        return "is a link to a file outside the project; not built"
    return None
