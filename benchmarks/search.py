"""Search as a reader meets it: type a query into Material's search box in Chromium, read the result links.

`python -m benchmarks.search [--questions N]`: hit rate and latency on the shipped guide, and the latency on a
synthesised guide of N questions (default 10,000), served and from file://, with where the time goes in the
worker (building the index, answering a query) and the load average.

Shared by the relevance test (tests/browser/test_search_relevance.py) and `python -m benchmarks`. A query
counts as answered when one of its accepted answers is among the first five result links *as Material shows
them*: per page, the page's link and the sections it shows, in order; sections folded under "N more on this
page" are not shown, so they do not count. Links compare exactly (page and anchor).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Page

from benchmarks.lighthouse import serving

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search" / "queries.yml"
# Written before the third round of tuning and kept apart from it: the rate on these tells whether tuning on
# QUERIES helped readers in general or only the list.
HOLDOUT = ROOT / "tests" / "search" / "holdout.yml"
FIRST = 5  # links a reader reads before giving up on a result list

# The links shown, in order: a result's own links, without those folded in its <details>.
_SHOWN = """() => [...document.querySelectorAll('li.md-search-result__item')].flatMap(item =>
  [...item.querySelectorAll('a.md-search-result__link')].filter(a => !a.closest('details')).map(a => a.href))"""

# Times each change of the result list, and each key released in the box (Material searches on keyup). A key
# counts from when it was released (the event's own time stamp), not from when the page got round to it, so a
# page held up by the search index cannot hide the wait.
_WATCH = """() => {
  const w = window.__cgSearch = {keyup: 0, changed: 0};
  document.querySelector('input.md-search__input').addEventListener('keyup', e => { w.keyup = e.timeStamp; }, true);
  // Material empties and refills the list, and rewrites the count above it, for every answer of its worker.
  new MutationObserver(() => { w.changed = performance.now(); })
    .observe(document.querySelector('.md-search-result'), {childList: true, subtree: true});
}"""


@dataclass(frozen=True)
class Query:
    words: str
    answers: tuple[str, ...]  # site-relative URLs, with an anchor where one section answers


@dataclass(frozen=True)
class Outcome:
    query: Query
    shown: tuple[str, ...]  # the first links shown, site-relative
    latency_ms: float  # from the last key released to the last change of the result list

    @property
    def answered(self) -> bool:
        return any(link in self.query.answers for link in self.shown[:FIRST])


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def hit_rate(self) -> float:
        return sum(o.answered for o in self.outcomes) / len(self.outcomes)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.answered]

    def latency(self) -> str:
        times = sorted(o.latency_ms for o in self.outcomes)
        quartiles = statistics.quantiles(times, n=4) if len(times) > 1 else times * 3
        return (
            f"median {statistics.median(times):.0f} ms (quartiles {quartiles[0]:.0f}-{quartiles[2]:.0f},"
            f" max {times[-1]:.0f}, n={len(times)})"
        )


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(item["query"]), tuple(item["answers"])) for item in data["queries"]]


def relative(link: str, base_url: str) -> str:
    """A result link as the query list writes it: from the site root, without the highlight parameter."""
    parts = urlsplit(link)
    path = parts.path[len(urlsplit(base_url).path) :]
    # A site built for file:// links to `steps/prepare.html` and `index.html`, not to folders.
    path = path.removesuffix("index.html")
    if path.endswith(".html"):
        path = path.removesuffix(".html") + "/"
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def open_search(page: Page, url: str) -> None:
    page.goto(url + ("index.html" if url.startswith("file:") else ""))  # file:// lists a folder, not its index
    page.evaluate(_WATCH)


def ask(page: Page, query: Query, base_url: str, *, settle_ms: int = 400) -> Outcome:
    """Type `query` as a reader would and read the links once the list has stopped changing for `settle_ms`."""
    page.locator("label.md-search__icon, .md-search__input").first.click(force=True)
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("Backspace")  # a keyup, so Material clears the list of the previous query
    box.press_sequentially(query.words, delay=20)
    page.wait_for_function(
        "ms => { const w = window.__cgSearch; return w.changed > w.keyup"
        " && performance.now() - Math.max(w.changed, w.keyup) > ms; }",
        arg=settle_ms,
        timeout=15_000,
    )
    timing = page.evaluate("() => window.__cgSearch")
    shown = tuple(relative(link, base_url) for link in page.evaluate(_SHOWN))
    return Outcome(query, shown[: FIRST * 2], timing["changed"] - timing["keyup"])


def run_queries(page: Page, url: str, queries: Sequence[Query]) -> Run:
    open_search(page, url)
    return Run([ask(page, query, url) for query in queries])


def report_misses(run: Run) -> str:
    return "\n".join(
        f"  {o.query.words!r}: shown {list(o.shown[:FIRST])}, accepted {list(o.query.answers)}" for o in run.misses
    )


def figures(tmp: Path, *, large: Path | None = None, log: Callable[[str], None] = print) -> list[str]:
    """The report's search lines: hit rate (on QUERIES and on HOLDOUT) and latency on the shipped guide, served
    and from file://, and the latency on the guide at `large` (an mkdocs.yml of a synthesised guide), served and
    from file://."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    from generator import commands

    queries, holdout = load_queries(), load_queries(HOLDOUT)
    sites = [("served", commands.build(ROOT / "mkdocs.yml", site_dir=tmp / "search-online", offline_zip=False))]
    sites.append(("file://", commands.build(ROOT / "mkdocs.yml", site_dir=tmp / "search-offline", offline=True)))
    if large is not None:
        sites.append(("served, large guide", commands.build(large, site_dir=tmp / "search-large", offline_zip=False)))
        sites.append(("file://, large guide", commands.build(large, site_dir=tmp / "search-large-off", offline=True)))
    lines = [
        f"search ({len(queries)} reader queries and {len(holdout)} held out, first {FIRST} links;"
        " latency from the last key to the list, on the first set):"
    ]
    lines.append(f"  load average at the start: {_load()}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for name, site in sites:
            log(f"search: {name}")
            with _served(site, local=name.startswith("file://")) as url:
                page = browser.new_page()
                try:
                    run = run_queries(page, url, queries)
                    held = None if name.endswith("large guide") else run_queries(page, url, holdout)
                except PlaywrightTimeout as exc:
                    lines.append(f"  {name}: no answer in time ({str(exc).splitlines()[0]})")
                    continue
                worker = _worker_times(page, queries) if name.endswith("large guide") else ""
            rate = "" if held is None else f"hit rate {run.hit_rate:.1%}, held out {held.hit_rate:.1%}; "
            lines.append(f"  {name}: {rate}{run.latency()}; load {_load()}{worker}")
        browser.close()
    return lines


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


# In a page of the site: the guide's worker (what `__config` names; from file://, the shim's blob worker) set up
# with the site's index as Material sets it up, then asked each query once, each answer awaited.
_WORKER_TIMES = """async queries => {
  if (!window.__index) await new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), {src: new URL('search/search_index.js', document.baseURI)});
    script.onload = resolve; script.onerror = reject; document.head.append(script);
  });
  const worker = new Worker(JSON.parse(document.getElementById('__config').textContent).search);
  const reply = type => new Promise(resolve => worker.addEventListener('message', function on(event) {
    if (event.data.type === type) { worker.removeEventListener('message', on); resolve(event.data); }
  }));
  let start = performance.now();
  const ready = reply(1);
  worker.postMessage({type: 0, data: {config: __index.config, docs: __index.docs, options: {suggest: false}}});
  await ready;
  const setup = performance.now() - start;
  const times = [];
  for (const query of queries) {
    start = performance.now();
    const result = reply(3);
    worker.postMessage({type: 2, data: query});
    await result;
    times.push(performance.now() - start);
  }
  worker.terminate();
  return {setup, times, docs: __index.docs.length};
}"""


def _worker_times(page: Page, queries: Sequence[Query]) -> str:
    """Where the time goes: the worker's index build, and its answer to each whole query and each first letter."""
    if page.url.startswith("http"):  # served, Material fetches the JSON index: the same, as a script
        page.evaluate("() => fetch('search/search_index.json').then(r => r.json()).then(i => { window.__index = i; })")
    words = [q.words for q in queries]
    got = page.evaluate(_WORKER_TIMES, [*words, *sorted({w[0] for w in words})])
    whole, first = sorted(got["times"][: len(words)]), sorted(got["times"][len(words) :])
    return (
        f"; in the worker: index of {got['docs']:,} entries built in {got['setup'] / 1000:.1f} s,"
        f" a whole query median {statistics.median(whole):.0f} ms (max {whole[-1]:.0f}),"
        f" a first letter median {statistics.median(first):.0f} ms (max {first[-1]:.0f})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000, metavar="N", help="the large guide (default 10,000)")
    args = parser.parse_args(argv)
    from benchmarks import synth

    with tempfile.TemporaryDirectory(prefix="coachguide-search-") as tmp:
        root = Path(tmp) / f"n{args.questions}"
        (root / "docs").mkdir(parents=True)
        synth.write_content(root / "content", args.questions)
        synth.write_yaml(root / "mkdocs.yml", synth.site_config(content_dir=root / "content", docs_dir=root / "docs"))
        lines = figures(Path(tmp), large=root / "mkdocs.yml", log=lambda m: print(m, file=sys.stderr, flush=True))
    print("\n".join(lines))
    return 0


@contextlib.contextmanager
def _served(site: Path, *, local: bool) -> Iterator[str]:
    if local:
        yield site.as_uri() + "/"
        return
    with serving(site) as url:
        yield url


if __name__ == "__main__":
    sys.exit(main())
