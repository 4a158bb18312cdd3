"""Errors an author can act on: each case is a small edit of the mini guide and the exact line it gets.

Read as a specification: escapes are held to the rule raw characters are, a syntax error points where the
fault starts, YAML 1.1's surprises are text, every error shows in one run without cascades, duplicate ids
are caught at every level, and lines and columns are those an editor shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import edit, errors_of

from generator.model import Guide
from generator.project import load_guide


def guide_of(project: Path) -> Guide:
    return load_guide(project / "content", project_dir=project)


# fmt: off
CASES = [
    # Escapes in double quotes that make a control character are refused, as the raw character is.
    *[
        pytest.param(
            "steps/second.yml", "title: Talk", f'title: "Ta{escape}lk"',
            f"content/steps/second.yml:2:8: title: the control character U+{code:04X} (written as an escape) "
            "is not allowed; remove it",
            id=f"escape-{name}",
        )
        for escape, code, name in [("\\0", 0, "null"), ("\\e", 0x1B, "escape"), ("\\v", 0x0B, "vertical-tab"),
                                   ("\\x07", 7, "bell"), ("\\x7f", 0x7F, "delete"), ("\\u0080", 0x80, "c1")]
    ],
    pytest.param(
        "steps/second.yml", "  - id: listen\n", '  - id: listen\n    "\\b": x\n',
        "content/steps/second.yml:10:5: checklist[0] (id='listen'): keys must be plain names",
        id="escape-in-a-key",
    ),
    # A syntax error names where the unclosed quote or bracket opens, and where the parser gave up.
    pytest.param(
        "steps/second.yml", "summary: Hold the conversation.", "summary: 'Hold the conversation.",
        "content/steps/second.yml:3:10: YAML syntax: the quoted text that starts here is never closed "
        "(the parser gave up at line 14)",
        id="unclosed-single-quote",
    ),
    pytest.param(
        "steps/second.yml", "banks: [basics]", "banks: [basics",
        "content/steps/second.yml:13:8: YAML syntax: the [ list that opens here is never closed "
        "(the parser gave up at line 14)",
        id="unclosed-bracket",
    ),
    pytest.param(
        "guide.yml", "note: {label: Short note, max_chars: 80}", "note: {label: Short note, max_chars: 80",
        "content/guide.yml:9:9: YAML syntax: the { mapping that opens here is never closed "
        "(the parser gave up at line 10)",
        id="unclosed-brace",
    ),
    pytest.param(
        "steps/second.yml", "summary: Hold the conversation.", "summary Hold the conversation.",
        "content/steps/second.yml:3:1: YAML syntax: this key is not followed by ':' (the parser gave up at line 4)",
        id="key-without-colon",
    ),
    # YAML 1.1's surprises: 1e3 is a number in YAML 1.2 as well, so a text field asks for quotes.
    pytest.param(
        "steps/second.yml", "title: Talk", "title: 1e3",
        "content/steps/second.yml:2:8: title: expected a string, got a number; put it in quotes if it is meant as text",
        id="number-in-text-field",
    ),
    pytest.param(
        "questions/basics.yml", "    priority: true\n    stages: [student, changer]",
        "    priority: yes\n    stages: [student, changer]",
        "content/questions/basics.yml:8:15: questions[0] (id='how-start').priority: expected true or false, got 'yes'",
        id="yes-in-boolean-field",
    ),
]
# fmt: on


@pytest.mark.parametrize(("rel", "old", "new", "expected"), CASES)
def test_each_case_has_one_exact_line(mini: Path, rel: str, old: str, new: str, expected: str) -> None:
    edit(mini, rel, old, new)
    assert errors_of(mini) == [expected]


def test_tab_and_line_break_escapes_stay_allowed(mini: Path) -> None:
    edit(mini, "steps/second.yml", "title: Talk", 'title: "Talk\\tnow\\nplease"')
    assert guide_of(mini).steps[1].title == "Talk\tnow please"  # plain text is one line


@pytest.mark.parametrize("typed", ["no", "yes", "on", "off", "y", "14:30", "2024-01-01", "2024-02-30", "1_000"])
def test_yaml_1_1_surprises_in_text_fields_are_the_text_typed(mini: Path, typed: str) -> None:
    edit(mini, "steps/second.yml", "title: Talk", f"title: {typed}")
    assert guide_of(mini).steps[1].title == typed


def test_language_no_is_norwegian(mini: Path) -> None:
    edit(mini, "guide.yml", "audience: Tests.", "audience: Tests.\nlanguage: no")
    assert guide_of(mini).meta.language == "no"


def test_boolean_fields_take_true_and_false(mini: Path) -> None:
    edit(
        mini,
        "questions/basics.yml",
        "    priority: true\n    stages: [student, changer]",
        "    priority: False\n    stages: [student, changer]",
    )
    assert guide_of(mini).banks[0].questions[0].priority is False


def test_a_leading_zero_is_still_decimal(mini: Path) -> None:
    edit(mini, "sources/sources.yml", "year: 2015", "year: 02015")
    assert guide_of(mini).sources["pew"].year == 2015


# Lines and columns as an editor shows them.


def test_lines_are_counted_in_a_file_with_old_mac_line_endings(mini: Path) -> None:
    path = mini / "content/steps/second.yml"
    text = path.read_text(encoding="utf-8").replace("title: Talk", "title: [Talk]")
    path.write_bytes(text.replace("\n", "\r").encode())
    assert errors_of(mini) == ["content/steps/second.yml:2:8: title: expected a string, got a list"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            b"id: second\rtitle: Ta\x07lk\r",
            "3:10: the control character U+0007 is not allowed in YAML; remove it",
            id="control-character",
        ),
        pytest.param(
            b"id: second\r\ntitle: caf\xe9\r\n", "3:11: not valid UTF-8 text; save the file as UTF-8", id="not-utf-8"
        ),
    ],
)
def test_file_level_errors_count_lines_as_editors_do(mini: Path, data: bytes, expected: str) -> None:
    (mini / "content/steps/second.yml").write_bytes(b"\r" + data)
    assert errors_of(mini) == [f"content/steps/second.yml:{expected}"]


@pytest.mark.parametrize(
    ("char", "name"),
    [("\u2028", "line separator (U+2028)"), ("\u2029", "paragraph separator (U+2029)"), ("\x85", "next line (U+0085)")],
)
def test_characters_yaml_reads_as_line_breaks_are_refused_where_the_editor_shows_them(
    mini: Path, char: str, name: str
) -> None:
    edit(mini, "steps/second.yml", "summary: Hold the conversation.", f"summary: Hold the{char}conversation.")
    edit(mini, "steps/second.yml", "    text: Listen.", f"    text: Listen{char}.")
    assert errors_of(mini) == [
        f"content/steps/second.yml:3:18: the invisible {name} is read by YAML as a line break where editors show "
        "none; remove it",
        f"content/steps/second.yml:10:17: the invisible {name} is read by YAML as a line break where editors show "
        "none; remove it",
    ]


def test_the_same_characters_written_as_escapes_are_kept(mini: Path) -> None:
    edit(mini, "steps/second.yml", "title: Talk", 'title: "Talk\\Lnow"')
    assert guide_of(mini).steps[1].title == "Talk\u2028now"


# Every error in one run, and none that follows from another.

MORE_BANK = """\
id: more
title: More
description: More questions.
questions:
  - id: extra
    text: What else?
    stages: [student]
    follow_ups: [day-like]
"""


def test_a_broken_guide_file_does_not_hide_the_other_files_errors(mini: Path) -> None:
    edit(mini, "guide.yml", "title: A mini guide", "title: [A mini guide]")
    edit(mini, "steps/first.yml", "banks: [basics]", "banks: [basic]")
    edit(mini, "outreach/hello.yml", "about {topic}?", "about it?")
    assert errors_of(mini) == [
        "content/guide.yml:2:8: title: expected a string, got a list",
        "content/outreach/hello.yml:15:3: placeholders.topic: placeholder 'topic' is declared but never used",
        "content/steps/first.yml:20:9: banks[0]: unknown question bank 'basic'",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "title: Basics",
            "title: Basics: again",
            "content/questions/basics.yml:2:14: YAML syntax: mapping values are not allowed here",
            id="not-yaml",
        ),
        pytest.param(
            "title: Basics",
            "title: [Basics]",
            "content/questions/basics.yml:2:8: title: expected a string, got a list",
            id="not-the-model",
        ),
    ],
)
def test_nothing_that_refers_into_a_broken_file_is_reported(mini: Path, old: str, new: str, expected: str) -> None:
    (mini / "content/questions/more.yml").write_text(MORE_BANK, encoding="utf-8")
    guide_of(mini)  # the follow-up into the other bank is fine while both load
    edit(mini, "questions/basics.yml", old, new)
    edit(mini, "questions/more.yml", "follow_ups: [day-like]", "follow_ups: [day-like, day-liek]")
    assert errors_of(mini) == [
        expected,
        "content/questions/more.yml:8:28: questions[0] (id='extra').follow_ups[1]: unknown question 'day-liek'",
    ]


# Duplicate ids at every level: one line at the second use, naming the first.


def test_duplicate_ids_are_caught_at_every_level(mini: Path) -> None:
    edit(mini, "prep-sheets/sheet.yml", "  - id: questions\n", "  - id: person\n")
    edit(
        mini,
        "prep-sheets/sheet.yml",
        "    checklists: [first, second]",
        "    checklists: [first, second]\n    fields:\n      - {id: goal, label: Again}",
    )
    edit(
        mini,
        "sources/sources.yml",
        "    year: 2015\n",
        "    year: 2015\n  - {id: pew, title: Again, url: https://example.org/}\n",
    )
    (mini / "content/questions/more.yml").write_text(MORE_BANK.replace("id: extra", "id: pay"), encoding="utf-8")
    assert errors_of(mini) == [
        "content/prep-sheets/sheet.yml:10:9: sections[1] (id='person').id: duplicate sheet section id 'person' "
        "(first used on line 4)",
        "content/prep-sheets/sheet.yml:17:14: sections[2] (id='checks').fields[0] (id='goal').id: "
        "duplicate sheet field id 'goal' (first used on line 9)",
        "content/questions/more.yml:5:9: questions[0] (id='pay').id: duplicate question id 'pay' "
        "(also in content/questions/basics.yml:19)",
        "content/sources/sources.yml:7:10: sources[1] (id='pew').id: duplicate source id 'pew' (first used on line 2)",
    ]


def test_duplicate_ids_are_reported_beside_a_files_other_faults(mini: Path) -> None:
    edit(mini, "steps/second.yml", "  - id: thank", "  - id: listen")
    edit(mini, "steps/second.yml", "title: Talk", "title: [Talk]")
    assert errors_of(mini) == [
        "content/steps/second.yml:2:8: title: expected a string, got a list",
        "content/steps/second.yml:11:9: checklist[1] (id='listen').id: duplicate checklist item id 'listen' "
        "(first used on line 9)",
    ]
