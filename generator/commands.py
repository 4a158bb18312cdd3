"""What the CLI commands do: check, build (one MkDocs build, and the offline copy made from it), serve, new. Drives MkDocs."""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any, cast

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from generator import browsers, publish
from generator import offline as offline_copy
from generator.messages import SHIPPED, guide_catalogue
from generator.model import Guide
from generator.pdf import PdfError
from generator.plugin import CoachGuidePlugin
from generator.print_ahead import fork_is_safe
from generator.project import NotAGuide, Project
from generator.render import Downloads, RenderedSite
from generator.scaffold import ScaffoldError, new_guide

log = logging.getLogger("coachguide")


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


def open_project(config_file: Path, **overrides: Any) -> tuple[Project, MkDocsConfig]:
    """The project that mkdocs.yml describes, with the config it was read from (read once)."""
    config = site_config(config_file, **overrides)
    try:
        return Project.from_config(config), config
    except NotAGuide as exc:
        raise CommandError(str(exc)) from None


def load(config_file: Path) -> tuple[Guide, Path]:
    """The guide of the project in `config_file`, and its templates folder (for tools and benchmarks)."""
    project, _ = open_project(config_file)
    return project.guide, project.templates_dir


def summary(guide: Guide) -> str:
    """What `check` reports for a sound guide, in the guide's language (its author's), plural forms and all."""
    t = guide_catalogue(guide).text
    checklist_items = sum(len(step.checklist) for step in guide.steps)
    counts = [
        t("cli.steps", count=len(guide.steps)),
        t("cli.banks", count=len(guide.banks)),
        t("cli.questions", count=len(guide.questions)),
        t("cli.templates", count=len(guide.templates)),
        t("cli.checklist_items", count=checklist_items),
        t("cli.sheets", count=len(guide.prep_sheets)),
        t("cli.sources", count=len(guide.sources)),
    ]
    return t("cli.summary", title=guide.meta.title, counts=", ".join(counts))


def check(config_file: Path, *, strict: bool = False) -> str:
    """The summary of a guide whose content is valid. A site setting that a build could not meet (`pdf: true`
    with no browser to print with) is logged as a warning, or raised as an error under `strict`."""
    project, _ = open_project(config_file)
    guide = project.guide
    problem = pdf_problem(project)
    if problem:
        if strict:
            raise CommandError(f"{config_file}: {problem}")
        log.warning("%s: %s", config_file, problem)
    if guide_catalogue(guide).fallback:  # said here, not in builds: a strict build of such a guide is fine
        note = (
            f"note: no interface catalogue for language {guide.meta.language!r} (shipped: {', '.join(SHIPPED)}); "
            "the interface text is English unless guide.yml `messages:` replaces it"
        )
        return summary(guide) + "\n" + note
    return summary(guide)


def pdf_problem(project: Project) -> str | None:
    """Why the PDFs that mkdocs.yml asks for could not be printed on this machine, or None."""
    if not project.pdf:
        return None
    if importlib.util.find_spec("playwright") is None or importlib.util.find_spec("pikepdf") is None:
        return "pdf: true, but PDFs need Playwright and pikepdf: pip install 'coachguide[pdf]'"
    try:
        browsers.find(project.browser)
    except browsers.BrowserNotFound as exc:
        return f"pdf: true, but {exc}"
    return None


def build(
    config_file: Path,
    *,
    strict: bool = False,
    site_dir: Path | None = None,
    offline: bool = False,
    offline_zip: bool = True,
) -> Path:
    """Build into a fresh folder beside the target, then swap the site in: a failed build leaves the old one.

    A hosted build (not --offline) also makes the offline variant from the built site (OfflineCopy), in a
    forked process while this one waits for the PDFs (printed as the pages were built, print_ahead.py), and
    links it as a zip download. `--offline` builds the site once and turns it into its offline copy in place
    (generator/offline.py).
    """
    project, config = open_project(config_file, strict=strict)
    target = site_dir or Path(config.site_dir)
    refuse_unless_ours(project, target, option="--site-dir" if site_dir else "site_dir in mkdocs.yml")
    make_zip = offline_zip and not offline
    # The offline copy is for reading and filling in; PDFs come with the hosted site.
    first = Downloads() if offline or make_zip else Downloads(pdf=project.pdf, papers=project.papers)
    project.site(first)  # content and template errors end here, before MkDocs, as clean lines
    problem = None if offline else pdf_problem(project)
    if problem:  # before building, not after: the PDFs are printed last
        raise CommandError(f"{config_file}: {problem}")
    plugin = cast(CoachGuidePlugin, config.plugins["coachguide"])
    with publish.replacing(target.resolve()) as staging:
        try:
            if offline:
                _run_mkdocs(config, project, first, staging)
                offline_copy.write_folder(offline_copy.offline_files(staging), staging)
            elif make_zip:
                hosted = Downloads(pdf=project.pdf, offline_zip=True, papers=project.papers)
                site = project.site(hosted)
                leave_out = {t for _, t, _ in site.pdfs} | {*site.downloads.values()}
                copy = OfflineCopy(project, project.site(first), leave_out=leave_out)
                config.plugins["coachguide/offline-copy"] = copy  # registers its events (MkDocs 1.6 plugins.py)
                try:
                    _run_mkdocs(config, project, hosted, staging, print_pdfs=False)
                    _finish_pdfs(config, staging)  # while the offline copy is zipped in its forked process
                    archive = copy.result()
                finally:
                    copy.stop()
                (staging / site.downloads["zip"]).write_bytes(archive)
            else:
                _run_mkdocs(config, project, first, staging)
        finally:
            plugin.stop_pdfs()  # a printing the build left running: it failed, or was interrupted
    return target.resolve()


def _finish_pdfs(config: MkDocsConfig, site_dir: Path) -> None:
    """The PDFs of the build that just ended (the plugin left them to us), if it has any: printed while it
    ran (generator/print_ahead.py), or printed now."""
    try:
        cast(CoachGuidePlugin, config.plugins["coachguide"]).finish_pdfs(site_dir, site_url=config.site_url)
    except PdfError as exc:
        raise CommandError(f"build failed: {exc}; the existing site was left as it was") from None


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs is not fully typed
    pass


class OfflineCopy(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """The offline variant of the hosted build, made from its files (generator/offline.py) and zipped.

    Registered for the hosted build. After that build has written every page and the search index (with
    the guide's words), it forks: the child builds again, through MkDocs' own page steps, only the pages
    whose Markdown differs in the offline variant (those that show the download links), copies the rest of
    the site with its links naming index.html, and zips it, while the parent finishes the PDFs. Where a fork
    is not safe (not Linux, or threads are running: a fork copies only the calling thread) or PARALLEL is
    off, the copy is made at once, in this process.
    """

    PARALLEL = True

    def __init__(self, project: Project, variant: RenderedSite, *, leave_out: set[str]) -> None:
        self.project, self.variant, self.leave_out = project, variant, leave_out
        self.folder = Path(tempfile.mkdtemp(prefix="coachguide-offline-"))
        self.pid: int | None = None
        self.archive: bytes | None = None
        self.env: Any = None
        self.nav: Navigation | None = None

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.env = env
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    # After the coachguide plugin has added the guide's words to the search index (priority -50).
    @event_priority(-60)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not (self.PARALLEL and fork_is_safe()):
            try:
                self.archive = self._make(config)
            except OSError as exc:  # a full disk, an unreadable file: one line, as the forked copy says it
                raise CommandError(f"offline variant: {exc!r}") from None
            return
        self.pid = os.fork()
        if self.pid != 0:
            return
        code = 1  # the child: make the zip, write it or the error, and leave at once
        try:
            logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the hosted build has said its warnings
            (self.folder / "offline.zip").write_bytes(self._make(config))
            code = 0
        except CommandError as exc:
            (self.folder / "error.txt").write_text(str(exc), encoding="utf-8")
        except BaseException as exc:  # a traceback would name the child, not the build
            (self.folder / "error.txt").write_text(f"offline variant: {exc!r}", encoding="utf-8")
        finally:
            sys.stderr.flush()
            os._exit(code)  # no cleanup of the parent's state (its temporary folders, its files)

    def _make(self, config: MkDocsConfig) -> bytes:
        site_dir = Path(config.site_dir)
        replace = self._variant_pages(config)
        files = offline_copy.offline_files(site_dir, replace=replace, leave_out=self.leave_out)
        return publish.zip_files(files, self.project.guide.meta.id)

    def _variant_pages(self, config: MkDocsConfig) -> dict[str, bytes]:
        """The pages whose Markdown differs in the offline variant, built as the hosted build built its pages
        (MkDocs 1.6 commands/build.py), into a folder of their own; by site path."""
        from mkdocs.commands.build import _build_page, _populate_page

        plugin = cast(CoachGuidePlugin, config.plugins["coachguide"])
        hosted = plugin.site
        files = plugin.files
        assert hosted is not None and files is not None and self.nav is not None and self.env is not None
        changed = [path for path, text in self.variant.pages.items() if hosted.pages.get(path) != text]
        side = self.folder / "pages"
        built: dict[str, bytes] = {}
        saved = []
        search = config.plugins.get("material/search") or config.plugins.get("search")
        entries = getattr(getattr(search, "search_index", None), "entries", None)
        before = len(entries) if isinstance(entries, list) else 0
        try:
            for path in changed:
                file = files.get_file_from_path(path)
                if file is None or file.page is None:
                    continue
                saved.append((file, file.content_string, file.abs_dest_path))
                file.content_string = self.variant.pages[path]
                file.abs_dest_path = str(side / file.dest_uri)
                _populate_page(file.page, config, files)
                _build_page(file.page, config, files.documentation_pages(), self.nav, self.env)
                built[file.dest_uri] = (side / file.dest_uri).read_bytes()
        except Abort as exc:
            raise CommandError(f"offline variant: {exc.message}") from None
        finally:
            for file, content, dest in saved:
                file.content_string = content
                file.abs_dest_path = dest
        index = Path(config.site_dir) / offline_copy.INDEX_JSON
        if isinstance(entries, list) and index.is_file():  # the search plugin indexed the pages just built
            text = offline_copy.replace_entries(index.read_text(encoding="utf-8"), entries[before:])
            built[offline_copy.INDEX_JSON] = text.encode("utf-8")
            del entries[before:]
        return built

    def result(self) -> bytes:
        """The zip; raises CommandError if the offline copy failed."""
        if self.pid is not None:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            error = self.folder / "error.txt"
            if os.waitstatus_to_exitcode(status) != 0:
                raise CommandError(error.read_text(encoding="utf-8") if error.exists() else "the offline copy failed")
            self.archive = (self.folder / "offline.zip").read_bytes()
        if self.archive is None:
            raise CommandError("the offline copy was not made: the build ended before it")
        return self.archive

    def stop(self) -> None:
        """Stop the child if it still runs (the build failed), and remove the temporary folder."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
            self.pid = None
        shutil.rmtree(self.folder, ignore_errors=True)


def refuse_unless_ours(project: Project, target: Path, *, option: str) -> None:
    """Stop, naming the reason, unless `target` is a folder a build or render may replace (see publish)."""
    problem = publish.refusal(target, project=project.folder, keep=project.author_folders(), option=option)
    if problem:
        raise CommandError(problem)


def _run_mkdocs(
    config: MkDocsConfig, project: Project, downloads: Downloads, site_dir: Path, *, print_pdfs: bool = True
) -> None:
    """One MkDocs build of the project's pages into `site_dir`."""
    config["site_dir"] = str(site_dir)
    cast(CoachGuidePlugin, config.plugins["coachguide"]).hand_over(project, downloads, print_pdfs=print_pdfs)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except Abort as exc:
        raise CommandError(f"build failed: {exc.message}; the existing site was left as it was") from None
    finally:
        config.plugins.on_shutdown()


# What to do about an optional file of the starter that was already there and was kept (one line each).
KEPT_ADVICE = {
    ".gitignore": "add site/ to it, so built sites stay out of the repository",
    "pages.yml": "coachguide's GitHub Pages workflow was not written (see docs/hosting.md)",
    "settings.json": "add the content folders' schemas to its yaml.schemas (see README, Editor schemas)",
}


def new(target: Path, *, title: str | None = None, language: str = "en") -> Path:
    """Create a new guide in `target` (see scaffold); return its mkdocs.yml."""
    try:
        done = new_guide(target, title=title, language=language)
    except ScaffoldError as exc:
        raise CommandError(str(exc)) from None
    for path in done.kept:
        log.warning(f"{path} exists and was kept as it is; {KEPT_ADVICE[path.name]}")
    return target / "mkdocs.yml"


def serve(config_file: Path, *, dev_addr: str) -> None:
    from mkdocs.commands import serve as mkdocs_serve_module
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer

    site_config(config_file)  # a clear message for a missing or broken mkdocs.yml
    # A dirty build rebuilds only the pages whose source changed; the plugin keeps the navigation and the
    # search index whole (generator/preview.py), so MkDocs' warning about both does not apply.
    quiet = _DropMessage("A 'dirty' build is being performed")
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    server = LiveReloadServer
    setattr(mkdocs_serve_module, "LiveReloadServer", _told_of_saves(server))  # noqa: B010  (MkDocs builds it there)
    try:
        # livereload passed explicitly: with click > 8.2.1 the CLI default turns it off (mkdocs #4032).
        mkdocs_serve(str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr)
    finally:
        setattr(mkdocs_serve_module, "LiveReloadServer", server)  # noqa: B010
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)


def _told_of_saves(server: type[Any]) -> type[Any]:
    """MkDocs' live-reload server, told of a save by the system (inotify on Linux, FSEvents, Windows' own)
    where watchdog has such an observer, instead of looking at every watched file each half second: a save
    was seen 0.25 s later on average, and the looking took CPU between saves. Only changes count: the system
    also reports files opened and closed unwritten, which a build itself does to the watched files."""
    from watchdog import events
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver:
        return server
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent]

    class Watcher(Observer):  # type: ignore[misc,valid-type]
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False, **options: Any) -> Any:
            options.setdefault("event_filter", changes)
            return super().schedule(handler, path, recursive=recursive, **options)

    class Server(server):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.observer = Watcher()

    return Server


class _DropMessage(logging.Filter):
    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.start)
