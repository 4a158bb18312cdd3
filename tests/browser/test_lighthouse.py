"""Lighthouse 12 (mobile, as the benchmark runs it) on the shipped guide's page types and "Writing a guide":
accessibility, best practices and SEO 100, a cumulative layout shift of at most 0.02, no request to another host
(issue #16). Performance is a timed score, so it is the benchmark's (python -m benchmarks.lighthouse, beside a
stock Material page), not a test's; leaving its category out also halves the time of a run."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import npm_tool

from benchmarks import lighthouse

pytestmark = pytest.mark.browser

BINARY = lighthouse.PREFIX / "node_modules" / ".bin" / "lighthouse"
# The benchmark's pages, and the working set's two (whose scripts fill in what a first visit shows), so the layout
# shift is guarded on every page type.
PAGES = lighthouse.pages() | {"contacts tracker": "tracker/", "conversation mode": "conversation/"}
GUARDED = ("accessibility", "best-practices", "seo")  # each 100 on every page


@pytest.fixture(scope="module")
def binary() -> Path:
    return npm_tool(BINARY, f"lighthouse@{lighthouse.VERSION}")


@pytest.mark.parametrize("label", list(PAGES))
def test_lighthouse_finds_nothing_to_fix_and_no_layout_shift(
    binary: Path, default_site: Path, default_url: str, tmp_path: Path, label: str
) -> None:
    report = lighthouse.run(
        binary,
        default_url + PAGES[label],
        tmp_path / "report.json",
        desktop=False,
        categories=GUARDED,
        audits=("cumulative-layout-shift", "layout-shifts", "network-requests"),
    )
    problems = []
    for category in GUARDED:
        score = round(100 * report["categories"][category]["score"])
        if score != 100:
            failed = lighthouse.details(report, lighthouse.failed(report, category))
            problems.append(f"{category} {score}: {', '.join(failed)}")
    shift = report["audits"]["cumulative-layout-shift"]["numericValue"]
    if shift > 0.02:
        problems.append(f"layout shift {shift:.3f}: " + ", ".join(lighthouse.shifted(report)))
    requests = report["audits"]["network-requests"]["details"]["items"]
    elsewhere = [r["url"] for r in requests if not r["url"].startswith((default_url, "data:"))]
    if elsewhere:
        problems.append(f"requests to other hosts: {elsewhere}")
    assert not problems, f"{label} ({PAGES[label]}):\n" + "\n".join(problems)
