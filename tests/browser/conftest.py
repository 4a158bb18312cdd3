"""Browser fixtures: Debian's Chromium driven by Playwright, the mini guide served over loopback HTTP and
opened from file://. One browser per session; every test gets a fresh context, so fresh localStorage."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import CHROMIUM, copy_mini
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, sync_playwright

from generator import commands

TESTS = Path(__file__).parent.parent

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEZONE = "Europe/Berlin"  # a zone with daylight saving time, so the .ics conversion to UTC is tested


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@contextlib.contextmanager
def serve_folder(site: Path) -> Iterator[str]:
    """Serve `site` (which may be built after the server starts) on a free loopback port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


PALETTE = """  palette:
    - media: "(prefers-color-scheme)"
      primary: indigo
      accent: indigo
      toggle: {icon: material/brightness-auto, name: Switch to light mode}
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle: {icon: material/weather-night, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle: {icon: material/weather-sunny, name: Switch to the system's scheme}
"""


def _variant(dest: Path, *, instant: bool = False, palette: bool = False, site_url: str | None = None) -> Path:
    """A copy of the mini guide (made as tests/conftest.py makes it) with Material features turned on.

    Material's instant navigation intercepts only links listed in sitemap.xml, matched on the site_url's
    path and port (it swaps in the page's protocol and host only): a served copy needs the server's address.
    The palette is the shipped guide's: it follows the browser's colour scheme until the reader picks one, so
    slate can be tested."""
    config = copy_mini(dest) / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if instant:
        assert text.count("  features: [") == 1, "the mini guide's mkdocs.yml changed: update this fixture"
        text = text.replace("  features: [", "  features: [navigation.instant, ")
    if palette:
        assert text.count("  font: false\n") == 1, "the mini guide's mkdocs.yml changed: update this fixture"
        text = text.replace("  font: false\n", "  font: false\n" + PALETTE)
    if site_url:
        text = re.sub(r"(?m)^site_url: .*$", f"site_url: {site_url}", text)
    config.write_text(text, encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def base_url(mini_site: Path) -> Iterator[str]:
    """The mini guide (no instant navigation) over http://127.0.0.1."""
    with serve_folder(mini_site) as url:
        yield url


@pytest.fixture(scope="session")
def default_url(default_site: Path) -> Iterator[str]:
    """The shipped guide over http://127.0.0.1."""
    with serve_folder(default_site) as url:
        yield url


@pytest.fixture(scope="session")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini guide with navigation.instant, over http://127.0.0.1."""
    root = tmp_path_factory.mktemp("instant")
    with serve_folder(root / "site") as url:
        project = _variant(root / "mini", instant=True, site_url=url)
        commands.build(project / "mkdocs.yml", strict=True, site_dir=root / "site")
        yield url


@pytest.fixture(scope="session")
def palette_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini guide with Material's light and dark schemes, over http://127.0.0.1."""
    project = _variant(tmp_path_factory.mktemp("palette") / "mini", palette=True)
    with serve_folder(commands.build(project / "mkdocs.yml", strict=True, site_dir=project / "site")) as url:
        yield url


@pytest.fixture(scope="session")
def file_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The mini guide built for file:// (its links name each page's index.html), with instant navigation on:
    there Material's document$ completes without emitting, the trap the script must survive."""
    project = _variant(tmp_path_factory.mktemp("offline") / "mini", instant=True)
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=project / "site", offline=True)
    return site.as_uri() + "/"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium package)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(timezone_id=TIMEZONE, locale="en-GB", accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.set_default_timeout(5_000)
    yield context
    context.close()


class Dialogs(list[str]):
    """The messages of the dialogs a page opened; confirm() is answered with `self.answer`."""

    answer = True


@pytest.fixture
def dialogs() -> Dialogs:
    return Dialogs()


@pytest.fixture
def page(context: BrowserContext, dialogs: Dialogs) -> Iterator[Page]:
    """A page that fails the test on any uncaught script error and records (and accepts) dialogs."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        if dialogs.answer:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    assert errors == [], f"script errors: {errors}"


@pytest.fixture
def stored(page: Page) -> Callable[[], dict[str, str]]:
    """Everything in the page's localStorage, as stored (raw strings)."""
    return lambda: page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
