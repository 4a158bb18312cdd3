"""The PDFs, printed while MkDocs builds the rest of the site.

Printing waits for nothing but the print pages and the files they load. Once MkDocs has its navigation and
before it reads any page, a forked process builds only the print pages, through MkDocs' own page steps (1.6
commands/build.py), into a folder of its own with the site's static files, and prints them there
(generator/pdf.py). The build goes on meanwhile on the other core. When the build has ended, the PDFs are
moved into the site, over the empty placeholders the build wrote.

A fork copies only the calling thread, so where threads are running, or off Linux, nothing is started and the
PDFs are printed after the build, as before; both ways give the same bytes (tests/test_print_ahead.py).
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from generator.pdf import PdfError, print_to_pdf

Job = tuple[str, str, str]  # (the page's source path, the PDF's site path, the paper), as RenderedSite.pdfs


def fork_is_safe() -> bool:
    """True where os.fork copies a process that can go on working: Linux, one thread."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _end_with_parent() -> None:
    """Be sent SIGTERM when the build's process ends, however it ends (Linux prctl PR_SET_PDEATHSIG)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the build ended before the call
        os._exit(1)


class PrintAhead:
    """One forked printing of a build's PDFs: start() when MkDocs has its navigation, finish() after the build."""

    def __init__(self, jobs: Sequence[Job], *, site_url: str | None, browser: str | None) -> None:
        self.jobs, self.site_url, self.browser = list(jobs), site_url, browser
        self.folder = Path(tempfile.mkdtemp(prefix="coachguide-pdfs-"))
        self.pid: int | None = None

    def start(self, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """Fork; the child builds the print pages and prints them, and leaves (its exit status says how it went)."""
        self.pid = os.fork()
        if self.pid != 0:
            return
        code = 1
        try:
            os.setpgid(0, 0)  # its own process group: stop() ends the browser with it
            _end_with_parent()
            logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the build says its own warnings, once
            (self.folder / "browser.txt").write_text(self._print(config, files, nav), encoding="utf-8")
            code = 0
        except BaseException as exc:  # a traceback would name the child, not the build
            message = str(exc) if isinstance(exc, PdfError) else f"printing the PDFs: {exc!r}"
            (self.folder / "error.txt").write_text(message, encoding="utf-8")
        finally:
            sys.stderr.flush()
            os._exit(code)  # no cleanup of the parent's state (its temporary folders, its files)

    def _print(self, config: MkDocsConfig, files: Files, nav: Navigation) -> str:
        """In the child: the print pages and the static files into self.folder/site, then the PDFs beside them."""
        from mkdocs.commands.build import _build_page, _populate_page

        site = self.folder / "site"
        config["site_dir"] = str(site)
        for file in files:  # this process's copies of the files; the build's own are not touched
            file.abs_dest_path = str(site / file.dest_uri)
        sources = dict.fromkeys(source for source, _, _ in self.jobs)
        pages = [file for file in map(files.get_file_from_path, sources) if file is not None and file.page]
        for file in pages:
            assert file.page is not None
            _populate_page(file.page, config, files)
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        files.copy_static_files()
        for file in pages:
            assert file.page is not None
            _build_page(file.page, config, files.documentation_pages(), nav, env)
        built = {file.src_uri: file.dest_uri for file in pages}
        jobs = [(built[source], target, paper) for source, target, paper in self.jobs if source in built]
        return print_to_pdf(site, jobs, site_url=self.site_url, browser=self.browser)

    def finish(self, site_dir: Path) -> str:
        """Wait for the child and move the PDFs into `site_dir`; return the browser that printed them.
        Raises PdfError with the child's reason if it failed."""
        assert self.pid is not None, "finish() without start()"
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            error = self.folder / "error.txt"
            raise PdfError(error.read_text(encoding="utf-8") if error.exists() else "the printing process failed")
        for _, target, _ in self.jobs:
            destination = site_dir / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(self.folder / "site" / target, destination)  # over the build's empty placeholder
        return (self.folder / "browser.txt").read_text(encoding="utf-8")

    def stop(self) -> None:
        """End the child and its browser if they still run (the build failed), and remove the folder."""
        if self.pid is not None:
            try:
                os.killpg(self.pid, signal.SIGTERM)
            except ProcessLookupError:  # it ended already, or had not yet made its group
                os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
            self.pid = None
        shutil.rmtree(self.folder, ignore_errors=True)
