"""Hostile text cannot put script on a page.

Plain-text fields are filled with payloads and the guide is really built: every payload must appear on the
pages as text, and no page (nor the search index) may carry a script, an event-handler attribute or a
script link that came from the content. Markdown fields refuse raw HTML, script links and attributes: a
corpus of payloads that try to slip past the check is refused, and ordinary Markdown is not.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import commands
from generator.errors import ContentErrors
from generator.model import fill_guide_values
from generator.project import load_guide
from generator.safety import markdown_problem, page_problem, url_problem

MARK = "cgxss"  # in every script a payload tries to run, so a script from content can be recognised

# Plain text: shown as text wherever it is placed (HTML text, attributes, Markdown headings, table cells,
# front matter, navigation, search index). Braces are placeholders in message texts, so these have none.
PLAIN = [
    f'<script>alert("{MARK}")</script>',
    f'"><img src=x onerror=alert("{MARK}")>',
    f"'><svg onload=alert('{MARK}')>",
    f'</title><script>alert("{MARK}")</script><title>',
    f'[link](javascript:alert("{MARK}")) <javascript:alert("{MARK}")>',
    "*em* _em_ `code` **b** # h ## ~~~ ??? !!! | a | b | \\ & &amp; &lt;b&gt; &#x3C;b> -- 8< ---",
    f'~~~ starts a fence?\n\n<b onmouseover=alert("{MARK}")>x</b>\n    indented',
    f"</script><script>alert('{MARK}')</script> {MARK}",
]
# Where braces mean nothing, they are tried too: attribute lists, Jinja, template placeholders.
BRACES = [
    f"x {{: onclick=\"alert('{MARK}')\" }} {{#id .c}}",
    "{{ config }} {% raw %} {# c #} ${x} {{ '{{' }}",
    f"Title\n{{: onmouseover=\"alert('{MARK}')\" }}",
]


def one_line(text: str) -> str:
    return " ".join(text.split())


class Page(HTMLParser):
    """What a browser would see: text, scripts, and each element's attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag in {"script", "style"}:
            # JSON in a script element is data the page's own scripts read, not script.
            self._in.append("data" if ("type", "application/json") in attrs else tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag in {"script", "style"}:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if not self._in:
            self.text.append(data)
        elif self._in[-1] == "script":
            self.scripts.append(data)


def problems(markup: str) -> list[str]:
    """Script from content, event-handler attributes and script links in a piece of HTML."""
    page = Page()
    page.feed(markup)
    page.close()
    found = [f"script from content: {s[:80]!r}" for s in page.scripts if MARK in s]
    for tag, attrs in page.elements:
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action", "formaction", "xlink:href", "data"} and url_problem(value or ""):
                found.append(f"<{tag} {name}={value!r}>")
    # The same, read as raw text: a parser that differs from the browser's must not hide anything.
    found += re.findall(rf"<script(?![^>]*application/json)[^>]*>[^<]*{MARK}", markup)
    for tag in RAW_TAG.finditer(markup):
        for name, value in RAW_ATTRIBUTE.findall(tag["attributes"]):
            if name.lower().startswith("on") or re.match(SCRIPT_URL, value, re.IGNORECASE):
                found.append(tag[0][:120])
    return found


# A start tag as a browser's tokenizer reads it: attribute values in quotes are taken whole, so text inside
# a (safely escaped) value is not mistaken for an attribute.
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'>]*)"""
RAW_ATTRIBUTE = re.compile(rf"""([^\s"'<>/=]+)(?:\s*=\s*({_VALUE}))?""")
RAW_TAG = re.compile(rf"""<[a-zA-Z][^\s/>]*(?P<attributes>(?:[\s/]+[^\s"'<>/=]+(?:\s*=\s*{_VALUE})?)*)[\s/]*>""")
SCRIPT_URL = r"""["']?[\x00-\x20]*(javascript|vbscript|data):"""


def text_of(markup: str) -> str:
    page = Page()
    page.feed(markup)
    page.close()
    return one_line(" ".join(page.text))


def read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def fill_plain_text(project: Path) -> list[str]:
    """Put a payload in every plain-text field of the guide; return the texts as a reader should see them."""
    content = project / "content"
    shown: list[str] = []
    counter = iter(range(1000))

    def payload(*, braces: bool = True) -> str:
        """Every payload at once, so each place a field is shown meets each of them."""
        text = " ".join(PLAIN + BRACES if braces else PLAIN) + f" #{next(counter)}"
        shown.append(one_line(text))
        return text

    guide = read(content / "guide.yml")
    for key in ("title", "description", "audience"):
        guide[key] = payload()
    for channel in guide["channels"].values():
        channel["label"] = payload()
        for limit in ("max_words", "max_chars", "subject_max_chars"):
            channel.pop(limit, None)  # the payloads are long
    write(content / "guide.yml", guide)
    for rel in ("steps/first.yml", "steps/second.yml", "pages/intro.yml"):
        item = read(content / rel)
        for key in ("title", "summary"):
            item[key] = payload()
        write(content / rel, item)
    bank = read(content / "questions/basics.yml")
    bank["title"] = payload()
    for question in bank["questions"]:
        question["text"] = payload()
    write(content / "questions/basics.yml", bank)
    for rel in ("outreach/hello.yml", "outreach/note.yml"):
        template = read(content / rel)
        template["title"] = payload()
        if "subject" in template:
            template["subject"] = payload(braces=False) + " {my_name}"
        template["body"] = template["body"] + "\n" + payload(braces=False) + "\n" + payload(braces=False)
        shown.pop()  # the body is shown in a <pre>, with its line breaks: checked separately
        shown.pop()
        for placeholder in template["placeholders"].values():
            for key in ("label", "example", "help"):
                placeholder[key] = payload()
        write(content / rel, template)
    sheet = read(content / "prep-sheets/sheet.yml")
    sheet["title"] = payload()
    for section in sheet["sections"]:
        section["title"] = payload()
        for field in section.get("fields", []):
            field["label"] = payload()
            field["help"] = payload()
    write(content / "prep-sheets/sheet.yml", sheet)
    sources = read(content / "sources/sources.yml")
    for source in sources["sources"]:
        source["title"] = payload()
        source["publisher"] = payload()
    write(content / "sources/sources.yml", sources)
    return shown


# Markdown that is accepted: it must build to pages without script either.
SAFE_MARKDOWN = [
    "Plain **bold**, *em*, `<script>alert('cgxss')</script>` in code, and a [link](https://example.org/ 'a \"title\"').",
    "```python\nif a < b:\n    print('{first_name}', \"<\", 2 > 1)\n```",
    "A < b and c > d, &lt;script&gt; and &amp; stay text; so do {first_name} and `<b onclick=x>`.",
    "| a | b |\n| :-- | --: |\n| `x|y` | [ok](https://example.org/) |",
    '!!! note "Title with *emphasis*"\n    Body text.',
    "- item\n- [mail](mailto:someone@example.org) and <https://example.org/auto>",
]

# Markdown that must be refused: each tries to put script or attributes on a page.
HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "Hello <img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "a <x:y onmouseover=alert(1)>b",
    "<a:b tabindex=1 autofocus onfocus=alert(1)>x",
    "<details open ontoggle=alert(1)>",
    "<!--><img src=x onerror=alert(1)>-->",
    "<style>*{}</style>",
    "</div>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "[x](jav&#x61;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](java&NewLine;script:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[r]: javascript:alert(1)",  # a definition alone: another field on the page may use it
    "![x][i]\n\n[i]: <javascript:alert(1)>",
    'Hello\n{: onclick="alert(1)" }',
    "## Heading {onclick=alert(1)}",
    "[x](https://example.org/){onclick=alert(1)}",
    "[x](https://example.org/){: onmouseover='alert(1)' }",
    "![x](https://example.org/i.png){onerror=alert(1)}",
    "[x](https://example.org/){href=javascript:alert(1)}",
    "![x](https://example.org/i.png){src=javascript:alert(1)}",
    'x\n{: style="background:url(javascript:alert(1))" }',
    "[x](https://example.org/){: formaction=javascript:alert(1) }",
    "text\n{: hidden }",
    '!!! note "<img src=x onerror=alert(1)>"\n    body',
    '???+ note "<b onclick=alert(1)>t</b>"\n    body',
    "| a | b |\n|---|---|\n| <script>x</script> | y |",
    "| a | b |\n|---|---|\n| [x](javascript:alert(1)) | y |",
    '<div markdown="1">*x*</div>',
    "*[HTML]: <script>alert(1)</script>\n\nHTML",
    "<svg\n\nonload=alert(1)>",
    '--8<-- "mkdocs.yml"',
    "```html\n<script>alert(1)</script>\n```",  # code here, but not where a list item starts with it
    "```\n[x](javascript:alert(1))\n```",
    "```\n{: onclick=alert(1) }\n```",
    "`{: onclick=alert(1) }`",
    "\t*[x]: <img src=x onerror=alert(1)>",  # code, or an abbreviation; raw HTML in a table cell (found by fuzzing)
    "[x](file:///etc/passwd)",
]


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN)
def test_hostile_markdown_is_refused(text: str) -> None:
    assert markdown_problem(text) is not None


@pytest.mark.parametrize("text", SAFE_MARKDOWN)
def test_ordinary_markdown_is_accepted(text: str) -> None:
    assert markdown_problem(text) is None


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " \x01javascript:alert(1)", "java\tscript:x", "jav&#x61;script:x", "VBScript:x", "data:x"],
)
def test_script_urls_are_seen_as_a_browser_reads_them(url: str) -> None:
    assert url_problem(url) is not None


@pytest.mark.parametrize("url", ["https://example.org/a:b", "../page/", "#anchor", "mailto:a@example.org", "a/b:c"])
def test_ordinary_urls_pass(url: str) -> None:
    assert url_problem(url) is None


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    from helpers import copy_mini

    project = copy_mini(tmp_path_factory.mktemp("hostile") / "mini")
    shown = fill_plain_text(project)
    step = read(project / "content/steps/first.yml")
    step["tips"] = SAFE_MARKDOWN
    step["mistakes"] = [SAFE_MARKDOWN[0]]
    step["checklist"][0]["text"] = SAFE_MARKDOWN[2]
    write(project / "content/steps/first.yml", step)
    for rel, key in (("outreach/hello.yml", "when"), ("questions/basics.yml", "description")):
        item = read(project / "content" / rel)
        item[key] = SAFE_MARKDOWN[2] + "\n" + SAFE_MARKDOWN[0]  # both are put on one line, in a table cell
        write(project / "content" / rel, item)
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=project / "site", offline_zip=False)
    return site, shown


def test_no_script_from_content_reaches_any_page(hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    found = {page.relative_to(site).as_posix(): problems(page.read_text(encoding="utf-8")) for page in pages}
    assert {page: p for page, p in found.items() if p} == {}


def test_no_script_from_content_reaches_the_search_index(hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    found = [p for doc in index["docs"] for field in ("title", "text") for p in problems(doc[field])]
    assert found == []


def test_plain_text_appears_as_text(hostile_site: tuple[Path, list[str]]) -> None:
    site, shown = hostile_site
    text = " ".join(text_of(page.read_text(encoding="utf-8")) for page in sorted(site.rglob("*.html")))
    missing = [value for value in shown if value not in text]
    assert missing == []


def test_message_texts_keep_their_lines_and_reach_the_composer_intact(hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    markup = (site / "outreach/hello/index.html").read_text(encoding="utf-8")
    data = re.search(r'<div class="cg-composer" data-message=\'([^\']*)\'', markup)  # render.json_attr
    assert data is not None
    template = json.loads(html.unescape(data[1]))
    source = read(site.parent / "content/outreach/hello.yml")
    minutes = {"meeting_minutes": "20"}  # the guide's own placeholder, filled by the generator
    assert template["body"] == fill_guide_values(source["body"], minutes)
    assert template["subject"] == one_line(source["subject"])
    assert {k: v["example"] for k, v in template["placeholders"].items()} == {
        k: one_line(v["example"]) for k, v in source["placeholders"].items()
    }
    message = re.search(r'<pre class="cg-message">(.*?)</pre>', markup, re.S)
    assert message is not None
    shown = html.unescape(re.sub(r"<[^>]+>", "", message[1]))
    assert shown == fill_guide_values(source["body"], minutes).rstrip()


def test_pages_keep_their_structure(hostile_site: tuple[Path, list[str]], mini_site: Path) -> None:
    """Hostile titles and labels add and remove no element ids: no heading, list or block broke open."""
    site, _ = hostile_site

    def ids(root: Path, rel: str) -> set[str]:
        return set(re.findall(r'\sid="([^"]+)"', (root / rel).read_text(encoding="utf-8")))

    for page in sorted(mini_site.rglob("*.html")):
        rel = page.relative_to(mini_site).as_posix()
        if rel.startswith(("steps/first/", "print/")):
            continue  # its tips and checklist were changed on purpose
        added = {i for i in ids(site, rel) - ids(mini_site, rel) if not i.endswith("-help")}  # fields got help
        assert (added, ids(mini_site, rel) - ids(site, rel)) == (set(), set()), rel


def test_hostile_markdown_stops_the_build_with_its_line(tmp_path: Path) -> None:
    from helpers import copy_mini

    project = copy_mini(tmp_path / "mini")
    path = project / "content/steps/second.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("text: Listen.", "text: \"Listen.\\n{: onclick='alert(1)' }\""), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_guide(project / "content", project_dir=project)
    assert [str(e) for e in caught.value.errors] == [
        "content/steps/second.yml:10:11: checklist[0] (id='listen').text: the attribute 'onclick' is not allowed; "
        "attribute lists {: } may set ids and classes"
    ]


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ('<p class="x" data-text="&lt;img onerror=alert(1)&gt;">', None),
        ('<script type="application/json" class="cg-template-data">{"a": "\\u003c/script\\u003e"}</script>', None),
        ('<a href="../steps/first/#step-first">x</a>', None),
        ("<p onclick=alert(1)>", "an event handler (onclick=) on <p>"),
        ("<svg/onload=alert(1)>", "an event handler (onload=) on <svg>"),
        ('<p title="a>b" onmouseover="x">', "an event handler (onmouseover=) on <p>"),
        ("<script>alert(1)</script>", "a script element ('<script>')"),
        ('<a href="jav&#x61;script:alert(1)">', "a link that runs script (href='jav&#x61;script:alert(1)') on <a>"),
        ('<iframe src="https://example.org/">', "an iframe element ('<iframe src=\"https://example.org/\">')"),
    ],
)
def test_page_check_finds_what_no_template_writes(markup: str, problem: str | None) -> None:
    assert page_problem(markup) == problem


def test_a_page_that_would_carry_script_is_not_built(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Content placed where it is read differently (here by a template) is stopped in the rendered page."""
    import shutil

    from helpers import ROOT, copy_mini

    project = copy_mini(tmp_path / "mini")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "page.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\n[More]({{ page.summary }})\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(ROOT / "templates"), str(templates)), "utf-8")
    intro = project / "content/pages/intro.yml"
    intro.write_text(intro.read_text(encoding="utf-8").replace("What this guide is.", "javascript:alert(1)"), "utf-8")
    with pytest.raises(commands.CommandError, match="existing site was left"):
        commands.build(config, strict=False, offline_zip=False)
    assert not (project / "site").exists()
    assert (
        "content/pages/intro.yml: the page intro.md would contain a link that runs script "
        "(href='javascript:alert(1)') on <a>; not built"
    ) in caplog.messages
