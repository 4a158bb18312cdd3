"""Lighthouse scores of our pages beside a stock Material page, both built in the same run.

Lighthouse 12.2.3 (newer majors need Node 22) is installed with npm into benchmarks/.lighthouse/ (ignored by
git) and drives Debian's Chromium (CHROME_PATH). Each site is served on 127.0.0.1 by a threaded http.server.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.runner import ROOT, BenchError, run_child

VERSION = "12.2.3"
PREFIX = Path(__file__).parent / ".lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    " --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (  # mobile metrics shown under the scores, with the page weight
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "total-byte-weight",
)
RUNS = 3  # per page and form factor; the performance score moves from run to run, the others do not

STOCK_PAGE = """# A stock Material page

Material for MkDocs with no customisation beyond `font: false`, for comparison with the guide's pages.

## A section

Informational interviews are short conversations with people who do work you are curious about. You ask
the questions, and the aim is to learn: what the work is like, how people got into it, what they would do
differently. A list of things to prepare:

- a one-sentence goal
- a short introduction of yourself
- five to eight questions, the most important first

## A table

| Step | What you do |
| --- | --- |
| Identify | Decide what you want to learn and who can tell you |
| Reach out | Ask for twenty minutes, politely and specifically |
| Follow up | Thank them within a day |
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) for the duration of the block; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def install(log: Callable[[str], None]) -> Path:
    """The lighthouse executable, installed with npm on first use; raises BenchError saying why not."""
    binary = PREFIX / "node_modules" / ".bin" / "lighthouse"
    manifest = PREFIX / "node_modules" / "lighthouse" / "package.json"
    if manifest.exists() and json.loads(manifest.read_text())["version"] == VERSION and binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise BenchError("npm is not installed (apt-get install npm), so Lighthouse cannot be installed")
    log(f"lighthouse: npm install --prefix {PREFIX} lighthouse@{VERSION}")
    PREFIX.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(PREFIX),
            f"lighthouse@{VERSION}",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not binary.exists():
        raise BenchError(f"npm install lighthouse@{VERSION} failed: {done.stderr.strip()[-2000:]}")
    return binary


def _pages() -> dict[str, str]:
    """Site-relative URLs of the first step, the first bank and the first prep sheet of the shipped guide."""
    from generator.project import load_guide
    from generator.render import page_paths

    guide = load_guide(ROOT / "content")
    paths = page_paths(guide)

    def url(key: str) -> str:
        return paths[key].removesuffix(".md").removesuffix("index") + "/"

    return {
        f"step ({guide.steps[0].id})": url(f"step:{guide.steps[0].id}"),
        f"bank ({guide.banks[0].id})": url(f"bank:{guide.banks[0].id}"),
        f"prep sheet ({guide.prep_sheets[0].id})": url(f"sheet:{guide.prep_sheets[0].id}"),
    }


def build_sites(tmp: Path) -> tuple[Path, Path]:
    """Our site as `coachguide build` makes it from the repository's mkdocs.yml, and a stock Material site."""
    ours = tmp / "lighthouse-guide"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "-f", str(ROOT / "mkdocs.yml"), "build", "--site-dir", str(ours)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode != 0:
        raise BenchError(f"coachguide build of the shipped guide failed:\n{done.stderr[-3000:]}")
    stock = tmp / "lighthouse-stock"
    (stock / "docs").mkdir(parents=True)
    (stock / "docs" / "index.md").write_text(STOCK_PAGE, encoding="utf-8")
    (stock / "mkdocs.yml").write_text(
        "site_name: Stock Material\nsite_url: https://example.org/stock/\n"
        "theme:\n  name: material\n  font: false\nmarkdown_extensions:\n  - tables\n",
        encoding="utf-8",
    )
    run_child("mkdocs", str(stock / "mkdocs.yml"), str(stock / "site"))
    return ours, stock / "site"


def run(binary: Path, url: str, out: Path, *, desktop: bool) -> dict[str, Any]:
    command = [
        str(binary),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        *(["--preset=desktop"] if desktop else []),
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not out.exists():
        raise BenchError(f"lighthouse {url} exited {done.returncode}: {done.stderr.strip()[-1500:]}")
    report: dict[str, Any] = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise BenchError(f"lighthouse {url}: {report['runtimeError']}")
    return report


def _failed(report: dict[str, Any], category: str) -> list[str]:
    """The audits of a category that did not pass, by id."""
    ids = [ref["id"] for ref in report["categories"][category]["auditRefs"] if ref.get("weight", 0) > 0]
    return [i for i in ids if report["audits"][i].get("score") not in (None, 1)]


def scores(tmp: Path, *, log: Callable[[str], None]) -> list[str]:
    """The Lighthouse block of the report, or the reason Lighthouse could not run."""
    try:
        if not Path(CHROMIUM).exists():
            raise BenchError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
        binary = install(log)
        log("lighthouse: building the shipped guide and a stock Material site")
        ours, stock = build_sites(tmp)
        rows = []
        with serving(ours) as guide_url, serving(stock) as stock_url:
            targets = [(label, guide_url + path) for label, path in _pages().items()]
            targets.append(("stock Material page", stock_url))
            for label, url in targets:
                row: dict[str, Any] = {"label": label, "mobile": [], "desktop": [], "failed": {}, "metrics": []}
                for desktop in (False, True):
                    for i in range(RUNS):
                        log(f"lighthouse: {label}, {'desktop' if desktop else 'mobile'} run {i + 1}/{RUNS}")
                        report = run(binary, url, tmp / "lighthouse.json", desktop=desktop)
                        found = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
                        row["desktop" if desktop else "mobile"].append(found)
                        if not desktop:
                            row["metrics"].append({m: report["audits"][m].get("numericValue", 0) for m in METRICS})
                        for category in CATEGORIES[1:]:
                            row["failed"].setdefault(category, set()).update(_failed(report, category))
                rows.append(row)
    except (BenchError, OSError, subprocess.TimeoutExpired) as exc:
        return [f"Lighthouse: not run: {exc}"]
    return _table(rows)


def _table(rows: list[dict[str, Any]]) -> list[str]:
    def med(runs: list[dict[str, int]], category: str) -> str:
        return f"{statistics.median(r[category] for r in runs):.0f}"

    def spread(runs: list[dict[str, int]]) -> str:
        values = [r["performance"] for r in runs]
        return f"{min(values)}-{max(values)}"

    head = ("page", "perf mobile", "(range)", "perf desktop", "(range)", "a11y", "best pr.", "SEO")
    lines = [head]
    for row in rows:
        m, d = row["mobile"], row["desktop"]
        lines.append(
            (
                row["label"],
                med(m, "performance"),
                spread(m),
                med(d, "performance"),
                spread(d),
                med(m + d, "accessibility"),
                med(m + d, "best-practices"),
                med(m + d, "seo"),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = [f"Lighthouse {VERSION} (Chromium headless; median of {RUNS} runs per form factor; scores 0-100):"]
    for line in lines:
        out.append(
            "  "
            + "  ".join(
                f"{cell:<{w}}" if i == 0 else f"{cell:>{w}}"
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
    out.append(
        "  mobile metrics (medians): first contentful paint, largest contentful paint, total blocking time, CLS, bytes"
    )
    for row in rows:
        metric = {m: statistics.median(r[m] for r in row["metrics"]) for m in METRICS}
        out.append(
            f"    {row['label']}: FCP {metric[METRICS[0]] / 1000:.1f} s, LCP {metric[METRICS[1]] / 1000:.1f} s,"
            f" TBT {metric[METRICS[2]]:.0f} ms, CLS {metric[METRICS[3]]:.3f}, {metric[METRICS[4]] / 1024:.0f} KB"
        )
    for row in rows:
        failed = {c: sorted(ids) for c, ids in row["failed"].items() if ids}
        if failed:
            out.append(
                f"  {row['label']}: audits not passed: "
                + "; ".join(f"{c}: {', '.join(ids)}" for c, ids in failed.items())
            )
    return out
