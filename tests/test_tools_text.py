"""The guide's words for the reader's tools (guide.yml `tools`): validated with a line for each fault, shown on
the tracker and conversation mode pages, and optional."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from helpers import ROOT, errors_of

from generator.project import load_guide
from generator.render import render_site


def add_tools(project: Path, yaml: str) -> None:
    """Append a `tools:` section to the project's guide.yml: `tools:` is line 10, `yaml` starts on line 11."""
    path = project / "content" / "guide.yml"
    path.write_text(path.read_text(encoding="utf-8") + "tools:\n" + yaml, encoding="utf-8")


def pages_of(project: Path) -> dict[str, str]:
    guide = load_guide(project / "content", project_dir=project)
    return render_site(guide, ROOT / "templates").pages


def data_text(page: str, box: str) -> dict[str, object]:
    """The JSON a tool's script reads from `data-text` on its box (`cg-tracker`, `cg-talk`)."""
    # Single-quoted as the template writes it (render.json_attr), double-quoted where Markdown wrote it anew.
    match = re.search(rf'<div class="{box}( [^"]*)?"[^>]* data-text=(["\'])(.*?)\2', page)
    assert match, box
    return json.loads(html.unescape(match[3]))


@pytest.mark.parametrize(
    ("yaml", "expected"),
    [
        (
            "  tracker:\n    statuses:\n      waiting: {label: Waiting}\n",
            "content/guide.yml:13:7: tools.tracker.statuses.waiting: expected 'to-contact', 'asked', 'booked', "
            "'met', 'thanked' or 'check-in-due', got 'waiting'",
        ),
        (
            "  tracker:\n    actions:\n      thank-you: {label: ''}\n",
            "content/guide.yml:13:26: tools.tracker.actions.thank-you.label: must not be empty",
        ),
        (
            "  tracker:\n    statuses:\n      asked: {label: " + "x" * 41 + "}\n",
            "content/guide.yml:13:22: tools.tracker.statuses.asked.label: 41 characters; the limit is 40",
        ),
        (
            "  conversation:\n    time_check_minutes: 0\n",
            "content/guide.yml:12:25: tools.conversation.time_check_minutes: expected at least 1, got 0",
        ),
        (
            "  conversation:\n    cues:\n      - {id: open, title: Open}\n",
            "content/guide.yml:13:9: tools.conversation.cues[0] (id='open').text: required field is missing",
        ),
        (
            "  debrief:\n    prompts:\n      feelings: {label: How it felt}\n",
            "content/guide.yml:13:7: tools.debrief.prompts.feelings: expected 'learned', 'next', 'promised' or "
            "'quote', got 'feelings'",
        ),
        (
            "  debrief:\n    prompts:\n      quote: {label: Their words, lines: 11}\n",
            "content/guide.yml:13:42: tools.debrief.prompts.quote.lines: expected at most 10, got 11",
        ),
        (
            "  debrief:\n    intro: Send thanks within {thank_you_days} days.\n",
            "content/guide.yml:12:12: tools.debrief.intro: unknown placeholder {thank_you_days}; the tools' text "
            "may use {meeting_minutes}, {thank_you_hours}, {check_in_days}, {follow_up_days}, {time_check_minutes}",
        ),
        (
            "  tracker:\n    statuses:\n      met: {label: Met, means: 'Send <b>thanks</b>.'}\n",
            "content/guide.yml:13:32: tools.tracker.statuses.met.means: raw HTML is not allowed in Markdown "
            "('<b>'); use Markdown",
        ),
        (
            "  tracker:\n    actions:\n      contact: {label: Ask, how: 'Use [this](template:nowhere).'}\n",
            "content/guide.yml:13:34: tools.tracker.actions.contact.how: the link template:nowhere leads nowhere: "
            "no template 'nowhere'",
        ),
    ],
)
def test_each_fault_in_the_tools_text_is_one_exact_line(mini: Path, yaml: str, expected: str) -> None:
    add_tools(mini, yaml)
    assert errors_of(mini) == [expected]


def test_every_fault_in_the_tools_text_is_reported_in_one_run(mini: Path) -> None:
    add_tools(
        mini,
        "  tracker:\n    statuses:\n      waiting: {label: W}\n"
        "  conversation:\n    time_check_minutes: 61\n"
        "  debrief:\n    prompts:\n      later: {label: L}\n",
    )
    assert [e.split(": ")[1] for e in errors_of(mini)] == [
        "tools.tracker.statuses.waiting",
        "tools.conversation.time_check_minutes",
        "tools.debrief.prompts.later",
    ]


def test_a_guide_without_tools_text_gets_the_short_defaults_and_no_key(mini: Path) -> None:
    pages = pages_of(mini)
    tracker = data_text(pages["tracker.md"], "cg-tracker")
    assert [label for _, label in tracker["statuses"]] == [  # type: ignore[union-attr]
        "To contact",
        "Asked",
        "Booked",
        "Met",
        "Thanked",
        "Check-in due",
    ]
    assert tracker["next"]["thank-you"] == "Send your thank-you"  # type: ignore[index]
    assert "cg-tracker-key" not in pages["tracker.md"]
    talk = data_text(pages["conversation.md"], "cg-talk")
    assert talk["time_check"] == "5 minutes left: start to close."
    assert "cg-talk-cues" not in pages["conversation.md"]
    assert '<label for="cg-debrief-learned">What I learned</label>' in pages["conversation.md"]


def test_a_status_left_out_keeps_its_default_and_numbers_are_filled_in(mini: Path) -> None:
    add_tools(
        mini,
        "  tracker:\n    statuses:\n      met: {label: Talked, means: 'Thank them within {thank_you_hours} hours.'}\n"
        "  conversation:\n    time_check_minutes: 3\n    time_check: '{time_check_minutes} to go.'\n",
    )
    pages = pages_of(mini)
    statuses = dict(data_text(pages["tracker.md"], "cg-tracker")["statuses"])  # type: ignore[arg-type]
    assert statuses["met"] == "Talked" and statuses["asked"] == "Asked"
    assert "- **Talked**: Thank them within 24 hours." in pages["tracker.md"]
    assert data_text(pages["conversation.md"], "cg-talk")["time_check"] == "3 to go."
    assert 'data-time-check="3"' in pages["conversation.md"]


@pytest.fixture(scope="module")
def default_pages() -> dict[str, str]:
    return pages_of(ROOT)


def test_the_default_guide_words_every_status_and_action_for_informational_interviews(
    default_pages: dict[str, str],
) -> None:
    guide = load_guide(ROOT / "content", project_dir=ROOT)
    tracker = guide.meta.tools.tracker
    assert all(s.means for s in tracker.statuses.values()), "every status says what it means"
    assert all(a.how for a in tracker.actions.values()), "every action says how"
    page = default_pages["tracker.md"]
    assert data_text(page, "cg-tracker")["next"]["follow-up"] == tracker.actions["follow-up"].label  # type: ignore[index]
    assert 'data-follow-up-days="7"' in page
    # The key says the guide's own timings, filled in from its defaults, and links to the templates.
    assert "After 7 days of silence, send [one short follow-up](outreach/no-reply-follow-up.md)" in page
    assert "Within 24 hours, using [the thank-you template](outreach/thank-you.md)" in page
    assert "Roughly every 90 days" in page
    assert "{" not in page.split("{#cg-tracker-key}", 1)[1], "no placeholder is left unfilled"


def test_the_default_conversation_mode_has_cues_a_time_check_and_a_debrief_with_help(
    default_pages: dict[str, str],
) -> None:
    page = default_pages["conversation.md"]
    cues = re.findall(r"^- \*\*(.+?)\*\*: ", page.split("cg-talk-cues", 1)[1], flags=re.MULTILINE)
    assert cues == [
        "The first two minutes",
        "While they talk",
        "5 minutes before the end",
        "Closing",
        "Worth writing down",
    ]
    text = data_text(page, "cg-talk")
    assert str(text["time_check"]).startswith("5 minutes to go")
    assert "Fill in the debrief now" in str(text["ended"])
    assert "send your thank-you within 24 hours" in page
    assert page.count('<span class="cg-help" id="cg-debrief-') == 4
    assert '<label for="cg-debrief-next">Who they suggested I talk to</label>' in page
