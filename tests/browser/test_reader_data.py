"""The reader's data in real Chromium: export, clear and import round trip; corrupt or foreign stored data
is set aside under a backup key with a notice, and the page keeps working."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

NOTICE = "Some data saved in this browser could not be read"


def fill_some(page: Page, base_url: str) -> None:
    page.goto(base_url + "steps/first/")
    page.get_by_role("checkbox", name="Rank them.").check()
    page.locator("li.cg-check[data-item='ask'] .cg-na-toggle").click()
    page.goto(base_url + "questions/basics/")
    page.locator("button.cg-add[data-add-question='pay']").click()
    page.goto(base_url + "outreach/note/")
    page.get_by_label("Their first name").fill("Sam")
    page.goto(base_url + "prep/sheet/")
    page.get_by_label("Name of this sheet").fill("Sam Lee")
    page.get_by_label("Your goal").fill("Learn, listen.")
    page.get_by_role("textbox", name="Answer").first.fill("Ranges vary.")


def test_export_clear_import_round_trip(page: Page, base_url: str, dialogs, stored, tmp_path: Path) -> None:
    fill_some(page, base_url)
    before = stored()
    page.goto(base_url)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my data").click()
    assert info.value.suggested_filename.startswith("mini-my-data-")
    exported = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert exported["format"] == "coachguide" and exported["guide"] == "mini" and exported["version"] == 1
    assert exported["data"] == {
        "check:first:rank": "done",
        "check:first:ask": "na",
        "sheet:p1:draft:note:first_name": "Sam",  # a message blank belongs to the person and the template
        "sheets": {"current": "p1", "list": [{"id": "p1", "name": "Sam Lee"}]},
        "sheet:p1:field:sheet:goal": "Learn, listen.",
        "sheet:p1:questions": [{"id": "pay", "text": "What is a typical starting salary range?"}],
        "sheet:p1:answer:pay": "Ranges vary.",
    }
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text("Exported 7 saved entries.")

    page.get_by_role("button", name="Clear everything").click()
    assert dialogs[-1].startswith("confirm: Delete all your ticks")
    assert stored() == {}
    expect(page.locator(".cg-overall p .cg-count")).to_have_text("0 of 5 done")
    page.goto(base_url + "steps/first/")
    expect(page.get_by_role("checkbox", name="Rank them.")).not_to_be_checked()

    page.goto(base_url)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(exported), encoding="utf-8")
    page.locator(".cg-import-file").set_input_files(export)
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text("Imported 7 saved entries.")
    assert stored() == before
    expect(page.locator(".cg-overall p .cg-count")).to_have_text("1 of 4 done (1 not applicable)")
    page.goto(base_url + "prep/sheet/")
    expect(page.get_by_label("Your goal")).to_have_value("Learn, listen.")
    expect(page.locator("ol.cg-slots .cg-qtext")).to_have_text(["What is a typical starting salary range?"])
    expect(page.get_by_role("textbox", name="Answer")).to_have_value("Ranges vary.")


def test_import_button_opens_a_file_chooser(page: Page, base_url: str) -> None:
    page.goto(base_url)
    with page.expect_file_chooser() as info:
        page.get_by_role("button", name="Import from a file").click()
    assert not info.value.is_multiple()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "That file is not an export of this guide's data. Nothing was changed."),
        ('{"data": {}}', "That file is not an export of this guide's data. Nothing was changed."),
        (
            '{"format": "coachguide", "guide": "other", "version": 1, "data": {}}',
            "That file belongs to another guide (“other”). Nothing was changed.",
        ),
        (
            '{"format": "coachguide", "guide": "mini", "version": 2, "data": {}}',
            "That file is from another version of this guide (2). Nothing was changed.",
        ),
    ],
)
def test_import_of_a_wrong_file_changes_nothing(
    page: Page, base_url: str, stored, tmp_path: Path, content: str, message: str
) -> None:
    page.goto(base_url + "steps/first/")
    page.get_by_role("checkbox", name="Rank them.").check()
    before = stored()
    page.goto(base_url)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    page.locator(".cg-import-file").set_input_files(bad)
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text(message)
    assert stored() == before


def test_import_with_an_unreadable_entry_changes_nothing(page: Page, base_url: str, stored, tmp_path: Path) -> None:
    page.goto(base_url + "steps/first/")
    page.get_by_role("checkbox", name="Ask the first one.").check()
    before = stored()
    page.goto(base_url)
    data = {"check:first:rank": "done", "check:first:list": "maybe", "sheets": [], "../evil": "x"}
    upload = tmp_path / "partial.json"
    upload.write_text(json.dumps({"format": "coachguide", "guide": "mini", "version": 1, "data": data}))
    page.locator(".cg-import-file").set_input_files(upload)
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text(
        "That file has 3 entries this guide cannot read (the first: “check:first:list”). Nothing was changed."
    )
    assert stored() == before  # all or nothing: not even the readable entry was imported


def test_corrupt_stored_data_is_set_aside_with_a_notice(page: Page, base_url: str, stored) -> None:
    page.goto(base_url + "steps/first/")
    page.evaluate(
        """() => {
            localStorage.setItem("coachguide:mini:version", "1");
            localStorage.setItem("coachguide:mini:check:first:list", "{not json");
            localStorage.setItem("coachguide:mini:check:first:rank", '"done"');
            localStorage.setItem("coachguide:mini:sheets", '{"current": 3}');
            localStorage.setItem("coachguide:other:check:first:list", "{also not json");
        }"""
    )
    page.reload()
    notice = page.get_by_role("alert").filter(has_text=NOTICE)
    expect(notice).to_be_visible()
    expect(page.get_by_role("checkbox", name="Rank them.")).to_be_checked()  # the good entry survives
    expect(page.get_by_role("checkbox", name="Write down ten names.")).not_to_be_checked()
    page.get_by_role("checkbox", name="Write down ten names.").check()  # and the page still works
    page.get_by_role("button", name="Dismiss").click()
    expect(notice).to_have_count(0)

    page.goto(base_url + "prep/sheet/")
    expect(page.get_by_label("Prep sheet for").locator("option")).to_have_text(["Prep sheet 1"])
    expect(page.get_by_role("alert")).to_have_count(0)  # set aside once, not reported again

    backup = json.loads(stored()["coachguide-backup:mini"])
    assert backup == {"coachguide:mini:check:first:list": "{not json", "coachguide:mini:sheets": '{"current": 3}'}
    assert stored()["coachguide:other:check:first:list"] == "{also not json"  # another guide's data is not ours

    page.goto(base_url)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my data").click()
    exported = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert exported["setAside"] == backup  # the reader can still get at what was set aside
    assert exported["data"] == {"check:first:list": "done", "check:first:rank": "done"}
    page.get_by_role("button", name="Clear everything").click()
    assert stored() == {"coachguide:other:check:first:list": "{also not json"}


def test_data_from_another_version_is_set_aside_whole(page: Page, base_url: str, stored) -> None:
    page.goto(base_url + "steps/first/")
    page.evaluate(
        """() => {
            localStorage.setItem("coachguide:mini:version", "7");
            localStorage.setItem("coachguide:mini:check:first:rank", '"done"');
        }"""
    )
    page.reload()
    expect(page.get_by_role("alert").filter(has_text=NOTICE)).to_be_visible()
    expect(page.get_by_role("checkbox", name="Rank them.")).not_to_be_checked()
    assert json.loads(stored()["coachguide-backup:mini"]) == {
        "coachguide:mini:version": "7",
        "coachguide:mini:check:first:rank": '"done"',
    }
    page.get_by_role("checkbox", name="Ask the first one.").check()
    page.reload()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("checkbox", name="Ask the first one.")).to_be_checked()


def test_blocked_storage_still_lets_the_page_work(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    # A browser that refuses storage (as with cookies blocked) throws on any localStorage access.
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }})"
    )
    page = context.new_page()  # Material's inline head script throws here; the guide's script must not
    try:
        page.goto(base_url + "steps/first/")
        expect(page.get_by_role("alert")).to_contain_text("does not let the guide save anything")
        page.get_by_role("checkbox", name="Rank them.").check()
        expect(page.locator(".cg-progress .cg-count")).to_have_text("1 of 3 done")
        page.reload()
        expect(page.get_by_role("checkbox", name="Rank them.")).not_to_be_checked()  # memory only, as announced
    finally:
        context.close()
