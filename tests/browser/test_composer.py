"""The outreach composer in real Chromium: values typed once fill every template, the preview, the counts
and warnings against the channel's limits, copy to the clipboard and the mailto link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"


def test_values_fill_the_preview_and_are_shared_by_placeholder_name(page: Page, base_url: str, stored) -> None:
    page.goto(base_url + "outreach/hello/")
    composer = page.locator(".cg-composer")
    expect(composer.locator("pre.cg-message")).to_have_text(
        "Hi {first_name},\n\nCould we talk for 15 minutes about {topic}?\n\n{my_name}"
    )
    expect(page.get_by_label("Their first name")).to_have_attribute("placeholder", "e.g. Sam")
    page.get_by_label("Their first name").fill("Robin")
    page.get_by_label("Your name").fill("Alex Kim")
    expect(composer.locator(".cg-subject .cg-text")).to_have_text("Question from Alex Kim")
    expect(composer.locator("pre.cg-message")).to_have_text(
        "Hi Robin,\n\nCould we talk for 15 minutes about {topic}?\n\nAlex Kim"
    )
    expect(composer.locator(".cg-compose-tools .cg-count")).to_contain_text("Still to fill in: The topic.")
    assert stored()["coachguide:mini:ph:first_name"] == '"Robin"'

    page.goto(base_url + "outreach/note/")  # typed once, reused in another template
    expect(page.get_by_label("Their first name")).to_have_value("Robin")
    expect(page.locator(".cg-composer pre.cg-message")).to_have_text("Thanks Robin!")
    expect(page.locator(".cg-composer .cg-compose-tools .cg-count")).to_have_text(
        "Message: 13 of 80 characters, 2 words."
    )


def test_composer_is_built_after_instant_navigation(page: Page, instant_url: str) -> None:
    page.goto(instant_url + "steps/first/")
    page.evaluate("window.cgSamePage = true")  # survives only if navigation never reloads the page
    page.locator("article").get_by_role("link", name="Hello email").click()
    expect(page).to_have_url(instant_url + "outreach/hello/")
    page.get_by_label("Their first name").fill("Robin")
    expect(page.locator(".cg-composer pre.cg-message")).to_contain_text("Hi Robin,")
    assert page.evaluate("window.cgSamePage") is True


def test_count_and_warning_past_the_channel_limits(page: Page, base_url: str) -> None:
    page.goto(base_url + "outreach/note/")
    composer = page.locator(".cg-composer")
    warning = composer.locator(".cg-warn")
    expect(warning).to_be_hidden()
    page.get_by_label("Their first name").fill("x" * 72)  # "Thanks " + 72 + "!" = 80: at the limit
    expect(composer.locator(".cg-compose-tools .cg-count")).to_have_text("Message: 80 of 80 characters, 2 words.")
    expect(warning).to_be_hidden()
    page.get_by_label("Their first name").press("x")
    expect(composer.locator(".cg-compose-tools .cg-count")).to_have_text("Message: 81 of 80 characters, 2 words.")
    expect(warning).to_be_visible()
    expect(warning).to_have_text("Too long: The message is over the 80-character limit.")
    expect(composer).to_have_class("cg-composer cg-over")
    page.get_by_label("Their first name").press("Backspace")
    expect(warning).to_be_hidden()

    page.goto(base_url + "outreach/hello/")  # email: a word limit and a subject limit
    page.get_by_label("The topic").fill(" ".join(["data"] * 32))  # 42 words in all
    expect(page.locator(".cg-warn")).to_have_text("Too long: Keep the message to 40 words or fewer.")
    page.get_by_label("Your name").fill("Alexandra Konstantinopoulou")  # subject 41 characters
    expect(page.locator(".cg-warn")).to_have_text(
        "Too long: Keep the message to 40 words or fewer. Keep the subject to 30 characters or fewer."
    )
    expect(page.locator(".cg-compose-tools .cg-count")).to_contain_text("subject: 41 of 30 characters")


def test_mailto_link_carries_subject_and_body(page: Page, base_url: str) -> None:
    page.goto(base_url + "outreach/hello/")
    page.get_by_label("Their first name").fill("Sam")
    page.get_by_label("Your name").fill("Alex & Co?")
    page.get_by_label("The topic").fill("data journalism")
    href = page.get_by_role("link", name="Open in mail app").get_attribute("href") or ""
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == ""
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {
        "subject": ["Question from Alex & Co?"],
        "body": ["Hi Sam,\r\n\r\nCould we talk for 15 minutes about data journalism?\r\n\r\nAlex & Co?"],
    }
    page.goto(base_url + "outreach/note/")  # no subject: no mail link
    expect(page.get_by_role("link", name="Open in mail app")).to_have_count(0)


def test_copy_puts_the_filled_message_on_the_clipboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "outreach/hello/")
    page.get_by_label("Their first name").fill("Sam")
    page.get_by_role("button", name="Copy message").click()
    expect(page.locator(".cg-compose-tools .cg-status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Hi Sam,\n\nCould we talk for 15 minutes about {topic}?\n\n{my_name}"
    )
    page.get_by_role("button", name="Copy subject").click()
    assert page.evaluate("navigator.clipboard.readText()") == "Question from {my_name}"


def test_html_typed_into_any_field_stays_text(page: Page, base_url: str, dialogs) -> None:
    page.goto(base_url + "outreach/hello/")
    page.get_by_label("Their first name").fill(XSS)
    expect(page.locator(".cg-composer pre.cg-message .cg-ph").first).to_have_text(XSS)
    page.reload()
    expect(page.locator(".cg-composer pre.cg-message .cg-ph").first).to_have_text(XSS)
    expect(page.locator("article img")).to_have_count(0)

    page.goto(base_url + "prep/sheet/")
    page.get_by_label("Name of this sheet").fill(XSS)
    page.get_by_label("Name", exact=True).fill(XSS)
    page.get_by_label("Your goal").fill(f"</textarea>{XSS}")
    page.reload()
    expect(page.get_by_label("Prep sheet for").locator("option")).to_have_text([XSS])
    expect(page.get_by_label("Your goal")).to_have_value(f"</textarea>{XSS}")
    page.goto(base_url + "questions/basics/")
    page.locator("button.cg-add[data-add-question='day-like']").click()
    expect(page.locator("#q-day-like + .cg-qmeta .cg-added")).to_have_text(f"On “{XSS}”")
    page.goto(base_url + "prep/sheet/")
    expect(page.locator("ol.cg-slots .cg-qtext")).to_have_text(["What does a <typical> day look like?"])
    assert page.locator("img, typical").count() == 0
    assert dialogs == []  # no alert() ever ran
