"""The shipped informational-interview guide: complete, within every limit, and building strictly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    assert len(guide.templates) >= 8
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


def test_every_template_fits_its_channel(guide: Guide) -> None:
    for tpl in guide.templates:
        channel = guide.meta.channels[tpl.channel]
        values = guide_values(guide.meta.defaults)
        body = filled(tpl.body, tpl, values)
        if channel.max_chars:
            assert len(body) <= channel.max_chars, tpl.id
        if channel.max_words:
            assert len(body.split()) <= channel.max_words, tpl.id
        if channel.subject:
            assert tpl.subject and len(filled(tpl.subject, tpl, values)) <= (channel.subject_max_chars or 10**6), tpl.id


def test_linkedin_note_fits_the_free_account_limit(guide: Guide) -> None:
    note = next(t for t in guide.templates if t.channel == "linkedin-note")
    assert len(filled(note.body, note, guide_values(guide.meta.defaults))) <= 200


def test_default_site_builds_strictly_with_every_question_page(default_site: Path, guide: Guide) -> None:
    index = json.loads((default_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for bank in guide.banks:
        for q in bank.questions:
            assert f"questions/{bank.id}/#q-{q.id}" in locations
