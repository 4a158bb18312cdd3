"""What the CLI commands do: validate, render to a folder, build atomically, serve. Drives MkDocs."""

from __future__ import annotations

import ctypes
import errno
import io
import logging
import os
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any, cast

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from generator.load import load_guide
from generator.model import Guide
from generator.plugin import CoachGuidePlugin, Prepared, media_hosts_of
from generator.render import Downloads, render_site
from generator.resources import ASSETS, asset_text, default_templates_dir
from generator.scaffold import ScaffoldError, new_guide

log = logging.getLogger("mkdocs")


class CommandError(Exception):
    """A failure outside the content (configuration, build), reported in one line."""


def _config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    if not config_file.is_file():
        raise CommandError(f"{config_file}: no such file; run in a guide's folder or pass -f mkdocs.yml")
    try:
        return load_config(str(config_file), **overrides)
    except (ConfigurationError, Abort) as exc:
        raise CommandError(f"{config_file}: {exc}") from None


def _dirs(config: MkDocsConfig) -> tuple[Path, Path, Path]:
    """The content folder, templates folder and project folder that the plugin in mkdocs.yml names."""
    plugin = config.plugins.get("coachguide")
    if plugin is None:
        raise CommandError("mkdocs.yml does not list the coachguide plugin under plugins")
    project_dir = Path(config.config_file_path).parent.resolve()
    templates = plugin.config.templates_dir or default_templates_dir()
    return Path(plugin.config.content_dir), Path(templates), project_dir


def load(config_file: Path) -> tuple[Guide, Path]:
    config = _config(config_file)
    content_dir, templates_dir, project_dir = _dirs(config)
    media_hosts = media_hosts_of(config.plugins["coachguide"].config)
    return load_guide(content_dir, project_dir=project_dir, media_hosts=media_hosts), templates_dir


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


def render(config_file: Path, out_dir: Path) -> int:
    """Write the pages and assets for an engine that runs no MkDocs plugins; return the page count."""
    guide, templates_dir = load(config_file)
    site = render_site(guide, templates_dir)
    for path, markdown in site.pages.items():
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    for name in ASSETS:
        target = out_dir / "assets" / "coachguide" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(asset_text(name), encoding="utf-8")
    return len(site.pages)


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
    config = _config(config_file)
    guide, templates_dir = load(config_file)  # content errors end here, before MkDocs, as clean lines
    make_zip = offline_zip and not offline
    # Rendered for the first MkDocs build (the offline variant when there is one: no PDFs, no zip link); that
    # build is handed the pages instead of loading and rendering the guide again.
    downloads = Downloads(pdf=config.plugins["coachguide"].config.pdf and not (offline or make_zip))
    site = render_site(guide, templates_dir, downloads=downloads)  # and template errors end here too
    meta = guide.meta
    prepared: Prepared | None = Prepared(meta, site, downloads)
    del guide, site  # the models are not needed again; the pages live as long as `prepared` does
    target = (site_dir or Path(config.site_dir)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        archive = None
        if make_zip:
            _build_into(config_file, staging, strict=strict, offline=True, prepared=prepared)
            prepared = None
            archive = zip_folder(staging, meta.id)
            shutil.rmtree(staging)
        _build_into(
            config_file, staging, strict=strict, offline=offline, archive=archive is not None, prepared=prepared
        )
        if archive is not None:
            (staging / "downloads" / f"{meta.id}-offline.zip").write_bytes(archive)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    return target


def _build_into(
    config_file: Path,
    site_dir: Path,
    *,
    strict: bool,
    offline: bool,
    archive: bool = False,
    prepared: Prepared | None = None,
) -> None:
    config = _config(config_file, strict=strict, site_dir=str(site_dir))
    plugin = cast(CoachGuidePlugin, config.plugins["coachguide"])
    plugin.config.offline_zip = archive
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


def zip_folder(folder: Path, name: str) -> bytes:
    """A zip of the folder that depends only on its contents: sorted names, fixed dates and modes."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800") or 315532800)  # default: 1980-01-01
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _enable_offline(config: MkDocsConfig) -> None:
    """Switch Material's offline plugin on for this build (it also turns directory URLs off)."""
    from material.plugins.offline.plugin import OfflinePlugin

    plugin = OfflinePlugin()
    errors, _ = plugin.load_config({"enabled": True})
    if errors:
        raise CommandError(f"offline plugin: {errors}")
    # PluginCollection registers the plugin's events on assignment (MkDocs 1.6 plugins.py).
    config.plugins["material/offline"] = plugin


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)  # glibc 2.28+, musl 1.2.2+
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2  # <fcntl.h>, <linux/fs.h>
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP}:  # an old kernel or a file system that cannot
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap(new: Path, target: Path) -> None:
    """Put `new` in place of `target`; the old site is removed only after the new one is in place.

    Where the system can, the two folders are exchanged in one step, so `target` is never missing, even if
    the process is killed at that moment; elsewhere two renames leave a moment with no site at all.
    """
    new.chmod(0o755)  # mkdtemp made it private; a site is meant to be read
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        target.rename(old / "site")
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def new(target: Path, *, title: str | None = None) -> Path:
    """Create a new guide in `target` (see scaffold); return its mkdocs.yml."""
    try:
        new_guide(target, title=title)
    except ScaffoldError as exc:
        raise CommandError(str(exc)) from None
    return target / "mkdocs.yml"


def serve(config_file: Path, *, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _config(config_file)  # a clear message for a missing or broken mkdocs.yml
    # livereload passed explicitly: with click > 8.2.1 the CLI default turns it off (mkdocs #4032).
    mkdocs_serve(str(config_file), livereload=True, dev_addr=dev_addr)
