"""`coachguide render OUT_DIR`: the pages, assets, hand-written pages and schemas in one folder that an engine
running no MkDocs plugins (Zensical) can build, and, with `--config-out`, the config that engine reads.

The config is an mkdocs.yml that INHERITs the guide's own (theme, palette, Markdown extensions stay the
author's) and adds what the plugin would have set: docs_dir, nav, the assets, the language.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator import commands
from generator.render import html_text, render_site
from generator.resources import ASSETS
from generator.schemas import write_schemas


def render(config_file: Path, out_dir: Path, *, config_out: Path | None = None) -> int:
    """Write everything the site needs into `out_dir` (and the engine config); return the generated page count."""
    count = commands.render(config_file, out_dir)
    config = commands._config(config_file)
    guide, templates_dir = commands.load(config_file)
    site = render_site(guide, templates_dir)
    others = copy_hand_written(Path(config.docs_dir), out_dir, generated=set(site.pages))
    write_schemas(out_dir / "schemas")
    if config_out is not None:
        settings: dict[str, Any] = {
            "INHERIT": _relative(config_file.resolve(), config_out),
            "docs_dir": _relative(out_dir.resolve(), config_out),
            # Read by Material (and Zensical) for the interface; search follows it unless mkdocs.yml names one.
            "theme": {"language": guide.meta.language},
            "extra_css": [f"assets/coachguide/{n}" for n in ASSETS if n.endswith(".css")],
            "extra_javascript": [f"assets/coachguide/{n}" for n in ASSETS if n.endswith(".js")],
        }
        if not config.nav:  # as the plugin does: the guide's order, then the hand-written pages
            settings["nav"] = [*site.nav, *others]
        if not config.site_description:
            settings["site_description"] = html_text(guide.meta.description)
        if not config.site_url and guide.meta.site_url:
            settings["site_url"] = guide.meta.site_url
        config_out.parent.mkdir(parents=True, exist_ok=True)
        header = "# Written by `coachguide render`; do not edit. Build with: zensical build -f this file\n"
        text = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=120)
        config_out.write_text(header + text, encoding="utf-8")
    return count


def copy_hand_written(docs_dir: Path, out_dir: Path, *, generated: set[str]) -> list[str]:
    """Copy docs/ into `out_dir`, except files a generated page replaces (as the plugin replaces them) and
    dotfiles (MkDocs skips them); return the Markdown pages copied, sorted, as the plugin adds them to the nav."""
    pages: list[str] = []
    if not docs_dir.is_dir():
        return pages
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(docs_dir)
        if any(part.startswith(".") for part in relative.parts) or relative.as_posix() in generated:
            continue
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        if path.suffix == ".md":
            pages.append(relative.as_posix())
    return pages


def _relative(path: Path, config_out: Path) -> str:
    """`path` as seen from the folder of the config file; both engines resolve config paths from there."""
    return Path(os.path.relpath(path, config_out.resolve().parent)).as_posix()
