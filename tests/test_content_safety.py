"""What content may put on a page beyond plain Markdown: images only from the site or from hosts the author
allows, classes and ids from the documented allowlist, and pages in docs/ vetted like generated ones.

Each rule is tried on single texts, then through a real load or build of the mini guide.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from generator import commands
from generator.errors import ContentErrors
from generator.project import load_guide
from generator.render import render_site
from generator.safety import id_problem, markdown_problem, page_problem

OTHER_HOST = (
    "images from other hosts are not allowed ({host}); put the file in docs/ and link it relatively, "
    "or list the host under the coachguide plugin's media_hosts in mkdocs.yml"
)


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("![chart](https://images.example.org/chart.png)", "images.example.org"),
        ("![chart](HTTP://Images.Example.org:8080/chart.png)", "images.example.org"),
        ("![chart](//cdn.example.org/chart.png)", "cdn.example.org"),
        ("![chart](/\\tracker.example.org/pixel.gif)", "tracker.example.org"),  # a browser reads \ as /
        ("![chart](https:tracker.example.org/pixel.gif)", "tracker.example.org"),
        ("![chart](https://user@tracker.example.org/pixel.gif)", "tracker.example.org"),
        ("![chart][r]\n\n[r]: https://tracker.example.org/pixel.gif", "tracker.example.org"),
        ("[![badge](https://tracker.example.org/b.svg)](https://example.org/)", "tracker.example.org"),
    ],
)
def test_images_from_other_hosts_are_refused_naming_the_host(text: str, host: str) -> None:
    assert markdown_problem(text) == OTHER_HOST.format(host=host)


@pytest.mark.parametrize(
    "text",
    [
        "![chart](../img/chart.png)",
        "![chart](/img/chart.png)",
        "![chart](chart.png#only-light)",
        "[a link to another host](https://tracker.example.org/page) is not a request until it is followed",
    ],
)
def test_local_images_and_links_to_other_hosts_are_accepted(text: str) -> None:
    assert markdown_problem(text) is None


def test_an_allowed_host_may_serve_images() -> None:
    text = "![chart](https://Images.Example.org/chart.png)"
    assert markdown_problem(text, media_hosts={"images.example.org"}) is None
    assert markdown_problem(text, media_hosts={"example.org"}) == OTHER_HOST.format(host="images.example.org")


CLASS_RULE = (
    "the class {name!r} is not allowed; content may set Material's admonition types (note, tip, warning, ...) "
    "and annotate, card, cards, end, grid, inline"
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tick me\n{: .cg-check }", "cg-check"),
        ("[Save](#){: .md-button }", "md-button"),
        ('Text\n{: class="cg-controls" }', "cg-controls"),
        ("![x](a.png){: .cg-field }", "cg-field"),
        ("!!! cg-checklist\n    Looks like the page's own list.", "cg-checklist"),
        ("??? md-typeset\n    x", "md-typeset"),
        ("```{.cg-print}\nx = 1\n```", "cg-print"),
        ("Text\n{: .note .hidden }", "hidden"),
    ],
)
def test_classes_outside_the_allowlist_are_refused(text: str, name: str) -> None:
    assert markdown_problem(text) == CLASS_RULE.format(name=name)


@pytest.mark.parametrize(
    "text",
    [
        '!!! tip "A tip"\n    Body.',
        '???+ warning "Careful"\n    Body.',
        "!!! info inline end\n    Beside the text.",
        "Text\n{: .annotate }",
        "Text\n{: .grid .cards }",
        "```python\nif a < b:\n    print('x')\n```",  # Pygments' classes inside the code
        "Text[^1]\n\n[^1]: A footnote.",
    ],
)
def test_classes_on_the_allowlist_are_accepted(text: str) -> None:
    assert markdown_problem(text) is None


@pytest.mark.parametrize(
    ("ident", "word"),
    [
        ("step-first", "step"),
        ("q-how-start", "q"),
        ("tpl-hello", "tpl"),
        ("field-sheet-date", "field"),
        ("check-first-listen", "check"),
        ("tag-career", "tag"),
        ("cg-picker-1", "cg"),
        ("md-content", "md"),
        ("tools", "tools"),
        ("your-data", "your-data"),
    ],
)
def test_ids_that_pages_use_themselves_are_refused(ident: str, word: str) -> None:
    expected = f"the id {ident!r} is not allowed; ids that are or start with {word!r} belong to the pages themselves"
    assert markdown_problem(f"## Heading {{: #{ident} }}") == expected


@pytest.mark.parametrize("ident", ["__search", "Step-first", "a_b", "x--y"])
def test_ids_are_lower_case_letters_digits_and_single_hyphens(ident: str) -> None:
    expected = f"the id {ident!r} is not allowed; ids set in content are lower-case letters, digits and single hyphens"
    assert markdown_problem(f"Text\n{{: #{ident} }}") == expected


@pytest.mark.parametrize("ident", ["my-notes", "stepping-stones", "question", "checks-2"])
def test_other_ids_are_accepted(ident: str) -> None:
    assert markdown_problem(f"Text\n{{: #{ident} }}") is None


def test_every_id_the_templates_write_is_refused_in_content(mini: Path) -> None:
    """The id rule keeps up with the templates: each id they give a page is one content may not set."""
    guide = load_guide(mini / "content", project_dir=mini)
    pages = render_site(guide, ROOT / "templates").pages.values()
    markdown = "\n".join(pages)
    ids = set(re.findall(r"\{:? *#([^\s}]+)", markdown)) | set(re.findall(r'\sid="([^"{]+)"', markdown))
    assert len(ids) > 20
    assert sorted(i for i in ids if id_problem(i) is None) == []


def test_every_id_in_the_built_pages_is_refused_in_content_but_headings(mini_site: Path) -> None:
    """The pages' own ids (besides the headings' slugs, which MkDocs keeps unique) are out of content's reach."""
    found = set()
    for page in mini_site.rglob("*.html"):
        article = re.search(r"<article.*?</article>", page.read_text(encoding="utf-8"), re.S)
        found |= set(re.findall(r'<(?!h[1-6])[a-z]+[^>]*\sid="([^"]+)"', article[0] if article else ""))
    assert len(found) > 20
    assert sorted(i for i in found if id_problem(i) is None) == []


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ('<img src="https://images.example.org/a.png">', None),
        ('<img src="https://tracker.example.org/p.gif">', "media from another host (src='https://tracker.example.org/p.gif' on <img>); allow tracker.example.org in media_hosts"),
        ('<img src="a.png" srcset="a2.png 2x, //tracker.example.org/a3.png 3x">', "media from another host (srcset='a2.png 2x, //tracker.example.org/a3.png 3x' on <img>); allow tracker.example.org in media_hosts"),
        ('<video poster="https://tracker.example.org/v.jpg">', "media from another host (poster='https://tracker.example.org/v.jpg' on <video>); allow tracker.example.org in media_hosts"),
        ('<link rel="stylesheet" href="https://tracker.example.org/s.css">', "media from another host (href='https://tracker.example.org/s.css' on <link>); allow tracker.example.org in media_hosts"),
        ('<a href="https://tracker.example.org/">a link</a>', None),
    ],
)  # fmt: skip
def test_page_check_finds_media_from_other_hosts(markup: str, problem: str | None) -> None:
    assert page_problem(markup, media_hosts={"images.example.org"}) == problem


def add_to_tips(project: Path, tip: str) -> None:
    path = project / "content/steps/first.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('tips: ["Start small."]', f"tips: [{tip!r}]"), encoding="utf-8")


def allow_hosts(project: Path, *hosts: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = "  - coachguide:\n"
    config.write_text(text.replace(plugin, f"{plugin}      media_hosts: [{', '.join(hosts)}]\n"), encoding="utf-8")


def test_an_image_from_another_host_is_a_content_error_line(mini: Path) -> None:
    add_to_tips(mini, "See ![the chart](https://images.example.org/chart.png).")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "check"]
    result = subprocess.run(command, cwd=mini, capture_output=True, text=True, env=env, timeout=120)
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert result.stderr.splitlines() == [
        "content/steps/first.yml:18:8: tips[0]: " + OTHER_HOST.format(host="images.example.org"),
        "1 content error",
    ]


def test_a_host_allowed_in_mkdocs_yml_serves_images_on_the_built_page(mini: Path) -> None:
    add_to_tips(mini, "See ![the chart](https://images.example.org/chart.png).")
    allow_hosts(mini, "images.example.org")
    site = commands.build(mini / "mkdocs.yml", strict=True, site_dir=mini / "site", offline_zip=False)
    page = (site / "steps/first/index.html").read_text(encoding="utf-8")
    assert '<img alt="the chart" src="https://images.example.org/chart.png"' in page


def test_a_class_outside_the_allowlist_is_a_content_error_line(mini: Path) -> None:
    add_to_tips(mini, "Tick me {: .cg-check }")
    with pytest.raises(ContentErrors) as caught:
        load_guide(mini / "content", project_dir=mini)
    assert [str(e) for e in caught.value.errors] == [
        "content/steps/first.yml:18:8: tips[0]: " + CLASS_RULE.format(name="cg-check")
    ]


def build_fails(project: Path) -> None:
    with pytest.raises(commands.CommandError, match="existing site was left"):
        commands.build(project / "mkdocs.yml", strict=True, site_dir=project / "site", offline_zip=False)
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    ("markdown", "problem"),
    [
        ('# Notes\n\n<p onclick="alert(1)">x</p>\n', "an event handler (onclick=) on <p>"),
        ("# Notes\n\n<script>alert(1)</script>\n", "a script element ('<script>')"),
        ("# Notes\n\n[x](javascript:alert(1))\n", "a link that runs script (href='javascript:alert(1)') on <a>"),
        (
            "# Notes\n\n![x](https://tracker.example.org/p.gif)\n",
            "media from another host (src='https://tracker.example.org/p.gif' on <img>); "
            "allow tracker.example.org in media_hosts",
        ),
    ],
)
def test_a_docs_page_is_vetted_like_generated_pages(
    mini: Path, markdown: str, problem: str, caplog: pytest.LogCaptureFixture
) -> None:
    (mini / "docs/notes.md").write_text(markdown, encoding="utf-8")
    build_fails(mini)
    assert f"docs/notes.md: the page notes.md would contain {problem}; not built" in caplog.messages


def test_a_docs_page_may_show_code_and_images_from_allowed_hosts(mini: Path) -> None:
    markdown = "# Notes\n\n```html\n<script>alert(1)</script>\n```\n\n![x](https://images.example.org/a.png)\n"
    (mini / "docs/notes.md").write_text(markdown, encoding="utf-8")
    allow_hosts(mini, "https://images.example.org/")
    site = commands.build(mini / "mkdocs.yml", strict=True, site_dir=mini / "site", offline_zip=False)
    assert "&lt;script&gt;" in (site / "notes/index.html").read_text(encoding="utf-8")


def test_a_link_in_docs_to_a_file_outside_the_project_is_refused(
    mini: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Private notes\n", encoding="utf-8")
    (mini / "docs/leak.md").symlink_to(outside / "secret.md")
    (mini / "docs/folder").symlink_to(outside, target_is_directory=True)
    build_fails(mini)
    assert caplog.messages[-1].splitlines() == [
        "docs/folder/secret.md:1:1: is a link to a file outside the project; not built",
        "docs/leak.md:1:1: is a link to a file outside the project; not built",
    ]


def test_a_link_in_docs_to_a_file_of_the_project_is_published(mini: Path) -> None:
    (mini / "notes.md").write_text("# Shared notes\n", encoding="utf-8")
    (mini / "docs/notes.md").symlink_to(mini / "notes.md")
    site = commands.build(mini / "mkdocs.yml", strict=True, site_dir=mini / "site", offline_zip=False)
    assert "Shared notes" in (site / "notes/index.html").read_text(encoding="utf-8")
