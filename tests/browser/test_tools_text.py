"""The shipped guide's words in the reader's tools (guide.yml `tools`), in real Chromium: the tracker's statuses
and next actions, conversation mode's time check and cues, and the debrief's prompts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_working_set import seed

pytestmark = pytest.mark.browser

GUIDE = {"guide": "informational-interviews", "sheet": "interview"}


def test_tracker_rows_speak_the_guides_words_and_follow_up_after_its_days(page: Page, default_url: str) -> None:
    # Asked 2020-01-01: the follow-up is due follow_up_days (7) later, and long overdue.
    seed(page, default_url, {"Ana": {"tracker-asked": "2020-01-01"}, "Ben": {"tracker-status": "met"}}, **GUIDE)
    page.goto(default_url + "tracker/")
    ana = page.locator("tr[data-person=p1]")
    expect(ana.locator(".cg-tracker-next")).to_contain_text("Follow up if no reply · 2020-01-08 (overdue)")
    ben = page.locator("tr[data-person=p2]")
    expect(ben.get_by_label("Status")).to_have_value("met")
    expect(ben.get_by_label("Status").locator("option:checked")).to_have_text("Talked")
    expect(ben.locator(".cg-tracker-next")).to_contain_text("Send your thank-you")
    key = page.locator("#cg-tracker-key + p + ul")
    expect(key).to_contain_text("After 7 days of silence")
    expect(key.get_by_role("link", name="one short follow-up")).to_have_attribute(
        "href", "../outreach/no-reply-follow-up/"
    )


def test_the_tracker_key_is_there_without_javascript(browser: Browser, default_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(default_url + "tracker/")
        expect(page.locator(".cg-tracker")).to_be_hidden()
        expect(page.get_by_role("heading", name="What each status means")).to_be_visible()
        expect(page.get_by_text("About 90 days have passed since you last spoke")).to_be_visible()
    finally:
        context.close()


def test_conversation_mode_gives_the_time_check_then_time_up_and_the_guides_debrief(
    page: Page, default_url: str
) -> None:
    page.clock.install()
    seed(page, default_url, {"Ana": {}}, **GUIDE)
    page.goto(default_url + "conversation/")
    expect(page.locator(".cg-talk-cues li").first).to_contain_text("The first two minutes")
    status = page.locator(".cg-talk-bar .cg-status")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(14 * 60_000)  # 6 minutes of the default 20 left: nothing said yet
    expect(page.get_by_role("timer")).to_have_text("6:00")
    expect(status).to_have_text("")
    page.clock.run_for(61_000)
    expect(status).to_have_text("5 minutes to go: ask the question you most need answered, then start to wrap up.")
    page.clock.run_for(5 * 60_000)
    expect(status).to_have_text("You have reached the time you asked for. Thank them, and stay on only if they offer.")
    page.get_by_role("button", name="End and debrief").click()
    expect(status).to_have_text("The call is over. Fill in the debrief now, while their words are still fresh.")
    expect(page.get_by_label("What I learned")).to_be_focused()
    page.get_by_label("Who they suggested I talk to").fill("Kim Osei at the county council")
    assert (
        page.evaluate(
            "localStorage.getItem('coachguide:informational-interviews:sheet:p1:field:interview:debrief_next')"
        )
        == '"Kim Osei at the county council"'
    )
    expect(page.get_by_label("One thing they said")).to_have_accessible_description(
        'A short phrase in their words; your thank-you uses it after "what you said about".'
    )
