"""One guide project: its folders, resolved once from mkdocs.yml, and its guide, loaded and rendered once.

Every engine goes through this: the MkDocs plugin (under `coachguide build` or plain `mkdocs build`), the
Zensical export, `check`. It reads the MkDocs config it is given but imports nothing of MkDocs, so the core
(yamlio → model → load → render) stays usable without it.
"""

from __future__ import annotations

import functools
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import checks
from generator.errors import ContentErrors
from generator.load import gc_paused, load_files
from generator.model import Guide, GuideFile
from generator.render import Downloads, NavItem, RenderedSite, html_text, render_site
from generator.resources import ASSETS, ON_DEMAND, default_templates_dir
from generator.safety import other_host


def load_guide(content_dir: Path, *, project_dir: Path | None = None, media_hosts: Set[str] = frozenset()) -> Guide:
    """Read every file under `content_dir`, then check them against each other; raise ContentErrors listing
    every fault of every file at once. `media_hosts`: the hosts Markdown may show images from."""
    with gc_paused():
        files = load_files(content_dir, project_dir=project_dir)
        guide, found = checks.validate(files, media_hosts=media_hosts)
    errors = [*files.errors, *found]
    if errors or guide is None:
        raise ContentErrors(errors)
    return guide


class NotAGuide(Exception):
    """An mkdocs.yml without the coachguide plugin."""


@dataclass
class Project:
    """The folders of one guide and, once asked for, its guide and pages."""

    config_file: Path
    content_dir: Path
    templates_dir: Path
    docs_dir: Path
    pdf: bool = False  # the plugin's options in mkdocs.yml
    papers: tuple[str, ...] = ("A4",)
    browser: str | None = None  # the plugin's `browser` option (generator/browsers.py)
    media_hosts: frozenset[str] = frozenset()  # hosts pages may show images from
    _sites: dict[Downloads, RenderedSite] = field(default_factory=dict, repr=False)

    @classmethod
    def from_config(cls, config: Any) -> Project:
        """The project an MkDocs config (validated by MkDocs, so its paths are absolute) describes."""
        plugin = config.plugins.get("coachguide")
        if plugin is None:
            raise NotAGuide(f"{config.config_file_path}: mkdocs.yml does not list the coachguide plugin")
        options = plugin.config
        return cls(
            config_file=Path(config.config_file_path).resolve(),
            content_dir=Path(options.content_dir),
            templates_dir=Path(options.templates_dir or default_templates_dir()),
            docs_dir=Path(config.docs_dir),
            pdf=options.pdf,
            papers=options.paper,
            browser=options.browser,
            # as written (`images.example.org`) or as an address
            media_hosts=frozenset(other_host(host) or host.lower() for host in options.media_hosts),
        )

    @property
    def folder(self) -> Path:
        return self.config_file.parent

    def author_folders(self) -> dict[str, Path]:
        """The folders that hold the author's own files, which no build or render may write into."""
        return {"content": self.content_dir, "docs": self.docs_dir, "templates": self.templates_dir}

    @functools.cached_property
    def guide(self) -> Guide:
        """The guide, read and checked once (raises ContentErrors listing every fault)."""
        return load_guide(self.content_dir, project_dir=self.folder, media_hosts=self.media_hosts)

    def site(self, downloads: Downloads) -> RenderedSite:
        """The pages, rendered once; a variant with other download links renders only the pages that show them."""
        if downloads not in self._sites:
            earlier = next(iter(self._sites.values()), None)
            self._sites[downloads] = render_site(self.guide, self.templates_dir, downloads=downloads, reuse=earlier)
        return self._sites[downloads]


ASSET_PATHS = [f"assets/coachguide/{name}" for name in ASSETS]


def site_settings(meta: GuideFile, config: Any, nav: list[NavItem | str] | None = None) -> dict[str, Any]:
    """What the guide sets on a site's config, given the config as the author wrote it.

    The guide's language sets the interface language (and, unless mkdocs.yml names one, search's); its
    description and address fill in what mkdocs.yml leaves out; the page assets are added; and where
    mkdocs.yml gives no nav, `nav` is the guide's order (then the hand-written pages).
    """
    settings: dict[str, Any] = {
        "theme": {"language": meta.language},
        "extra_css": [path for path in ASSET_PATHS if path.endswith(".css")],
        # Deferred: fetched beside the page and run once it is parsed, so it never holds up the first paint; the
        # controls it works are laid out from the start (the class cg-js, set in the head by the overrides).
        "extra_javascript": [
            {"path": path, "defer": True}
            for path in ASSET_PATHS
            if path.endswith(".js") and Path(path).name not in ON_DEMAND
        ],
    }
    if not config.site_description:
        settings["site_description"] = html_text(meta.description)
    if not config.site_url and meta.site_url:
        settings["site_url"] = meta.site_url
    if not config.nav and nav is not None:
        settings["nav"] = nav
    return settings
