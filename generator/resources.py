"""Where the files shipped with the generator live: default templates and browser assets."""

from __future__ import annotations

from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

PACKAGE_DIR = Path(__file__).parent
ASSETS = ("coachguide.css", "coachguide-print.css", "coachguide.js", "coachguide-picker.js")  # what the site serves
# The page scripts' pure parts, unit-tested with `node --test`; served inside each page script, not on its own.
CORE = "coachguide-core.js"
WITH_CORE = ("coachguide.js", "coachguide-picker.js")


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
    text = asset_path(name).read_text(encoding="utf-8")
    if name not in WITH_CORE:
        return text
    return "{\n" + asset_path(CORE).read_text(encoding="utf-8") + "\n" + text + "\n}\n"


def asset_text(name: str) -> str:
    """An asset as the site serves it: minified (the sources stay commented and readable)."""
    text = asset_source(name)
    return str(rcssmin.cssmin(text)) if name.endswith(".css") else str(rjsmin.jsmin(text))
