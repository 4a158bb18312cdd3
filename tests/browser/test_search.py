"""Finding a question: Material search lands on it, and the picker narrows the lists (real Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.project import load_guide

pytestmark = pytest.mark.browser
ROOT = Path(__file__).parents[2]


def search(page: Page, words: str) -> list[list[str]]:
    """The results after typing `words` into Material's search box: per page, the links to its sections."""
    page.locator("label.md-search__icon, .md-search__input").first.click(force=True)
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(words, delay=5)  # Material searches on key events, not on a filled value
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching"))
    # The search worker answers asynchronously: wait until the list stops changing, so the results
    # read are those for the whole query, not for a prefix typed a moment before.
    read = "items => items.map(item => [...item.querySelectorAll('a.md-search-result__link')].map(a => a.href))"
    results = page.locator("li.md-search-result__item").evaluate_all(read)
    for _ in range(20):
        page.wait_for_timeout(150)
        latest = page.locator("li.md-search-result__item").evaluate_all(read)
        if latest == results:
            break
        results = latest
    return results


def test_opening_words_of_a_question_find_its_own_link(page: Page, default_url: str) -> None:
    guide = load_guide(ROOT / "content", project_dir=ROOT)
    sample = [q for bank in guide.banks for q in bank.questions][::17]
    page.goto(default_url)
    misses = []
    for question in sample:
        words = " ".join(re.sub(r"[^\w\s'-]", " ", question.text).split()[:8])
        first_pages = search(page, words)[:3]  # each page's group lists its matching sections
        if not any(link.endswith(f"#q-{question.id}") for group in first_pages for link in group):
            misses.append((question.id, words, [[link.split("/", 3)[-1] for link in g] for g in first_pages]))
    assert misses == [], "\n".join(map(str, misses))


def test_step_pages_rank_above_passing_mentions(page: Page, default_url: str) -> None:
    page.goto(default_url)
    results = search(page, "follow up")
    assert "/steps/follow-up/" in results[0][0]


def picker_count(page: Page) -> str:
    return page.locator(".cg-picker-count").inner_text()


def test_each_filter_narrows_the_list_and_clear_restores_it(page: Page, base_url: str) -> None:
    page.goto(base_url + "questions/basics/")
    expect(page.locator(".cg-picker-count")).to_have_text("4 of 4 questions shown")
    page.get_by_label("Career stage").select_option("experienced")
    expect(page.locator(".cg-picker-count")).to_have_text("2 of 4 questions shown")
    expect(page.locator("#q-how-start")).to_be_hidden()
    expect(page.locator("#q-pay")).to_be_visible()
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator(".cg-picker-count")).to_have_text("4 of 4 questions shown")
    page.get_by_label("Phase").select_option("closing")
    expect(page.locator(".cg-picker-count")).to_have_text("1 of 4 questions shown")
    page.get_by_label("Phase").select_option("")
    page.get_by_label("TIARA").select_option("assignments")
    expect(page.locator(".cg-picker-count")).to_have_text("1 of 4 questions shown")
    page.get_by_label("TIARA").select_option("")
    page.get_by_label("Best for a short call").check()
    expect(page.locator(".cg-picker-count")).to_have_text("2 of 4 questions shown")
    page.get_by_label("Best for a short call").uncheck()
    page.get_by_label("Words").fill("salary")
    expect(page.locator(".cg-picker-count")).to_have_text("1 of 4 questions shown")
    expect(page.locator("#q-pay")).to_be_visible()
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator(".cg-picker-count")).to_have_text("4 of 4 questions shown")
    expect(page.locator("#q-how-start")).to_be_visible()


def test_picker_works_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "questions/basics/")
    page.get_by_label("Words").focus()
    page.keyboard.type("who else")
    expect(page.locator(".cg-picker-count")).to_have_text("1 of 4 questions shown")
    page.keyboard.press("Tab")  # to "Clear filters"
    page.keyboard.press("Enter")
    expect(page.locator(".cg-picker-count")).to_have_text("4 of 4 questions shown")


def test_add_all_shown_puts_the_filtered_questions_on_the_prep_sheet(page: Page, base_url: str) -> None:
    page.goto(base_url + "questions/all/")
    page.get_by_role("checkbox", name="Best for a short call").check()
    page.get_by_role("button", name="Add all shown to my prep sheet").click()
    page.goto(base_url + "prep/sheet/")
    chosen = page.locator(".cg-sheet").inner_text()
    assert "How did you start in this field?" in chosen
    assert "Who else should I talk to?" in chosen
    assert "What is a typical starting salary range?" not in chosen


def test_picker_is_built_after_instant_navigation(page: Page, instant_url: str) -> None:
    # Material runs every script element of the new page as code: the filters travel in an attribute.
    page.goto(instant_url + "steps/first/")
    page.evaluate("window.cgSamePage = true")  # survives only if navigation never reloads the page
    page.locator("article").get_by_role("link", name="Basics").click()
    expect(page).to_have_url(instant_url + "questions/basics/")
    expect(page.locator(".cg-picker-count")).to_have_text("4 of 4 questions shown")
    page.get_by_label("Career stage").select_option("experienced")
    expect(page.locator(".cg-picker-count")).to_have_text("2 of 4 questions shown")
    assert page.evaluate("window.cgSamePage") is True


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_all_questions_filter_hides_banks_with_no_match_so_matches_come_first(
    browser: Browser, default_url: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(locale="en-GB", viewport=viewport, is_mobile=viewport["width"] < 500)
    page = context.new_page()
    page.goto(default_url + "questions/all/")
    banks = page.locator("article h2[id^='all-']")
    total = banks.count()
    assert total == 12
    expect(page.locator(".cg-picker-count")).to_contain_text(f", in {total} of {total} banks")
    page.get_by_label("Words").fill("salary")
    expect(page.locator(".cg-picker-count")).not_to_contain_text(f"in {total} of")
    shown = [h for h in banks.all() if h.is_visible()]
    assert 0 < len(shown) < total
    for heading in shown:  # every bank left shows a match under it
        following = heading.evaluate(
            """h => { const out = []; for (let n = h.nextElementSibling; n && n.tagName !== 'H2'; n = n.nextElementSibling)
                 if (n.matches('.cg-question') && !n.hidden) out.push(n.textContent.toLowerCase()); return out; }"""
        )
        assert following and all("salary" in text for text in following)
    # The first thing under the filter is a matching question's bank, not an empty heading.
    first = page.locator("article h2[id^='all-']:visible, article .cg-question:visible").first
    assert first.evaluate("n => n.tagName") == "H2"
    expect(page.locator(".cg-picker-count")).to_have_text(
        f"{page.locator('article .cg-question:visible').count()} of "
        f"{page.locator('article .cg-question').count()} questions shown, in {len(shown)} of {total} banks"
    )
    page.get_by_role("button", name="Clear filters").click()
    expect(banks.locator("visible=true")).to_have_count(total)
    context.close()
