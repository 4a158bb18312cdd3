"""Print pages of the built site to PDF with Chromium (through Playwright), reproducibly.

Chromium lays out Material's pages with the print stylesheet as a reader's browser would. WeasyPrint
installs without system packages but cannot lay out Material's HTML, hence Chromium.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

CHROMIUM = os.environ.get("COACHGUIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI and build machines run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAPER = {"A4": "A4", "Letter": "Letter"}


class PdfError(Exception):
    """PDFs could not be made; the message says what to install or switch off."""


def _pdf_date() -> bytes:
    """The build time as a PDF date, from SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch)).encode()


def _fix_dates(data: bytes) -> bytes:
    """Chromium stamps the current time; replace it with a fixed date of the same length (offsets stay valid)."""
    stamp = _pdf_date()

    def same_length(match: re.Match[bytes]) -> bytes:
        return match[1] + stamp[: len(match[2])].ljust(len(match[2]), b"0") + b")"

    return re.sub(rb"(/(?:CreationDate|ModDate) ?\()([^)]*)\)", same_length, data)


def print_to_pdf(site_dir: Path, jobs: Sequence[tuple[str, str]], *, paper: str = "A4") -> None:
    """For each (page, pdf) pair of site-relative paths, print the page to the PDF."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PdfError("PDFs need Playwright: pip install 'coachguide[pdf]', or set pdf: false") from None
    if not Path(CHROMIUM).exists():
        raise PdfError(f"PDFs need Chromium at {CHROMIUM} (apt-get install chromium), or set pdf: false")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            # Pages come from file://; nothing may be fetched from another host while printing.
            page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
            for source, target in jobs:
                page.goto((site_dir / source).resolve().as_uri(), wait_until="load")
                out = site_dir / target
                out.parent.mkdir(parents=True, exist_ok=True)
                data = page.pdf(
                    format=PAPER[paper],
                    print_background=False,
                    outline=True,
                    tagged=True,
                    margin={"top": "16mm", "bottom": "16mm", "left": "15mm", "right": "15mm"},
                )
                out.write_bytes(_fix_dates(data))
            browser.close()
    except Error as exc:
        raise PdfError(f"Chromium could not print: {exc.message.splitlines()[0]}") from None


def page_count(data: bytes) -> int:
    """Pages in a PDF made by Chromium (counts its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
