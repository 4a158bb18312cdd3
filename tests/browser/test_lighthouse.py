"""Lighthouse 12 (mobile, as the benchmark runs it) on the shipped guide's page types: accessibility, best
practices and SEO 100, and a cumulative layout shift of at most 0.02 (issue #16). Performance is a timed
score, so it is the benchmark's (python -m benchmarks.lighthouse, beside a stock Material page), not a test's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks import lighthouse

pytestmark = pytest.mark.browser

BINARY = lighthouse.PREFIX / "node_modules" / ".bin" / "lighthouse"
PAGES = lighthouse.pages()


@pytest.fixture(scope="module")
def binary() -> Path:
    if not BINARY.exists():
        message = f"{BINARY} is missing: run `make browser-deps` (npm package lighthouse@{lighthouse.VERSION})"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run every browser test
        pytest.skip(message)
    return BINARY


@pytest.mark.parametrize("label", list(PAGES))
def test_lighthouse_finds_nothing_to_fix_and_no_layout_shift(
    binary: Path, default_site: Path, default_url: str, tmp_path: Path, label: str
) -> None:
    report = lighthouse.run(binary, default_url + PAGES[label], tmp_path / "report.json", desktop=False)
    found = lighthouse.reading(report, site=default_site, base=default_url)
    problems = [
        f"{category} {found[category]}: " + ", ".join(lighthouse.details(report, found["failed"][category]))
        for category in lighthouse.CATEGORIES[1:]
        if found[category] != 100
    ]
    shift = found["cumulative-layout-shift"]
    if shift > 0.02:
        problems.append(f"layout shift {shift:.3f}: " + ", ".join(lighthouse.shifted(report)))
    assert not problems, f"{label} ({PAGES[label]}):\n" + "\n".join(problems)
    assert found["external"] == 0, "a page asked another host for something: the offline build must not"
