"""The outreach composer in real Chromium: values typed once fill every template, the preview, the counts
and warnings against the channel's limits, copy to the clipboard and the mailto link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"


def test_values_fill_the_preview_your_own_are_shared_and_a_persons_stay_with_them(
    page: Page, base_url: str, stored
) -> None:
    page.goto(base_url + "outreach/hello/")
    composer = page.locator(".cg-composer")
    expect(composer.locator("pre.cg-message")).to_have_text(
        "Hi {first_name},\n\nCould we talk for 20 minutes about {topic}?\n\n{my_name}"  # the guide's default length
    )
    # The blanks in the order the message uses them (subject first), not by name.
    expect(composer.locator(".cg-compose-form .cg-field label")).to_have_text(
        ["Your name", "Their first name", "The topic"]
    )
    expect(page.get_by_label("Their first name")).to_have_attribute("placeholder", "e.g. Sam")
    page.get_by_label("Their first name").fill("Robin")
    page.get_by_label("Your name").fill("Alex Kim")
    expect(composer.locator(".cg-subject .cg-text")).to_have_text("Question from Alex Kim")
    expect(composer.locator("pre.cg-message")).to_have_text(
        "Hi Robin,\n\nCould we talk for 20 minutes about {topic}?\n\nAlex Kim"
    )
    expect(composer.locator(".cg-compose-tools .cg-count")).to_contain_text("Still to fill in: The topic.")
    assert stored()["coachguide:mini:ph:my_name"] == '"Alex Kim"'
    assert stored()["coachguide:mini:sheet:p1:draft:hello:first_name"] == '"Robin"'

    page.goto(base_url + "outreach/note/")  # your own details are reused; the person's draft is per template
    expect(page.get_by_label("Their first name")).to_have_value("")
    expect(page.locator(".cg-composer pre.cg-message")).to_have_text("Thanks {first_name}!")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_composer_writes_to_the_chosen_person_from_their_sheet(browser: Browser, base_url: str, size: str) -> None:
    viewport = {"width": 390, "height": 844} if size == "phone" else {"width": 1280, "height": 900}
    context = browser.new_context(locale="en-GB", viewport=viewport, is_mobile=size == "phone")
    page = context.new_page()
    page.goto(base_url + "prep/sheet/")
    page.get_by_label("Name of this sheet").fill("Sam Lee")
    page.get_by_label("Name", exact=True).fill("Sam Lee")
    page.get_by_role("button", name="New sheet").click()
    page.keyboard.type("Kim Ng")
    page.get_by_label("Name", exact=True).fill("Kim Ng")

    page.goto(base_url + "outreach/hello/")
    writing_to = page.get_by_label("Writing to")
    expect(writing_to.locator("option")).to_have_text(["Sam Lee", "Kim Ng"])
    expect(writing_to.locator("option:checked")).to_have_text("Kim Ng")
    expect(page.get_by_label("Their first name")).to_have_value("Kim")  # from Kim's sheet
    page.get_by_label("The topic").fill("open data")
    page.get_by_label("Your name").fill("Alex")
    expect(page.locator(".cg-composer pre.cg-message")).to_have_text(
        "Hi Kim,\n\nCould we talk for 20 minutes about open data?\n\nAlex"
    )
    writing_to.select_option(label="Sam Lee")  # another person: their name, their draft, your own name
    expect(page.locator(".cg-composer pre.cg-message")).to_have_text(
        "Hi Sam,\n\nCould we talk for 20 minutes about {topic}?\n\nAlex"
    )
    page.get_by_label("Their first name").fill("Samuel")  # typed over the sheet's value, for Sam only
    page.reload()
    expect(page.get_by_label("Their first name")).to_have_value("Samuel")
    writing_to.select_option(label="Kim Ng")
    expect(page.get_by_label("The topic")).to_have_value("open data")
    expect(page.get_by_label("Their first name")).to_have_value("Kim")
    context.close()


def test_the_thank_you_takes_the_debrief_and_mails_the_persons_address(page: Page, default_url: str) -> None:
    page.goto(default_url + "prep/interview/")
    page.get_by_label("Name", exact=True).fill("Priya Raman")
    page.get_by_label("E-mail address").fill("priya@example.org")
    # Conversation mode (another page) keeps the debrief on the person's sheet under these keys.
    page.evaluate(
        """() => localStorage.setItem("coachguide:informational-interviews:sheet:p1:field:interview:debrief_quote",
            JSON.stringify("planners should ride the routes first"))"""
    )
    page.goto(default_url + "outreach/thank-you/")
    expect(page.get_by_label("One thing they said that stuck with you")).to_have_value(
        "planners should ride the routes first"
    )
    expect(page.locator(".cg-composer pre.cg-message")).to_contain_text(
        "Hi Priya,\n\nThank you for your time today. I keep coming back to what you said about planners should ride"
    )
    link = page.get_by_role("link", name="Open in mail app (to priya@example.org)")
    parts = urlsplit(link.get_attribute("href") or "")
    assert parts.scheme == "mailto" and parts.path == "priya@example.org"
    assert parse_qs(parts.query)["subject"] == ["Thank you for today's conversation"]

    page.goto(default_url + "outreach/cold-email/")  # the meeting length is the guide's, not written in
    expect(page.locator(".cg-composer pre.cg-message")).to_contain_text("Could you spare 20 minutes for a call")
    assert "meeting_minutes" not in (page.locator(".cg-composer").get_attribute("data-message") or "")


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
        "body": ["Hi Sam,\r\n\r\nCould we talk for 20 minutes about data journalism?\r\n\r\nAlex & Co?"],
    }
    page.goto(base_url + "outreach/note/")  # no subject: no mail link
    expect(page.get_by_role("link", name="Open in mail app")).to_have_count(0)


def test_copy_puts_the_filled_message_on_the_clipboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "outreach/hello/")
    page.get_by_label("Their first name").fill("Sam")
    page.get_by_role("button", name="Copy message").click()
    expect(page.locator(".cg-compose-tools .cg-status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Hi Sam,\n\nCould we talk for 20 minutes about {topic}?\n\n{my_name}"
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
