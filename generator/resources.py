"""Where the files shipped with the generator live: default templates and browser assets."""

from __future__ import annotations

from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

PACKAGE_DIR = Path(__file__).parent
ASSETS = ("coachguide.css", "coachguide-print.css", "coachguide.js", "coachguide-picker.js")


def default_templates_dir() -> Path:
    """The templates shipped in the wheel, or the repository's `templates/` when run from a checkout."""
    bundled = PACKAGE_DIR / "_templates"
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / "templates"


def asset_path(name: str) -> Path:
    return PACKAGE_DIR / "assets" / name


def asset_text(name: str) -> str:
    """An asset as the site serves it: minified (the sources stay commented and readable)."""
    text = asset_path(name).read_text(encoding="utf-8")
    return str(rcssmin.cssmin(text)) if name.endswith(".css") else str(rjsmin.jsmin(text))
