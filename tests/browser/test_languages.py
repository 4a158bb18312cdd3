"""A guide in another language: the German starter (`coachguide new --language de`), built strictly and read in
Chromium after its scripts ran. No English interface text is left anywhere a reader meets it: visible text,
labels for assistive technology, tooltips, placeholders, the print pages, the .ics and CSV downloads; and
search finds German words."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_cli
from playwright.sync_api import Page, expect

from generator.messages import PLACEHOLDER, catalogue, shipped_catalogue

from .conftest import serve_folder

pytestmark = pytest.mark.browser


def _forms(value: object) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [str(value)]


def english_only(lang: str) -> tuple[set[str], set[str]]:
    """English interface texts a page in `lang` must not show: whole texts (for labels, buttons, options) and
    their fixed fragments of three words or more (for sentences with values filled in). Texts the language
    writes the same way (PDF, Person, Status, Trends) are not English-only."""
    english, other = shipped_catalogue("en"), shipped_catalogue(lang)
    # A word both languages use ("Start" is German for the home page) is not English-only anywhere.
    everything = {re.sub(r"[\[\]]", "", t).strip() for value in other.values() for t in _forms(value)}
    whole: set[str] = set()
    fragments: set[str] = set()
    for key, value in english.items():
        theirs = set(_forms(other[key]))
        for text in _forms(value):
            if text in theirs or key.startswith(("cli.", "starter.")):
                continue
            plain = re.sub(r"[\[\]]", "", text).strip()
            if not PLACEHOLDER.search(plain) and plain not in everything:
                whole.add(plain)
            for piece in PLACEHOLDER.split(plain)[::2]:
                piece = piece.strip(" .,:;()“”")
                if len(piece.split()) >= 3 and not any(piece in t for form in theirs for t in [form]):
                    fragments.add(piece)
    return whole, fragments


# Everything a reader (or a screen reader) meets on the page: visible text, and the words in attributes.
READ_PAGE = """() => {
  const attrs = [...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')]
    .filter((el) => !el.closest('[hidden]'))
    .flatMap((el) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => el.getAttribute(a)).filter(Boolean));
  const labels = [...document.querySelectorAll('button, label, legend, option, th, caption, a, h1, h2, h3, summary, span, p, li')]
    .filter((el) => el.offsetParent !== null || el.tagName === 'OPTION')
    .map((el) => el.textContent.trim());
  return { text: document.body.innerText, attrs, labels };
}"""


@contextlib.contextmanager
def starter_site(root: Path, lang: str) -> Iterator[tuple[Path, str]]:
    project = root / "leitfaden"
    assert run_cli("new", str(project), "--language", lang, cwd=root).returncode == 0
    built = run_cli("-f", str(project / "mkdocs.yml"), "build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    with serve_folder(project / "site") as url:
        yield project / "site", url


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    with starter_site(tmp_path_factory.mktemp("de"), "de") as site:
        yield site


def pages_of(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("index.html")
        if "search" not in p.parts and "assets" not in p.parts
    )


def assert_no_english(page: Page, where: str, lang: str = "de") -> None:
    whole, fragments = english_only(lang)
    seen = page.evaluate(READ_PAGE)
    found = sorted({t for t in seen["attrs"] + seen["labels"] if t in whole})
    found += sorted(f for f in fragments if f in seen["text"] or any(f in a for a in seen["attrs"]))
    assert found == [], f"English interface text on {where}: {found}"


@pytest.mark.parametrize("lang", ["de", "fr", "es"])
def test_every_page_speaks_the_guides_language_after_its_scripts_ran(page: Page, tmp_path: Path, lang: str) -> None:
    t = catalogue(lang).text
    with starter_site(tmp_path, lang) as (site, url):
        paths = pages_of(site)
        assert {"", "steps/prepare/", "prep/conversation/", "tracker/", "conversation/", "outreach/request/"} <= set(
            paths
        )
        # Something on the sheet first, so the scripts draw their fuller states (slots, tracker rows, questions).
        page.goto(url + "questions/opening/")
        page.get_by_role("button", name=t("script.add")).first.click()
        sheet = t("script.sheet.numbered", n=1)
        expect(page.locator(".cg-added").first).to_have_text(t("script.sheet.on", sheet=sheet))
        for path in paths:
            page.goto(url + path)
            page.wait_for_load_state("load")
            expect(page.locator("html")).to_have_attribute("lang", lang)
            assert_no_english(page, path or "the home page", lang)
        page.goto(url + "print/guide/")
        page.emulate_media(media="print")
        assert_no_english(page, "the printed guide", lang)


def test_german_prep_sheet_composer_and_tracker_at_work(page: Page, german_site: tuple[Path, str]) -> None:
    _, url = german_site
    page.goto(url + "prep/conversation/")
    expect(page.locator(".cg-checklist-bar .cg-count").first).to_have_text("0 von 4 erledigt")
    page.get_by_label("Eigene Frage").fill("Wie sieht ein typischer Tag aus?")
    page.get_by_role("button", name="Frage hinzufügen").click()
    expect(page.locator(".cg-own-add .cg-status")).to_have_text("Ihre Frage steht jetzt an Stelle 1.")
    page.get_by_role("button", name="Kalenderdatei herunterladen (.ics)").click()
    expect(page.locator(".cg-reminders .cg-status")).to_have_text(
        "Geben Sie zuerst Datum und Uhrzeit des Gesprächs ein."
    )
    page.get_by_label("Datum und Uhrzeit").fill("2024-05-02T10:00")
    with page.expect_download() as info:
        page.get_by_role("button", name="Kalenderdatei herunterladen (.ics)").click()
    assert info.value.suggested_filename == "gespraech-vorbereitungsbogen-1.ics"
    ics = Path(info.value.path()).read_text(encoding="utf-8").replace("\r\n ", "")
    assert "SUMMARY:Gespräch: Vorbereitungsbogen 1" in ics
    # The date as German writes it, in the guide's language whatever the browser's (en-GB here).
    assert "am Donnerstag\\, 2. Mai 2024 um 10:00" in ics
    assert not re.search(r"Conversation|Confirm|Thank-you|Check in|minutes", ics), ics

    page.goto(url + "outreach/request/")
    expect(page.locator(".cg-compose-form legend")).to_have_text("Lücken ausfüllen")
    expect(page.locator(".cg-compose-tools .cg-count")).to_contain_text("Noch auszufüllen:")
    assert page.get_by_label("Ihr Name").get_attribute("placeholder") == "z. B. Jonas Weber"
    assert_no_english(page, "the composer")

    page.goto(url + "tracker/")
    expect(page.locator(".cg-tracker-table tbody tr")).to_have_count(1)
    with page.expect_download() as info:
        page.get_by_role("button", name="Als CSV herunterladen").click()
    assert re.fullmatch(r"leitfaden-kontakte-\d{4}-\d\d-\d\d\.csv", info.value.suggested_filename)
    header = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert (
        header
        == "Name,Organisation,Woher Sie sich kennen,Stand,Als Nächstes,Fällig,Angefragt am,Gespräch,Dank gesendet,Nächste Kontaktaufnahme"
    )


def test_german_search_finds_german_words(page: Page, german_site: tuple[Path, str]) -> None:
    _, url = german_site
    page.goto(url)
    page.locator("label.md-search__icon, .md-search__input").first.click(force=True)
    page.locator("input.md-search__input").press_sequentially("vorbereiten", delay=5)
    results = page.locator("li.md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_visible()
    assert any("steps/prepare/" in (href or "") for href in results.evaluate_all("as => as.map(a => a.href)"))
    # Material's own interface text is German too (theme.language follows guide.yml).
    expect(page.locator(".md-search-result__meta")).not_to_contain_text("matching")


def test_the_catalogue_check_itself_would_catch_english(page: Page, german_site: tuple[Path, str]) -> None:
    """The scan is not vacuous: an English label put into the page is found."""
    _, url = german_site
    page.goto(url + "prep/conversation/")
    page.evaluate(
        "() => document.querySelector('.cg-sheet-bar').append(Object.assign(document.createElement('button'), {textContent: 'New sheet'}))"
    )
    with pytest.raises(AssertionError, match="New sheet"):
        assert_no_english(page, "a page with an English button")
    assert catalogue("de").text("script.sheet.new") != "New sheet"
