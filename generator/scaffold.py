"""`coachguide new DIR`: write a small, valid, commented guide that builds strictly at once.

The files come from `generator/starter/` (package data); the JSON Schemas are copied beside them, so the
content files' `$schema` lines resolve in the new folder, offline, and match the generator that made them.
For another shipped language, `generator/starter-i18n/LANG/` holds the translated files that replace the
English ones, and the colour-scheme toggle's names in mkdocs.yml come from that language's catalogue.
`.vscode/settings.json` maps each content folder to its schema, so new files are checked without a first line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.messages import SHIPPED, catalogue
from generator.schemas import SCHEMAS, write_schemas

STARTER_DIR = Path(__file__).parent / "starter"
TRANSLATED_DIR = Path(__file__).parent / "starter-i18n"  # LANG/ + the starter's paths, for each shipped LANG
LANGUAGES = SHIPPED
# Stored without the dot, so packaging tools never mistake them for the repository's own ignore file and
# workflows.
RENAMES = {"gitignore": ".gitignore", "github": ".github"}
# Files a fresh repository may already hold (a clone of a new GitHub repository): kept as they are, never
# overwritten. Any other file of the starter already there stops `new` before it writes anything.
OPTIONAL = (Path(".gitignore"), Path(".github/workflows/pages.yml"), Path(".vscode/settings.json"))
# What the CI workflow installs: the coachguide that made the guide.
REQUIREMENT = f"coachguide[pdf]=={__version__}"


class ScaffoldError(Exception):
    """The guide cannot be created there; the message is one line."""


@dataclass
class NewGuide:
    """What `new` did: the files it wrote, and the optional ones it found already there and left alone."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def guide_id(name: str) -> str:
    """An id for the guide from a folder name: 'Salary Talks 2' -> 'salary-talks-2'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    return slug or "my-guide"


def guide_title(name: str) -> str:
    """A title from a folder name: 'salary-talks' -> 'Salary talks'."""
    words = re.sub(r"[-_]+", " ", name).strip()
    return (words[:1].upper() + words[1:]) if words else "My guide"


def editor_settings() -> str:
    """`.vscode/settings.json`: the Red Hat YAML extension's `yaml.schemas`, schema file -> content files.

    Paths are relative to the workspace folder (the guide's), so they hold when the folder is moved, and the
    schemas are the copies in `schemas/`, which a `pip install -U` of coachguide leaves as they are.
    """
    schemas = {f"./schemas/{name}": [files] for name, (_, files) in SCHEMAS.items()}
    return json.dumps({"yaml.schemas": schemas}, indent=2) + "\n"


def starter_files() -> dict[Path, Path | None]:
    """Every file `new` writes, relative to the new folder -> its starter file (None: generated)."""
    files: dict[Path, Path | None] = {}
    for source in sorted(p for p in STARTER_DIR.rglob("*") if p.is_file()):
        parts = source.relative_to(STARTER_DIR).parts
        files[Path(RENAMES.get(parts[0], parts[0]), *parts[1:])] = source
    files[Path(".vscode/settings.json")] = None
    return files


def new_guide(target: Path, *, title: str | None = None, language: str = "en") -> NewGuide:
    """Create the guide in `target` (created if missing) in `language` (one of LANGUAGES); refused where it
    would replace a file of a guide."""
    if language not in LANGUAGES:
        raise ScaffoldError(f"no starter guide in {language!r}; choose one of {', '.join(LANGUAGES)}")
    name = target.resolve().name
    # JSON strings are valid YAML scalars, so any title is safe to place in mkdocs.yml and guide.yml.
    values = {
        "__ID__": guide_id(name),
        "__TITLE__": json.dumps(title or guide_title(name), ensure_ascii=False),
        "__REQUIREMENT__": REQUIREMENT,
    }
    try:
        if target.exists() and not target.is_dir():
            raise ScaffoldError(f"{target} exists and is not a folder")
        taken = [
            path
            for path in (*starter_files(), Path("schemas"))
            if path not in OPTIONAL and (target / path.parts[0]).exists()
        ]
        if taken:
            raise ScaffoldError(f"{target / taken[0].parts[0]} exists; choose a new or empty folder")
        return _write(target, values, language)
    except OSError as exc:
        raise ScaffoldError(f"{exc.filename or target}: {exc.strerror or exc}") from None


def _write(target: Path, values: dict[str, str], language: str) -> NewGuide:
    target.mkdir(parents=True, exist_ok=True)
    if language != "en":
        english, texts = catalogue("en").text, catalogue(language).text
        values = values | {english(f"starter.{k}"): texts(f"starter.{k}") for k in ("to_light", "to_dark", "to_system")}
    done = NewGuide()
    for relative, source in starter_files().items():
        dest = target / relative
        if relative in OPTIONAL and (dest.exists() or dest.is_symlink()):
            done.kept.append(dest)
            continue
        if source is not None:
            translated = TRANSLATED_DIR / language / source.relative_to(STARTER_DIR)
            source = translated if translated.is_file() else source
        text = editor_settings() if source is None else source.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        done.written.append(dest)
    done.written += write_schemas(target / "schemas")
    return done
