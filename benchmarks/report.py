"""The printed report: one table row per N, how each cost grows with N, and the targets of issue 7."""

from __future__ import annotations

import gzip
import statistics
from collections.abc import Sequence

from benchmarks.runner import Row


def size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def _s(values: Sequence[float]) -> str:
    return f"{statistics.median(values):.2f}"


def _mb(values: Sequence[int]) -> str:
    return f"{statistics.median(values) / 1024:.0f}"


COLUMNS = (
    ("N", ">", lambda r: f"{r.questions:,}"),
    ("runs", ">", lambda r: str(r.runs)),
    ("pages", ">", lambda r: str(r.pages)),
    ("load+val s", ">", lambda r: _s(r.load)),
    ("render s", ">", lambda r: _s(r.render)),
    ("mkdocs(b) s", ">", lambda r: _s(r.build_b)),
    ("build(a) s", ">", lambda r: _s(r.build_a)),
    ("a/b", ">", lambda r: f"{r.ratio:.2f}"),
    ("paired", ">", lambda r: f"{r.paired_ratio:.2f}"),
    ("cpu a/b", ">", lambda r: f"{r.cpu_ratio:.2f}"),
    ("peak a MB", ">", lambda r: _mb(r.peak_a)),
    ("peak b MB", ">", lambda r: _mb(r.peak_b)),
    ("peak a/b", ">", lambda r: f"{r.peak_ratio:.2f}"),
    ("site", ">", lambda r: size(r.site_bytes)),
    ("search idx", ">", lambda r: size(r.search_bytes)),
    ("median page", ">", lambda r: size(r.median_page)),
    ("largest page", "<", lambda r: f"{size(r.largest_page[1])} {r.largest_page[0]}"),
)


def table(rows: Sequence[Row]) -> str:
    cells = [[name for name, _, _ in COLUMNS]] + [[cell(row) for _, _, cell in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for j, line in enumerate(cells):
        parts = [f"{text:{align}{width}}" for text, (_, align, _), width in zip(line, COLUMNS, widths, strict=True)]
        lines.append("  ".join(parts).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def notes(rows: Sequence[Row]) -> list[str]:
    """What the columns mean, and facts that hold for every row."""
    first = rows[0]
    return [
        "(a) coachguide build = generator.commands.build(..., offline_zip=False), the whole `coachguide build` path",
        "    without the offline zip variant; (b) plain `mkdocs build` of the same pages written by",
        "    `coachguide render`, same theme, extensions, nav and assets, no coachguide plugin.",
        "    Build times are wall seconds of a fresh process each (interpreter start and imports included);",
        "    load+val and render are timed inside a fresh process; all figures are medians over the runs;",
        "    paired = median over runs of a/b, each a next to its b; cpu a/b compares user+system CPU seconds",
        "    of the same processes. Both are less disturbed than a/b by other load on the machine.",
        f"    (a) loaded and rendered the guide {first.loads_per_build} time(s) per build;"
        " warnings logged: " + ", ".join(f"N={r.questions:,} a={r.warnings_a} b={r.warnings_b}" for r in rows),
    ]


def growth(rows: Sequence[Row]) -> list[str]:
    """Each cost at the largest N over the smallest, against the growth of N."""
    if len(rows) < 2:
        return []
    lo, hi = rows[0], rows[-1]
    factor = hi.questions / lo.questions
    items = [
        ("load+val", statistics.median(hi.load) / statistics.median(lo.load)),
        ("render", statistics.median(hi.render) / statistics.median(lo.render)),
        ("mkdocs(b)", statistics.median(hi.build_b) / statistics.median(lo.build_b)),
        ("build(a)", statistics.median(hi.build_a) / statistics.median(lo.build_a)),
        ("peak a", statistics.median(hi.peak_a) / statistics.median(lo.peak_a)),
        ("site", hi.site_bytes / lo.site_bytes),
        ("search idx", hi.search_bytes / lo.search_bytes),
        ("largest page", hi.largest_page[1] / lo.largest_page[1]),
        ("median page", hi.median_page / lo.median_page),
    ]
    lines = [f"growth from N={lo.questions:,} to N={hi.questions:,} (x{factor:,.0f} questions):"]
    lines.append("  " + ", ".join(f"{name} x{value:.1f}" for name, value in items))
    per_k = [
        f"N={r.questions:,}: {1000 * (statistics.median(r.build_a) - statistics.median(rows[0].build_a)) / max(1, r.questions - rows[0].questions):.2f}"
        for r in rows[1:]
    ]
    lines.append("  build(a) seconds per extra 1,000 questions, from the smallest N: " + "; ".join(per_k))
    return lines


def spread(values: Sequence[float]) -> str:
    """Median, then the range, of a few timings."""
    return f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def default_builds(rows: Sequence[Row]) -> list[str]:
    done = [r for r in rows if r.shipped]
    if not done:
        return []
    lines = ["the build as shipped (`coachguide build`: PDFs, offline zip), each run beside a plain `mkdocs build`:"]
    for r in done:
        lines.append(
            f"  N={r.questions:,}: {spread(r.shipped)}, of which waiting for the PDFs after the pages {spread(r.shipped_pdf)};"
            f" plain beside it {spread(r.shipped_b)}; paired shipped/plain {r.shipped_ratio:.2f};"
            f" CPU seconds (Chromium included) shipped/plain {statistics.median(r.shipped_cpu) / statistics.median(r.shipped_b_cpu):.2f}"
        )
    return lines


def assets(names_and_bytes: Sequence[tuple[str, bytes]], loaded: Sequence[str]) -> list[str]:
    """The added JavaScript and CSS as the site serves them (minified), gzipped (level 9)."""
    sizes = {name: len(gzip.compress(data, 9, mtime=0)) for name, data in names_and_bytes}
    raw = {name: len(data) for name, data in names_and_bytes}
    every_page = sum(sizes[n] for n in loaded)
    lines = [
        f"added JS+CSS, gzipped: {size(sum(sizes.values()))} for all of generator/assets ({size(sum(raw.values()))} minified);"
        f" {size(every_page)} loaded by every page (target < 15 KB)"
    ]
    lines.append("  " + ", ".join(f"{name} {size(sizes[name])}" for name in sorted(sizes)))
    return lines


def _verdict(value: float, target: float) -> str:
    return "met" if value <= target else "NOT met"


def targets(rows: Sequence[Row]) -> list[str]:
    lines = ["targets (measured, not asserted):"]
    for r in rows:
        if r.questions in (2_000, 10_000):
            lines.append(
                f"  #16 target 2, build (zip off) over plain at N={r.questions:,}: {r.ratio:.2f}, paired"
                f" {r.paired_ratio:.2f} ({_verdict(r.paired_ratio, 1.10)}), CPU {r.cpu_ratio:.2f} (target <= 1.10)"
            )
    for r in rows:
        if r.shipped:
            lines.append(
                f"  #16 target 2, build as shipped over one plain build at N={r.questions:,}: paired"
                f" {r.shipped_ratio:.2f} ({_verdict(r.shipped_ratio, 1.5)}; target <= 1.5)"
            )
    for r in rows:
        if r.questions == 10_000:
            total = statistics.median(r.load) + statistics.median(r.render)
            lines.append(f"  load+validate+render at N=10,000: {total:.2f} s (target < 2 s)")
            lines.append(f"  largest page at N=10,000: {size(r.largest_page[1])} ({r.largest_page[0]})")
    for r in rows:
        lines.append(f"  peak memory at N={r.questions:,}: {r.peak_ratio:.2f} x plain MkDocs (target <= 1.2)")
    return lines
