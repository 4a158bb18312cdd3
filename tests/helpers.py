"""What many tests share: the mini fixture guide, the command line, content error lines, snapshots of folders,
how a shipped guide's templates are measured against their channels, and where Chromium is (the one the PDFs
use)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator import browsers
from generator.checks import filled
from generator.errors import ContentErrors
from generator.model import PLACEHOLDER, Guide, Template, guide_values
from generator.project import load_guide

if TYPE_CHECKING:
    from playwright.sync_api import Page

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINI = TESTS / "fixtures" / "mini"


def _browser() -> str:
    try:
        return browsers.find().path
    except browsers.BrowserNotFound:
        return "/usr/bin/chromium"  # what `make browser-deps` installs; the tests that need it say so


CHROMIUM = _browser()  # the browser the PDFs would be printed with, found as a build finds it
__all__ = [
    "CHROMIUM",
    "MINI",
    "ROOT",
    "TESTS",
    "channel_overruns",
    "copy_mini",
    "edit",
    "errors_of",
    "npm_tool",
    "run_cli",
    "snapshot",
]


def copy_mini(dest: Path) -> Path:
    """A private copy of the mini guide whose mkdocs.yml points at the repository's templates."""
    shutil.copytree(MINI, dest)
    config = dest / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("../../../templates", str(ROOT / "templates")), encoding="utf-8"
    )
    return dest


def run_cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`coachguide ARGS` in a process of its own, as a user runs it."""
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environ, timeout=300)


def errors_of(project: Path) -> list[str]:
    """The error lines loading the project's guide gives (the test fails if it loads)."""
    with pytest.raises(ContentErrors) as caught:
        load_guide(project / "content", project_dir=project)
    return [str(e) for e in caught.value.errors]


def edit(project: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in a content file with `new` (the test fails if `old` is not there)."""
    path = project / "content" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder`, by its path, as a digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def channel_overruns(guide: Guide, long_values: dict[str, str] | None) -> list[str]:
    """Where the guide's templates, filled in, break their channel's limits: with each placeholder's own example
    (`long_values` None), or with `long_values`, realistic long values for every placeholder the templates use
    (the test fails when one has none). Body characters and words, subject presence and characters."""
    own = guide_values(guide.meta.defaults)  # {meeting_minutes}, filled by the generator
    problems = []
    for tpl in guide.templates:
        channel = guide.meta.channels[tpl.channel]
        if long_values is not None:
            missing = set(tpl.placeholders) - set(long_values)
            assert not missing, f"{tpl.id}: add long values for {sorted(missing)} to this test"

        def fill(text: str, tpl: Template = tpl) -> str:
            if long_values is None:
                return filled(text, tpl, own)
            return PLACEHOLDER.sub(lambda m: {**own, **long_values}[m[1]], text)

        body = fill(tpl.body)
        if channel.max_chars and len(body) > channel.max_chars:
            problems.append(f"{tpl.id}: {len(body)} characters, limit {channel.max_chars}")
        if channel.max_words and len(body.split()) > channel.max_words:
            problems.append(f"{tpl.id}: {len(body.split())} words, limit {channel.max_words}")
        if channel.subject and not tpl.subject:
            problems.append(f"{tpl.id}: no subject")
        subject = fill(tpl.subject or "")
        if channel.subject_max_chars and len(subject) > channel.subject_max_chars:
            problems.append(f"{tpl.id}: subject {subject!r} over {channel.subject_max_chars} characters")
    return problems


def npm_tool(path: Path, package: str) -> Path:
    """A test tool that `make browser-deps` installs from npm: skipped where missing, but never in CI, which
    must run every browser test."""
    if not path.exists():
        message = f"{path} is missing: run `make browser-deps` (npm package {package})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


# A page opened from file:// may ask for its own files and for the blob: URL it makes itself to start the search
# worker (iframe-worker.js); anything else is another host.
FROM_FILE = ("file:", "blob:null/")


def check_offline_reader(page: Page, home: Path, *, query: str, step: str) -> list[str]:
    """As a reader of an offline copy opened at `home` (its index.html): search for `query` (returns the result
    links), follow the link named `step` to the Prepare step, tick its first checklist box and find it ticked
    after a reload."""
    from playwright.sync_api import expect

    page.goto(home.as_uri())
    page.locator("input.md-search__input").click(force=True)
    page.locator("input.md-search__input").press_sequentially(query, delay=5)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching"))
    hrefs: list[str] = page.locator("a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    page.goto(home.as_uri())
    page.get_by_role("link", name=step).first.click()
    expect(page).to_have_url(re.compile(r"steps/prepare/index\.html$"))
    page.locator(".cg-checklist input[type=checkbox]").first.check()
    page.reload()
    expect(page.locator(".cg-checklist input[type=checkbox]").first).to_be_checked()
    return hrefs
