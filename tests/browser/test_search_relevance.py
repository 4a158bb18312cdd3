"""Reader queries (tests/search/queries.yml) typed into the real search box of the shipped guide (Chromium).

A query is answered when an accepted answer is among the first five result links Material shows. The suite
was written before tuning; the hit rate is printed with every miss, so a change that helps one query and
hurts three shows up here. A second set, tests/search/holdout.yml, was written before the third round of
tuning and not tuned on: it has a floor of its own, so tuning for the first list alone shows up too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from benchmarks import search

pytestmark = pytest.mark.browser

TARGET = 0.90  # issue #14
FLOOR = 0.88  # measured 92.7% on the 96 queries (83% before the third round, 48% on the first 77 before any)
HOLDOUT_FLOOR = 0.90  # measured 95.4% on the 65 held-out queries (75.4% before the third round)


def _run(browser: Browser, url: str, path: Path) -> search.Run:
    page = browser.new_page()
    try:
        return search.run_queries(page, url, search.load_queries(path))
    finally:
        page.close()


@pytest.fixture(scope="module")
def run(browser: Browser, default_url: str) -> search.Run:
    return _run(browser, default_url, search.QUERIES)


@pytest.fixture(scope="module")
def held_out(browser: Browser, default_url: str) -> search.Run:
    return _run(browser, default_url, search.HOLDOUT)


def test_hit_rate_does_not_fall_below_what_was_reached(run: search.Run) -> None:
    print(f"\nhit rate {run.hit_rate:.1%}; latency {run.latency()}; misses:\n{search.report_misses(run)}")
    assert run.hit_rate >= FLOOR, f"hit rate {run.hit_rate:.1%}; misses:\n{search.report_misses(run)}"


def test_held_out_queries_do_not_fall_below_what_was_reached(held_out: search.Run) -> None:
    print(f"\nheld out: hit rate {held_out.hit_rate:.1%}; misses:\n{search.report_misses(held_out)}")
    assert held_out.hit_rate >= HOLDOUT_FLOOR, (
        f"held out: hit rate {held_out.hit_rate:.1%}; misses:\n{search.report_misses(held_out)}"
    )


def test_nine_reader_queries_in_ten_find_an_answer_in_the_first_five_links(run: search.Run) -> None:
    assert run.hit_rate >= TARGET, f"hit rate {run.hit_rate:.1%}; misses:\n{search.report_misses(run)}"


@pytest.mark.parametrize("path", [search.QUERIES, search.HOLDOUT], ids=["queries", "holdout"])
def test_each_query_lists_answers_that_exist_in_the_site(path: Path, default_site: Path) -> None:
    # A typo in a query list would make a query unanswerable and the rate meaningless.
    missing = []
    for query in search.load_queries(path):
        for answer in query.answers:
            page, _, anchor = answer.partition("#")
            html = (default_site / page / "index.html").read_text(encoding="utf-8")
            if anchor and f'id="{anchor}"' not in html:
                missing.append(answer)
    assert missing == []
