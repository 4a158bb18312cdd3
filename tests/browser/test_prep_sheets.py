"""Prep sheets in real Chromium: fields persist, questions added from the banks land on the sheet and can
be ordered and removed, several named sheets keep their data apart, and the .ics reminders are right."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

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


def test_ics_download_holds_the_conversation_and_its_reminders(page: Page, base_url: str) -> None:
    page.goto(base_url + "prep/sheet/")
    download_button = page.get_by_role("button", name="Download calendar (.ics)")
    download_button.click()  # no date yet: told so, focus on the field, nothing downloaded
    expect(page.locator(".cg-reminders .cg-status")).to_have_text("Enter the date and time of the conversation first.")
    expect(page.get_by_label("Date and time")).to_be_focused()

    name = "Zoë Müller, Ph.D.; “data” lead at Ünïcode GmbH \\ Co, a name long enough to need folding"
    page.get_by_label("Name of this sheet").fill(name)
    page.get_by_label("Date and time").fill("2025-03-28T14:30")  # Berlin, UTC+1; summer time starts on the 30th
    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "conversation-zoe-muller-ph-d-data-lead-at-unicode-gmb.ics"
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
    assert len(events) == 4
    talk, confirm, thanks, check_in = events
    utc = dt.UTC
    # The mini guide sets no meeting length: the default, 20 minutes; it has no place field.
    assert talk.decoded("DTSTART") == dt.datetime(2025, 3, 28, 13, 30, tzinfo=utc)
    assert talk.decoded("DURATION") == dt.timedelta(minutes=20) and "LOCATION" not in talk
    assert confirm.decoded("DTSTART") == dt.datetime(2025, 3, 27, 13, 30, tzinfo=utc)  # the day before
    assert thanks.decoded("DTSTART") == dt.datetime(2025, 3, 28, 14, 50, tzinfo=utc)  # the same day, before 24 h
    assert check_in.decoded("DTSTART") == dt.datetime(2025, 6, 26, 12, 30, tzinfo=utc)  # 90 days, 14:30 CEST
    for event in events:
        assert event["UID"] and event.decoded("DTSTAMP").tzinfo is not None
        assert event.walk("VALARM")
    assert len({str(e["UID"]) for e in events}) == 4
    assert str(talk["SUMMARY"]) == f"Conversation: {name}"  # escaped and folded, and parsed back intact
    assert str(thanks["SUMMARY"]) == f"Thank-you due: {name}"
    assert str(check_in["SUMMARY"]) == f"Check in: {name}"
    assert "your conversation on Friday, 28 March 2025 at 14:30" in str(thanks["DESCRIPTION"])  # local, en-GB
    assert b"SUMMARY:Thank-you due: Zo\xc3\xab M\xc3\xbcller\\, Ph.D.\\; " in data.replace(b"\r\n ", b"")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_ics_takes_the_sheets_length_and_place_across_a_dst_change(
    browser: Browser, default_url: str, size: str
) -> None:
    context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB", accept_downloads=True, **SIZES[size])
    page = context.new_page()
    page.goto(default_url + "prep/interview/")
    page.get_by_label("Name", exact=True).fill("Priya Raman")
    page.get_by_label("Date and time").fill("2025-03-30T10:00")  # the first morning of summer time
    page.get_by_label("Length in minutes").fill("30")
    page.get_by_label("Place or video link").fill("https://meet.example/abc-def")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download calendar (.ics)").click()
    cal = icalendar.Calendar.from_ical(info.value.path().read_bytes())
    context.close()
    talk, confirm, thanks, check_in = cal.walk("VEVENT")
    utc = dt.UTC
    assert talk.decoded("DTSTART") == dt.datetime(2025, 3, 30, 8, 0, tzinfo=utc)  # 10:00 CEST
    assert talk.decoded("DURATION") == dt.timedelta(minutes=30)
    assert (
        str(talk["LOCATION"]) == "https://meet.example/abc-def" and str(talk["URL"]) == "https://meet.example/abc-def"
    )
    assert confirm.decoded("DTSTART") == dt.datetime(2025, 3, 29, 9, 0, tzinfo=utc)  # 10:00 CET, the day before
    assert thanks.decoded("DTSTART") == dt.datetime(2025, 3, 30, 9, 30, tzinfo=utc)  # an hour after it ends
    assert check_in.decoded("DTSTART") == dt.datetime(2025, 6, 28, 8, 0, tzinfo=utc)


SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def own_texts(page: Page) -> list[str]:
    return page.locator("ol.cg-slots li.cg-slot-filled .cg-own-text").evaluate_all("els => els.map(e => e.value)")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_own_questions_are_added_edited_ordered_and_answered(browser: Browser, base_url: str, size: str) -> None:
    context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB", **SIZES[size])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "questions/basics/")
    add(page, "how-start")
    page.goto(base_url + "prep/sheet/")
    expect(page.locator("ol.cg-slots li.cg-slot-blank")).to_have_count(2)  # for paper
    expect(page.locator("ol.cg-slots li.cg-slot-blank").first).to_be_hidden()  # not on screen
    own = page.get_by_label("Your own question")
    page.get_by_role("button", name="Add question").click()
    expect(page.locator(".cg-own-add .cg-status")).to_have_text("Type your question first.")
    own.fill("What would you <b>not</b> do again?")
    own.press("Enter")
    expect(page.locator(".cg-own-add .cg-status")).to_have_text("Added your question as number 2.")
    expect(own).to_have_value("")
    expect(own).to_be_focused()
    own.fill("Which team should I look at?")
    page.get_by_role("button", name="Add question").click()
    assert slots(page) == [HOW_START, "What would you <b>not</b> do again?", "Which team should I look at?"]
    expect(page.locator("ol.cg-slots b")).to_have_count(0)  # text, never HTML

    edit = page.get_by_label("Your question 2")
    edit.fill("What would you not do again?")
    expect(edit).to_be_focused()  # typing keeps the field: the list is not rebuilt under it
    page.locator("ol.cg-slots li[data-index='2'] [data-cg=up]").click()
    assert own_texts(page) == ["Which team should I look at?", "What would you not do again?"]

    answers = page.get_by_role("textbox", name="Answer")
    expect(answers).to_have_count(3)
    expect(answers.first).to_have_accessible_description(HOW_START)
    answers.first.fill("Law first, then planning.\nA lucky internship.")
    page.locator("ol.cg-slots li[data-index='0'] [data-cg=down]").click()  # the answer moves with its question
    expect(page.locator("ol.cg-slots li[data-index='1'] textarea[data-answer]")).to_have_value(
        "Law first, then planning.\nA lucky internship."
    )
    page.reload()
    assert slots(page) == [WHO_TEAM, HOW_START, "What would you not do again?"]
    expect(page.locator("ol.cg-slots li[data-index='1'] textarea[data-answer]")).to_have_value(
        "Law first, then planning.\nA lucky internship."
    )
    stored = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
    assert stored["coachguide:mini:sheet:p1:answer:how-start"] == '"Law first, then planning.\\nA lucky internship."'
    page.locator("ol.cg-slots li[data-index='1'] [data-cg=remove]").click()  # its answer goes with it
    stored = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
    assert "coachguide:mini:sheet:p1:answer:how-start" not in stored
    assert slots(page) == [WHO_TEAM, "What would you not do again?"]
    context.close()
    assert errors == []


WHO_TEAM = "Which team should I look at?"


def test_clear_questions_asks_first_and_takes_the_answers_too(page: Page, base_url: str, dialogs, stored) -> None:
    page.goto(base_url + "questions/basics/")
    add(page, "how-start")
    add(page, "pay")
    page.goto(base_url + "prep/sheet/")
    page.get_by_role("textbox", name="Answer").first.fill("By chance.")
    dialogs.answer = False
    page.get_by_role("button", name="Clear questions").click()
    assert dialogs[-1] == "confirm: Take all 2 questions, and the answers noted under them, off “Prep sheet 1”?"
    assert slots(page) == [HOW_START, PAY]
    dialogs.answer = True
    page.get_by_role("button", name="Clear questions").click()
    assert slots(page) == []
    expect(page.locator(".cg-own-add .cg-status")).to_have_text("The questions on “Prep sheet 1” were cleared.")
    assert not [k for k in stored() if ":questions" in k or ":answer:" in k]


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_add_all_shown_asks_first_and_can_be_undone(browser: Browser, base_url: str, size: str) -> None:
    context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB", **SIZES[size])
    page = context.new_page()
    asked: list[str] = []
    answer = {"yes": False}

    def on_dialog(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.accept() if answer["yes"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(base_url + "questions/basics/")
    add(page, "pay")
    add_all = page.get_by_role("button", name="Add all shown to my prep sheet")
    add_all.click()
    assert asked == ["Add 3 questions to the prep sheet “Prep sheet 1”?"]
    expect(page.locator(".cg-picker .cg-undo")).to_have_text("Nothing was added.")
    expect(page.locator("button.cg-add[data-add-question='who-else']")).to_have_text("Add to my prep sheet")
    answer["yes"] = True
    add_all.click()
    expect(page.locator(".cg-picker .cg-undo")).to_have_text("Added 3 questions to “Prep sheet 1”. Undo")
    expect(page.locator("button.cg-add[data-add-question='who-else']")).to_have_text("Remove from my prep sheet")
    add_all.click()  # nothing new to add: not asked again
    assert len(asked) == 2
    expect(page.locator(".cg-picker .cg-undo")).to_have_text("All the questions shown are already on “Prep sheet 1”.")

    page.goto(base_url + "questions/basics/")
    page.get_by_role("button", name="Add all shown to my prep sheet").click()  # nothing new: no undo offered
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)
    page.goto(base_url + "prep/sheet/")
    assert slots(page) == [PAY, HOW_START, DAY_LIKE, WHO_ELSE]
    page.goto(base_url + "questions/basics/")
    page.get_by_role("button", name="Remove from my prep sheet").first.click()  # how-start off
    page.get_by_role("button", name="Add all shown to my prep sheet").click()
    assert asked[-1] == "Add 1 question to the prep sheet “Prep sheet 1”?"
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".cg-picker .cg-undo")).to_have_text("Undone: 1 question taken off “Prep sheet 1”.")
    page.goto(base_url + "prep/sheet/")
    assert slots(page) == [PAY, DAY_LIKE, WHO_ELSE]
    context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_sheets_ticks_are_for_its_person_and_the_steps_count_their_own(
    browser: Browser, base_url: str, size: str
) -> None:
    context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB", **SIZES[size])
    page = context.new_page()
    page.goto(base_url + "prep/sheet/")
    page.get_by_label("Name of this sheet").fill("Kim Ng")
    scope = page.locator(".cg-sheet .cg-checklist-bar .cg-scope").first
    expect(scope).to_have_text("For “Kim Ng” only: ")
    page.locator(".cg-sheet").get_by_role("checkbox", name="Listen.").check()
    expect(page.locator(".cg-sheet-bar .cg-help")).to_contain_text("its ticks are for that person only")
    page.goto(base_url + "steps/second/")
    expect(page.locator(".cg-progress .cg-count")).to_have_text(
        re.compile(r"^0 of \d+ done$")
    )  # the sheet's tick is not here
    expect(page.locator(".cg-progress")).to_contain_text("A prep sheet keeps its own ticks for one person")
    page.goto(base_url)
    expect(page.locator(".cg-overall p").first).to_contain_text("0 of")
    expect(page.locator(".cg-overall .cg-help")).to_contain_text("A prep sheet keeps its own ticks for one person")
    context.close()
