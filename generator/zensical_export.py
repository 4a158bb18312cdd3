"""`coachguide render OUT_DIR`: the pages, assets, hand-written pages and schemas in one folder that an engine
running no MkDocs plugins (Zensical) can build, and, with `--config-out`, the config that engine reads.

The config is an mkdocs.yml that INHERITs the guide's own (theme, palette, Markdown extensions stay the
author's) and adds what the plugin would have set: docs_dir, nav, the assets, the language.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from generator import commands, publish
from generator.project import Project, site_settings
from generator.render import Downloads, RenderedSite
from generator.resources import ASSETS, asset_text
from generator.safety import linked_outside
from generator.schemas import write_schemas


def render(config_file: Path, out_dir: Path, *, config_out: Path | None = None) -> RenderedSite:
    """Write everything the site needs into `out_dir` (and the engine config); return the pages rendered.

    `out_dir` is replaced whole, as `build` replaces a site, and only if it is new, empty or made by us.
    """
    project, config = commands.open_project(config_file)
    commands.refuse_unless_ours(project, out_dir, option="OUT_DIR")
    if config_out is not None:
        _refuse_config_out(project, config_out)
    # With pdf: true the pages link to the PDFs, and an empty placeholder stands where each goes until
    # `coachguide pdf SITE_DIR` prints it into the built site (generator/finish.py).
    site = project.site(Downloads(pdf=project.pdf, papers=project.papers))
    _refuse_links_outside(project)
    with publish.replacing(out_dir.resolve()) as staging:
        for path, markdown in site.pages.items():
            _write(staging / path, markdown)
        for name in ASSETS:
            _write(staging / "assets" / "coachguide" / name, asset_text(name, site.script_messages))
        for _, target, _ in site.pdfs:
            _write(staging / target, "")
        others = copy_hand_written(project.docs_dir, staging, generated=set(site.pages))
        write_schemas(staging / "schemas")
    if config_out is not None:
        settings = {
            "INHERIT": _relative(config_file.resolve(), config_out),
            "docs_dir": _relative(out_dir.resolve(), config_out),
            **site_settings(project.guide.meta, config, nav=[*site.nav, *others]),
        }
        text = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True, width=120)
        publish.write_whole(config_out, (CONFIG_HEADER + text).encode("utf-8"))
    return site


# The first line of every config `render` writes: how the next render knows the file is its own to replace.
CONFIG_HEADER = "# Written by `coachguide render`; do not edit. Build with: zensical build -f this file\n"


def _refuse_config_out(project: Project, config_out: Path) -> None:
    """Stop unless `config_out` is a new file, or one an earlier render wrote, outside the author's folders."""
    resolved = config_out.resolve()
    if resolved == project.config_file:
        raise commands.CommandError(f"{config_out}: this is the project's own mkdocs.yml; choose another --config-out")
    for name, folder in project.author_folders().items():
        if folder.resolve() in resolved.parents:
            raise commands.CommandError(f"{config_out}: this is inside the {name} folder; choose another --config-out")
    if resolved.is_dir():
        raise commands.CommandError(f"{config_out}: this is a folder; --config-out names a file")
    if resolved.exists() and not _starts_with(resolved, CONFIG_HEADER):
        raise commands.CommandError(
            f"{config_out}: this file was not written by coachguide render; it was left as it is; "
            "choose another --config-out"
        )


def _starts_with(path: Path, header: str) -> bool:
    with path.open("rb") as file:
        return file.read(len(header.encode())) == header.encode()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _refuse_links_outside(project: Project) -> None:
    """As the plugin does: a file of docs/ that resolves outside the project is not published."""
    docs = project.docs_dir
    files = sorted(p for p in docs.rglob("*") if p.is_file() or p.is_symlink()) if docs.is_dir() else []
    problems = [(path, linked_outside(str(path), project.folder)) for path in files]
    lines = [f"{path.relative_to(project.folder).as_posix()}:1:1: {problem}" for path, problem in problems if problem]
    if lines:
        raise commands.CommandError("\n".join(lines))


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
