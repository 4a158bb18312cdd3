"""Every kind of content error gets one exact line: path:line:column: where: message."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import edit, errors_of

# One row per error kind: file, text to replace, replacement, the exact error line.
# fmt: off
CASES = [
    pytest.param(
        "questions/basics.yml", "  - id: day-like\n", "  - id: day-like\n   bad: [\n",
        "content/questions/basics.yml:15:4: YAML syntax: expected <block end>, but found '<block mapping start>'",
        id="yaml-syntax",
    ),
    pytest.param(
        "questions/basics.yml", "text: How did you start in this field?", "text: [How, did, you, start]",
        "content/questions/basics.yml:6:11: questions[0] (id='how-start').text: expected a string, got a list",
        id="wrong-type",
    ),
    pytest.param(
        "steps/second.yml", "summary: Hold the conversation.\n", "",
        "content/steps/second.yml:1:1: summary: required field is missing",
        id="missing-field",
    ),
    pytest.param(
        "questions/basics.yml", "    tells: Whether", "    tell: Whether",
        "content/questions/basics.yml:7:5: questions[0] (id='how-start').tell: unknown field 'tell'; did you mean 'tells'?",
        id="unknown-field",
    ),
    pytest.param(
        "steps/first.yml", "title: Find people\n", "title: Find people\ntitle: Again\n",
        "content/steps/first.yml:3:1: title: duplicate key 'title' (first defined on line 2)",
        id="duplicate-key",
    ),
    pytest.param(
        "questions/basics.yml", "  - id: pay\n", "  - id: day-like\n",
        "content/questions/basics.yml:19:9: questions[2] (id='day-like').id: duplicate question id 'day-like' "
        "(first used on line 14)",
        id="duplicate-id",
    ),
    pytest.param(
        "steps/first.yml", "banks: [basics]", "banks: [basic]",
        "content/steps/first.yml:20:9: banks[0]: unknown question bank 'basic'",
        id="unknown-bank",
    ),
    pytest.param(
        "steps/first.yml", "outreach: [hello]", "outreach: [helo]",
        "content/steps/first.yml:21:12: outreach[0]: unknown outreach template 'helo'",
        id="unknown-template",
    ),
    pytest.param(
        "questions/basics.yml", "follow_ups: [day-like]", "follow_ups: [day-likes]",
        "content/questions/basics.yml:12:18: questions[0] (id='how-start').follow_ups[0]: unknown question 'day-likes'",
        id="unknown-question",
    ),
    pytest.param(
        "prep-sheets/sheet.yml", "checklists: [first, second]", "checklists: [first, third]",
        "content/prep-sheets/sheet.yml:15:25: sections[2] (id='checks').checklists[1]: unknown step 'third'",
        id="unknown-step",
    ),
    pytest.param(
        "outreach/hello.yml", "about {topic}?", "about {topic} at {company}?",
        "content/outreach/hello.yml:6:7: body: placeholder {company} is used but not declared under placeholders",
        id="placeholder-undeclared",
    ),
    pytest.param(
        "outreach/hello.yml", "about {topic}?", "about it?",
        "content/outreach/hello.yml:15:3: placeholders.topic: placeholder 'topic' is declared but never used",
        id="placeholder-unused",
    ),
    pytest.param(
        "outreach/note.yml", 'body: "Thanks {first_name}!"', 'body: "Thanks {first_name}! ' + "x" * 80 + '"',
        "content/outreach/note.yml:5:7: body: 92 characters with the examples filled in; the limit is 80",
        id="over-channel-limit",
    ),
    pytest.param(  # {meeting_minutes} is the guide's own (defaults.meeting_minutes, 20): undeclared, counted filled
        "outreach/note.yml", 'body: "Thanks {first_name}!"', 'body: "Thanks {first_name}, {meeting_minutes} minutes! ' + "x" * 70 + '"',
        "content/outreach/note.yml:5:7: body: 94 characters with the examples filled in; the limit is 80",
        id="over-channel-limit-with-guide-values",
    ),
    pytest.param(
        "outreach/note.yml", "channel: note", "channel: fax",
        "content/outreach/note.yml:3:10: channel: unknown channel 'fax'; known: email, note",
        id="unknown-channel",
    ),
    pytest.param(
        "questions/basics.yml", "    tells: Your next conversation.\n", "",
        "content/questions/basics.yml:24:5: questions[3] (id='who-else'): priority questions need a 'tells' line: "
        "what the answer tells you",
        id="priority-without-tells",
    ),
    pytest.param(
        "steps/first.yml", "Start with people you know.", "Start <script>alert(1)</script> here.",
        "content/steps/first.yml:4:7: body: raw HTML is not allowed in Markdown ('<script>'); use Markdown",
        id="raw-html-in-markdown",
    ),
    pytest.param(
        "steps/first.yml", "Start small.", "[Start](javascript:alert(1))",
        "content/steps/first.yml:18:8: tips[0]: links may not use the javascript: scheme",
        id="script-link",
    ),
    pytest.param(
        "steps/first.yml", "title: Find people", "title: !!python/object/apply:os.system [ls]",
        "content/steps/first.yml:2:8: title: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
        "allowed; content is plain data only",
        id="object-tag",
    ),
    pytest.param(
        "questions/basics.yml", "    stages: [student, changer]", "    stages: [student, graduate]",
        "content/questions/basics.yml:9:23: questions[0] (id='how-start').stages[1]: expected 'student', "
        "'changer' or 'experienced', got 'graduate'",
        id="bad-choice",
    ),
    pytest.param(
        "steps/second.yml", "id: second", "id: Second Step",
        "content/steps/second.yml:1:5: id: expected an id of lower-case letters, digits and single hyphens, "
        "got 'Second Step'",
        id="bad-id",
    ),
]
# fmt: on


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES)
def test_each_error_kind_has_one_exact_line(mini: Path, rel: str, old: str, new: str, expected: str) -> None:
    edit(mini, rel, old, new)
    assert errors_of(mini) == [expected]


def test_non_utf8_file_is_reported_with_its_position(mini: Path) -> None:
    (mini / "content/steps/first.yml").write_bytes(b"id: first\ntitle: caf\xe9\n")
    assert errors_of(mini) == ["content/steps/first.yml:2:11: not valid UTF-8 text; save the file as UTF-8"]


def test_empty_file_is_an_error(mini: Path) -> None:
    (mini / "content/pages/intro.yml").write_text("", encoding="utf-8")
    assert "content/pages/intro.yml:1:1: the file is empty" in errors_of(mini)


def test_alias_bomb_is_refused_without_expanding_it(mini: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    (mini / "content/pages/intro.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert errors_of(mini) == ["content/pages/intro.yml:6:5: expands to more than 200,000 values (an alias bomb?)"]


def test_file_not_listed_in_guide_is_reported(mini: Path) -> None:
    text = (mini / "content/steps/second.yml").read_text(encoding="utf-8").replace("id: second", "id: third")
    (mini / "content/steps/third.yml").write_text(text, encoding="utf-8")
    assert errors_of(mini) == [
        "content/steps/third.yml:1:5: id: not listed in guide.yml steps; add it there or remove the file"
    ]


def test_symlink_out_of_content_is_not_followed(mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yml"
    outside.write_text("id: secret\n", encoding="utf-8")
    (mini / "content/pages/secret.yml").symlink_to(outside)
    assert errors_of(mini) == ["content/pages/secret.yml:1:1: points outside the content folder; not read"]


def test_every_error_is_reported_in_one_run(mini: Path) -> None:
    edit(mini, "steps/first.yml", "banks: [basics]", "banks: [basic]")
    edit(mini, "questions/basics.yml", "    tells: Whether", "    tell: Whether")
    edit(mini, "outreach/hello.yml", "about {topic}?", "about it?")
    found = errors_of(mini)
    assert len(found) == 3
    assert [line.split(":")[0] for line in found] == [
        "content/outreach/hello.yml",
        "content/questions/basics.yml",
        "content/steps/first.yml",
    ]
