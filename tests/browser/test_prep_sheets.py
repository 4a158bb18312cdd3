"""Prep sheets in real Chromium: fields persist, questions added from the banks land on the sheet and can
be ordered and removed, several named sheets keep their data apart, and the .ics reminders are right."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

HOW_START = "How did you start in this field?"
DAY_LIKE = "What does a <typical> day look like?"
PAY = "What is a typical starting salary range?"
WHO_ELSE = "Who else should I talk to?"


def add(page: Page, question_id: str) -> None:
    page.locator(f"button.cg-add[data-add-question='{question_id}']").click()


def slots(page: Page) -> list[str]:
    return page.locator("ol.cg-slots li.cg-slot-filled .cg-qtext").all_text_contents()


def test_fields_persist_across_reload(page: Page, base_url: str, stored) -> None:
    page.goto(base_url + "prep/sheet/")
    page.get_by_label("Name", exact=True).fill("Sam Lee")
    page.get_by_label("Date and time").fill("2025-03-28T14:30")
    page.get_by_label("Your goal").fill("Learn how\nthey started.")
    page.reload()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Sam Lee")
    expect(page.get_by_label("Date and time")).to_have_value("2025-03-28T14:30")
    expect(page.get_by_label("Your goal")).to_have_value("Learn how\nthey started.")
    assert stored()["coachguide:mini:sheet:p1:field:sheet:name"] == '"Sam Lee"'
    expect(page.get_by_label("Name", exact=True)).to_have_class("cg-filled")  # print shows it as a value
    page.get_by_label("Name", exact=True).fill("")
    assert "coachguide:mini:sheet:p1:field:sheet:name" not in stored()


def test_add_questions_from_bank_and_best_pages_shows_them_on_the_sheet(page: Page, base_url: str) -> None:
    page.goto(base_url + "questions/basics/")
    expect(page.locator(".cg-addhint")).to_be_visible()
    buttons = page.get_by_role("button", name="Add to my prep sheet")
    expect(buttons).to_have_count(4)
    expect(buttons.first).to_have_accessible_description(HOW_START)
    add(page, "how-start")
    button = page.locator("button.cg-add[data-add-question='how-start']")
    expect(button).to_have_text("Remove from my prep sheet")
    expect(page.locator("#q-how-start + .cg-qmeta .cg-added")).to_have_text("On “Prep sheet 1”")
    add(page, "day-like")
    page.goto(base_url + "questions/best/")
    expect(page.locator("button.cg-add[data-add-question='how-start']")).to_have_text("Remove from my prep sheet")
    add(page, "who-else")

    page.goto(base_url + "prep/sheet/")
    assert slots(page) == [HOW_START, DAY_LIKE, WHO_ELSE]
    expect(page.locator("ol.cg-slots li")).to_have_count(3)  # the printed lines are filled, not added to
    expect(page.locator("ol.cg-slots img, ol.cg-slots typical")).to_have_count(0)

    page.goto(base_url + "questions/basics/")
    add(page, "pay")  # one more than the sheet has lines for: a line is added
    add(page, "day-like")  # and a second click takes it off again
    page.goto(base_url + "prep/sheet/")
    assert slots(page) == [HOW_START, WHO_ELSE, PAY]


def test_the_pickers_add_all_event_adds_each_question_once(page: Page, base_url: str) -> None:
    page.goto(base_url + "questions/basics/")
    add(page, "pay")
    page.evaluate(
        """() => document.dispatchEvent(new CustomEvent("coachguide:add-questions",
            {detail: {ids: ["who-else", "pay", "not-on-this-page", "how-start"]}}))"""
    )
    expect(page.locator("button.cg-add[data-add-question='who-else']")).to_have_text("Remove from my prep sheet")
    page.goto(base_url + "prep/sheet/")
    assert slots(page) == [PAY, WHO_ELSE, HOW_START]


def test_reorder_and_remove_questions_by_keyboard(page: Page, base_url: str, stored) -> None:
    page.goto(base_url + "questions/basics/")
    for qid in ("how-start", "day-like", "pay", "who-else"):
        add(page, qid)
    page.goto(base_url + "prep/sheet/")
    assert slots(page) == [HOW_START, DAY_LIKE, PAY, WHO_ELSE]
    expect(page.locator("ol.cg-slots li")).to_have_count(4)
    first_up = page.locator("ol.cg-slots li[data-index='0'] [data-cg=up]")
    expect(first_up).to_be_disabled()
    expect(first_up).to_have_accessible_name("Move up")
    expect(first_up).to_have_accessible_description(HOW_START)

    page.locator("ol.cg-slots li[data-index='0'] [data-cg=down]").focus()
    page.keyboard.press("Enter")
    assert slots(page) == [DAY_LIKE, HOW_START, PAY, WHO_ELSE]
    page.keyboard.press("Enter")  # focus followed the question: it moves on down
    assert slots(page) == [DAY_LIKE, PAY, HOW_START, WHO_ELSE]
    page.locator("ol.cg-slots li[data-index='3'] [data-cg=up]").click()
    assert slots(page) == [DAY_LIKE, PAY, WHO_ELSE, HOW_START]
    page.locator("ol.cg-slots li[data-index='0'] [data-cg=remove]").click()
    assert slots(page) == [PAY, WHO_ELSE, HOW_START]
    expect(page.locator("ol.cg-slots li[data-index='0'] [data-cg=remove]")).to_be_focused()
    expect(page.locator("ol.cg-slots li")).to_have_count(3)

    page.reload()
    assert slots(page) == [PAY, WHO_ELSE, HOW_START]
    assert '"id":"pay"' in stored()["coachguide:mini:sheet:p1:questions"]
    for _ in range(3):
        page.locator("ol.cg-slots li[data-index='0'] [data-cg=remove]").click()
    assert slots(page) == []
    expect(page.locator("ol.cg-slots li .cg-line")).to_have_count(3)  # back to blank lines
    expect(page.locator("ol.cg-slots")).to_be_focused()


def test_several_named_sheets_keep_their_data_apart(page: Page, base_url: str, dialogs) -> None:
    page.goto(base_url + "questions/basics/")
    add(page, "how-start")
    page.goto(base_url + "prep/sheet/")
    select = page.get_by_label("Prep sheet for")
    page.get_by_label("Name of this sheet").fill("Sam Lee")
    expect(select.locator("option")).to_have_text(["Sam Lee"])
    page.get_by_label("Name", exact=True).fill("Sam")
    page.locator(".cg-sheet").get_by_role("checkbox", name="Listen.").check()

    page.get_by_role("button", name="New sheet").click()
    expect(page.get_by_label("Name of this sheet")).to_be_focused()
    expect(page.get_by_label("Name of this sheet")).to_have_value("Prep sheet 2")
    page.keyboard.type("Kim Ng")  # the new name replaces the selected default
    expect(select.locator("option")).to_have_text(["Sam Lee", "Kim Ng"])
    expect(page.get_by_label("Name", exact=True)).to_have_value("")
    expect(page.locator(".cg-sheet").get_by_role("checkbox", name="Listen.")).not_to_be_checked()
    assert slots(page) == []
    page.get_by_label("Name", exact=True).fill("Kim")

    page.goto(base_url + "questions/basics/")
    expect(page.locator("button.cg-add[data-add-question='how-start']")).to_have_text("Add to my prep sheet")
    add(page, "who-else")
    expect(page.locator("#q-who-else + .cg-qmeta .cg-added")).to_have_text("On “Kim Ng”")

    page.goto(base_url + "prep/sheet/")
    expect(select).to_have_value(page.locator("option", has_text="Kim Ng").get_attribute("value") or "")
    assert slots(page) == [WHO_ELSE]
    select.select_option(label="Sam Lee")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Sam")
    expect(page.get_by_label("Name of this sheet")).to_have_value("Sam Lee")
    expect(page.locator(".cg-sheet").get_by_role("checkbox", name="Listen.")).to_be_checked()
    assert slots(page) == [HOW_START]

    page.reload()  # the choice of sheet persists too
    expect(page.get_by_label("Name", exact=True)).to_have_value("Sam")
    page.get_by_role("button", name="Delete this sheet").click()
    assert dialogs[-1] == "confirm: Delete the prep sheet “Sam Lee” and everything on it?"
    expect(select.locator("option")).to_have_text(["Kim Ng"])
    expect(page.get_by_label("Name", exact=True)).to_have_value("Kim")
    expect(page.locator(".cg-sheet-bar .cg-status")).to_have_text("Deleted “Sam Lee”. Now showing “Kim Ng”.")
    keys = page.evaluate("Object.keys(localStorage)")
    assert not [k for k in keys if ":sheet:p1:" in k], keys


def test_ics_download_has_valid_reminders_at_the_right_times(page: Page, base_url: str) -> None:
    page.goto(base_url + "prep/sheet/")
    download_button = page.get_by_role("button", name="Download follow-up reminders (.ics)")
    download_button.click()  # no date yet: told so, focus on the field, nothing downloaded
    expect(page.locator(".cg-reminders .cg-status")).to_have_text("Enter the date and time of the conversation first.")
    expect(page.get_by_label("Date and time")).to_be_focused()

    name = "Zoë Müller, Ph.D.; “data” lead at Ünïcode GmbH \\ Co, a name long enough to need folding"
    page.get_by_label("Name of this sheet").fill(name)
    page.get_by_label("Date and time").fill("2025-03-28T14:30")  # Berlin, UTC+1; summer time starts on the 30th
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "follow-up-zoe-muller-ph-d-data-lead-at-unicode-gmb.ics"
    data = download.path().read_bytes()

    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line ends in CRLF
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    assert any(line.startswith(b" ") for line in lines)  # long lines were folded
    data.decode("utf-8")  # folding never splits a character

    cal = icalendar.Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    assert len(events) == 2
    thanks, check_in = events
    utc = dt.UTC
    assert thanks.decoded("DTSTART") == dt.datetime(2025, 3, 29, 13, 30, tzinfo=utc)  # 24 hours later
    assert check_in.decoded("DTSTART") == dt.datetime(2025, 6, 26, 12, 30, tzinfo=utc)  # 90 days, 14:30 CEST
    for event in events:
        assert event["UID"] and event.decoded("DTSTAMP").tzinfo is not None
        assert event.decoded("DURATION") == dt.timedelta(minutes=15)
        assert event.walk("VALARM")
    assert str(thanks["SUMMARY"]) == f"Thank-you due: {name}"  # escaped and folded, and parsed back intact
    assert str(check_in["SUMMARY"]) == f"Check in: {name}"
    assert "(conversation: Friday, 28 March 2025 at 14:30)" in str(thanks["DESCRIPTION"])  # local time, en-GB
    assert thanks["UID"] != check_in["UID"]
    assert b"SUMMARY:Thank-you due: Zo\xc3\xab M\xc3\xbcller\\, Ph.D.\\; " in data.replace(b"\r\n ", b"")
