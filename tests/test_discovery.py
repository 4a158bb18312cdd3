"""Discovery: a search entry per question, a tag index, and cross-links both ways (built HTML)."""

from __future__ import annotations

import json
from pathlib import Path


def test_search_index_has_an_entry_per_question_with_a_readable_title(mini_site: Path) -> None:
    docs = json.loads((mini_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {doc["location"]: doc["title"] for doc in docs}
    assert by_location["questions/basics/#q-who-else"] == "Who else should I talk to?"
    assert by_location["questions/basics/#q-how-start"] == "How did you start in this field?"
    assert by_location["steps/first/#step-first-checklist"] == "Checklist: Find people"
    assert by_location["outreach/hello/#tpl-hello"] == "Hello email"
    copies = ("print/guide/", "print/first/", "questions/all/")  # pages that repeat what has its own entry
    assert not [loc for loc in by_location if loc.startswith(copies)]


def test_tag_index_lists_every_tagged_question(mini_site: Path) -> None:
    tags = (mini_site / "questions/tags/index.html").read_text(encoding="utf-8")
    assert 'id="tag-career-story"' in tags and 'id="tag-day-to-day"' in tags
    assert tags.count('href="../basics/#q-day-like"') == 2  # under both of its tags
    bank = (mini_site / "questions/basics/index.html").read_text(encoding="utf-8")
    assert 'href="../tags/#tag-career-story"' in bank


def test_steps_banks_and_templates_link_each_other(mini_site: Path) -> None:
    step = (mini_site / "steps/first/index.html").read_text(encoding="utf-8")
    assert 'href="../../questions/basics/"' in step and 'href="../../outreach/hello/"' in step
    bank = (mini_site / "questions/basics/index.html").read_text(encoding="utf-8")
    assert 'href="../../steps/first/"' in bank and 'href="../../steps/second/"' in bank
    template = (mini_site / "outreach/hello/index.html").read_text(encoding="utf-8")
    assert 'href="../../steps/first/"' in template
    assert 'href="./#q-day-like"' in bank  # a follow-up question links to its own place


def test_best_questions_page_is_built_from_the_priority_marks(mini_site: Path) -> None:
    best = (mini_site / "questions/best/index.html").read_text(encoding="utf-8")
    assert "How did you start in this field?" in best and "Who else should I talk to?" in best
    assert "What is a typical starting salary range?" not in best
