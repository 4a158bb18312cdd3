"""What a built page runs before its first paint: Material's script bundle deferred where nothing depends on it running
earlier.

Material's base.html loads its bundle at the end of the body without `defer`, so the parser stops for it and a
browser (and Lighthouse's model of one) counts it, its 114 KB and its start-up, as blocking the first paint. Deferred,
it runs once the page is parsed, still before DOMContentLoaded and before the scripts that follow it in the page, which
is what it expects. That holds only if every script after it is deferred too (or async, or a module): an inline or
plain script after it may use what the bundle sets up (`document$`, as Material's documentation shows), and would then
run first. Such a page is left as Material wrote it.

No MkDocs here: the plugin hands in each page's HTML (on_post_page).
"""

from __future__ import annotations

import re

# The bundle as Material 9's base.html writes it (`{{ 'assets/javascripts/bundle.<hash>.min.js' | url }}`).
_BUNDLE = re.compile(r'<script src="([^"<>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_DATA = re.compile(r"""\btype=["']?application/(?:ld\+)?json\b""", re.IGNORECASE)  # not run: __config
_LATE = re.compile(r"""\s(?:defer|async)\b|\btype=["']?module\b""", re.IGNORECASE)
_SRC = re.compile(r"\ssrc=", re.IGNORECASE)


def runs_late(attributes: str) -> bool:
    """True when a script with these attributes runs after the document is parsed, or is not run at all."""
    return bool(_DATA.search(attributes) or (_SRC.search(attributes) and _LATE.search(attributes)))


def defer_bundle(html: str) -> str:
    """The page with Material's bundle deferred, when every script after it runs late as well; else as it is."""
    bundle = _BUNDLE.search(html)
    if bundle is None:
        return html
    if not all(runs_late(tag[1]) for tag in _SCRIPT.finditer(html, bundle.end())):
        return html
    return f'{html[: bundle.start()]}<script src="{bundle[1]}" defer></script>{html[bundle.end() :]}'
