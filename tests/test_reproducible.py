"""Reproducible and atomic builds.

Two builds of the same content with SOURCE_DATE_EPOCH set give the same bytes, site, PDFs and offline zip
alike, wherever the project sits and however busy the machine is. A build that fails, raises or is killed part-way never leaves a
half-written site where the old one was.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from helpers import CHROMIUM, copy_mini, run_cli, snapshot

from generator import commands, pdf, publish

EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")


def with_pdfs(project: Path, *, site_url: bool = True) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - coachguide:\n", "  - coachguide:\n      pdf: true\n")
    if not site_url:
        text = text.replace("site_url: https://example.org/mini/\n", "")
    config.write_text(text, encoding="utf-8")
    return project


TABLE = """
  | Letter | Ask about |
  |---|---|
  | **T**rends | Where the field is heading |
  | **A**dvice | What they would suggest |
"""


def with_a_table(project: Path) -> Path:
    """Table headers are the tagged-PDF elements that carry ids (cells name their headers by id)."""
    intro = project / "content/pages/intro.yml"
    text = intro.read_text(encoding="utf-8").replace("with a figure.\n", "with a figure.\n" + TABLE)
    intro.write_text(text, encoding="utf-8")
    return project


# One busy loop per core; each ends by itself after ten minutes should the test be killed before its clean-up.
BUSY_LOOP = "import time\nend = time.monotonic() + 600\nwhile time.monotonic() < end: pass"


@contextlib.contextmanager
def busy_machine() -> Iterator[None]:
    loops = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(os.cpu_count() or 2)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


@needs_chromium
def test_two_builds_on_a_busy_machine_give_the_same_bytes(tmp_path: Path) -> None:
    # Two copies in different places, built by separate processes at different times, beside busy loops.
    first = with_a_table(with_pdfs(copy_mini(tmp_path / "a" / "mini")))
    second = with_a_table(with_pdfs(copy_mini(tmp_path / "b" / "elsewhere")))
    with busy_machine():
        for project in (first, second):
            result = run_cli("build", "--strict", cwd=project, SOURCE_DATE_EPOCH=str(EPOCH))
            assert result.returncode == 0, result.stderr
            time.sleep(1.1)  # a clock that leaked into the output would now read differently
    site = first / "site"
    files = snapshot(site)
    assert {"downloads/mini.pdf", "downloads/mini-sheet-blank.pdf", "downloads/mini-offline.zip"} <= set(files)
    assert b"/IDTree" in (site / "downloads/mini.pdf").read_bytes()  # the PDF has the ids that once varied
    assert "sitemap.xml.gz" in files
    assert files == snapshot(second / "site")

    archive = zipfile.ZipFile(io.BytesIO((site / "downloads/mini-offline.zip").read_bytes()))
    assert {info.date_time for info in archive.infolist()} == {time.gmtime(EPOCH)[:6]}
    assert "<lastmod>2023-11-14</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    for path in site.glob("downloads/*.pdf"):
        data = path.read_bytes()
        assert b"/CreationDate (D:20231114221320" in data, path.name
        # Links point to the published pages, not to the folder the site was built in.
        assert b"file:" not in data, path.name
    assert b"/URI (https://example.org/mini/steps/first/)" in (site / "downloads/mini-step-1-first.pdf").read_bytes()


def header_references(path: Path) -> tuple[list[str], set[str]]:
    """A tagged PDF's id tree, as (names in order, names whose element carries that /ID), and the
    names that table cells give as their headers."""
    with pikepdf.open(path) as document:
        names = list(document.Root.StructTreeRoot.IDTree.Names)
        ids = [str(name) for name in names[::2]]
        assert [str(element.ID) for element in names[1::2]] == ids
        headers = {
            str(name)
            for element in pdf.structure_elements(document.Root.StructTreeRoot)
            for attributes in pdf.dictionaries(element.get("/A"))
            for name in attributes.get("/Headers", [])
        }
    return ids, headers


@needs_chromium
def test_pdf_structure_ids_do_not_follow_the_browsers_node_numbers(tmp_path: Path) -> None:
    # The renderer numbers DOM nodes from one counter, so a page loaded a second time has new numbers:
    # as if other work (paint timing on a busy machine) had taken some. The PDFs must not show it.
    project = with_a_table(copy_mini(tmp_path / "mini"))
    site = commands.build(project / "mkdocs.yml", strict=True, offline_zip=False)
    page = "print/guide/index.html"
    pdf.print_to_pdf(site, [(page, "first.pdf", "A4"), (page, "again.pdf", "A4")], site_url="https://example.org/mini/")
    assert (site / "first.pdf").read_bytes() == (site / "again.pdf").read_bytes()
    # The tags stay whole: the id tree is sorted and names its elements, and every header a cell names is in it.
    ids, headers = header_references(site / "first.pdf")
    assert len(ids) == 2
    assert ids == sorted(ids)
    assert headers == set(ids)


@needs_chromium
def test_without_a_site_url_pdfs_keep_no_links_to_the_build(mini: Path) -> None:
    site = commands.build(with_pdfs(mini, site_url=False) / "mkdocs.yml", strict=False, offline_zip=False)
    pdfs = sorted(site.glob("downloads/*.pdf"))
    uris = {uri for path in pdfs for uri in re.findall(rb"/URI \(([^)]*)\)", path.read_bytes())}
    assert len(pdfs) == 4
    # Links to other sites stay; links to the site's own pages, which have no address, are dropped.
    assert uris == {
        b"https://example.org/",
        b"https://www.pewresearch.org/" + b"internet/2015/11/19/searching-for-work-in-the-digital-era/",
    }


class FakeRoute:
    def __init__(self, url: str) -> None:
        self.request = type("Request", (), {"url": url})()
        self.answer: dict[str, Any] | None = None

    def fulfill(self, **answer: Any) -> None:
        self.answer = answer

    def abort(self) -> None:
        self.answer = {"aborted": True}


@pytest.mark.parametrize(
    ("url", "answer"),
    [
        ("https://example.org/mini/", {"path": "index.html"}),
        ("https://example.org/mini/print/guide/?x=1#top", {"path": "print/guide/index.html"}),
        ("https://example.org/mini/../../secret.txt", {"status": 404, "body": ""}),
        ("https://example.org/mini/%2e%2e/secret.txt", {"status": 404, "body": ""}),
        ("https://example.org/mini/link/secret.txt", {"status": 404, "body": ""}),
        ("https://example.org/other/", {"aborted": True}),
        ("https://cdn.example.com/font.woff2", {"aborted": True}),
        ("file:///etc/passwd", {"aborted": True}),
    ],
)
def test_printing_reads_only_the_built_site(tmp_path: Path, url: str, answer: dict[str, Any]) -> None:
    site = tmp_path / "site"
    (site / "print/guide").mkdir(parents=True)
    (site / "index.html").write_text("home", encoding="utf-8")
    (site / "print/guide/index.html").write_text("guide", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "link").symlink_to(tmp_path, target_is_directory=True)
    route = FakeRoute(url)
    pdf.serve_site_files(site, "https://example.org/mini/")(route)
    if "path" in answer:
        answer = {"path": (site / answer["path"]).resolve()}
    assert route.answer == answer


def build_page_hook(monkeypatch: pytest.MonkeyPatch, after: int, action: Any) -> None:
    """Run `action` when MkDocs is about to write its `after`-th page: the middle of a build."""
    from mkdocs.commands import build as mkdocs_build

    original = mkdocs_build._build_page
    count = 0

    def build_page(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count == after:
            action()
        return original(*args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


def test_build_interrupted_by_an_exception_leaves_the_old_site(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = commands.build(mini / "mkdocs.yml", strict=True, offline_zip=False)
    before = snapshot(site)

    def interrupt() -> None:
        raise KeyboardInterrupt

    build_page_hook(monkeypatch, 5, interrupt)
    with pytest.raises(KeyboardInterrupt):
        commands.build(mini / "mkdocs.yml", strict=True)
    assert snapshot(site) == before
    assert leftovers(mini) == []


def test_failed_pdf_printing_leaves_the_old_site(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = commands.build(mini / "mkdocs.yml", strict=True, offline_zip=False)
    before = snapshot(site)
    broken = mini / "broken-chromium"  # a browser that is found but fails to start
    broken.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("COACHGUIDE_BROWSER", str(broken))
    with pytest.raises(commands.CommandError, match="existing site was left as it was"):
        commands.build(with_pdfs(mini) / "mkdocs.yml", strict=True)
    assert snapshot(site) == before
    assert leftovers(mini) == []


KILLED_BUILD = """
import os, signal, sys
from mkdocs.commands import build
from generator.cli import main

original, count = build._build_page, 0

def build_page(*args, **kwargs):
    global count
    count += 1
    if count == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # no clean-up runs: as if the machine stopped here
    return original(*args, **kwargs)

build._build_page = build_page
sys.exit(main(["build", "--strict"]))
"""


def test_killed_build_leaves_the_old_site(mini: Path) -> None:
    assert run_cli("build", "--strict", cwd=mini).returncode == 0
    site = mini / "site"
    before = snapshot(site)
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD], cwd=mini, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, killed.stderr
    assert snapshot(site) == before
    # What the killed build wrote stays beside the site, in a hidden folder, until it is deleted.
    assert [name for name in leftovers(mini) if not re.fullmatch(r"\.site\.\w+", name)] == []
    assert run_cli("build", "--strict", cwd=mini).returncode == 0  # and the next build is not hindered


def test_swap_exchanges_old_and_new_site_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, new = tmp_path / "site", tmp_path / ".site.new"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    if not publish.exchange(new, site):
        pytest.skip("this system cannot exchange two folders in one step")
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert (new / "index.html").read_text(encoding="utf-8") == "old"

    def no_rename(self: Path, target: Any) -> Path:
        raise AssertionError("renamed: there was a moment without a site")

    newer = tmp_path / ".site.newer"
    newer.mkdir()
    (newer / "index.html").write_text("newer", encoding="utf-8")
    monkeypatch.setattr(Path, "rename", no_rename)
    publish.swap(newer, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.new", "site"]


def test_swap_falls_back_to_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, new = tmp_path / "site", tmp_path / ".site.new"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    publish.swap(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
