"""Checklists in real Chromium: ticks persist by id, progress adds up, N/A and reset work, with and
without Material's instant navigation, over http and from file://."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.browser


def box(page: Page, text: str, scope: str = "body") -> Locator:
    return page.locator(scope).get_by_role("checkbox", name=text, exact=True)


def na(page: Page, item: str, scope: str = "body") -> Locator:
    return page.locator(f"{scope} li.cg-check[data-item='{item}'] .cg-na-toggle")


def test_tick_persists_across_reload_under_a_key_of_ids(page: Page, base_url: str, stored) -> None:
    page.goto(base_url + "steps/first/")
    box(page, "Rank them.").check()
    page.reload()
    expect(box(page, "Rank them.")).to_be_checked()
    expect(box(page, "Ask the first one.")).not_to_be_checked()
    assert stored() == {"coachguide:mini:version": "1", "coachguide:mini:check:first:rank": '"done"'}
    box(page, "Rank them.").uncheck()
    page.reload()
    expect(box(page, "Rank them.")).not_to_be_checked()
    assert "coachguide:mini:check:first:rank" not in stored()


def test_keyboard_ticks_and_marks_not_applicable(page: Page, base_url: str) -> None:
    page.goto(base_url + "steps/first/")
    box(page, "Write down ten names.").focus()
    page.keyboard.press("Space")
    expect(box(page, "Write down ten names.")).to_be_checked()
    page.keyboard.press("Tab")  # the item's N/A toggle comes next
    expect(na(page, "list")).to_be_focused()
    expect(na(page, "list")).to_have_accessible_name("N/A (not applicable)")
    expect(na(page, "list")).to_have_accessible_description("Write down ten names.")
    page.keyboard.press("Enter")
    expect(na(page, "list")).to_have_attribute("aria-pressed", "true")
    expect(box(page, "Write down ten names.")).to_be_disabled()
    expect(box(page, "Write down ten names.")).not_to_be_checked()


def test_progress_counts_on_step_checklist_and_home(page: Page, base_url: str) -> None:
    page.goto(base_url + "steps/first/")
    progress = page.locator(".cg-progress")
    expect(progress).to_be_visible()
    expect(progress.locator(".cg-count")).to_have_text("0 of 3 done")
    box(page, "Write down ten names.").check()
    na(page, "ask").click()
    expect(progress.locator(".cg-count")).to_have_text("1 of 2 done (1 not applicable)")
    expect(page.locator(".cg-checklist-bar .cg-count")).to_have_text("1 of 2 done (1 not applicable)")
    assert page.locator(".cg-progress .cg-meter > span").evaluate("e => e.style.width") == "50%"
    box(page, "Rank them.").check()
    expect(progress.locator(".cg-count")).to_have_text("2 of 2 done (1 not applicable)")
    expect(progress).to_have_class("cg-progress cg-controls cg-js-only cg-complete")

    page.goto(base_url + "steps/second/")
    box(page, "Listen.").check()
    page.goto(base_url)
    overall = page.locator(".cg-overall")
    expect(overall).to_be_visible()
    expect(overall.locator("p .cg-count")).to_have_text("3 of 4 done (1 not applicable)")
    expect(overall.locator("li[data-step='first']")).to_contain_text("1. Find people")
    expect(overall.locator("li[data-step='first'] .cg-count")).to_have_text("2 of 2 done (1 not applicable)")
    expect(overall.locator("li[data-step='second'] .cg-count")).to_have_text("1 of 2 done")


def test_not_applicable_persists_and_toggles_back(page: Page, base_url: str, stored) -> None:
    page.goto(base_url + "steps/first/")
    box(page, "Rank them.").check()
    na(page, "rank").click()  # N/A replaces the tick
    page.reload()
    expect(na(page, "rank")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("li.cg-check[data-item='rank']")).to_have_class("cg-check cg-na")
    expect(box(page, "Rank them.")).to_be_disabled()
    assert stored()["coachguide:mini:check:first:rank"] == '"na"'
    na(page, "rank").click()
    expect(box(page, "Rank them.")).to_be_enabled()
    expect(box(page, "Rank them.")).not_to_be_checked()
    assert "coachguide:mini:check:first:rank" not in stored()


def test_reset_clears_only_this_checklist(page: Page, base_url: str, dialogs) -> None:
    page.goto(base_url + "steps/second/")
    box(page, "Listen.").check()
    page.goto(base_url + "steps/first/")
    box(page, "Rank them.").check()
    na(page, "ask").click()
    dialogs.answer = False  # a cancelled confirm changes nothing
    page.get_by_role("button", name="Reset this checklist").click()
    expect(box(page, "Rank them.")).to_be_checked()
    dialogs.answer = True
    page.get_by_role("button", name="Reset this checklist").click()
    expect(box(page, "Rank them.")).not_to_be_checked()
    expect(na(page, "ask")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".cg-progress .cg-count")).to_have_text("0 of 3 done")
    assert len(dialogs) == 2 and dialogs[0].startswith("confirm:")
    page.reload()
    expect(box(page, "Rank them.")).not_to_be_checked()
    page.goto(base_url + "steps/second/")
    expect(box(page, "Listen.")).to_be_checked()


def test_step_and_prep_sheet_checklists_keep_separate_state(page: Page, base_url: str) -> None:
    page.goto(base_url + "prep/sheet/")
    sheet = ".cg-sheet"
    box(page, "Rank them.", sheet).check()
    expect(page.locator(f"{sheet} .cg-checklist[data-checklist='first'] .cg-count").first).to_have_text("1 of 3 done")
    page.goto(base_url + "steps/first/")
    expect(box(page, "Rank them.")).not_to_be_checked()
    box(page, "Ask the first one.").check()
    page.goto(base_url + "prep/sheet/")
    expect(box(page, "Rank them.", sheet)).to_be_checked()
    expect(box(page, "Ask the first one.", sheet)).not_to_be_checked()


def test_tick_survives_instant_navigation_through_links(page: Page, instant_url: str) -> None:
    page.goto(instant_url + "steps/first/")
    page.evaluate("window.cgSamePage = true")  # survives only if navigation never reloads the page
    box(page, "Rank them.").check()
    page.locator("article").get_by_role("link", name="Basics").click()
    expect(page).to_have_url(instant_url + "questions/basics/")
    expect(page.get_by_role("button", name="Add to my prep sheet").first).to_be_visible()  # bound via document$
    page.locator("article").get_by_role("link", name="Find people").click()
    expect(page).to_have_url(instant_url + "steps/first/")
    expect(box(page, "Rank them.")).to_be_checked()
    expect(page.locator(".cg-progress .cg-count")).to_have_text("1 of 3 done")
    expect(page.locator(".cg-checklist-bar")).to_have_count(1)  # enhanced once, not once per emission
    assert page.evaluate("window.cgSamePage") is True
    box(page, "Ask the first one.").check()  # listeners still work after swaps, and fire once
    page.go_back()
    page.go_forward()
    expect(box(page, "Ask the first one.")).to_be_checked()


def test_works_from_file_url(page: Page, file_url: str, stored) -> None:
    page.goto(file_url + "steps/first/index.html")
    expect(page.locator(".cg-progress")).to_be_visible()  # ran although document$ never emits on file://
    box(page, "Rank them.").check()
    page.reload()
    expect(box(page, "Rank them.")).to_be_checked()
    page.locator("article").get_by_role("link", name="Hello email").click()
    expect(page).to_have_url(file_url + "outreach/hello/index.html")
    expect(page.get_by_role("button", name="Copy message")).to_be_visible()
    page.goto(file_url + "index.html")
    expect(page.locator(".cg-overall p .cg-count")).to_have_text("1 of 5 done")
    assert json.loads(stored()["coachguide:mini:check:first:rank"]) == "done"


def test_without_javascript_the_boxes_are_plain_and_controls_stay_hidden(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "steps/first/")
        expect(box(page, "Rank them.")).to_be_enabled()
        box(page, "Rank them.").check()  # a real checkbox, usable on screen even without the script
        expect(page.locator(".cg-progress")).to_be_hidden()
        expect(page.locator(".cg-na-toggle")).to_have_count(3)  # in the page for the script, not shown without it
        expect(page.locator(".cg-na-toggle:visible")).to_have_count(0)
        expect(page.locator(".cg-checklist-bar")).to_be_hidden()
        page.goto(base_url + "questions/basics/")
        expect(page.locator("button.cg-add").first).to_be_hidden()
        expect(page.locator(".cg-addhint")).to_be_hidden()
        page.goto(base_url + "prep/sheet/")
        expect(page.locator("ol.cg-slots li.cg-slot")).to_have_count(3)
        expect(page.locator(".cg-sheet-bar")).to_be_hidden()
    finally:
        context.close()
