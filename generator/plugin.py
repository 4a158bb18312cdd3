"""The MkDocs plugin: on_config loads and renders the guide, on_files adds the pages as virtual files.

The only module (with the CLI's build driver) that imports MkDocs; all logic lives in load and render.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.errors import ContentErrors
from generator.load import load_guide
from generator.model import GuideFile
from generator.pdf import PdfError, print_to_pdf
from generator.render import Downloads, RenderedSite, RenderError, html_text, render_site
from generator.resources import ASSETS, asset_text, default_templates_dir
from generator.safety import linked_outside, other_host, page_problem
from generator.schemas import SCHEMAS, SCHEMAS_DIR

log = get_plugin_logger(__name__)


SHIM = "assets/coachguide/iframe-worker.js"


def offline_enabled(config: MkDocsConfig) -> bool:
    """True when Material's offline plugin is on: the site is meant to be opened from file://."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


class CoachGuideConfig(base.Config):
    enabled = c.Type(bool, default=True)
    content_dir = c.Dir(exists=True, default="content")
    templates_dir = c.Optional(c.Dir(exists=True))
    pdf = c.Type(bool, default=False)  # print the sheets and the whole guide to PDF with Chromium
    paper = c.Choice(("A4", "Letter"), default="A4")
    offline_zip = c.Type(bool, default=False)  # set by `coachguide build`, which makes the zip
    media_hosts = c.ListOfItems(c.Type(str), default=[])  # hosts pages may show images from (README)


def media_hosts_of(config: CoachGuideConfig) -> frozenset[str]:
    """The hosts pages may show images from, as written (`images.example.org`) or as an address."""
    return frozenset(other_host(host) or host.lower() for host in config.media_hosts)


@dataclass(frozen=True)
class Prepared:
    """The pages `coachguide build` has rendered already (its up-front check), handed over instead of redone."""

    meta: GuideFile
    site: RenderedSite
    downloads: Downloads


class CoachGuidePlugin(BasePlugin[CoachGuideConfig]):
    def __init__(self) -> None:
        self.prepared: Prepared | None = None  # set by `coachguide build` for its first MkDocs build
        self.site: RenderedSite | None = None
        self.project_dir = Path(".")
        self.offline = False
        self.files: Files | None = None

    # Runs before Material's offline plugin, which adds a shim from another host unless one is named.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.offline = offline_enabled(config)
        if self.offline:
            config.extra.setdefault("polyfills", [])
            if SHIM not in config.extra["polyfills"]:
                config.extra["polyfills"].append(SHIM)
        content_dir = Path(self.config.content_dir)
        templates_dir = Path(self.config.templates_dir or default_templates_dir())
        self.project_dir = Path(config.config_file_path or "mkdocs.yml").parent.resolve()
        downloads = Downloads(pdf=self.config.pdf, offline_zip=self.config.offline_zip)
        if self.prepared is not None and self.prepared.downloads == downloads:
            meta, self.site = self.prepared.meta, self.prepared.site
        else:
            meta, self.site = self._load_and_render(content_dir, templates_dir, downloads)
        # Rebuild on edits to the content and templates, not only docs/ (mkdocs serve).
        config.watch.extend([str(content_dir.resolve()), str(templates_dir.resolve())])
        config.site_description = config.site_description or html_text(meta.description)
        # The guide's language sets Material's interface language and, unless mkdocs.yml names one,
        # the search language (Material derives search's default from the theme's translations).
        config.theme["language"] = meta.language
        if not config.site_url and meta.site_url:
            config.site_url = meta.site_url
        for name in ASSETS:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            if f"assets/coachguide/{name}" not in target:
                target.append(f"assets/coachguide/{name}")
        return config

    def _load_and_render(
        self, content_dir: Path, templates_dir: Path, downloads: Downloads
    ) -> tuple[GuideFile, RenderedSite]:
        try:
            guide = load_guide(content_dir, project_dir=self.project_dir, media_hosts=media_hosts_of(self.config))
        except ContentErrors as exc:
            raise PluginError(str(exc)) from None
        try:
            return guide.meta, render_site(guide, templates_dir, downloads=downloads)
        except RenderError as exc:
            raise PluginError(str(exc)) from None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.site is None:
            return files
        self._refuse_links_outside(files, Path(config.docs_dir))
        for path, markdown in self.site.pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            page = File.generated(config, path, content=markdown)
            # "Edit this page" opens the YAML the page is made from (MkDocs 1.6 File.edit_uri).
            source = self.project_dir / self.site.sources[path]
            page.edit_uri = Path(os.path.relpath(source, config.docs_dir)).as_posix()
            files.append(page)
        for name in (*ASSETS, *(["iframe-worker.js"] if self.offline else [])):
            files.append(File.generated(config, f"assets/coachguide/{name}", content=asset_text(name)))
        # The content files' JSON Schemas, published so editors can point at the site (`$schema=<site>/schemas/...`).
        for name in SCHEMAS:
            files.append(File.generated(config, f"schemas/{name}", abs_src_path=str(SCHEMAS_DIR / name)))
        # Placeholders, so the pages' links to the downloads resolve; the real files replace them after the build.
        for _, target in self.site.pdfs:
            files.append(File.generated(config, target, content=b""))
        for target in self.site.downloads.values():
            files.append(File.generated(config, target, content=b""))
        self.files = files
        if not config.nav:
            generated = set(self.site.pages)
            others = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
            config.nav = [*self.site.nav, *others]
        return files

    def _refuse_links_outside(self, files: Files, docs_dir: Path) -> None:
        """docs/ is published as it is: a link in it to a file outside the project would publish that file."""
        paths = [f.abs_src_path for f in files if f.generated_by is None and f.abs_src_path]
        hand_written = [path for path in paths if Path(path).is_relative_to(docs_dir)]  # not the theme's files
        problems = [(path, linked_outside(path, self.project_dir)) for path in hand_written]
        lines = sorted(f"{self._display(path)}:1:1: {problem}" for path, problem in problems if problem)
        if lines:
            raise PluginError("\n".join(lines))

    def _display(self, path: str) -> str:
        return Path(os.path.relpath(path, self.project_dir)).as_posix()

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Content was checked when loaded; this checks it where the templates placed it, as MkDocs rendered it,
        # and the pages of docs/, which are published as they are.
        if self.site is None:
            return html
        problem = page_problem(html, media_hosts=media_hosts_of(self.config))
        if problem:
            path = page.file.src_uri
            source = self.site.sources.get(path) or self._display(page.file.abs_src_path or path)
            raise PluginError(f"{source}: the page {path} would contain {problem}; not built")
        return html

    @event_priority(-50)  # after the pages and the search index are written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None or not self.site.pdfs or self.files is None:
            return
        jobs = []
        for page_path, pdf_path in self.site.pdfs:
            page = self.files.get_file_from_path(page_path)
            if page is not None:
                jobs.append((page.dest_uri, pdf_path))
        try:
            print_to_pdf(Path(config.site_dir), jobs, paper=self.config.paper, site_url=config.site_url)
        except PdfError as exc:
            raise PluginError(str(exc)) from None
        log.info("printed %d PDFs (%s)", len(jobs), self.config.paper)
