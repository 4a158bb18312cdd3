"""`coachguide new DIR`: write a small, valid, commented guide that builds strictly at once.

The files come from `generator/starter/` (package data); the JSON Schemas are copied beside them, so the
content files' `$schema` lines resolve in the new folder, offline, and match the generator that made them.
For another shipped language, `generator/starter-i18n/LANG/` holds the translated files that replace the
English ones, and the colour-scheme toggle's names in mkdocs.yml come from that language's catalogue.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.messages import SHIPPED, catalogue
from generator.schemas import write_schemas

STARTER_DIR = Path(__file__).parent / "starter"
TRANSLATED_DIR = Path(__file__).parent / "starter-i18n"  # LANG/ + the starter's paths, for each shipped LANG
LANGUAGES = SHIPPED
# Stored without the dot, so packaging tools never mistake it for the repository's own ignore file.
RENAMES = {"gitignore": ".gitignore"}


class ScaffoldError(Exception):
    """The guide cannot be created there; the message is one line."""


def guide_id(name: str) -> str:
    """An id for the guide from a folder name: 'Salary Talks 2' -> 'salary-talks-2'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    return slug or "my-guide"


def guide_title(name: str) -> str:
    """A title from a folder name: 'salary-talks' -> 'Salary talks'."""
    words = re.sub(r"[-_]+", " ", name).strip()
    return (words[:1].upper() + words[1:]) if words else "My guide"


def new_guide(target: Path, *, title: str | None = None, language: str = "en") -> list[Path]:
    """Create the guide in `target` (created if missing, refused unless empty), in `language` (one of
    LANGUAGES); return the files written."""
    if language not in LANGUAGES:
        raise ScaffoldError(f"no starter guide in {language!r}; choose one of {', '.join(LANGUAGES)}")
    name = target.resolve().name
    # JSON strings are valid YAML scalars, so any title is safe to place in mkdocs.yml and guide.yml.
    values = {"__ID__": guide_id(name), "__TITLE__": json.dumps(title or guide_title(name), ensure_ascii=False)}
    try:
        if target.exists() and not target.is_dir():
            raise ScaffoldError(f"{target} exists and is not a folder")
        if target.is_dir() and any(target.iterdir()):
            raise ScaffoldError(f"{target} is not empty; choose a new or empty folder")
        return _write(target, values, language)
    except OSError as exc:
        raise ScaffoldError(f"{exc.filename or target}: {exc.strerror or exc}") from None


def _write(target: Path, values: dict[str, str], language: str) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    if language != "en":
        english, texts = catalogue("en").text, catalogue(language).text
        values = values | {english(f"starter.{k}"): texts(f"starter.{k}") for k in ("to_light", "to_dark", "to_system")}
    written = []
    for source in sorted(p for p in STARTER_DIR.rglob("*") if p.is_file()):
        relative = source.relative_to(STARTER_DIR)
        dest = target / relative.parent / RENAMES.get(relative.name, relative.name)
        dest.parent.mkdir(parents=True, exist_ok=True)
        translated = TRANSLATED_DIR / language / relative
        text = (translated if translated.is_file() else source).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        dest.write_text(text, encoding="utf-8")
        written.append(dest)
    return written + write_schemas(target / "schemas")
