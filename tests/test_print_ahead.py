"""The PDFs print while MkDocs builds the rest of the site (generator/print_ahead.py).

Builds run in processes of their own, as users run them: a fork is made only where no other thread runs,
which a test process cannot promise.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import copy_mini, run_cli, snapshot
from test_reproducible import EPOCH, needs_chromium, with_pdfs

from generator import commands, plugin

AHEAD = "while the pages were built"


@pytest.fixture
def tmp() -> Iterator[Path]:
    """A temporary folder of the build's own (TMPDIR), with a short name: Chromium keeps a socket in it, and a
    socket's path may not be longer than 107 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="cg"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def printing_folders(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith("coachguide-pdfs-"))


@needs_chromium
def test_pdfs_printed_beside_the_build_are_those_printed_after_it(
    tmp_path: Path, tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    beside = with_pdfs(copy_mini(tmp_path / "a" / "mini"))
    result = run_cli("build", "--strict", cwd=beside, SOURCE_DATE_EPOCH=str(EPOCH), TMPDIR=str(tmp))
    assert result.returncode == 0, result.stderr
    assert AHEAD in result.stderr  # this build printed them in its forked process

    after = with_pdfs(copy_mini(tmp_path / "b" / "mini"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    monkeypatch.setattr(plugin.CoachGuidePlugin, "PRINT_AHEAD", False)
    commands.build(after / "mkdocs.yml", strict=True)

    site = snapshot(beside / "site")
    assert {"downloads/mini.pdf", "downloads/mini-sheet-blank.pdf"} <= set(site)
    assert all((beside / "site" / path).stat().st_size > 1000 for path in site if path.endswith(".pdf"))
    assert site == snapshot(after / "site")
    assert printing_folders(tmp) == []


@needs_chromium
def test_a_printing_that_fails_beside_the_build_fails_it_and_leaves_the_site(tmp_path: Path, tmp: Path) -> None:
    project = with_pdfs(copy_mini(tmp_path / "mini"))
    assert run_cli("build", "--strict", cwd=project, TMPDIR=str(tmp)).returncode == 0
    before = snapshot(project / "site")
    broken = tmp_path / "broken-chromium"  # found, so the build starts, but it cannot print
    broken.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)

    result = run_cli("build", "--strict", cwd=project, TMPDIR=str(tmp), COACHGUIDE_BROWSER=str(broken))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("coachguide: build failed: ") and "could not print" in lines[-1], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == before
    assert printing_folders(tmp) == []


@needs_chromium
def test_a_build_that_fails_while_the_pdfs_print_stops_the_printing(tmp_path: Path, tmp: Path) -> None:
    project = with_pdfs(copy_mini(tmp_path / "mini"))
    # A warning fails a strict build once every page is written, long after the printing started.
    (project / "docs" / "broken.md").write_text("# Broken\n\n[gone](missing.md)\n", encoding="utf-8")
    result = run_cli("build", "--strict", cwd=project, TMPDIR=str(tmp))
    assert result.returncode == 1, result.stderr
    assert "missing.md" in result.stderr
    assert not (project / "site").exists()
    assert printing_folders(tmp) == []
