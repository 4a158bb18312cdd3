"""The salary-conversation example (examples/salary-conversation): enough questions and templates to be a real
guide, meaningful tags, every message within its channel with realistic long values, figures with their
currency, and the pay rules stated with their sources and when they were checked."""

from __future__ import annotations

import html
import re
from collections import Counter

import pytest
from helpers import ROOT, channel_overruns

from generator.model import Guide
from generator.project import load_guide
from generator.render import render_site

EXAMPLE = ROOT / "examples" / "salary-conversation"
CURRENCY = re.compile(r"[£$€]\s?\d|\d\s?€")


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(EXAMPLE / "content", project_dir=EXAMPLE)


def test_the_example_has_at_least_30_questions_and_6_templates_on_the_hard_moments(guide: Guide) -> None:
    assert len(guide.questions) >= 30
    assert len(guide.templates) >= 6
    ids = {t.id for t in guide.templates}
    # The current-salary question, asking for the range, an exploding offer, both kinds of counter-offer
    # (the reader's, and the current employer's), and the package beyond base pay.
    assert {
        "current-salary-answer",
        "ask-for-the-range",
        "more-time-on-offer",
        "respond-to-offer",
        "counter-offer-reply",
        "beyond-base",
    } <= ids
    assert {"pay-range", "offer-deadline", "counter-offer", "whole-package"} <= {b.id for b in guide.banks}


def test_tags_and_stages_mean_something(guide: Guide) -> None:
    questions = list(guide.questions.values())
    tags = Counter(tag for q in questions for tag in q.tags)
    assert all(1 <= len(q.tags) <= 2 for q in questions), "every question has one or two topic tags"
    assert all(n >= 2 for n in tags.values()), f"a tag on one question is no index: {tags}"
    assert max(tags.values()) <= 0.4 * len(questions), f"a tag on almost everything says nothing: {tags}"
    assert sum(1 for q in questions if len(q.stages) == 3) <= len(questions) / 2
    assert {s for q in questions for s in q.stages} == {"student", "changer", "experienced"}
    assert {q.phase for q in questions} == {"opening", "core", "closing"}
    priority = [q for q in questions if q.priority]
    assert 8 <= len(priority) <= 20 and all(q.tells for q in priority)


# Realistic long values for every placeholder the example's templates use.
LONG_VALUES = {
    "first_name": "Anne-Marie",
    "my_name": "Alexandra Fitzgerald-Nakamura",
    "role": "Senior Supply Chain Operations Analyst",
    "minutes": "45",
    "achievement": "taken over the supplier contracts for the northern region and cut average delivery times for"
    " our three largest clients by a fifth",
    "agreement": "my salary will rise to £54,500, the top of the band for my grade, and my title will change to"
    " senior analyst",
    "start_date": "the first payroll date of next month",
    "next_step": "You mentioned that HR will send the revised contract by Friday 21 March, after the pay panel.",
    "reason": "my five years running supplier contracts and the pay for similar roles in Greater Manchester",
    "figure": "£52,000 a year before tax",
    "basis": "the responsibilities in the job description and advertised pay for similar roles in Greater Manchester",
    "expected": "£48,000 to £50,000 a year before tax",
    "new_date": "Friday 14 March, at the end of the working day",
    "counter_figure": "£51,500 a year, backdated to the start of this month",
    "other_terms": "the move to team lead that you mentioned for the next review cycle in September",
    "decision_date": "Wednesday 19 March, by the end of the day",
    "base_offer": "£45,000 a year before tax",
    "ask": "a joining payment of £2,500, five extra days of annual leave and a pay review after six months",
}


@pytest.mark.parametrize("values", ["examples", "long"])
def test_every_template_fits_its_channel_with_realistic_long_values(guide: Guide, values: str) -> None:
    assert not channel_overruns(guide, LONG_VALUES if values == "long" else None)


def test_the_channel_check_catches_a_template_that_would_overrun(guide: Guide) -> None:
    rambling = {name: "a very long answer that goes on " * 10 for name in LONG_VALUES}
    assert len(channel_overruns(guide, rambling)) >= len(guide.templates)


def test_figures_show_their_currency_and_the_guide_says_which(guide: Guide) -> None:
    assert guide.meta.intro and "pounds sterling (£)" in guide.meta.intro
    money = [
        (t.id, name, p.example)
        for t in guide.templates
        for name, p in t.placeholders.items()
        if "currency" in p.label or "salary" in p.label.lower()
    ]
    assert len(money) >= 4
    assert all(CURRENCY.search(example) for *_, example in money), money
    rules = next(p for p in guide.pages_after if p.id == "pay-rules")
    assert {"£48,000", "$65,000", "€52,000", "52.000 €"} <= set(re.findall(r"[£$€][\d,.]+|[\d.]+ €", rules.body))


def test_the_pay_rules_are_sourced_dated_and_careful(guide: Guide) -> None:
    rules = next(p for p in guide.pages_after if p.id == "pay-rules")
    assert re.search(r"last checked in \*\*[A-Z][a-z]+ \d{4}\*\*", rules.body)
    assert "not legal advice" in rules.body
    for fact in ("2023/970", "7 June 2026", "section 432.3", "Equality Act 2010"):
        assert fact in rules.body, fact
    assert {"eu-directive-2023-970", "ca-labor-code-432-3", "hrdive-salary-history-bans", "uk-equality-act-s77"} <= set(
        rules.sources
    )
    assert all(s in guide.sources for s in rules.sources)
    linked = set(re.findall(r"\(template:([a-z0-9-]+)\)", rules.body))
    assert {"current-salary-answer", "ask-for-the-range"} <= linked


def test_the_reader_s_tools_speak_about_pay_conversations(guide: Guide) -> None:
    pages = render_site(guide, ROOT / "templates").pages
    tracker, talk = pages["tracker.md"], pages["conversation.md"]
    assert "- **Confirmed in writing**: You have sent your summary of what was agreed" in tracker
    assert "Within 24 hours, in writing, using [the confirmation email](outreach/confirm-agreement.md)" in tracker
    assert "5 minutes left: ask what happens next and agree a date." in html.unescape(talk)
    assert "- **The first minute**: Say why you asked for the meeting" in talk
    assert '<label for="cg-debrief-next">Who else decides, and when</label>' in talk
