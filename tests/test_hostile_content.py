"""Broken and hostile content: every case is refused with its one exact line, never a crash.

Each case breaks a private copy of the mini guide (tests/fixtures/mini) in one way and asserts the whole
error output: `path:line:column: where: message`. A sample goes through the real CLI, which must exit 1
with those lines and no traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import edit, errors_of, run_cli

from generator.load import MAX_FILES
from generator.project import load_guide
from generator.yamlio import MAX_FILE_BYTES

CHECKLIST = "checklist:\n  - id: listen\n    text: Listen.\n  - id: thank\n    text: Say thank you.\n"
URL = "https://www.pewresearch.org/internet/2015/11/19/searching-for-work-in-the-digital-era/"
WEB_ADDRESS = "expected a web address starting with http:// or https://, without spaces, quotes, brackets or braces"
TAGS = "[" + ", ".join(f"t{i}" for i in range(201)) + "]"

# One row per case: file, text to replace, replacement, the exact error line.
# fmt: off
CASES = [
    # YAML syntax and structure
    pytest.param(
        "steps/second.yml", "checklist:\n  - id: listen", "checklist:\n\t- id: listen",
        "content/steps/second.yml:9:1: YAML syntax: found character '\\t' that cannot start any token",
        id="tab-indentation",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", 'title: "Talk',
        "content/steps/second.yml:2:8: YAML syntax: the quoted text that starts here is never closed "
        "(the parser gave up at line 14)",
        id="unclosed-quote",
    ),
    pytest.param(
        "pages/intro.yml", "sources: [pew]", "sources: [pew]\n---\nid: again",
        "content/pages/intro.yml:9:1: YAML syntax: but found another document",
        id="two-documents",
    ),
    # types
    pytest.param(
        "steps/second.yml", "title: Talk", "title: 42",
        "content/steps/second.yml:2:8: title: expected a string, got a whole number; "
        "put it in quotes if it is meant as text",
        id="number-for-text",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", "title: true",
        "content/steps/second.yml:2:8: title: expected a string, got true or false; "
        "put it in quotes if it is meant as text",
        id="boolean-for-text",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", "title:",
        "content/steps/second.yml:2:7: title: expected a string, got nothing (null)",
        id="null-for-text",
    ),
    pytest.param(
        "steps/first.yml", "banks: [basics]", "banks: basics",
        "content/steps/first.yml:20:8: banks: expected a list, got a string",
        id="text-for-list",
    ),
    pytest.param(
        "prep-sheets/sheet.yml", "lines: 3", "lines: 2.5",
        "content/prep-sheets/sheet.yml:9:61: sections[0] (id='person').fields[2] (id='goal').lines: "
        "expected a whole number, got a number",
        id="fraction-for-whole-number",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", "title: !!timestamp 2024-02-30",
        "content/steps/second.yml:2:8: title: '2024-02-30' is not a valid date",
        id="impossible-date",
    ),
    pytest.param(
        "sources/sources.yml", "year: 2015", "year: !!int twenty",
        "content/sources/sources.yml:6:11: sources[0] (id='pew').year: 'twenty' is not a valid number",
        id="explicit-int-tag-on-text",
    ),
    pytest.param(
        "sources/sources.yml", "year: 2015", "year: 1" + "0" * 5000,
        "content/sources/sources.yml:6:11: sources[0] (id='pew').year: '" + "1" + "0" * 39 + "' is not a valid "
        "number; put it in quotes if it is meant as text",
        id="5000-digit-number",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", 'title: "Talk \\ud800"',
        "content/steps/second.yml:2:8: title: contains a \\u escape of half a character (a lone surrogate)",
        id="lone-surrogate",
    ),
    # missing and unknown fields
    pytest.param(
        "guide.yml", "id: mini\n", "",
        "content/guide.yml:1:1: id: required field is missing",
        id="guide-without-id",
    ),
    pytest.param(
        "guide.yml", "audience: Tests.", "audience: Tests.\ntitel: Typo",
        "content/guide.yml:5:1: titel: unknown field 'titel'; did you mean 'title'?",
        id="unknown-guide-field",
    ),
    pytest.param(
        "guide.yml", "note: {label: Short note, max_chars: 80}", "note: {label: Short note, max_char: 80}",
        "content/guide.yml:9:29: channels.note.max_char: unknown field 'max_char'; did you mean 'max_chars'?",
        id="unknown-field-under-a-named-key",
    ),
    # duplicates
    pytest.param(
        "questions/basics.yml", "    stages: [experienced]\n", "    stages: [experienced]\n    stages: [student]\n",
        "content/questions/basics.yml:22:5: questions[2] (id='pay').stages: duplicate key 'stages' "
        "(first defined on line 21)",
        id="duplicate-nested-key",
    ),
    pytest.param(
        "steps/first.yml", "  - id: rank", "  - id: list",
        "content/steps/first.yml:12:9: checklist[1] (id='list').id: duplicate checklist item id 'list' (first used on line 9)",
        id="duplicate-checklist-id",
    ),
    pytest.param(
        "prep-sheets/sheet.yml", "{id: when, label", "{id: name, label",
        "content/prep-sheets/sheet.yml:8:14: sections[0] (id='person').fields[1] (id='name').id: "
        "duplicate sheet field id 'name' (first used on line 7)",
        id="duplicate-field-id",
    ),
    # dangling references
    pytest.param(
        "pages/intro.yml", "sources: [pew]", "sources: [pew, gallup]",
        "content/pages/intro.yml:8:16: sources[1]: unknown source 'gallup'",
        id="unknown-source",
    ),
    pytest.param(
        "guide.yml", "steps: [first, second]", "steps: [first, second, third]",
        "content/guide.yml:5:24: steps[2]: unknown id 'third'; known: first, second",
        id="unknown-step-in-guide",
    ),
    pytest.param(
        "guide.yml", "before_steps: [intro]", "before_steps: [intro, outro]",
        "content/guide.yml:6:23: before_steps[1]: unknown page 'outro'",
        id="unknown-page",
    ),
    pytest.param(
        "questions/basics.yml", "follow_ups: [day-like]", "follow_ups: [how-start]",
        "content/questions/basics.yml:12:18: questions[0] (id='how-start').follow_ups[0]: "
        "a question cannot follow up itself",
        id="question-follows-itself",
    ),
    # placeholders and channels
    pytest.param(
        "outreach/hello.yml", "about {topic}?", "about {topic} at {Company Name}?",
        "content/outreach/hello.yml:6:7: body: '{Company Name}' is not a placeholder name; "
        "use lower_snake_case like {my_name}",
        id="placeholder-not-a-name",
    ),
    pytest.param(
        "outreach/hello.yml", "  topic: {label", "  Topic: {label",
        "content/outreach/hello.yml:15:3: placeholders.Topic: expected a placeholder name in lower_snake_case, "
        "got 'Topic'",
        id="placeholder-declared-with-bad-name",
    ),
    pytest.param(
        "outreach/note.yml", "body:", 'subject: "Hi"\nbody:',
        "content/outreach/note.yml:5:1: subject: messages on 'note' have no subject line",
        id="subject-where-channel-has-none",
    ),
    pytest.param(
        "outreach/hello.yml", 'subject: "Question from {my_name}"\n', "",
        "content/outreach/hello.yml:3:10: channel: messages on 'email' need a subject",
        id="missing-subject",
    ),
    # limits
    pytest.param(
        "outreach/hello.yml", "  {my_name}\n", "  {my_name}" + " word" * 30 + "\n",
        "content/outreach/hello.yml:6:7: body: 42 words with the examples filled in; the limit is 40",
        id="over-channel-word-limit",
    ),
    pytest.param(
        "outreach/hello.yml", '"Question from {my_name}"', '"A much longer question from {my_name}"',
        "content/outreach/hello.yml:5:10: subject: 32 characters with the examples filled in; the limit is 30",
        id="over-subject-limit",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", "title: " + "x" * 2001,
        "content/steps/second.yml:2:8: title: 2,001 characters; the limit is 2,000",
        id="text-over-length-limit",
    ),
    pytest.param(
        "questions/basics.yml", "tags: [career-story]\n", f"tags: {TAGS}\n",
        "content/questions/basics.yml:13:11: questions[0] (id='how-start').tags: 201 items; the limit is 200",
        id="list-over-item-limit",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", 'title: "  \\n  "',
        "content/steps/second.yml:2:8: title: must not be empty",
        id="blank-text",
    ),
    pytest.param(
        "steps/second.yml", CHECKLIST, "checklist: []\n",
        "content/steps/second.yml:8:12: checklist: must not be empty",
        id="empty-list",
    ),
    pytest.param(
        "prep-sheets/sheet.yml", "lines: 3", "lines: 50",
        "content/prep-sheets/sheet.yml:9:61: sections[0] (id='person').fields[2] (id='goal').lines: "
        "expected at most 20, got 50",
        id="number-over-limit",
    ),
    pytest.param(
        "guide.yml", "max_chars: 80", "max_chars: 0",
        "content/guide.yml:9:40: channels.note.max_chars: expected a number above 0, got 0",
        id="zero-limit",
    ),
    # YAML features that are not plain data
    pytest.param(
        "pages/intro.yml", "sources: [pew]", "sources: &s [pew, *s]",
        "content/pages/intro.yml:8:10: an alias refers to the node that contains it",
        id="alias-to-itself",
    ),
    pytest.param(
        "guide.yml", "  note: {label: Short note, max_chars: 80}", "  note:\n    <<: {label: Short note}\n    max_chars: 80",
        "content/guide.yml:10:5: channels.note: keys must be plain names",
        id="merge-key",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", "title: !!python/name:os.system ''",
        "content/steps/second.yml:2:8: title: the tag 'tag:yaml.org,2002:python/name:os.system' is not allowed; "
        "content is plain data only",
        id="python-name-tag",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", "title: !include ../../secret.yml",
        "content/steps/second.yml:2:8: title: the tag '!include' is not allowed; content is plain data only",
        id="include-tag",
    ),
    pytest.param(
        "steps/second.yml", "title: Talk", "title: !!binary aGVsbG8=",
        "content/steps/second.yml:2:8: title: the tag 'tag:yaml.org,2002:binary' is not allowed; "
        "content is plain data only",
        id="binary-tag",
    ),
    # Markdown that would put script or attributes on a page
    pytest.param(
        "steps/second.yml", "  Listen more than you talk.\n", '  Listen more than you talk.\n  {: onclick="alert(1)" }\n',
        "content/steps/second.yml:4:7: body: the attribute 'onclick' is not allowed; "
        "attribute lists {: } may set ids and classes",
        id="attribute-list-event-handler",
    ),
    pytest.param(
        "steps/first.yml", "Start small.", "<svg/onload=alert(1)>",
        "content/steps/first.yml:18:8: tips[0]: raw HTML is not allowed in Markdown ('<svg/onload=alert(1)>'); "
        "use Markdown",
        id="html-that-commonmark-calls-text",
    ),
    pytest.param(
        "pages/intro.yml", "[a guide](https://example.org/)", "[a guide](java\n  script:alert(1))",
        "content/pages/intro.yml:4:7: body: links may not use the javascript: scheme; use http, https, mailto or tel",
        id="script-link-split-by-a-line-break",
    ),
    pytest.param(
        "steps/first.yml", '"Asking for a job."', '"[x]: javascript:alert(1)"',
        "content/steps/first.yml:19:12: mistakes[0]: links may not use the javascript: scheme; "
        "use http, https, mailto or tel",
        id="reference-definition-for-another-field",
    ),
    pytest.param(
        "pages/intro.yml", "  ## Why\n", '  ## Why\n\n  --8<-- "../../mkdocs.yml"\n',
        "content/pages/intro.yml:4:7: body: snippet includes (--8<--) are not allowed in content",
        id="snippet-include",
    ),
    # addresses that would leave their Markdown link or HTML attribute
    pytest.param(
        "sources/sources.yml", URL + "\n", URL + "){onclick=alert(1)}\n",
        f"content/sources/sources.yml:4:10: sources[0] (id='pew').url: {WEB_ADDRESS} (%-encode them: ( is %28), "
        f"got '{URL}){{onclick=alert(1)}}'",
        id="source-url-leaving-its-link",
    ),
    pytest.param(
        "guide.yml", "audience: Tests.", "audience: Tests.\nsite_url: https://example.org/mini",
        f"content/guide.yml:5:11: site_url: {WEB_ADDRESS}, ending in /, got 'https://example.org/mini'",
        id="site-url-without-slash",
    ),
    pytest.param(
        "guide.yml", "audience: Tests.", "audience: Tests.\nlanguage: english",
        "content/guide.yml:5:11: language: expected a language code such as 'en' or 'pt-BR', got 'english'",
        id="bad-language",
    ),
]
# fmt: on


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES)
def test_broken_content_has_one_exact_line(mini: Path, rel: str, old: str, new: str, expected: str) -> None:
    edit(mini, rel, old, new)
    assert errors_of(mini) == [expected]


# Whole files: bytes that are not YAML text, or YAML that is not a mapping.
FILES = [
    pytest.param(
        b"id: second\ntitle: Ta\x07lk\n",
        "content/steps/second.yml:2:10: the control character U+0007 is not allowed in YAML; remove it",
        id="control-character",
    ),
    pytest.param(
        "id: second\n".encode("utf-16"),
        "content/steps/second.yml:1:1: not valid UTF-8 text; save the file as UTF-8",
        id="utf-16",
    ),
    pytest.param(b"# nothing here yet\n", "content/steps/second.yml:1:1: the file is empty", id="only-a-comment"),
    pytest.param(
        b"- id: second\n- title: Talk\n",
        "content/steps/second.yml:1:1: expected a mapping, got a list",
        id="list-instead-of-mapping",
    ),
    pytest.param(b"Talk\n", "content/steps/second.yml:1:1: expected a mapping, got a string", id="bare-text"),
    pytest.param(
        b"body: " + b"[" * 60 + b"]" * 60 + b"\n",
        "content/steps/second.yml:1:57: nested deeper than 50 levels",
        id="nested-too-deep",
    ),
    pytest.param(
        b"body: [" + b"1," * 200_000 + b"1]\n",
        "content/steps/second.yml:1:400002: holds more than 200,000 values; the limit is 200,000",
        id="too-many-values",
    ),
    pytest.param(
        b"body: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "content/steps/second.yml:1:57: nested deeper than 50 levels",
        id="nested-past-the-recursion-limit",
    ),
]


@pytest.mark.parametrize(("data", "expected"), FILES)
def test_unreadable_file_has_one_exact_line(mini: Path, data: bytes, expected: str) -> None:
    (mini / "content/steps/second.yml").write_bytes(data)
    assert errors_of(mini) == [expected]


def test_oversized_file_is_refused_before_it_is_read(mini: Path) -> None:
    (mini / "content/pages/intro.yml").write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert errors_of(mini) == ["content/pages/intro.yml:1:1: file is 1,000,003 bytes; the limit is 1,000,000"]


def test_too_many_files_are_refused_before_any_is_read(mini: Path) -> None:
    folder = mini / "content/pages"
    for i in range(MAX_FILES):
        (folder / f"p{i}.yml").write_bytes(b"")
    assert errors_of(mini) == ["content:1:1: 2008 content files; the limit is 2000"]


def test_folder_linked_from_outside_is_not_read(mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yml").write_text("id: secret\ntitle: Secret\nbody: Secret.\n", encoding="utf-8")
    (mini / "content/sources").rename(tmp_path / "sources-moved")
    (mini / "content/sources").symlink_to(outside, target_is_directory=True)
    assert "content/sources/secret.yml:1:1: points outside the content folder; not read" in errors_of(mini)


def test_link_within_content_is_followed(mini: Path) -> None:
    (mini / "content/pages/intro.yml").rename(mini / "content/intro-source.yml")
    (mini / "content/pages/intro.yml").symlink_to(mini / "content/intro-source.yml")
    guide = load_guide(mini / "content", project_dir=mini)
    assert [page.id for page in guide.pages_before] == ["intro"]  # read through the link


def test_looping_link_is_not_followed(mini: Path) -> None:
    (mini / "content/pages/a.yml").symlink_to(mini / "content/pages/b.yml")
    (mini / "content/pages/b.yml").symlink_to(mini / "content/pages/a.yml")
    assert errors_of(mini) == [
        "content/pages/a.yml:1:1: is a broken or looping link; not read",
        "content/pages/b.yml:1:1: is a broken or looping link; not read",
    ]


def test_hidden_files_beside_the_content_are_not_read(mini: Path) -> None:
    (mini / "content/steps/.#first.yml").symlink_to("root@host.12345:1700000000")  # an editor's lock
    (mini / "content/steps/._first.yml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    guide = load_guide(mini / "content", project_dir=mini)  # no error for either file
    assert [step.id for step in guide.steps] == ["first", "second"]


def test_pipe_is_not_read(mini: Path) -> None:
    os.mkfifo(mini / "content/pages/pipe.yml")  # reading it would wait forever
    assert errors_of(mini) == ["content/pages/pipe.yml:1:1: is not a regular file; not read"]


SAMPLE = ["impossible-date", "nested-past-the-recursion-limit", "lone-surrogate", "attribute-list-event-handler"]


@pytest.mark.parametrize("case", SAMPLE)
def test_cli_exits_1_with_the_lines_and_no_traceback(mini: Path, case: str) -> None:
    edits = {p.id: p.values for p in CASES}
    files = {p.id: p.values for p in FILES}
    if case in edits:
        rel, old, new, expected = edits[case]
        edit(mini, str(rel), str(old), str(new))
    else:
        data, expected = files[case]
        assert isinstance(data, bytes)
        (mini / "content/steps/second.yml").write_bytes(data)
    result = run_cli("check", cwd=mini)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [expected, "1 content error"]
    assert result.stdout == ""
