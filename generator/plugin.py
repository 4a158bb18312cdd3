"""The MkDocs plugin: on_config renders the project's guide, on_files adds the pages as virtual files.

With commands.py and print_ahead.py, the only modules that import MkDocs; all logic lives in project, load and
render.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ConfigErrors, ConfigWarnings, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator.errors import ContentErrors
from generator.model import GuideFile
from generator.paint import defer_bundle
from generator.pdf import PdfError, print_to_pdf
from generator.preview import Preview
from generator.print_ahead import PrintAhead, fork_is_safe
from generator.project import Project, site_settings
from generator.publish import mark, refusal
from generator.render import CompiledTemplates, Downloads, RenderedSite, RenderError, page_paths
from generator.resources import ASSETS, asset_text
from generator.safety import linked_outside, page_problem
from generator.schemas import SCHEMAS, SCHEMAS_DIR
from generator.search import TITLE_BOOST, add_words, item_keywords, separator, synonym_table
from generator.search_worker import MATERIAL_WORKER, SHIM, point_at_wrapper, worker_files

log = get_plugin_logger("coachguide")  # log lines start "coachguide:", whatever the module is named


# Material partials the guide overrides (the search dialog's name; a class that lays out the controls the
# templates emit before the page paints). After the author's own custom_dir, which keeps the last word.
OVERRIDES = str(Path(__file__).parent / "overrides")


def tune_search(config: MkDocsConfig, language: str) -> None:
    """Set Material's title weight, and its search separator and pipeline for an English guide, unless
    mkdocs.yml sets them.

    Runs before Material's search plugin fills in its defaults (on_config, priority 0). Function words go
    into the separator (generator/search.py says why), so lunr's own stop-word filter is left out of the
    pipeline: it would also drop words a reader means, such as "no" and "after"."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None:
        return
    plugin.config["fields"].setdefault("title", {"boost": TITLE_BOOST})  # generator/search.py says why
    if not (language == "en" or language.startswith("en-")):
        return
    if not plugin.config.get("separator"):
        plugin.config["separator"] = separator()
    if plugin.config.get("pipeline") is None:
        plugin.config["pipeline"] = []


def offline_enabled(config: MkDocsConfig) -> bool:
    """True when Material's offline plugin is on: the site is meant to be opened from file://."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


PAPERS = ("A4", "Letter")


class Papers(base.BaseConfigOption[tuple[str, ...]]):
    """`paper: A4`, `paper: Letter` or `paper: [A4, Letter]`: the sizes each PDF is printed on."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "A4"

    def run_validation(self, value: object) -> tuple[str, ...]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not items or any(item not in PAPERS for item in items):
            raise ValidationError(f"expected A4, Letter or a list of them such as [A4, Letter]; got {value!r}")
        return tuple(dict.fromkeys(items))


class CoachGuideConfig(base.Config):
    enabled = c.Type(bool, default=True)
    content_dir = c.Dir(exists=True, default="content")
    templates_dir = c.Optional(c.Dir(exists=True))
    pdf = c.Type(bool, default=False)  # print the sheets and the whole guide to PDF with Chromium
    paper = Papers()
    browser = c.Optional(c.Type(str))  # the program that prints the PDFs; else found (generator/browsers.py)
    media_hosts = c.ListOfItems(c.Type(str), default=[])  # hosts pages may show images from (README)

    def validate(self) -> tuple[ConfigErrors, ConfigWarnings]:
        """As MkDocs validates, but a misspelled or unknown option is an error, not a warning that passes."""
        failed, warnings = super().validate()
        known = sorted(self._schema_keys)
        for key in sorted(set(self.keys()) - self._schema_keys):
            hint = difflib.get_close_matches(key, known, n=1)
            failed.append((key, ValidationError("unknown option" + (f"; did you mean '{hint[0]}'?" if hint else ""))))
        return failed, [(key, message) for key, message in warnings if key in self._schema_keys]


class CoachGuidePlugin(BasePlugin[CoachGuideConfig]):
    PRINT_AHEAD = True  # print the PDFs while the build goes on, where a fork is safe; else after it

    def __init__(self) -> None:
        self.handed: tuple[Project, Downloads] | None = None  # by `coachguide build`; else read from mkdocs.yml
        self.print_pdfs = True  # False: `coachguide build` finishes them itself, after the build (finish_pdfs)
        self.ahead: PrintAhead | None = None  # the PDFs, printing while the build goes on (print_ahead.py)
        self.project: Project | None = None  # the project of the current build
        self.serving = False
        self.meta: GuideFile | None = None
        self.site: RenderedSite | None = None
        self.offline = False
        self.files: Files | None = None
        self.material_worker: str | None = None  # the file name of Material's search worker, when search is on
        self.preview: Preview | None = None  # under `mkdocs serve --dirty`: rebuild only the pages an edit touched
        self.theme_code = CompiledTemplates()  # the theme's templates, compiled once per `mkdocs serve`

    def hand_over(self, project: Project, downloads: Downloads, *, print_pdfs: bool = True) -> None:
        """Build this project's pages, with these download links, instead of reading the guide anew.

        How `coachguide build` builds a guide it has loaded already. `print_pdfs=False`: leave the PDFs to
        the caller (finish_pdfs), which finishes them while it makes the offline copy.
        """
        self.handed = (project, downloads)
        self.print_pdfs = print_pdfs

    # Defining these makes MkDocs keep one instance of the plugin for the whole process (across `mkdocs serve`
    # rebuilds, and across builds in one process): no state may outlive the build it was set for.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving and dirty:
            self.preview = Preview()

    def on_shutdown(self) -> None:
        self.serving = False
        if self.preview is not None:
            self.preview.close()
            self.preview = None

    # Runs before Material's offline plugin, which adds a shim from another host unless one is named.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.offline = offline_enabled(config)
        # A build meant for file:// (Material's offline plugin on) names the shim, so that plugin adds none from
        # another host. Hosted pages go without it (a script in the head holds up their first paint); the
        # offline copy made from them (offline.py) adds it to each page. The file is in every build.
        if self.offline:
            config.extra.setdefault("polyfills", [])
            if SHIM not in config.extra["polyfills"]:
                config.extra["polyfills"].append(SHIM)
        handed, self.handed = self.handed, None  # for this build only
        if handed is None:
            self.print_pdfs = True
            project = Project.from_config(config)
            handed = project, Downloads(pdf=project.pdf, papers=project.papers)
        project, downloads = handed
        # Plain `mkdocs build` empties site_dir before it writes: refuse one that holds the author's files.
        problem = refusal(
            Path(config.site_dir), project=project.folder, keep=project.author_folders(), option="site_dir"
        )
        if problem:
            raise PluginError(problem)
        try:
            self.meta = project.guide.meta
            self.site = project.site(downloads)
        except (ContentErrors, RenderError) as exc:
            raise PluginError(str(exc)) from None
        self.project = project
        tune_search(config, self.meta.language)
        if OVERRIDES not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, OVERRIDES)
        # Rebuild on edits to the content and templates, not only docs/ (mkdocs serve).
        config.watch.extend([str(project.content_dir.resolve()), str(project.templates_dir.resolve())])
        if self.preview is not None:  # the second build of an edit (generator/preview.py)
            config.watch.append(str(self.preview.trigger))
        for key, value in site_settings(self.meta, config).items():
            if key == "theme":
                # Material's interface language and, unless mkdocs.yml names one, search's (Material derives
                # search's default from the theme's translations).
                config.theme["language"] = value["language"]
            elif key == "extra_css":
                config[key].extend(path for path in value if path not in config[key])
            elif key == "extra_javascript":
                # Entries as mkdocs.yml writes them ({path, defer}), validated as MkDocs does.
                known = {str(script) for script in config[key]}
                config[key].extend(c.ExtraScript().validate(entry) for entry in value if entry["path"] not in known)
            else:
                config[key] = value
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.site is None or self.project is None:
            return files
        self._refuse_links_outside(files, Path(config.docs_dir))
        if self.preview is not None:
            origins = {path: self.project.folder / source for path, source in self.site.sources.items()}
            self.preview.plan(self.site.pages, origins=origins)
        for path, markdown in self.site.pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            if self.preview is not None:  # a file on disk, so MkDocs can tell whether the page changed
                page = File.generated(config, path, abs_src_path=self.preview.source(path, markdown))
            else:
                page = File.generated(config, path, content=markdown)
            # "Edit this page" opens the YAML the page is made from (MkDocs 1.6 File.edit_uri).
            source = self.project.folder / self.site.sources[path]
            page.edit_uri = Path(os.path.relpath(source, config.docs_dir)).as_posix()
            files.append(page)
        for name in (*ASSETS, "iframe-worker.js"):
            files.append(
                File.generated(config, f"assets/coachguide/{name}", content=asset_text(name, self.site.script_messages))
            )
        self._add_search_worker(files, config)
        # The content files' JSON Schemas, published so editors can point at the site (`$schema=<site>/schemas/...`).
        for name in SCHEMAS:
            files.append(File.generated(config, f"schemas/{name}", abs_src_path=str(SCHEMAS_DIR / name)))
        # Placeholders, so the pages' links to the downloads resolve; the real files replace them after the build.
        for _, target, _ in self.site.pdfs:
            files.append(File.generated(config, target, content=b""))
        for target in self.site.downloads.values():
            files.append(File.generated(config, target, content=b""))
        self.files = files
        generated = set(self.site.pages)
        others = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
        assert self.meta is not None
        config.nav = site_settings(self.meta, config, nav=[*self.site.nav, *others]).get("nav", config.nav)
        return files

    # Last, when the navigation is final: the print pages are built from it.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.preview is not None and self.meta is not None:
            shape = [json.dumps(config.nav), self.meta.model_dump_json(), Path(config.config_file_path).read_text()]
            self.preview.start(files.documentation_pages(), shape=shape)
        self.stop_pdfs()  # left by a build that failed
        jobs = [job for job in self.site.pdfs if files.get_file_from_path(job[0])] if self.site else []
        if jobs and not self.serving and self.PRINT_AHEAD and fork_is_safe():
            self.ahead = PrintAhead(jobs, site_url=config.site_url, browser=self.config.browser)
            self.ahead.start(config, files, nav)
        return nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        # MkDocs makes the theme's environment anew for every build; under `mkdocs serve` compiling Material's
        # templates again was a fifth of a rebuild. Jinja checks each cached template against its source.
        if self.serving:
            env.bytecode_cache = self.theme_code
        return env

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self.preview is not None:
            self.preview.built(page)
        return context

    def _add_search_worker(self, files: Files, config: MkDocsConfig) -> None:
        """The guide's search worker beside Material's, and the same as one text for file:// (search_worker.py)."""
        self.material_worker = None
        search = config.plugins.get("material/search") or config.plugins.get("search")
        material = [f for f in files if MATERIAL_WORKER.match(f.src_uri) and f.abs_src_path]
        if search is None or not material:
            return
        by_path = {f.src_uri: f for f in files}

        def read(path: str) -> str:
            file = by_path[path]
            return Path(str(file.abs_src_path)).read_text(encoding="utf-8")

        worker = material[0].src_uri
        for path, text in worker_files(worker, read, search.config.get("lang") or ["en"]).items():
            files.append(File.generated(config, path, content=text))
        self.material_worker = worker.rsplit("/", 1)[-1]

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return self._written_page(output)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        return self._written_page(output_content) if template_name.endswith(".html") else output_content  # 404.html

    def _written_page(self, html: str) -> str:
        """A page as MkDocs wrote it, with Material's bundle deferred (generator/paint.py says why) and search
        pointed at the guide's worker."""
        if self.site is not None:
            html = defer_bundle(html)
        return point_at_wrapper(html, self.material_worker) if self.material_worker else html

    def _refuse_links_outside(self, files: Files, docs_dir: Path) -> None:
        """docs/ is published as it is: a link in it to a file outside the project would publish that file."""
        assert self.project is not None
        paths = [f.abs_src_path for f in files if f.generated_by is None and f.abs_src_path]
        hand_written = [path for path in paths if Path(path).is_relative_to(docs_dir)]  # not the theme's files
        problems = [(path, linked_outside(path, self.project.folder)) for path in hand_written]
        lines = sorted(f"{self._display(path)}:1:1: {problem}" for path, problem in problems if problem)
        if lines:
            raise PluginError("\n".join(lines))

    def _display(self, path: str) -> str:
        assert self.project is not None
        return Path(os.path.relpath(path, self.project.folder)).as_posix()

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Content was checked when loaded; this checks it where the templates placed it, as MkDocs rendered it,
        # and the pages of docs/, which are published as they are.
        if self.site is None or self.project is None:
            return html
        problem = page_problem(html, media_hosts=self.project.media_hosts)
        if problem:
            path = page.file.src_uri
            source = self.site.sources.get(path) or self._display(page.file.abs_src_path or path)
            raise PluginError(f"{source}: the page {path} would contain {problem}; not built")
        return html

    # After Material's search plugin writes its index (priority 0), before its offline plugin copies the index
    # into search_index.js for file:// (priority -100).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        mark(Path(config.site_dir))  # so the next build knows this folder is a site it may replace
        self._add_search_words(Path(config.site_dir) / "search" / "search_index.json")
        if self.preview is not None:
            self.preview.after_build()
        if self.site is None or not self.site.pdfs or self.files is None:
            return
        if self.serving:  # printing takes seconds on every save; the preview links to empty placeholders
            log.info("PDFs are not printed while serving; `coachguide build` prints them")
            return
        if not self.print_pdfs:
            return
        try:
            self.finish_pdfs(Path(config.site_dir), site_url=config.site_url)
        except PdfError as exc:
            raise PluginError(str(exc)) from None

    def finish_pdfs(self, site_dir: Path, *, site_url: str | None) -> None:
        """The last build's PDFs in `site_dir`: those printed while it ran, or printed now. Raises PdfError."""
        jobs = self.pdf_jobs()
        if not jobs:
            self.stop_pdfs()
            return
        ahead = self.ahead
        try:
            if ahead is not None:
                browser = ahead.finish(site_dir)
            else:
                browser = print_to_pdf(site_dir, jobs, site_url=site_url, browser=self.config.browser)
        finally:
            self.stop_pdfs()
        when = " while the pages were built" if ahead else ""
        log.info("printed %d PDFs (%s) with %s%s", len(jobs), ", ".join(self.config.paper), browser, when)

    def stop_pdfs(self) -> None:
        """Stop a printing that is still running (its build failed) and remove what it left."""
        if self.ahead is not None:
            self.ahead.stop()
            self.ahead = None

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_pdfs()

    def pdf_jobs(self) -> list[tuple[str, str, str]]:
        """The PDFs of the last build, as pdf.print_to_pdf takes them: (built page, PDF, paper)."""
        if self.site is None or self.files is None:
            return []
        jobs = []
        for page_path, pdf_path, paper in self.site.pdfs:
            page = self.files.get_file_from_path(page_path)
            if page is not None:
                jobs.append((page.dest_uri, pdf_path, paper))
        return jobs

    def _add_search_words(self, index_path: Path) -> None:
        """Give Material's index the guide's keywords and synonyms (generator/search.py)."""
        if self.project is None or self.files is None or not index_path.exists():
            return
        guide = self.project.guide
        urls = {}
        for (path, anchor), words in item_keywords(guide, page_paths(guide)).items():
            file = self.files.get_file_from_path(path)
            if file is not None:
                urls[file.url + (f"#{anchor}" if anchor else "")] = words
        index = json.loads(index_path.read_text(encoding="utf-8"))
        if self.preview is not None:
            order = [file.url for file in self.files.documentation_pages()]
            index["docs"] = self.preview.search_entries(index["docs"], order=order)
        index = add_words(index, keywords=urls, synonyms=synonym_table(guide.meta.search.synonyms))
        index_path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
