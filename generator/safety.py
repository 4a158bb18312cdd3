"""What content may put on a page: Markdown without raw HTML, script links or attributes; safe link targets.

Markdown fields are checked when the guide is loaded (`markdown_problem`, one error line per field); the
HTML of each generated page is checked again after MkDocs renders it (`page_problem`), so a template that
places content where it reads differently still cannot publish script.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from markdown_it import MarkdownIt

from generator.model import GUIDE_LINK_KINDS

_md = MarkdownIt("commonmark", {"html": True})
# Accept every link while parsing, so that script links are seen here and reported, not silently skipped.
_md.validateLink = lambda url: True  # type: ignore[method-assign]
_UNSAFE_LINK = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
# Raw HTML needs a "<", a link a "]" or a "<", an attribute list a "{", an entity a "&": a text with none
# of these cannot have a problem, and most texts are skipped without a parse.
_MAYBE_UNSAFE = re.compile(r"[<&{\]]")
_SNIPPET = re.compile(r"^[ \t]*;*-+8<-+", re.MULTILINE)
_BRACES = re.compile(r"\{[^\n]*?\}")
_KEY = re.compile(r"([^\s{}=:#.'\"][^\s{}='\"]*)\s*=")


def markdown_problem(text: str) -> str | None:
    """Why this Markdown may not reach a page (raw HTML, a script link, an attribute), or None if it is fine.

    A page places the text among its own Markdown, where it may not be read as it is read alone: templates put
    some fields on one line (in table cells, after a label), where nothing starts a line (an indented code
    block, a definition), and a code block that starts on a list item's line is no code block. So the text
    is also checked on one line after other text, and with its code blocks read as text.
    """
    if not _MAYBE_UNSAFE.search(text):
        return None
    if _SNIPPET.search(text):  # pymdownx.snippets, where a site turns it on, would read the named file
        return "snippet includes (--8<--) are not allowed in content"
    # attr_list applies `{: key=value }` only in some places, and a page can move the text into one: any
    # key=value in braces is refused, wherever it is.
    for braces in _BRACES.findall(text):
        key = next((k for k in _KEY.findall(braces) if k not in {"id", "class"}), None)
        if key:
            return f"the attribute {key!r} is not allowed; attribute lists {{: }} may set ids and classes"
    for token in _md.parse(text):
        children = token.children or []
        for t in [token, *children]:
            if t.type in {"html_block", "html_inline"}:
                return f"raw HTML is not allowed in Markdown ({t.content.strip()[:40]!r}); use Markdown"
            href = t.attrGet("href") or t.attrGet("src")
            if isinstance(href, str) and _UNSAFE_LINK.match(href):
                return f"links may not use the {href.split(':')[0].strip().lower()}: scheme"
    problem = _rendered_problem(text)
    if problem is None:  # in a table cell or after a label: on one line, and not at the start of one
        problem = _rendered_problem("x " + text.replace("\n", " "))
        problem = problem and f"{problem} (on one line, as in a table)"
    if problem is None and _CODE.search(text):
        problem = _rendered_problem(_CODE.sub("", text))
        problem = problem and f"{problem} (in code too: a page can show it outside the code block)"
    return problem


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


def url_problem(url: str) -> str | None:
    """A link target a browser would run as script (or otherwise not load as a page or a file)."""
    if ":" not in url and "&" not in url:
        return None  # no scheme, and no character reference that could spell one: most links of a page
    # As browsers read a URL: character references decoded, tabs and newlines dropped, and leading
    # control characters and spaces ignored (WHATWG URL parsing).
    bare = re.sub(r"[\t\n\r]", "", html.unescape(url)).lstrip("".join(map(chr, range(33))))
    scheme = _SCHEME.match(bare)
    if scheme and scheme[1].lower() not in _SAFE_SCHEMES:
        return f"links may not use the {scheme[1].lower()}: scheme; use http, https, mailto or tel"
    return None


def _rendered_problem(text: str) -> str | None:
    md = _python_markdown()
    md.reset()
    rendered = md.convert(text)
    for url, _title in md.references.values():  # reference definitions apply to the whole page
        problem = url_problem(url)
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
            if attribute not in _MARKDOWN_ATTRIBUTES or (attribute == "style" and not _TABLE_STYLE.match(value)):
                return f"the attribute {attribute!r} is not allowed; attribute lists {{: }} may set ids and classes"
            guide_link = attribute == "href" and _GUIDE_HREF.match(value)  # resolved when the page is rendered
            problem = url_problem(value) if attribute in {"href", "src"} and not guide_link else None
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


def page_problem(markup: str) -> str | None:
    """Script in a page's HTML that no template writes: only content could have put it there.

    Templates write no event handlers, no script links and no script elements other than JSON data.
    """
    for tag in _PAGE_TAG.finditer(markup):
        name = tag[1].lower()
        attributes = _PAGE_ATTRIBUTE.findall(tag[2])
        values = {key.lower(): value.strip("\"'") for key, value in attributes}
        if name == "script" and values.get("type") != "application/json":
            return f"a script element ({tag[0][:60]!r})"
        if name in _NEVER_IN_PAGES:
            return f"an {name} element ({tag[0][:60]!r})"
        for key, value in values.items():
            if key.startswith("on"):
                return f"an event handler ({key}=) on <{name}>"
            problem = url_problem(value) if key in _URL_ATTRIBUTES else None
            if problem:
                return f"a link that runs script ({key}={value[:40]!r}) on <{name}>"
    return None
