"""Lighthouse scores of our pages beside a stock Material page, both built in the same run.

`python -m benchmarks.lighthouse [--runs N]` (make bench-pages) prints them alone; `python -m benchmarks --full`
with the build figures. Lighthouse 12.2.3 (newer majors need Node 22) is installed with npm into .venv/lighthouse/
(make lighthouse-deps, or here on first use) and drives Debian's Chromium (CHROME_PATH). Each site is served on
127.0.0.1 by a threaded http.server; tests/browser/test_lighthouse.py runs the same pages through it.
"""

from __future__ import annotations

import functools
import gzip
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
PREFIX = ROOT / ".venv" / "lighthouse"  # where `make lighthouse-deps` puts it
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
    PREFIX.mkdir(parents=True, exist_ok=True)
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


def pages() -> dict[str, str]:
    """Site-relative URLs of the pages issue #16 names: the home page, the first step, bank, template and prep
    sheet, All questions, and the hand-written "Writing a guide" page (code blocks) of the shipped guide."""
    from generator.project import load_guide
    from generator.render import page_paths

    guide = load_guide(ROOT / "content")
    paths = page_paths(guide)

    def url(key: str) -> str:
        return paths[key].removesuffix(".md").removesuffix("index") + "/"

    return {
        "home": "",
        f"step ({guide.steps[0].id})": url(f"step:{guide.steps[0].id}"),
        f"bank ({guide.banks[0].id})": url(f"bank:{guide.banks[0].id}"),
        f"template ({guide.templates[0].id})": url(f"template:{guide.templates[0].id}"),
        f"prep sheet ({guide.prep_sheets[0].id})": url(f"sheet:{guide.prep_sheets[0].id}"),
        "All questions": url("all-questions"),
        "Writing a guide": "authoring/",
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


def run(
    binary: Path,
    url: str,
    out: Path,
    *,
    desktop: bool,
    categories: tuple[str, ...] = CATEGORIES,
    audits: tuple[str, ...] = (),
) -> dict[str, Any]:
    """One Lighthouse run of `url` (mobile unless `desktop`): its report. `audits` are run besides the categories'."""
    command = [
        str(binary),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(categories)}",
        *([f"--only-audits={','.join(audits)}"] if audits else []),
        *(["--preset=desktop"] if desktop else []),
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)  # a loaded machine is slow
    if done.returncode != 0 or not out.exists():
        raise BenchError(f"lighthouse {url} exited {done.returncode}: {done.stderr.strip()[-1500:]}")
    report: dict[str, Any] = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise BenchError(f"lighthouse {url}: {report['runtimeError']}")
    return report


def failed(report: dict[str, Any], category: str) -> list[str]:
    """The audits of a category that did not pass, by id."""
    ids = [ref["id"] for ref in report["categories"][category]["auditRefs"] if ref.get("weight", 0) > 0]
    return [i for i in ids if report["audits"][i].get("score") not in (None, 1)]


def details(report: dict[str, Any], ids: list[str]) -> list[str]:
    """Failed audits by id, each with the first elements it names (CSS selectors), to say where to look."""
    out = []
    for i in ids:
        items = (report["audits"][i].get("details") or {}).get("items") or []
        nodes = [item["node"].get("selector", "?") for item in items[:3] if isinstance(item.get("node"), dict)]
        out.append(f"{i} ({'; '.join(nodes)})" if nodes else i)
    return out


def shifted(report: dict[str, Any]) -> list[str]:
    """The elements that moved after the first paint, with each shift's score (audit layout-shifts)."""
    items = (report["audits"].get("layout-shifts", {}).get("details") or {}).get("items") or []
    return [f"{item.get('node', {}).get('selector', '?')} {item.get('score', 0):.3f}" for item in items]


def _local_file(site: Path, base: str, url: str) -> Path | None:
    """The file of `site` that `url` (under `base`) was served from, or None for another host."""
    if not url.startswith(base):
        return None
    path = url[len(base) :].split("#")[0].split("?")[0]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def reading(report: dict[str, Any], *, site: Path, base: str) -> dict[str, Any]:
    """What one Lighthouse run says about a page: scores, metrics, requests and their sizes.

    http.server sends files as they are, so the transfer is the uncompressed size; the compressed size is
    each file gzipped at level 6 (a web server's usual setting), from the site folder."""
    audits = report["audits"]
    found: dict[str, Any] = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
    found |= {m: audits[m].get("numericValue", 0) for m in METRICS}
    requests = audits["network-requests"]["details"]["items"]
    raw = packed = external = 0
    for item in requests:
        file = _local_file(site, base, item["url"])
        if file is None:
            external += not item["url"].startswith("data:")
            continue
        body = file.read_bytes() if file.is_file() else b""
        raw += len(body)
        packed += len(gzip.compress(body, compresslevel=6, mtime=0))
    observed = audits["metrics"]["details"]["items"][0]
    search = [r for r in requests if "search_index" in r["url"]]
    found |= {
        "requests": len(requests),
        "external": external,
        "bytes": raw,
        "gzip": packed,
        "observed-fcp": observed.get("observedFirstContentfulPaint", 0),
        "observed-load": observed.get("observedLoad", 0),
        # Material fetches the index from its search worker; None when the page did not fetch it at all.
        "search-at": search[0].get("networkRequestTime") if search else None,
        "failed": {c: failed(report, c) for c in CATEGORIES[1:]},
    }
    return found


def measure(
    targets: list[tuple[str, str, Path, str]], tmp: Path, *, binary: Path, runs: int, log: Callable[[str], None]
) -> dict[str, list[dict[str, Any]]]:
    """`runs` mobile Lighthouse runs of each (label, url, site folder, base URL), round by round so that a change
    in the machine's load falls on every page alike."""
    readings: dict[str, list[dict[str, Any]]] = {label: [] for label, *_ in targets}
    for i in range(runs):
        for label, url, site, base in targets:
            log(f"lighthouse: {label}, run {i + 1}/{runs}")
            report = run(binary, url, tmp / "lighthouse.json", desktop=False)
            readings[label].append(reading(report, site=site, base=base))
    return readings


def scores(tmp: Path, *, log: Callable[[str], None], runs: int = RUNS) -> list[str]:
    """The Lighthouse block of the report, or the reason Lighthouse could not run."""
    try:
        if not Path(CHROMIUM).exists():
            raise BenchError(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
        binary = install(log)
        log("lighthouse: building the shipped guide and a stock Material site")
        ours, stock = build_sites(tmp)
        load = os.getloadavg()
        with serving(ours) as guide_url, serving(stock) as stock_url:
            targets = [(label, guide_url + path, ours, guide_url) for label, path in pages().items()]
            targets.append((STOCK, stock_url, stock, stock_url))
            readings = measure(targets, tmp, binary=binary, runs=runs, log=log)
        load_after = os.getloadavg()
    except (BenchError, OSError, subprocess.TimeoutExpired) as exc:
        return [f"Lighthouse: not run: {exc}"]
    lines = _table(readings, runs=runs)
    lines.append(
        f"  load average (1 min) {load[0]:.2f} before, {load_after[0]:.2f} after the runs, on {os.cpu_count()} cores"
    )
    return lines


STOCK = "stock Material page"


def _med(values: list[float]) -> float:
    return float(statistics.median(values))


def _span(values: list[float], fmt: str = "{:.0f}") -> str:
    return f"{fmt.format(_med(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"


def _table(readings: dict[str, list[dict[str, Any]]], *, runs: int) -> list[str]:
    head = ("page", "perf", "a11y", "b.p.", "SEO", "FCP s", "LCP s", "TBT ms", "CLS", "req", "KB", "KB gzip")
    lines = [head]
    for label, rs in readings.items():
        col = {key: [r[key] for r in rs] for key in (*CATEGORIES, *METRICS, "requests", "bytes", "gzip")}
        lines.append(
            (
                label,
                _span(col["performance"]),
                *(f"{_med(col[c]):.0f}" for c in CATEGORIES[1:]),
                _span([v / 1000 for v in col["first-contentful-paint"]], "{:.1f}"),
                _span([v / 1000 for v in col["largest-contentful-paint"]], "{:.1f}"),
                _span(col["total-blocking-time"]),
                f"{max(col['cumulative-layout-shift']):.3f}",
                f"{_med(col['requests']):.0f}",
                f"{_med(col['bytes']) / 1024:.0f}",
                f"{_med(col['gzip']) / 1024:.0f}",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = [
        f"Lighthouse {VERSION}, mobile (default simulated throttling), Chromium headless; {runs} runs per page, taken"
        " round by round; median (min-max); CLS is the largest of the runs; KB are the files the page loads, as"
        " served and gzipped (level 6):"
    ]
    for line in lines:
        cells = (f"{c:<{w}}" if i == 0 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(line, widths, strict=True)))
        out.append("  " + "  ".join(cells).rstrip())
    out += _targets(readings)
    for label, rs in readings.items():
        failed = {c: sorted({i for r in rs for i in r["failed"][c]}) for c in CATEGORIES[1:]}
        failed = {c: ids for c, ids in failed.items() if ids}
        if failed:
            out.append(f"  {label}: audits not passed: " + "; ".join(f"{c}: {', '.join(i)}" for c, i in failed.items()))
    return out


def _targets(readings: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Issue #16's targets for pages, each with what was measured and whether it is met."""
    stock = _med([r["performance"] for r in readings[STOCK]])
    ours = {label: rs for label, rs in readings.items() if label != STOCK}

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT MET"

    perf = {label: _med([r["performance"] for r in rs]) for label, rs in ours.items()}
    worst = min(perf, key=lambda label: perf[label])
    lines = ["  targets (issue #16, pages):"]
    lines.append(
        f"    performance >= the stock Material page's ({stock:.0f}): lowest median {perf[worst]:.0f} ({worst}):"
        f" {verdict(perf[worst] >= stock)}"
    )
    for category in CATEGORIES[1:]:
        low = {label: min(r[category] for r in rs) for label, rs in ours.items()}
        below = [f"{label} {value}" for label, value in low.items() if value < 100]
        lines.append(f"    {category} 100 on every page: {', '.join(below) or 'all 100'}: {verdict(not below)}")
    cls = {label: max(r["cumulative-layout-shift"] for r in rs) for label, rs in ours.items()}
    top = max(cls, key=lambda label: cls[label])
    lines.append(f"    layout shift <= 0.02 on every page: largest {cls[top]:.3f} ({top}): {verdict(cls[top] <= 0.02)}")
    external = sum(r["external"] for rs in ours.values() for r in rs)
    lines.append(f"    requests to other hosts: {external}: {verdict(external == 0)}")
    late = []
    for label, rs in ours.items():
        for r in rs:
            if r["search-at"] is not None and r["search-at"] < r["observed-fcp"]:
                late.append(label)
    fetched = sum(r["search-at"] is not None for rs in ours.values() for r in rs)
    early = sum(r["search-at"] is not None and r["search-at"] < r["observed-load"] for rs in ours.values() for r in rs)
    lines.append(
        f"    search index fetched before first paint: on {len(late)} of {fetched} loads that fetched it"
        f" ({', '.join(sorted(set(late))) or 'none'}): {verdict(not late)}; before the load event: on {early}"
        " (a paint held up past the load event by a busy CPU counts as fetched before it)"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    """python -m benchmarks.lighthouse [--runs N]: the pages' figures beside a stock Material page."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse", description=main.__doc__)
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per page (default: %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coachguide-lighthouse-") as tmp:
        lines = scores(Path(tmp), log=lambda message: print(message, file=sys.stderr, flush=True), runs=args.runs)
    print("\n".join(lines))
    return 1 if lines[0].startswith("Lighthouse: not run") else 0


if __name__ == "__main__":
    sys.exit(main())
