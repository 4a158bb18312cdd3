"""A guide hosted under a sub-path (`site_url: https://example.org/careers/guide/`), as GitHub and GitLab
Pages host project sites: a new guide built with its PDFs is served at /careers/guide/ of a local server,
and a reader's links, search, downloads, "page not found" page and the offline zip all work there."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pikepdf
import pytest
from helpers import FROM_FILE, check_offline_reader
from playwright.sync_api import Page, Response, expect

from generator import commands
from tests.browser.conftest import serve_folder

SITE_URL = "https://example.org/careers/guide/"
PATH = "/careers/guide/"


@pytest.fixture(scope="module")
def www(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A server root with nothing but the guide, built at careers/guide/ as `coachguide new` makes it."""
    root = tmp_path_factory.mktemp("subpath")
    config = commands.new(root / "guide")
    text = config.read_text(encoding="utf-8")
    assert text.count("\n# site_url: ") == 1, "the starter's mkdocs.yml changed: update this fixture"
    config.write_text(re.sub(r"(?m)^# site_url: .*$", f"site_url: {SITE_URL}", text), encoding="utf-8")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COACHGUIDE_PDF", "true")  # as the publishing workflow sets it
        commands.build(config, strict=True, site_dir=root / "www" / PATH.strip("/"))
    return root / "www"


@pytest.fixture(scope="module")
def guide_url(www: Path) -> Iterator[str]:
    with serve_folder(www) as url:
        yield url.rstrip("/") + PATH


def failed_responses(page: Page) -> list[str]:
    """Filled as the page loads: every response that is not a success."""
    failed: list[str] = []

    def record(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", record)
    return failed


def crawl(page: Page, start: str) -> dict[str, list[str]]:
    """Every page reachable from `start` by links on the same server: page URL -> the links on it."""
    origin = urlsplit(start).netloc
    seen: dict[str, list[str]] = {}
    todo = [start]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        page.goto(url)
        hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
        seen[url] = hrefs
        for href in hrefs:
            target = href.split("#")[0]
            if urlsplit(target).netloc == origin and target.endswith("/") and target not in seen:
                todo.append(target)
    return seen


def test_every_link_stays_under_the_sub_path_and_resolves(page: Page, guide_url: str) -> None:
    failed = failed_responses(page)
    pages = crawl(page, guide_url)
    assert len(pages) >= 8, sorted(pages)
    origin = urlsplit(guide_url).netloc
    links = {h.split("#")[0] for hrefs in pages.values() for h in hrefs if urlsplit(h).netloc == origin}
    outside = sorted(link for link in links if not urlsplit(link).path.startswith(PATH))
    assert outside == []
    for link in sorted(links):
        assert page.request.get(link).status == 200, link
    assert failed == []  # the pages' own styles, scripts and images too


def test_search_finds_pages_under_the_sub_path(page: Page, guide_url: str) -> None:
    failed = failed_responses(page)
    page.goto(guide_url)
    page.locator("input.md-search__input").click(force=True)
    page.locator("input.md-search__input").press_sequentially("conversation", delay=5)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching"))
    hrefs = page.locator("a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and all(urlsplit(h).path.startswith(PATH) for h in hrefs), hrefs
    page.locator("a.md-search-result__link").first.click()
    expect(page.locator("h1")).to_be_visible()
    assert urlsplit(page.url).path.startswith(PATH)
    assert failed == []


def test_the_pdfs_download_and_link_back_to_the_published_pages(page: Page, guide_url: str, tmp_path: Path) -> None:
    page.goto(guide_url + "print/")
    hrefs = page.locator("a[href$='.pdf']").evaluate_all("els => els.map(e => e.href)")
    assert len(hrefs) == 3, hrefs
    uris = []
    for href in hrefs:
        assert urlsplit(href).path.startswith(PATH + "downloads/")
        response = page.request.get(href)
        assert (response.status, response.headers["content-type"]) == (200, "application/pdf"), href
        path = tmp_path / Path(urlsplit(href).path).name
        path.write_bytes(response.body())
        with pikepdf.open(path) as pdf:
            for pdf_page in pdf.pages:
                for annot in pdf_page.get("/Annots") or []:
                    if "/A" in annot and "/URI" in annot.A:
                        uris.append(str(annot.A.URI))
    assert uris, "the step's PDF links to its page"
    assert all(uri.startswith(SITE_URL) for uri in uris if uri.startswith("https://example.org/")), uris


def test_the_page_not_found_works_at_any_depth(page: Page, guide_url: str, www: Path) -> None:
    """A server shows 404.html at whatever address was asked for; its links must not depend on that."""
    deep = www / PATH.strip("/") / "no/such/page"
    deep.mkdir(parents=True)
    shutil.copy(www / PATH.strip("/") / "404.html", deep / "index.html")
    failed = failed_responses(page)
    page.goto(guide_url + "no/such/page/")
    expect(page.locator("h1")).to_contain_text("404")
    page.locator("a.md-header__button.md-logo").click()
    expect(page).to_have_url(re.compile(re.escape(guide_url) + r"(index\.html)?$"))
    assert failed == []


def test_the_offline_zip_downloads_and_works_from_file(page: Page, guide_url: str, tmp_path: Path) -> None:
    page.goto(guide_url)
    (href,) = set(page.locator("a[href$='-offline.zip']").evaluate_all("els => els.map(e => e.href)"))
    assert href == urljoin(guide_url, "downloads/guide-offline.zip")
    response = page.request.get(href)
    assert response.status == 200
    (tmp_path / "guide.zip").write_bytes(response.body())
    with zipfile.ZipFile(tmp_path / "guide.zip") as archive:
        archive.extractall(tmp_path / "unpacked")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    check_offline_reader(page, tmp_path / "unpacked" / "guide" / "index.html", query="conversation", step="Prepare")
    assert [url for url in requests if not url.startswith(FROM_FILE)] == []
