"""Print pages of the built site to PDF with Chromium (through Playwright), reproducibly.

Chromium lays out Material's pages with the print stylesheet as a reader's browser would. WeasyPrint
installs without system packages but cannot lay out Material's HTML, hence Chromium.
"""

from __future__ import annotations

import asyncio
import io
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from generator import browsers

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI and build machines run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class PdfError(Exception):
    """PDFs could not be made; the message says what to install or switch off."""


def _pdf_date() -> str:
    """The build time as a PDF date, from SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch))


def dictionaries(value: Any) -> list[Any]:
    """The dictionaries in a value that a PDF may give as one object or an array (/K, /A)."""
    import pikepdf

    items = list(value) if isinstance(value, pikepdf.Array) else [value]
    return [item for item in items if isinstance(item, pikepdf.Dictionary)]


def structure_elements(tree: Any) -> Iterator[Any]:
    """The structure elements under a tagged PDF's structure tree root, in document order."""
    # Kids are elements (with /S), marked-content ids or references to content; a stack, not recursion,
    # because the tree is as deep as the page's HTML.
    stack = [kid for kid in reversed(dictionaries(tree.get("/K"))) if "/S" in kid]
    while stack:
        element = stack.pop()
        yield element
        stack.extend(kid for kid in reversed(dictionaries(element.get("/K"))) if "/S" in kid)


def _renumber_structure_ids(document: Any) -> None:
    """Name the structure elements that carry an /ID (table headers) by their order in the document.

    Chromium names them after DOM node ids, which the renderer hands out on demand from one counter;
    paint timing and other work before printing take numbers too, more or fewer as the machine is
    busier, so the same page printed twice under load got different names.
    """
    import pikepdf

    tree = document.Root.get("/StructTreeRoot")
    if tree is None:
        return
    named = [element for element in structure_elements(tree) if "/ID" in element]
    new_ids = {bytes(e.ID): pikepdf.String(f"node{number:08d}") for number, e in enumerate(named, 1)}
    for element in structure_elements(tree):
        if "/ID" in element:
            element.ID = new_ids[bytes(element.ID)]
        for attributes in dictionaries(element.get("/A")):
            if "/Headers" in attributes:
                attributes.Headers = pikepdf.Array(new_ids.get(bytes(h), h) for h in attributes.Headers)
    if "/IDTree" in tree:
        # A name tree lists its keys in byte order; the new names keep the document order, which is that.
        names = [item for e in named for item in (e.ID, e)]
        tree.IDTree = document.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(names)))


def _reproducible(data: bytes) -> bytes:
    """The same PDF with nothing in it that depends on when or how busily it was printed.

    pikepdf (qpdf) edits the PDF as objects and writes it again with its offsets right; the /ID it
    writes is a digest of the content (deterministic_id), not of the time.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as document:
        for key in ("/CreationDate", "/ModDate"):
            if key in document.docinfo:  # Chromium stamps the current time
                document.docinfo[key] = _pdf_date()
        _renumber_structure_ids(document)
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()


# Where the pages are served from while printing when the site has no site_url (a reserved name).
NO_SITE_URL = "https://coachguide.invalid/"
# Without a site_url, links to other pages of the site have no address to point to in a PDF: unlink them.
_UNLINK_SITE_LINKS = """base => {
  for (const a of document.querySelectorAll("a[href]")) {
    const same_page = a.href.split("#")[0] === location.href.split("#")[0];
    if (a.href.startsWith(base) && !same_page) a.removeAttribute("href");
  }
}"""


def serve_site_files(site_dir: Path, base: str) -> Callable[[Any], Any]:
    """A route handler that answers requests under `base` from the built site, and nothing else.

    The pages are served at the site's own address rather than opened from file://, so links in the PDFs
    point to the published pages (not to the build folder, which differs on every build), and nothing
    outside the built site (a local file that content links to) can be read into a PDF. It returns what
    the route's method returns: nothing under Playwright's sync API, an awaitable under its async API.
    """
    root = site_dir.resolve()
    base_path = urlsplit(base).path

    def handle(route: Any) -> Any:
        url = route.request.url.split("#")[0].split("?")[0]
        if not url.startswith(base):
            return route.abort()  # another host: nothing is fetched from the network while printing
        path = unquote(urlsplit(url).path)[len(base_path) :]
        target = (root / path).resolve()
        if target.is_dir():
            target = target / "index.html"
        if target.is_relative_to(root) and target.is_file():
            return route.fulfill(path=target)
        return route.fulfill(status=404, body="")

    return handle


# Pages printed at once, in tabs of one browser: while one tab waits on layout or on the PDF, another works.
PARALLEL_PAGES = 4


def print_to_pdf(
    site_dir: Path, jobs: Sequence[tuple[str, str, str]], *, site_url: str | None = None, browser: str | None = None
) -> str:
    """For each (page, pdf, paper) of site-relative paths and a paper size ("A4" or "Letter", as Playwright
    names them), print the page to the PDF. `browser`: the plugin's option (see browsers.find). Returns the
    path of the browser that printed.

    One browser prints them all, up to PARALLEL_PAGES pages at a time; each PDF is made reproducible
    on its own, so the order in which they finish changes nothing.
    """
    try:
        import pikepdf  # noqa: F401  (checked here, before printing, rather than after the first page)
        from playwright.async_api import Error, async_playwright
    except ImportError:
        raise PdfError("PDFs need Playwright and pikepdf: pip install 'coachguide[pdf]', or set pdf: false") from None
    try:
        executable = browsers.find(browser).path
    except browsers.BrowserNotFound as exc:
        raise PdfError(str(exc)) from None
    # The printing runs its own asyncio loop on a thread of its own: a caller may have a loop running
    # on this thread (its own Playwright session, a notebook), where asyncio.run would refuse.
    with ThreadPoolExecutor(max_workers=1) as pool:
        printing = _print(async_playwright, site_dir, jobs, executable, site_url)
        try:
            pool.submit(asyncio.run, printing).result()
        except Error as exc:
            raise PdfError(f"{executable} could not print: {exc.message.splitlines()[0]}") from None
    return executable


async def _print(
    async_playwright: Any,
    site_dir: Path,
    jobs: Sequence[tuple[str, str, str]],
    executable: str,
    site_url: str | None,
) -> None:
    base = site_url if site_url and site_url.endswith("/") else (f"{site_url}/" if site_url else NO_SITE_URL)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context()
            await context.route("**/*", serve_site_files(site_dir, base))
            free = asyncio.Semaphore(PARALLEL_PAGES)

            async def one(source: str, target: str, paper: str) -> None:
                async with free:
                    page = await context.new_page()
                    try:
                        await page.goto(base + quote(source), wait_until="load")
                        if not site_url:
                            await page.evaluate(_UNLINK_SITE_LINKS, base)
                        data = await page.pdf(
                            format=paper,  # "A4" or "Letter", as Playwright names them
                            print_background=False,
                            outline=True,
                            tagged=True,
                            margin={"top": "16mm", "bottom": "16mm", "left": "15mm", "right": "15mm"},
                        )
                    finally:
                        await page.close()
                # pikepdf works on its own thread, so the browser goes on printing meanwhile.
                fixed = await asyncio.to_thread(_reproducible, data)
                out = site_dir / target
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(fixed)

            await asyncio.gather(*(one(source, target, paper) for source, target, paper in jobs))
        finally:
            await browser.close()
