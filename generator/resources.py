"""Where the files shipped with the generator live: default templates and browser assets."""

from __future__ import annotations

from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

PACKAGE_DIR = Path(__file__).parent
ASSETS = ("coachguide.css", "coachguide.js", "coachguide-picker.js")  # what the site serves
# Served, but not on every page: coachguide.js loads the question picker on the pages that have one.
ON_DEMAND = ("coachguide-picker.js",)
# The page scripts' pure parts, unit-tested with `node --test`; served inside each page script, not on its own.
CORE = "coachguide-core.js"
WITH_CORE = ("coachguide.js", "coachguide-picker.js")
# Sources served inside another asset (before it, after it): the working set (contacts tracker, conversation
# mode) has its pure part before coachguide.js and its page behaviour after it, in the same block, where it uses
# that script's storage path (`cg`); its styles follow coachguide.css, and so do the print styles (@media print):
# no stylesheet of their own to hold up the first paint. No extra request; each source one job.
AROUND: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "coachguide.js": (("coachguide-working-core.js",), ("coachguide-working.js",)),
    "coachguide.css": ((), ("coachguide-working.css", "coachguide-print.css")),
}


def default_templates_dir() -> Path:
    """The templates shipped in the wheel, or the repository's `templates/` when run from a checkout."""
    bundled = PACKAGE_DIR / "_templates"
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / "templates"


def asset_path(name: str) -> Path:
    return PACKAGE_DIR / "assets" / name


def asset_source(name: str) -> str:
    """An asset's source as the site serves it, before minifying.

    A page script gets the core in front, both inside one block: a page still loads one file per script, and
    the core's `const core` stays in that block, so the two scripts that carry it do not collide.
    """
    before, after = AROUND.get(name, ((), ()))
    if name in WITH_CORE:
        before = (CORE, *before)
    text = "\n".join(asset_path(part).read_text(encoding="utf-8") for part in (*before, name, *after))
    return "{\n" + text + "\n}\n" if name in WITH_CORE else text


def asset_text(name: str) -> str:
    """An asset as the site serves it: minified (the sources stay commented and readable)."""
    text = asset_source(name)
    return str(rcssmin.cssmin(text)) if name.endswith(".css") else str(rjsmin.jsmin(text))
