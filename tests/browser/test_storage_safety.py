"""The reader's work is never lost, in real Chromium: a full storage is told from a blocked one and names
the change it could not keep; import is all or nothing; each tab keeps its own prep sheet and shows the
changes other tabs save; .ics files carry no raw control characters, whatever the reader typed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.browser

FULL = (
    "because this browser's storage for this site is full. Everything saved before is still here. Export your "
    "data from the home page to keep a copy; deleting a prep sheet you no longer need frees space."
)

# Fills the site's localStorage with keys of its own, ever smaller, until not one more character fits.
FILL_STORAGE = """() => {
    let i = 0;
    for (let size = 1 << 20; size >= 1; ) {
        try {
            localStorage.setItem("filler:" + i, "x".repeat(size));
            i++;
        } catch (e) {
            if (e.name !== "QuotaExceededError") throw e;
            size = Math.floor(size / 2);
        }
    }
    return i;
}"""

STORED = "() => Object.fromEntries(Object.entries(localStorage))"


def ours(stored: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in stored.items() if not k.startswith("filler:")}


def export(page: Page, base_url: str) -> dict:
    page.goto(base_url)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my data").click()
    return json.loads(info.value.path().read_text(encoding="utf-8"))


def upload(page: Page, path: Path, data: object) -> None:
    path.write_text(json.dumps({"format": "coachguide", "guide": "mini", "version": 1, "data": data}), encoding="utf-8")
    page.locator(".cg-import-file").set_input_files(path)


def test_a_change_that_does_not_fit_is_named_and_everything_saved_still_shows(
    page: Page, base_url: str, stored
) -> None:
    page.goto(base_url + "steps/first/")
    page.get_by_role("checkbox", name="Rank them.").check()
    page.goto(base_url + "prep/sheet/")
    goal = page.get_by_label("Your goal")
    goal.fill("Learn, listen.")
    assert page.evaluate(FILL_STORAGE) > 0

    page.reload()  # full is not blocked: what is saved shows, and nothing is said until a write fails
    expect(goal).to_have_value("Learn, listen.")
    expect(page.get_by_role("alert")).to_have_count(0)
    goal.fill("Learn, listen, thank.")
    expect(page.get_by_role("alert")).to_have_text(
        f"Not saved: your text in “Your goal” on “Prep sheet 1”, {FULL}Dismiss"
    )
    expect(goal).to_have_value("Learn, listen, thank.")  # the reader's text stays on screen, marked unsaved
    expect(goal).to_have_attribute("aria-invalid", "true")
    assert stored()["coachguide:mini:sheet:p1:field:sheet:goal"] == '"Learn, listen."'

    page.goto(base_url + "steps/first/")
    names = page.get_by_role("checkbox", name="Write down ten names.")
    names.click()
    expect(page.get_by_role("alert")).to_have_text(f"Not saved: your tick on “Write down ten names.”, {FULL}Dismiss")
    expect(names).not_to_be_checked()  # the page shows what is stored, not a tick that would vanish
    expect(page.locator(".cg-progress .cg-count")).to_have_text("1 of 3 done")

    page.reload()
    expect(page.get_by_role("checkbox", name="Rank them.")).to_be_checked()
    exported = export(page, base_url)
    assert exported["data"] == {"check:first:rank": "done", "sheet:p1:field:sheet:goal": "Learn, listen."}
    assert {"coachguide:mini:" + k for k in exported["data"]} | {"coachguide:mini:version"} == set(ours(stored()))
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text("Exported 2 saved entries.")


def test_blocked_storage_says_so_and_works_in_memory_for_the_visit(browser: Browser, base_url: str) -> None:
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }})"
    )
    page = context.new_page()
    try:
        page.goto(base_url + "prep/sheet/")
        expect(page.get_by_role("alert")).to_have_text(
            "This browser does not let the guide save anything: your ticks and notes last only until you leave "
            "the page.Dismiss"
        )
        page.get_by_label("Your goal").fill("Learn, listen.")
        page.get_by_role("button", name="New sheet").click()
        expect(page.get_by_label("Prep sheet for").locator("option")).to_have_text(["Prep sheet 1", "Prep sheet 2"])
        expect(page.get_by_label("Your goal")).to_have_value("")
        page.get_by_label("Prep sheet for").select_option(label="Prep sheet 1")
        expect(page.get_by_label("Your goal")).to_have_value("Learn, listen.")  # kept in memory
        expect(page.get_by_role("alert").filter(has_text="Not saved")).to_have_count(0)  # blocked is not full
    finally:
        context.close()


@pytest.fixture
def two_tabs(context: BrowserContext) -> Iterator[Callable[[], Page]]:
    """Pages in one context (one localStorage, separate tabs) that accept dialogs and fail on script errors."""
    errors: list[str] = []

    def open_tab() -> Page:
        tab = context.new_page()
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("dialog", lambda dialog: dialog.accept())
        return tab

    yield open_tab
    assert errors == [], f"script errors: {errors}"


def test_each_tab_writes_into_its_own_sheet_and_shows_what_other_tabs_save(
    two_tabs: Callable[[], Page], base_url: str
) -> None:
    a = two_tabs()
    a.goto(base_url + "prep/sheet/")
    a.get_by_label("Name of this sheet").fill("Sam Lee")
    b = two_tabs()
    b.goto(base_url + "prep/sheet/")
    a.get_by_role("button", name="New sheet").click()
    a.keyboard.type("Kim Ng")
    expect(b.get_by_label("Prep sheet for").locator("option")).to_have_text(["Sam Lee", "Kim Ng"])
    expect(b.get_by_label("Name of this sheet")).to_have_value("Sam Lee")  # b stays on the sheet it showed

    a.get_by_label("Your goal").fill("Ask Kim about data work.")
    b.get_by_label("Your goal").fill("Ask Sam about design.")
    expect(a.get_by_label("Your goal")).to_have_value("Ask Kim about data work.")
    kim = a.get_by_label("Prep sheet for").input_value()
    saved = a.evaluate(STORED)
    assert saved[f"coachguide:mini:sheet:{kim}:field:sheet:goal"] == '"Ask Kim about data work."'
    assert saved["coachguide:mini:sheet:p1:field:sheet:goal"] == '"Ask Sam about design."'
    a.reload()  # the choice is the tab's own, and lasts as long as the tab
    expect(a.get_by_label("Name of this sheet")).to_have_value("Kim Ng")
    c = two_tabs()
    c.goto(base_url + "prep/sheet/")
    expect(c.get_by_label("Name of this sheet")).to_have_value("Kim Ng")  # a new tab opens on the last one chosen
    c.close()

    b.get_by_label("Name of this sheet").fill("Sam Lee-Park")  # a change in one tab shows in the other
    expect(a.get_by_label("Prep sheet for").locator("option")).to_have_text(["Sam Lee-Park", "Kim Ng"])
    b.get_by_label("Prep sheet for").select_option(label="Kim Ng")
    b.get_by_role("button", name="Delete this sheet").click()
    expect(a.get_by_role("alert")).to_have_text(
        "The prep sheet this tab showed was deleted in another tab. This tab now shows “Sam Lee-Park”.Dismiss"
    )
    expect(a.get_by_label("Your goal")).to_have_value("Ask Sam about design.")

    a.goto(base_url + "steps/first/")
    b.goto(base_url + "steps/first/")
    a.get_by_role("checkbox", name="Rank them.").check()
    expect(b.get_by_role("checkbox", name="Rank them.")).to_be_checked()
    b.get_by_role("checkbox", name="Ask the first one.").check()
    expect(a.locator(".cg-progress .cg-count")).to_have_text("2 of 3 done")
    a.locator("li.cg-check[data-item='list'] .cg-na-toggle").click()
    expect(b.locator(".cg-progress .cg-count")).to_have_text("2 of 2 done (1 not applicable)")
    assert {k: v for k, v in a.evaluate(STORED).items() if ":check:" in k} == {
        "coachguide:mini:check:first:rank": '"done"',
        "coachguide:mini:check:first:ask": '"done"',
        "coachguide:mini:check:first:list": '"na"',
    }


def test_an_import_that_does_not_fit_leaves_the_data_as_it_was(
    page: Page, base_url: str, stored, tmp_path: Path
) -> None:
    page.goto(base_url + "steps/first/")
    page.get_by_role("checkbox", name="Rank them.").check()
    page.goto(base_url)
    page.evaluate(FILL_STORAGE)
    before = stored()
    upload(page, tmp_path / "big.json", {"check:first:list": "done", "sheet:p1:field:sheet:goal": "x" * 60_000})
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text(
        "That file does not fit in this browser's storage, which is full. Nothing was changed: your data here is as it was."
    )
    assert stored() == before
    expect(page.locator(".cg-overall p .cg-count")).to_have_text("1 of 5 done")

    page.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.startsWith('filler:')).forEach((k) => localStorage.removeItem(k))"
    )
    upload(
        page,
        tmp_path / "big.json",
        {"check:first:list": "done", "sheet:p1:field:sheet:goal": "x" * 60_000, "ph:first_name": ""},
    )
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text(
        "Imported 2 saved entries."
    )  # the empty one is not kept
    assert set(stored()) == {
        "coachguide:mini:version",
        "coachguide:mini:check:first:list",
        "coachguide:mini:sheet:p1:field:sheet:goal",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"sheet:p1:questions": [{"id": "pay"}]},
            "That file has 1 entry this guide cannot read (the first: “sheet:p1:questions”). Nothing was changed.",
        ),
        (["check:first:rank"], "That file is not an export of this guide's data. Nothing was changed."),
        (
            {"check:first:rank": "done", "ph:first_name": "x" * 100_000},
            "That file has a value too large to be saved here (“ph:first_name”: 100,002 characters; the limit is "
            "100,000). Nothing was changed.",
        ),
    ],
)
def test_an_invalid_import_changes_nothing(
    page: Page, base_url: str, stored, tmp_path: Path, data: object, message: str
) -> None:
    page.goto(base_url + "steps/first/")
    page.get_by_role("checkbox", name="Ask the first one.").check()
    before = stored()
    page.goto(base_url)
    upload(page, tmp_path / "bad.json", data)
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text(message)
    assert stored() == before


def test_an_oversized_file_is_refused_before_it_is_read(page: Page, base_url: str, stored, tmp_path: Path) -> None:
    page.goto(base_url)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 11_000_000)
    page.locator(".cg-import-file").set_input_files(huge)
    expect(page.locator(".cg-data-tools .cg-status")).to_have_text(
        "That file is too large to be an export of this guide's data (11.0 MB). Nothing was changed."
    )
    assert stored() == {}


def test_ics_text_has_no_raw_control_characters(page: Page, base_url: str) -> None:
    name = "Ann\rBo\nCy\r\nDi\tEd\x00Fa;Gu,Hi\\Jo\x7fKy\x1bLe\x85Mo Zoë Zoë Zoë Zoë Zoë Zoë Zoë Zoë Zoë Zoë Zoë"
    page.goto(base_url + "prep/sheet/")
    sheets = {"current": "p1", "list": [{"id": "p1", "name": name}]}
    page.evaluate(
        """(sheets) => {
            localStorage.setItem("coachguide:mini:version", "1");
            localStorage.setItem("coachguide:mini:sheets", JSON.stringify(sheets));
        }""",
        sheets,
    )
    page.reload()
    page.get_by_label("Date and time").fill("2025-03-28T14:30")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download calendar (.ics)").click()
    data = info.value.path().read_bytes()

    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    raw_controls = [line for line in lines if any(byte < 0x20 or byte == 0x7F for byte in line)]
    assert raw_controls == []  # CR and LF only as the CRLF that ends each line
    assert all(len(line) <= 75 for line in lines)
    assert all(line.decode("utf-8") for line in lines)  # folding never splits a UTF-8 sequence
    assert "\x85" not in data.decode("utf-8")

    _, _, thanks, _ = icalendar.Calendar.from_ical(data).walk("VEVENT")
    kept = "Ann\nBo\nCy\nDi EdFa;Gu,Hi\\JoKyLe\nMo" + " Zoë" * 11  # line breaks kept as \n, a tab as a space
    assert str(thanks["SUMMARY"]) == f"Thank-you due: {kept}"
    assert b"Fa\\;Gu\\,Hi\\\\Jo" in data.replace(b"\r\n ", b"")
