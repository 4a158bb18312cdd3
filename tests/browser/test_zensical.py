"""The mini guide built by Zensical from `coachguide render` output, in real Chromium: ticks, prep sheet
fields and the composer work and persist, and search finds the guide's questions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serve_folder
from tests.test_zensical import zensical_build

pytestmark = pytest.mark.browser

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = zensical_build(MINI / "mkdocs.yml", tmp_path_factory.mktemp("zensical-mini"))
    with serve_folder(site) as url:
        yield url


def test_ticks_persist_in_a_zensical_site(page: Page, zensical_url: str) -> None:
    page.goto(zensical_url + "steps/first/")
    box = page.get_by_role("checkbox", name="Rank them.", exact=True)
    box.check()
    expect(page.locator(".cg-progress .cg-count")).to_have_text("1 of 3 done")
    page.reload()
    expect(page.get_by_role("checkbox", name="Rank them.", exact=True)).to_be_checked()


def test_prep_sheet_fields_persist_in_a_zensical_site(page: Page, zensical_url: str) -> None:
    page.goto(zensical_url + "prep/sheet/")
    page.get_by_label("Name", exact=True).fill("Sam Lee")
    page.reload()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Sam Lee")


def test_composer_fills_the_message_in_a_zensical_site(page: Page, zensical_url: str) -> None:
    page.goto(zensical_url + "outreach/hello/")
    page.get_by_label("Their first name").fill("Robin")
    page.get_by_label("Your name").fill("Alex Kim")
    composer = page.locator(".cg-composer")
    expect(composer.locator(".cg-subject .cg-text")).to_have_text("Question from Alex Kim")
    expect(composer.locator("pre.cg-message")).to_have_text(
        "Hi Robin,\n\nCould we talk for 20 minutes about {topic}?\n\nAlex Kim"
    )


def test_search_finds_a_question_in_a_zensical_site(page: Page, zensical_url: str) -> None:
    page.goto(zensical_url)
    page.locator(".md-search__button").click()  # Zensical's own search dialog (not Material's search box)
    page.keyboard.type("starting salary")
    results = page.get_by_role("listbox", name="Search results")
    expect(results.get_by_role("option", name=re.compile("What is a typical starting salary range"))).to_be_visible()
