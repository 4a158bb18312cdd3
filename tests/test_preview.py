"""`coachguide serve` rebuilds only the pages an edit touches, and the site it serves is the one a full build makes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, TESTS, edit, snapshot

from generator import commands

SERVE_URL = "http://127.0.0.1:8000/mini/"


class Serving:
    """MkDocs' serve loop without its server: one startup, then a build per save, the config read anew each time."""

    def __init__(self, config_file: Path, site_dir: Path, *, dirty: bool) -> None:
        self.config_file, self.site_dir, self.dirty = config_file, site_dir, dirty
        self.config = self._config()
        self.config.plugins.on_startup(command="serve", dirty=dirty)

    def _config(self) -> commands.MkDocsConfig:
        config = commands.site_config(self.config_file, site_dir=str(self.site_dir))
        config.site_url = SERVE_URL  # as `mkdocs serve` sets it
        return config

    def build(self) -> None:
        from mkdocs.commands.build import build

        self.config = self._config()
        build(self.config, serve_url=SERVE_URL, dirty=self.dirty)

    def close(self) -> None:
        self.config.plugins.on_shutdown()


@pytest.fixture
def project(mini: Path) -> Path:
    # A hand-written page whose title comes from its heading, not from the nav.
    (mini / "docs").mkdir(exist_ok=True)
    (mini / "docs" / "notes.md").write_text("# Notes for coaches\n\nSee [the basics](questions/basics.md).\n")
    return mini


@pytest.fixture
def preview(project: Path, tmp_path: Path) -> Iterator[Serving]:
    serving = Serving(project / "mkdocs.yml", tmp_path / "preview", dirty=True)
    try:
        serving.build()
        yield serving
    finally:
        serving.close()


def full_build(project: Path, site_dir: Path) -> dict[str, str]:
    """What a clean serve build of the project shows now, built in a process of its own: MkDocs keeps one
    instance of each plugin per process, and a build here would end the preview's session."""
    code = (
        "import sys; from pathlib import Path; from test_preview import Serving; "
        "s = Serving(Path(sys.argv[1]), Path(sys.argv[2]), dirty=False); s.build(); s.close()"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(TESTS)}
    command = [sys.executable, "-c", code, str(project / "mkdocs.yml"), str(site_dir)]
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=300)
    return snapshot(site_dir)


def written(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_an_edit_rebuilds_only_the_pages_that_show_it_and_the_site_is_a_full_builds(
    project: Path, preview: Serving, tmp_path: Path
) -> None:
    before = written(preview.site_dir)
    edit(project, "questions/basics.yml", "Who else should I talk to?", "Who else could I talk to?")
    trigger = preview.config.plugins["coachguide"].preview.trigger
    assert str(trigger) in preview.config.watch  # MkDocs' server watches it
    preview.build()
    # First the edited file's own page, then, set off by a file in the watched folder, the other pages it changes.
    first = {page for page, stamp in written(preview.site_dir).items() if stamp != before.get(page)}
    assert "questions/basics/index.html" in first
    assert "questions/all/index.html" not in first
    shown = (preview.site_dir / "questions/basics/index.html").read_text(encoding="utf-8")
    assert "Who else could I talk to?" in shown
    assert [p.name for p in trigger.iterdir()] == ["build"]
    preview.build()  # as the server does when the trigger changes
    after = written(preview.site_dir)
    rebuilt = {page for page, stamp in after.items() if stamp != before.get(page)}
    # The bank and the pages that list every question; not the outreach pages, steps or hand-written notes.
    assert {"questions/basics/index.html", "questions/all/index.html", "print/guide/index.html"} <= rebuilt
    assert not any(page.startswith(("outreach/", "steps/")) or page == "notes/index.html" for page in rebuilt)
    assert len(rebuilt) < len(after) / 2
    assert snapshot(preview.site_dir) == full_build(project, tmp_path / "full")


def test_an_edit_to_a_template_rebuilds_every_page_it_changes_at_once(
    project: Path, preview: Serving, tmp_path: Path
) -> None:
    bank = project / "templates" / "bank.md.j2"
    shutil.copytree(ROOT / "templates", project / "templates")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(ROOT / "templates"), "templates"))
    preview.build()
    bank.write_text(bank.read_text(encoding="utf-8") + "\nEdited template.\n", encoding="utf-8")
    preview.build()
    assert "Edited template." in (preview.site_dir / "questions/basics/index.html").read_text(encoding="utf-8")
    assert snapshot(preview.site_dir) == full_build(project, tmp_path / "full")


def test_the_search_index_keeps_every_page_after_an_edit(project: Path, preview: Serving, tmp_path: Path) -> None:
    edit(project, "questions/basics.yml", "What is a typical starting salary range?", "What do beginners earn?")
    preview.build()
    preview.build()  # the pages the edit changes beside the bank's own
    edit(project, "outreach/" + sorted(os.listdir(project / "content/outreach"))[0], "title: ", "title: New ")
    preview.build()
    preview.build()
    index = json.loads((preview.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [entry["location"] for entry in index["docs"]]
    assert len(locations) == len(set(locations))  # no page indexed twice
    assert "What do beginners earn?" in json.dumps(index)
    full_build(project, tmp_path / "full")
    assert (preview.site_dir / "search/search_index.json").read_bytes() == (
        tmp_path / "full/search/search_index.json"
    ).read_bytes()


def test_a_change_every_page_shows_rebuilds_every_page(project: Path, preview: Serving, tmp_path: Path) -> None:
    before = written(preview.site_dir)
    edit(project, "steps/first.yml", "title: ", "title: Renamed ")  # the step's title is in every page's nav
    preview.build()
    after = written(preview.site_dir)
    assert all(after[page] != before[page] for page in before)
    assert snapshot(preview.site_dir) == full_build(project, tmp_path / "renamed")
    # and a hand-written page's heading, its title in the nav, stays in the nav of pages built without it
    notes = project / "docs" / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    preview.build()
    edit(project, "questions/basics.yml", "Who else should I talk to?", "Who else could I talk to?")
    preview.build()
    preview.build()
    assert snapshot(preview.site_dir) == full_build(project, tmp_path / "full")


def test_coachguide_serve_rebuilds_on_a_save_and_not_on_its_own_reads(project: Path) -> None:
    # The real server, told of saves by the system's file events: a save sets off the edit's build and its
    # follow-up; the files each build reads (content, templates, the theme) set off nothing more.
    import queue
    import socket
    import threading
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(command, cwd=project, env=env, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stderr is not None
    stream = proc.stderr
    reader = threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True)
    reader.start()

    def next_build(timeout: float) -> bool:
        """True once the server logs a finished build within `timeout` seconds; False if none comes."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                if "Documentation built in" in lines.get(timeout=left):
                    return True
            except queue.Empty:
                break
        return False

    try:
        assert next_build(300)  # the first build
        assert not next_build(5)  # it read every watched file; that set off no build
        edit(project, "questions/basics.yml", "Who else should I talk to?", "Who else could I talk to?")
        assert next_build(120)  # the edited file's pages
        assert next_build(120)  # the follow-up (generator/preview.py), set off by the file it writes
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/mini/questions/basics/", timeout=30) as response:
            assert b"Who else could I talk to?" in response.read()
        assert not next_build(5)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=20)
        stream.close()
