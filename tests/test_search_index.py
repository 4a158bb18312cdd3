"""The search index: only reader text is indexed, and the guide's keywords and synonyms reach it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import commands, search
from generator.project import load_guide
from tests.conftest import copy_mini
from tests.helpers import ROOT, edit, errors_of


def index_of(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_no_control_text_tag_lines_or_author_pages_in_the_shipped_index(default_site: Path) -> None:
    docs = index_of(default_site)["docs"]
    texts = [entry["text"] for entry in docs]
    assert not any("Add to my prep sheet</" in text or text.endswith("Add to my prep sheet") for text in texts)
    assert not any("TIARA:" in text for text in texts)  # the tag line under each question
    assert not any(entry["location"].startswith(("authoring/", "hosting/", "print/guide/")) for entry in docs)


def test_keywords_and_synonyms_are_indexed_in_their_own_field(default_site: Path) -> None:
    index = index_of(default_site)
    assert index["config"]["fields"][search.FIELD]["boost"] > index["config"]["fields"]["text"]["boost"]
    # The guide says CV; guide.yml says readers may type resume: every entry that says only CV gets it, unseen.
    cv_only = [
        entry
        for entry in index["docs"]
        if re.search(r"\bCV\b", entry["text"]) and not re.search(r"r[eé]sum[eé]", entry["text"], re.IGNORECASE)
    ]
    assert cv_only
    assert all("resume" in entry[search.FIELD].split() for entry in cv_only)


def test_a_keyword_set_in_content_reaches_the_entry_of_its_question(tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    bank = next((project / "content" / "questions").glob("*.yml"))
    text = bank.read_text(encoding="utf-8")
    first_id = re.search(r"(?m)^  - id: (\S+)$", text)
    assert first_id is not None
    bank.write_text(text.replace(first_id[0], first_id[0] + "\n    keywords: [zyxwords]", 1), encoding="utf-8")
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "site")
    found = [e["location"] for e in index_of(site)["docs"] if "zyxwords" in e.get(search.FIELD, "")]
    assert found and all(location.endswith(f"#q-{first_id[1]}") for location in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bring a copy of your CV.", ["résumé", "resume"]),
        ("A short thank-you note", ["thanks"]),  # "thank you" is the same words to search
        ("No synonyms here", []),
        ("A CV and a résumé", ["resume"]),  # only the variants the text does not use already
    ],
)
def test_expansions_add_the_other_words_of_each_group_the_text_uses(text: str, expected: list[str]) -> None:
    table = search.synonym_table([["CV", "résumé", "resume"], ["thank-you", "thanks", "thank you"]])
    assert search.expansions(text, table) == expected


def test_the_separator_drops_function_words_but_keeps_meaningful_short_ones() -> None:
    pattern = re.compile(search.separator())
    words = [w for w in pattern.split("What should I wear? They said no; 2.5 days, to-do list") if w]
    assert words == ["wear", "said", "no", "2.5", "days", "list"]


def test_section_keywords_reach_their_section_with_the_pages_own(tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    edit(
        project,
        "steps/first.yml",
        "title: Find people",
        "keywords: [zyxpage]\nsection_keywords:\n  what-and-why: [zyxsection]\ntitle: Find people",
    )
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "site")
    words = {e["location"]: e.get(search.FIELD, "").split() for e in index_of(site)["docs"]}
    section = next(location for location in words if location.endswith("#what-and-why"))
    assert words[section][:2] == ["zyxsection", "zyxpage"]
    assert [location for location, found in words.items() if "zyxsection" in found] == [section]


def test_section_keywords_name_a_heading_of_the_body(tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    edit(project, "steps/first.yml", "title: Find people", "section_keywords:\n  what-and-who: [x]\ntitle: Find people")
    assert errors_of(project) == [
        "content/steps/first.yml:3:3: section_keywords.what-and-who: no heading with this id in body (ids: what-and-why)"
    ]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("## Build a ranked list\n\ntext", ["build-a-ranked-list"]),
        ("## Who pays? {#who-pays}", ["who-pays"]),
        ("## Phase 1: small talk (two or three minutes)", ["phase-1-small-talk-two-or-three-minutes"]),
        ("### **Bold** words {: #x .note}\n# Title", ["x"]),  # level 1 is the page's own title
        ("## Twice\n## Twice", ["twice", "twice_1"]),
        ("```\n## not a heading\n```\n## After", ["after"]),
    ],
)
def test_heading_ids_are_the_ids_mkdocs_gives_headings(markdown: str, expected: list[str]) -> None:
    assert search.heading_ids(markdown) == expected


def test_sources_at_the_foot_of_pages_are_left_out(default_site: Path) -> None:
    locations = [entry["location"] for entry in index_of(default_site)["docs"]]
    assert not [location for location in locations if location.endswith("#sources")]
    assert any(location.startswith("sources/") for location in locations)  # the Sources page stays


def test_every_section_keyword_of_the_shipped_guide_lands_on_an_indexed_section(default_site: Path) -> None:
    guide = load_guide(ROOT / "content", project_dir=ROOT)
    docs = {entry["location"]: entry for entry in index_of(default_site)["docs"]}
    items = [*guide.pages_before, *guide.pages_after, *guide.steps]
    anchors = [(item.id, anchor, words) for item in items for anchor, words in item.section_keywords.items()]
    assert anchors
    lost = [
        (ident, anchor)
        for ident, anchor, words in anchors
        if not any(
            loc.endswith(f"/#{anchor}") and entry.get(search.FIELD, "").startswith(words[0])
            for loc, entry in docs.items()
        )
    ]
    assert lost == []


@pytest.mark.parametrize(
    ("words", "expected", "absent"),
    [
        (["Cancelling, rescheduling and no-shows"], ["cancelled", "canceled", "cancels", "rescheduled"], ["cancel"]),
        (["research"], ["researching", "researched"], ["research"]),  # the word itself is found already
        (["stay in touch"], ["staying", "stayed"], []),
        (["they agreed"], ["agrees"], ["theys", "theyed", "agree"]),  # function words are left alone
        (["replies", "chat"], ["replied", "replying", "chatted", "chatting"], []),
        (["Follow the referrals"], ["followed", "following"], ["referral"]),  # "referral*" finds it already
    ],
)
def test_forms_give_the_regular_forms_a_reader_may_type_instead(
    words: list[str], expected: list[str], absent: list[str]
) -> None:
    forms = search.forms_of(words)
    assert set(expected) <= set(forms)
    assert not set(absent) & set(forms)


def test_the_shipped_index_finds_other_forms_and_indexes_the_readers_tools_without_their_controls(
    default_site: Path,
) -> None:
    index = index_of(default_site)
    assert index["config"]["fields"][search.FORMS_FIELD]["boost"] < index["config"]["fields"][search.FIELD]["boost"]
    docs = {entry["location"]: entry for entry in index["docs"]}
    # The guide says "Cancelling" and "cancel"; a reader who types "cancelled" finds the section.
    assert "cancelled" in docs["special-situations/#cancelling-and-no-shows"][search.FORMS_FIELD].split()
    # The tracker and conversation mode are reader pages: their words are found, their buttons and labels not.
    tools = [entry for location, entry in docs.items() if location.startswith(("tracker/", "conversation/"))]
    assert {entry["title"] for entry in tools} >= {"Contacts tracker", "Conversation mode"}
    texts = " ".join(entry["text"] for entry in tools)
    for control in ("Add a person", "Download as CSV", ">Start<", "Reset"):
        assert control not in texts
