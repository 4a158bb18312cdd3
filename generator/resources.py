"""Where the files shipped with the generator live: default templates and browser assets."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

PACKAGE_DIR = Path(__file__).parent
ASSETS = ("coachguide.css", "coachguide.js", "coachguide-picker.js", "coachguide-working.js")  # what the site serves
# Served, but not on every page: coachguide.js loads the question picker on the pages that have one, and the
# working set (contacts tracker, conversation mode) on the pages of those tools.
ON_DEMAND = ("coachguide-picker.js", "coachguide-working.js")
# The page scripts' pure parts, unit-tested with `node --test`; served inside coachguide.js, not on its own. The
# scripts loaded on demand use that copy (coachguide.js hands it over as `window.coachguide`), not one of their own.
CORE = "coachguide-core.js"
WITH_CORE = ("coachguide.js",)
WITH_MESSAGES = "coachguide.js"  # carries the guide's interface text (asset_source)
# Sources served inside another asset (before it, after it): the working set's pure part goes in front of its page
# behaviour, in the same block; its styles follow coachguide.css, and so do the print styles (@media print): no
# stylesheet of their own to hold up the first paint. Each source one job.
AROUND: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "coachguide-working.js": (("coachguide-working-core.js",), ()),
    "coachguide.css": ((), ("coachguide-working.css", "coachguide-print.css")),
}


def default_templates_dir() -> Path:
    """The templates shipped in the wheel, or the repository's `templates/` when run from a checkout."""
    bundled = PACKAGE_DIR / "_templates"
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / "templates"


def asset_path(name: str) -> Path:
    return PACKAGE_DIR / "assets" / name


def asset_source(name: str, messages: Mapping[str, Any] | None = None) -> str:
    """An asset's source as the site serves it, before minifying.

    Each script is one block, with what it is served with (the core in front of coachguide.js): a page still
    loads one file per script, and the `const`s of one (`core`, `working`) stay in its block. coachguide.js
    starts with the guide's interface text, `messages` (messages.Catalogue.script_messages), as `MESSAGES`:
    one file the browser keeps, not a copy in every page.
    """
    before, after = AROUND.get(name, ((), ()))
    if name in WITH_CORE:
        before = (CORE, *before)
    text = "\n".join(asset_path(part).read_text(encoding="utf-8") for part in (*before, name, *after))
    if name == WITH_MESSAGES:
        text = f"const MESSAGES = {json_script(messages or {})};\n{text}"
    return "{\n" + text + "\n}\n" if name in ASSETS and name.endswith(".js") else text


def json_script(value: Any) -> str:
    """JSON for a script: no character can end a script element or an HTML attribute around it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, code)
    return text


def asset_text(name: str, messages: Mapping[str, Any] | None = None) -> str:
    """An asset as the site serves it: minified (the sources stay commented and readable). `messages`: the guide's
    interface text for the page scripts, served inside coachguide.js."""
    text = asset_source(name, messages)
    return str(rcssmin.cssmin(text)) if name.endswith(".css") else str(rjsmin.jsmin(text))
