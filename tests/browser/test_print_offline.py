"""Paper and offline, checked in Chromium: the prep sheet fits two pages in A4 and Letter, filled or
blank; print styles keep boxes and drop the chrome; the offline build searches from file://."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from helpers import FROM_FILE, check_offline_reader
from playwright.sync_api import Page, expect

from generator import commands

pytestmark = pytest.mark.browser
ROOT = Path(__file__).parents[2]


def page_count(data: bytes) -> int:
    """Pages in a PDF."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


LONG = (
    "Priya Raman, senior transport planner, found via alumni network of the geography department "
    "and the Transport Camp talk on rural bus networks, introduced by Dr Okafor"
)
NOTES = "A line of notes about this person and the field, long enough to wrap on paper at least once.\nA second line."


def fill_sheet(page: Page, default_url: str) -> None:
    """A prep sheet filled as a reader would, with long values: every field, eight questions from the
    banks and two of the reader's own, an answer under each, some ticks."""
    page.goto(default_url + "questions/best/")
    buttons = page.locator("button.cg-add")
    for i in range(8):
        buttons.nth(i).click()
    page.goto(default_url + "prep/interview/")
    for field in page.locator(".cg-sheet input[data-field]").all():
        kind = field.get_attribute("type") or ""
        values = {
            "date": "2026-12-01",
            "datetime-local": "2026-12-01T10:30",
            "number": "30",
            "email": "priya@example.org",
        }
        field.fill(values.get(kind, LONG))
    for area in page.locator(".cg-sheet textarea[data-field]").all():
        area.fill(NOTES)
    for text in ("What would you do differently if you started again today?", "Who decides on new routes?"):
        page.get_by_label("Your own question").fill(text)
        page.get_by_role("button", name="Add question").click()
    for answer in page.get_by_role("textbox", name="Answer").all():
        answer.fill("They said this, at some length, and it is worth keeping word for word here.")
    for box in page.locator(".cg-sheet input[type=checkbox]").all()[:6]:
        box.check()


# A blank sheet fits two pages; a filled one (long values, ten questions with answers and room under each)
# at most three: A4 and Letter both.
@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("filled", [False, True], ids=["blank", "filled"])
def test_prep_sheet_prints_on_two_pages_blank_and_three_filled(
    page: Page, default_url: str, paper: str, filled: bool
) -> None:
    if filled:
        fill_sheet(page, default_url)
    else:
        page.goto(default_url + "prep/interview/")
    pages = page_count(
        page.pdf(format=paper, margin={"top": "16mm", "bottom": "16mm", "left": "15mm", "right": "15mm"})
    )
    assert 1 <= pages <= (3 if filled else 2)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_filled_values_print_whole_and_text_areas_keep_room_to_write(page: Page, default_url: str, paper: str) -> None:
    fill_sheet(page, default_url)
    width = {"A4": 794, "Letter": 816}[paper] - 2 * 57  # CSS pixels of the paper, less 15 mm margins
    page.set_viewport_size({"width": width, "height": 1000})
    page.emulate_media(media="print")
    role = page.get_by_label("Role")
    expect(role).to_be_hidden()  # the input, which cuts its value at its width, gives way to its copy
    copy = page.locator("#field-interview-role + .cg-print-value")
    expect(copy).to_be_visible()
    expect(copy).to_have_text(LONG)
    box = copy.evaluate("n => [n.scrollWidth, n.clientWidth, n.getClientRects().length, n.offsetHeight]")
    assert box[0] <= box[1]  # nothing runs past the edge
    line = page.locator(".cg-help").first.evaluate("n => parseFloat(getComputedStyle(n).lineHeight) || 16")
    assert box[3] > 1.5 * line  # it wrapped onto more lines instead of being cut
    when = page.locator("#field-interview-date-time + .cg-print-value")
    expect(when).to_have_text("Tuesday, 1 December 2026 at 10:30")  # the reader's locale, en-GB
    notes = page.locator("#field-interview-notes + .cg-print-value")
    expect(notes).to_have_text(NOTES)
    expect(page.locator("#field-interview-notes ~ .cg-lines span:visible")).to_have_count(2)  # room by hand
    expect(page.locator("ol.cg-slots .cg-own-text").first).to_be_hidden()
    expect(page.locator("ol.cg-slots .cg-qtext:visible")).to_have_count(10)
    expect(page.locator("ol.cg-slots .cg-answer .cg-print-value:visible")).to_have_count(10)


def test_print_styles_keep_boxes_and_values_and_drop_the_chrome(page: Page, default_url: str) -> None:
    fill_sheet(page, default_url)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".cg-sheet-bar", ".cg-own-add"):
        expect(page.locator(chrome).first).to_be_hidden()
    box = page.locator(".cg-sheet input[type=checkbox]").first
    style = box.evaluate("b => [getComputedStyle(b).borderTopStyle, getComputedStyle(b, '::after').content]")
    assert style == ["solid", '"✓"']  # a border and a glyph: no background that paper would drop
    unticked = page.locator(".cg-sheet input[type=checkbox]").last
    assert unticked.evaluate("b => getComputedStyle(b, '::after').content") in ("none", "normal")
    copy = page.locator(".cg-sheet input[data-field] + .cg-print-value").first
    assert copy.evaluate("f => getComputedStyle(f).borderBottomStyle") == "solid"
    expect(copy).to_have_text(LONG)


def test_blank_sheet_prints_lines_for_questions_and_answers(page: Page, default_url: str) -> None:
    page.goto(default_url + "prep/interview/")
    page.emulate_media(media="print")
    slots = page.locator("ol.cg-slots li")
    expect(slots).to_have_count(8)
    for slot in slots.all():  # a line for the question, two for its answer
        expect(slot.locator(".cg-line")).to_be_visible()
        expect(slot.locator(".cg-lines span:visible")).to_have_count(2)


def test_pdfs_come_with_the_site_and_are_linked(default_site: Path) -> None:
    downloads = default_site / "downloads"
    names = sorted(p.name for p in downloads.glob("*.pdf"))
    assert "informational-interviews.pdf" in names
    assert "informational-interviews-interview-blank.pdf" in names
    assert len([n for n in names if "-step-" in n]) == 6
    assert page_count((downloads / "informational-interviews-interview-blank.pdf").read_bytes()) <= 2
    links = (default_site / "print/index.html").read_text(encoding="utf-8")
    for name in names:
        assert f'href="../downloads/{name}"' in links
    assert 'href="../downloads/informational-interviews-offline.zip"' in links


def test_offline_zip_is_a_whole_site(default_site: Path) -> None:
    with zipfile.ZipFile(default_site / "downloads/informational-interviews-offline.zip") as archive:
        names = set(archive.namelist())
        assert "informational-interviews/index.html" in names
        assert "informational-interviews/search/search_index.js" in names
        assert "informational-interviews/assets/coachguide/iframe-worker.js" in names
        index = archive.read("informational-interviews/index.html").decode()
    assert "unpkg.com" not in index


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return commands.build(ROOT / "mkdocs.yml", site_dir=tmp_path_factory.mktemp("offline") / "site", offline=True)


def test_offline_site_searches_and_navigates_from_file_with_no_other_host(page: Page, offline_site: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    hrefs = check_offline_reader(
        page, offline_site / "index.html", query="who else should I talk to", step="Prepare for the conversation"
    )
    assert any(h.endswith("#q-close-who-else") for h in hrefs)
    assert [url for url in requests if not url.startswith(FROM_FILE)] == []
