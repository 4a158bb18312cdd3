"""The reader's working set (issue #15) in real Chromium: the contacts tracker, conversation mode, the first
visit on a phone and a desktop, and the dark scheme's lines and touch targets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pikepdf
import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SEED = """([guide, sheets, values]) => {
    const p = `coachguide:${guide}:`;
    localStorage.setItem(p + "version", "1");
    localStorage.setItem(p + "sheets", JSON.stringify(sheets));
    for (const [k, v] of Object.entries(values)) localStorage.setItem(p + k, JSON.stringify(v));
}"""
STORED = "() => Object.fromEntries(Object.entries(localStorage))"


def seed(page: Page, url: str, people: dict[str, dict[str, str]], *, guide: str = "mini", sheet: str = "sheet") -> None:
    """One prep sheet instance per person (ids p1, p2, ...), with `people[name]` as its sheet fields."""
    page.goto(url)
    ids = {name: f"p{i}" for i, name in enumerate(people, 1)}
    sheets = {"current": "p1", "list": [{"id": ids[name], "name": name} for name in people]}
    values = {f"sheet:{ids[n]}:field:{sheet}:{field}": v for n, fields in people.items() for field, v in fields.items()}
    page.evaluate(SEED, [guide, sheets, values])


def row_names(page: Page) -> list[str]:
    return page.locator(".cg-tracker tbody .cg-tracker-name").all_text_contents()


# ---- The contacts tracker. ----


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_tracker_lists_every_person_by_what_is_due_and_each_row_opens_their_sheet(
    browser: Browser, base_url: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        seed(page, base_url, {"Ben": {}, "Ana": {"when": "2020-01-01T10:00"}, "Cy": {"when": "2099-01-01T10:00"}})
        page.goto(base_url + "tracker/")
        # Ana's thank-you (a day after her conversation in 2020) is due first, then Cy's conversation; Ben has
        # no date yet.
        assert row_names(page) == ["Ana", "Cy", "Ben"]
        ana = page.locator("tr[data-person=p2]")
        expect(ana.locator(".cg-tracker-next")).to_contain_text("Send your thank-you · 2020-01-02 (overdue)")
        expect(ana.get_by_label("Status")).to_have_value("met")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

        page.locator("#cg-t-p1-organisation").fill("Acme, Inc.")
        page.locator("#cg-t-p1-meeting").fill("2098-05-01T09:30")
        page.locator("#cg-t-p1-status").focus()  # committed: the row says what is due, and stays where it is
        expect(page.locator("tr[data-person=p1] .cg-tracker-next")).to_contain_text("Conversation · 2098-05-01")
        assert row_names(page) == ["Ana", "Cy", "Ben"]
        expect(page.locator("#cg-t-p1-organisation")).to_have_value("Acme, Inc.")
        page.reload()  # drawn whole again: sorted by what is due
        assert row_names(page) == ["Ana", "Ben", "Cy"]
        stored = page.evaluate(STORED)
        assert json.loads(stored["coachguide:mini:sheet:p1:field:sheet:tracker-organisation"]) == "Acme, Inc."
        # The sheet's own date field is the tracker's conversation date: one value, shown in both places.
        assert json.loads(stored["coachguide:mini:sheet:p1:field:sheet:when"]) == "2098-05-01T09:30"
        page.locator("#cg-t-p1-status").select_option("asked")
        assert json.loads(page.evaluate(STORED)["coachguide:mini:sheet:p1:field:sheet:tracker-status"]) == "asked"

        page.locator(".cg-tracker-name", has_text="Ben").click()
        expect(page).to_have_url(base_url + "prep/sheet/")
        expect(page.locator(".cg-sheet-select")).to_have_value("p1")
        expect(page.get_by_label("Date and time")).to_have_value("2098-05-01T09:30")
    finally:
        context.close()


def test_a_person_added_on_the_tracker_is_a_new_prep_sheet(page: Page, base_url: str) -> None:
    page.goto(base_url + "tracker/")
    assert row_names(page) == ["Prep sheet 1"]
    page.get_by_role("button", name="Add a person").click()
    expect(page.locator(".cg-tracker .cg-status")).to_have_text(
        "Added a row for Person 2: fill it in here or open the sheet."
    )
    expect(page.locator(".cg-tracker tbody tr")).to_have_count(2)
    assert page.evaluate("document.activeElement.dataset.col") == "organisation"
    page.goto(base_url + "prep/sheet/")
    assert page.locator(".cg-sheet-select option").all_text_contents() == ["Prep sheet 1", "Person 2"]


def test_tracker_csv_is_read_by_pythons_csv_module(page: Page, base_url: str) -> None:
    tricky = 'Dana "DJ" Jones, PhD'
    seed(
        page,
        base_url,
        {tricky: {"tracker-organisation": "=cmd()", "tracker-connection": "Met at a talk\non AI"}, "Eli": {}},
    )
    page.goto(base_url + "tracker/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as CSV").click()
    assert info.value.suggested_filename.startswith("mini-contacts-")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == [
        "Name", "Organisation", "How you are connected", "Status", "Next", "Due",
        "Asked on", "Conversation", "Thank-you sent", "Next check-in",
    ]  # fmt: skip
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {tricky, "Eli"}
    assert by_name[tricky][1:5] == ["'=cmd()", "Met at a talk\non AI", "To contact", "Ask for a conversation"]
    expect(page.locator(".cg-tracker .cg-status")).to_have_text("Downloaded the list as a CSV file.")


def test_tracker_prints_a_dozen_people_on_one_a4_page(page: Page, default_url: str) -> None:
    people = {
        f"Person number {i}": {
            "organisation": f"Organisation {i} with a longer name",
            "connection": "Alumni network, introduced by a former colleague",
            "date-time": f"2026-0{1 + i % 9}-1{i % 10}T10:30",
            "thank-you-sent": f"2026-0{1 + i % 9}-2{i % 10}",
            "next-check-in": f"2026-1{i % 3}-0{1 + i % 9}",
            "tracker-asked": f"2025-12-0{1 + i % 9}",
        }
        for i in range(1, 13)
    }
    seed(page, default_url, people, guide="informational-interviews", sheet="interview")
    page.goto(default_url + "tracker/")
    expect(page.locator(".cg-tracker tbody tr")).to_have_count(12)
    data = page.pdf(format="A4", margin={"top": "16mm", "bottom": "16mm", "left": "15mm", "right": "15mm"})
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1


def test_tracker_and_debrief_values_are_exported_and_imported_with_everything_else(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    seed(page, base_url, {"Ana": {"tracker-status": "thanked", "debrief_quote": "Be curious."}})
    page.goto(base_url)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export my data").click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert exported["data"]["sheet:p1:field:sheet:tracker-status"] == "thanked"
    assert exported["data"]["sheet:p1:field:sheet:debrief_quote"] == "Be curious."
    page.evaluate("localStorage.clear()")
    path = tmp_path / "export.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    page.reload()
    page.locator(".cg-import-file").set_input_files(path)
    expect(page.locator(".cg-data-tools .cg-status")).to_contain_text("Imported 3 saved entries.")
    page.goto(base_url + "tracker/")
    expect(page.locator("#cg-t-p1-status")).to_have_value("thanked")


# ---- Conversation mode. ----


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_conversation_mode_counts_down_ticks_notes_and_ends_in_a_debrief_on_the_sheet(
    browser: Browser, palette_url: str, scheme: str
) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme=scheme, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.clock.install()
        seed(page, palette_url, {"Ana": {}, "Ben": {}})
        page.evaluate(
            "localStorage.setItem('coachguide:mini:sheet:p2:questions', JSON.stringify(["
            "{id: 'how-start', text: 'How did you start?'}, {id: 'pay', text: 'What does it pay?'}]))"
        )
        page.goto(palette_url + "conversation/")
        page.locator("#cg-talk-sheet").select_option("p2")
        questions = page.locator(".cg-talk-qtext")
        expect(questions).to_have_text(["How did you start?", "What does it pay?"])
        size = float(questions.first.evaluate("q => parseFloat(getComputedStyle(q).fontSize)"))
        assert size >= 20  # large type, readable from beside a laptop
        clock = page.get_by_role("timer")
        expect(clock).to_have_text("20:00")  # the guide's default length

        minutes = page.get_by_label("minutes", exact=True)
        minutes.fill("30")
        minutes.press("Tab")
        expect(clock).to_have_text("30:00")
        page.get_by_role("button", name="Start").click()
        page.clock.run_for(60_000)
        expect(clock).to_have_text("29:00")
        page.get_by_role("button", name="Pause").click()
        page.clock.run_for(120_000)
        expect(clock).to_have_text("29:00")
        page.get_by_role("button", name="Resume").click()
        page.clock.run_for(29 * 60_000 + 5_000)
        expect(clock).to_have_text("-0:05")
        expect(page.locator(".cg-talk-bar .cg-status")).to_have_text(
            "Time is up. Thank them, and ask before you go on."
        )

        page.get_by_role("checkbox", name="Asked").first.check()
        page.get_by_label("Quick note").nth(1).fill("Ranges by region")
        page.get_by_role("button", name="End and debrief").click()
        expect(page.get_by_label("What I learned")).to_be_focused()
        for label, text in [
            ("What I learned", "Start in support."),
            ("Who to contact next", "Kim at Acme"),
            ("What I promised", "Send the article"),
            ("One thing they said", "Be curious."),
        ]:
            page.get_by_label(label).fill(text)
        stored = {
            k: json.loads(v) for k, v in page.evaluate(STORED).items() if k.startswith("coachguide:mini:sheet:p2")
        }
        prefix = "coachguide:mini:sheet:p2:field:sheet:"
        assert stored[prefix + "conversation-minutes"] == "30"
        assert stored[prefix + "talk-asked-how-start"] == "asked"
        assert stored[prefix + "talk-note-pay"] == "Ranges by region"
        assert stored[prefix + "debrief_learned"] == "Start in support."
        assert stored[prefix + "debrief_next"] == "Kim at Acme"
        assert stored[prefix + "debrief_promised"] == "Send the article"
        assert stored[prefix + "debrief_quote"] == "Be curious."

        page.reload()
        expect(page.get_by_role("checkbox", name="Asked").first).to_be_checked()
        expect(page.get_by_label("One thing they said")).to_have_value("Be curious.")
        expect(clock).to_have_text("30:00")  # this person's agreed length
        page.locator("#cg-talk-sheet").select_option("p1")
        expect(page.locator(".cg-talk-empty")).to_be_visible()
        expect(page.get_by_label("One thing they said")).to_have_value("")
    finally:
        context.close()


def test_working_set_pages_work_offline_from_file(page: Page, file_url: str) -> None:
    page.goto(file_url + "tracker/index.html")
    page.get_by_role("button", name="Add a person").click()
    page.locator("#cg-t-p1-organisation").fill("Acme")
    names = row_names(page)
    assert len(names) == 2 and "Prep sheet 1" in names
    page.goto(file_url + "conversation/index.html")
    assert page.locator("#cg-talk-sheet option").all_text_contents() == ["Prep sheet 1", "Person 2"]
    expect(page.get_by_role("timer")).to_have_text("20:00")
    page.get_by_label("What I learned").fill("Offline works")
    page.goto(file_url + "tracker/index.html")
    expect(page.locator("#cg-t-p1-organisation")).to_have_value("Acme")


def test_without_javascript_the_pages_say_they_need_it(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for path in ("tracker/", "conversation/"):
            page.goto(base_url + path)
            expect(page.locator(".cg-needs-js")).to_contain_text("needs JavaScript")
            expect(page.locator(".cg-tracker, .cg-talk")).to_be_hidden()
    finally:
        context.close()


def test_working_set_pages_are_found_by_search_without_their_controls(mini_site: Path) -> None:
    # Reader pages (issue #14): a reader who types "tracker" finds it; its buttons and labels are not text.
    index = json.loads((mini_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"prep/sheet/", "tracker/", "conversation/"} <= locations
    texts = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith(("tracker/", "conversation/")))
    for control in ("Add a person", "Download as CSV", "needs JavaScript", "<textarea", "<button"):
        assert control not in texts


# ---- The first visit. ----


def test_on_a_phone_the_first_screen_says_what_to_do(browser: Browser, default_url: str) -> None:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(default_url)
        for name in ("Start with step 1: Identify who to talk to", "Start here"):
            box = page.get_by_role("link", name=name).bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"], name
        page.get_by_role("link", name="Start here").click()
        booked = page.locator("#guide-booked + ol")
        for name in (
            "Step 3: Prepare for the conversation",
            "The best questions for a short call",
            "Conversation prep sheet",
            "Thank-you",
        ):
            expect(booked.get_by_role("link", name=name)).to_be_visible()
        tools = page.locator("#tools + ul")
        for name in ("Print and download", "an offline copy", "Contacts tracker", "Sources"):
            expect(tools.get_by_role("link", name=name, exact=True)).to_have_count(1)
    finally:
        context.close()


def test_on_a_desktop_the_home_page_shows_the_navigation(browser: Browser, default_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(default_url)
        nav = page.locator(".md-sidebar--primary")
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name="Sources")).to_be_visible()
    finally:
        context.close()


# ---- Dark mode and touch. ----


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# A line's colour (blended over what is behind it when translucent) and the background behind it, from the
# computed styles: the first ancestor with an opaque background, else the body's.
LINE_AND_BACKGROUND = """([selector, side]) => {
    const el = document.querySelector(selector);
    if (!el) return null;
    const rgba = (text) => (text.match(/[\\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
    let node = el, bg = null;
    while (node && node.nodeType === 1) {
        const c = rgba(getComputedStyle(node).backgroundColor);
        if (c[3] > 0.99) { bg = c; break; }
        node = node.parentElement;
    }
    bg = bg || rgba(getComputedStyle(document.body).backgroundColor);
    const s = getComputedStyle(el);
    const line = rgba(s.getPropertyValue(`border-${side}-color`));
    if (parseFloat(s.getPropertyValue(`border-${side}-width`)) === 0) return null;
    const mixed = line.slice(0, 3).map((c, i) => c * line[3] + bg[i] * (1 - line[3]));
    return [mixed, bg];
}"""
LINES = [
    ("steps/first/", ".cg-phase", "top"),
    ("prep/sheet/", ".cg-sheet-bar", "top"),
    ("prep/sheet/", ".cg-slot .cg-line", "bottom"),
    ("prep/sheet/", ".cg-field input", "top"),
    ("prep/sheet/", ".cg-field textarea", "top"),
    ("prep/sheet/", ".cg-sheet .cg-phase", "top"),
    ("outreach/note/", ".cg-composer", "top"),
    ("outreach/note/", ".cg-compose-form input", "top"),
    ("tracker/", ".cg-tracker-table td", "top"),
    ("conversation/", ".cg-talk-bar", "top"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_lines_and_borders_have_3_to_1_contrast_in_both_schemes(
    browser: Browser, palette_url: str, scheme: str
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport=DESKTOP)
    page = context.new_page()
    try:
        low = []
        for path, selector, side in LINES:
            page.goto(palette_url + path)
            expected = "slate" if scheme == "dark" else "default"
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
            found = page.evaluate(LINE_AND_BACKGROUND, [selector, side])
            assert found is not None, f"{path} {selector}: no {side} border"
            ratio = contrast(*found)
            if ratio < 3:
                low.append(f"{path} {selector}: {ratio:.2f}:1")
        assert low == []
    finally:
        context.close()


TARGETS = """() => Array.from(document.querySelectorAll(
    '.md-content button, .md-content input:not([type=hidden]), .md-content select, .md-content textarea, .md-content a.cg-tag'
  )).filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => { const r = el.getBoundingClientRect();
    return [el.outerHTML.slice(0, 80), Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10]; })"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_controls_are_at_least_24_css_pixels(browser: Browser, base_url: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(base_url + "questions/basics/")
        page.locator("button.cg-add[data-add-question='how-start']").click()
        small = []
        for path in ("steps/first/", "questions/basics/", "outreach/note/", "prep/sheet/", "tracker/", "conversation/"):
            page.goto(base_url + path)
            small += [f"{path} {html} {w}x{h}" for html, w, h in page.evaluate(TARGETS) if w < 24 or h < 24]
        assert small == []
    finally:
        context.close()


def test_the_scheme_follows_the_system_until_the_reader_picks_one(browser: Browser, palette_url: str) -> None:
    for system, scheme in (("light", "default"), ("dark", "slate")):
        context = browser.new_context(color_scheme=system)
        page = context.new_page()
        try:
            page.goto(palette_url)
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
            page.locator("label[for=__palette_1]").click()  # automatic -> light: the reader picks
            page.reload()
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
            page.emulate_media(color_scheme="dark" if system == "light" else "light")
            page.reload()
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
        finally:
            context.close()


def test_the_starter_has_the_shipped_palette() -> None:
    root = Path(__file__).parents[2]

    def palette(path: Path) -> str:
        text = path.read_text(encoding="utf-8")
        return text[text.index("  palette:") : text.index("\nplugins:")].strip()

    assert palette(root / "mkdocs.yml") == palette(root / "generator/starter/mkdocs.yml")
    assert '"(prefers-color-scheme)"' in palette(root / "mkdocs.yml")


# The tracker's rows as the browser holds them: each element as its tag, attributes (sorted) and children, the
# text that is not only white space; without what only the template's first row has (inert, and a name that is
# not yet a link: raw HTML cannot link to a page the MkDocs way).
ROWS = """() => {
    const shape = (node) => node.nodeType === 3 ? (node.data.trim() ? node.data : null) : [
        node.localName,
        [...node.attributes].map((a) => [a.name, a.value]).filter(([n]) => n !== "inert" && n !== "href").sort(),
        [...node.childNodes].map(shape).filter((c) => c !== null),
    ];
    return [...document.querySelectorAll(".cg-tracker tbody tr")].map(shape);
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_on_a_first_visit_the_tracker_row_is_in_the_page_before_the_script_runs(
    browser: Browser, default_url: str, viewport: dict[str, int]
) -> None:
    """Issue #16: the template writes the row a first visit shows, so the key below stays where it was laid out."""
    plain = browser.new_context(viewport=viewport, java_script_enabled=False)
    context = browser.new_context(viewport=viewport)
    try:
        page = plain.new_page()
        page.goto(default_url + "tracker/")
        written = page.evaluate(ROWS)
        assert page.locator(".cg-tracker tbody tr").get_attribute("inert") is not None
        page = context.new_page()
        page.add_init_script(
            "window.cgShift = 0; new PerformanceObserver((l) => l.getEntries().forEach((e) => (cgShift += e.value)))"
            ".observe({ type: 'layout-shift', buffered: true });"
        )
        page.goto(default_url + "tracker/")
        expect(page.locator(".cg-tracker tbody tr[inert]")).to_have_count(0)  # the script's own row replaced it
        assert page.evaluate(ROWS) == written
        assert page.locator(".cg-tracker-name").get_attribute("href", timeout=1000) == default_url + "prep/interview/"
        assert page.evaluate("cgShift") <= 0.02
    finally:
        plain.close()
        context.close()
