"""What the CLI commands do: validate, render to a folder, build atomically, serve. Drives MkDocs."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any, cast

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from generator import publish
from generator.load import load_guide
from generator.model import Guide
from generator.plugin import CoachGuidePlugin, Prepared, author_folders
from generator.render import Downloads, render_site
from generator.resources import default_templates_dir
from generator.scaffold import ScaffoldError, new_guide

log = logging.getLogger("mkdocs")


class CommandError(Exception):
    """A failure outside the content (configuration, build), reported in one line."""


def site_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    if not config_file.is_file():
        raise CommandError(f"{config_file}: no such file; run in a guide's folder or pass -f mkdocs.yml")
    errors = _ConfigErrors()
    logger = logging.getLogger("mkdocs.config")
    logger.addFilter(errors)
    try:
        return load_config(str(config_file), **overrides)
    except (ConfigurationError, Abort) as exc:
        reasons = [line for message in errors.messages for line in message.splitlines()] or [str(exc)]
        raise CommandError("\n".join(f"{config_file}: {reason}" for reason in reasons)) from None
    finally:
        logger.removeFilter(errors)


class _ConfigErrors(logging.Filter):
    """Keeps the errors MkDocs logs while it validates mkdocs.yml, so they are reported once, as ours."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        self.messages.append(record.getMessage())
        return False


def _dirs(config: MkDocsConfig) -> tuple[Path, Path, Path]:
    """The content folder, templates folder and project folder that the plugin in mkdocs.yml names."""
    plugin = config.plugins.get("coachguide")
    if plugin is None:
        raise CommandError("mkdocs.yml does not list the coachguide plugin under plugins")
    project_dir = Path(config.config_file_path).parent.resolve()
    templates = plugin.config.templates_dir or default_templates_dir()
    return Path(plugin.config.content_dir), Path(templates), project_dir


def load(config_file: Path) -> tuple[Guide, Path]:
    content_dir, templates_dir, project_dir = _dirs(site_config(config_file))
    return load_guide(content_dir, project_dir=project_dir), templates_dir


def summary(guide: Guide) -> str:
    checklist_items = sum(len(step.checklist) for step in guide.steps)
    counts = [
        (len(guide.steps), "steps"),
        (len(guide.banks), "question banks"),
        (len(guide.questions), "questions"),
        (len(guide.templates), "outreach templates"),
        (checklist_items, "checklist items"),
        (len(guide.prep_sheets), "prep sheets"),
        (len(guide.sources), "sources"),
    ]
    return f"{guide.meta.title}: ok, " + ", ".join(f"{n} {noun}" for n, noun in counts)


def check(config_file: Path) -> str:
    guide, _ = load(config_file)
    return summary(guide)


def build(
    config_file: Path,
    *,
    strict: bool = False,
    site_dir: Path | None = None,
    offline: bool = False,
    offline_zip: bool = True,
) -> Path:
    """Build into fresh folders beside the target, then swap the site in: a failed build leaves the old one.

    A hosted build (not --offline) also builds the offline variant and links it as a zip download.
    """
    config = site_config(config_file)
    target = site_dir or Path(config.site_dir)
    refuse_unless_ours(config, target, option="--site-dir" if site_dir else "site_dir in mkdocs.yml")
    guide, templates_dir = load(config_file)  # content errors end here, before MkDocs, as clean lines
    make_zip = offline_zip and not offline
    # Rendered for the first MkDocs build (the offline variant when there is one: no PDFs, no zip link); that
    # build is handed the pages instead of loading and rendering the guide again.
    downloads = Downloads(pdf=config.plugins["coachguide"].config.pdf and not (offline or make_zip))
    site = render_site(guide, templates_dir, downloads=downloads)  # and template errors end here too
    meta = guide.meta
    prepared: Prepared | None = Prepared(meta, site, downloads)
    del guide, site  # the models are not needed again; the pages live as long as `prepared` does
    with publish.replacing(target.resolve()) as staging:
        archive = None
        if make_zip:
            _build_into(config_file, staging, strict=strict, offline=True, prepared=prepared)
            prepared = None
            archive = publish.zip_folder(staging, meta.id)
            shutil.rmtree(staging)
            staging.mkdir(mode=0o700)
        _build_into(
            config_file, staging, strict=strict, offline=offline, archive=archive is not None, prepared=prepared
        )
        if archive is not None:
            (staging / "downloads" / f"{meta.id}-offline.zip").write_bytes(archive)
    return target.resolve()


def refuse_unless_ours(config: MkDocsConfig, target: Path, *, option: str) -> None:
    """Stop, naming the reason, unless `target` is a folder a build or render may replace (see publish)."""
    project = Path(config.config_file_path).parent
    problem = publish.refusal(target, project=project, keep=author_folders(config), option=option)
    if problem:
        raise CommandError(problem)


def _build_into(
    config_file: Path,
    site_dir: Path,
    *,
    strict: bool,
    offline: bool,
    archive: bool = False,
    prepared: Prepared | None = None,
) -> None:
    config = site_config(config_file, strict=strict, site_dir=str(site_dir))
    plugin = cast(CoachGuidePlugin, config.plugins["coachguide"])
    plugin.offline_zip = archive
    plugin.prepared = prepared  # used only if it was rendered for this build's downloads
    if offline:
        plugin.config.pdf = False  # the offline copy is for reading and filling in; PDFs come with the hosted site
        _enable_offline(config)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except Abort as exc:
        raise CommandError(f"build failed: {exc.message}; the existing site was left as it was") from None
    finally:
        config.plugins.on_shutdown()


def _enable_offline(config: MkDocsConfig) -> None:
    """Switch Material's offline plugin on for this build (it also turns directory URLs off)."""
    from material.plugins.offline.plugin import OfflinePlugin

    plugin = OfflinePlugin()
    errors, _ = plugin.load_config({"enabled": True})
    if errors:
        raise CommandError(f"offline plugin: {errors}")
    # PluginCollection registers the plugin's events on assignment (MkDocs 1.6 plugins.py).
    config.plugins["material/offline"] = plugin


def new(target: Path, *, title: str | None = None) -> Path:
    """Create a new guide in `target` (see scaffold); return its mkdocs.yml."""
    try:
        new_guide(target, title=title)
    except ScaffoldError as exc:
        raise CommandError(str(exc)) from None
    return target / "mkdocs.yml"


def serve(config_file: Path, *, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    site_config(config_file)  # a clear message for a missing or broken mkdocs.yml
    # livereload passed explicitly: with click > 8.2.1 the CLI default turns it off (mkdocs #4032).
    mkdocs_serve(str(config_file), livereload=True, dev_addr=dev_addr)
