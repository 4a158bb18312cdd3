"""The shipped informational-interview guide: complete, within every limit, and building strictly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import channel_overruns

from generator.checks import filled
from generator.model import Guide, guide_values
from generator.project import load_guide

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guide(ROOT / "content", project_dir=ROOT)


def test_guide_is_complete(guide: Guide) -> None:
    assert len(guide.steps) >= 6
    assert len(guide.questions) >= 150
    assert len(guide.banks) >= 10
    assert len(guide.templates) >= 14
    assert {"reply-after-introduction", "reschedule", "send-cv", "reconnect"} <= {t.id for t in guide.templates}
    assert sum(len(step.checklist) for step in guide.steps) >= 40
    assert all(len(step.checklist) >= 6 for step in guide.steps)
    assert guide.prep_sheets


def test_questions_are_tagged_for_the_picker(guide: Guide) -> None:
    questions = list(guide.questions.values())
    priority = [q for q in questions if q.priority]
    assert 15 <= len(priority) <= 25
    assert all(q.tells for q in priority), "every priority question says what its answer tells you"
    assert {q.phase for q in questions} == {"opening", "core", "closing"}
    assert {q.tiara for q in questions} >= {"trends", "insights", "advice", "resources", "assignments"}
    assert {s for q in questions for s in q.stages} == {"student", "changer", "experienced"}
    assert sum(1 for q in questions if q.sensitive) >= 5
    # The stage filter means something: at most half the questions suit every career stage.
    assert sum(1 for q in questions if len(q.stages) == 3) <= len(questions) / 2
    assert sum(1 for q in questions if q.tells) >= 60


def test_near_duplicates_stay_merged(guide: Guide) -> None:
    merged = {
        "day-misunderstood",
        "day-current-project",
        "open-place-matters",
        "day-where-work-happens",
        "rewards-heavy-week",
        "rewards-stressful-stretches",
        "hiring-strong-first-year",
        "org-first-months",
        "advice-get-noticed",
        "close-act-first",
        "close-updates-wanted",
        "res-tools-to-learn",
    }
    assert not merged & set(guide.questions)
    for required in ("org-values-in-practice", "path-own-next-chapter"):
        assert guide.questions[required].sensitive, required


# Realistic long values for every placeholder the templates use: long names, a formal greeting, full
# sentences where a template asks for one. Every template must stay within its channel with these too.
LONG_VALUES = {
    "greeting": "Dear Dr Okonkwo-Whitfield",
    "connector_greeting": "Dear Professor Hale",
    "their_name": "Dr Adaeze Okonkwo-Whitfield",
    "my_name": "Alexandra Fitzgerald-Nakamura",
    "school": "King's College London",
    "field": "public transport planning",
    "topic": "rural bus network design",
    "hook": "Your talk at Transport Camp on redesigning rural bus networks around school runs changed how I"
    " think about village services.",
    "note_reason": "Your Transport Camp talk on rural buses stayed with me.",
    "about_me": "I'm a retail data analyst with eight years' experience, thinking about a move into planning.",
    "organisation": "Northgate Regional Transit Partnership",
    "meeting_day": "Wednesday 18 September",
    "meeting_time": "10:30 Eastern Time (15:30 UK time)",
    "place_or_link": "https://meet.example.org/abc-defg-hij",
    "my_phone": "+44 7700 900123",
    "takeaway": "riding every route yourself before you redraw a single line on the map",
    "next_step": "Over the next month I'm going to ride the three bus routes that serve my dissertation area.",
    "shared_item": "a county council report on demand-responsive buses in rural Lincolnshire",
    "item_link": "https://www.example.org/reports/2025/demand-responsive-rural-buses.pdf",
    "update": "I've started a six-month placement with the county council's transport team, which your advice"
    " helped me find.",
    "their_advice": "talking to the people who schedule the drivers before anyone else",
    "outcome": "I've just accepted a place on the county council's two-year graduate scheme in transport planning.",
    "intro_subject": "Intro: Adaeze Okonkwo-Whitfield and Alexandra",
    "reason": "I've been called to a rescheduled university exam on the same morning.",
    "new_times": "Tuesday 24 September at 10:00, Wednesday 25 at 14:00 or Thursday 26 at 11:00 (UK time)",
    "their_offer": "pass my details to your graduate recruitment team",
    "cv_summary": "It leads with my dissertation on rural bus demand and my summer placement at the county council.",
    "role_sought": "a graduate transport planner role starting next September",
    "old_subject": "Thank you for today's conversation",
    "reminder": "I'm the Leeds geography student you advised to ride the routes before redrawing them.",
}


@pytest.mark.parametrize("values", ["examples", "long"])
def test_every_template_fits_its_channel_with_realistic_long_values(guide: Guide, values: str) -> None:
    assert not channel_overruns(guide, LONG_VALUES if values == "long" else None)


def test_templates_offer_a_greeting_choice(guide: Guide) -> None:
    for tpl in guide.templates:
        assert "greeting" in tpl.placeholders, tpl.id
        assert tpl.body.startswith("{greeting}") or tpl.id == "reply-after-introduction", tpl.id


def test_channel_limits_are_sourced_and_dated(guide: Guide) -> None:
    for name in ("linkedin-note", "linkedin-message"):
        channel = guide.meta.channels[name]
        assert channel.sources and channel.note and "last checked" in channel.note.lower(), name
    assert "Premium" in (guide.meta.channels["linkedin-note"].note or "")


def test_linkedin_note_fits_the_free_account_limit(guide: Guide) -> None:
    note = next(t for t in guide.templates if t.channel == "linkedin-note")
    assert len(filled(note.body, note, guide_values(guide.meta.defaults))) <= 200


def test_default_site_builds_strictly_with_every_question_page(default_site: Path, guide: Guide) -> None:
    index = json.loads((default_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for bank in guide.banks:
        for q in bank.questions:
            assert f"questions/{bank.id}/#q-{q.id}" in locations
