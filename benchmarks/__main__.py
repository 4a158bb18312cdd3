"""python -m benchmarks [--questions N] [--runs R] [--full] [--speed] [--profile]: time coachguide against plain MkDocs.

`--speed` gives the figures of issue #16 (targets 2, 3): N = 2,000 and 10,000, the build with the zip off and
the build as shipped each beside a plain build, and save-to-screen under `coachguide serve`, with the load.

Progress goes to stderr; the report goes to stdout and ends with `ratio=X.XX` (median build time of
`coachguide build` over plain `mkdocs build`, at the largest N measured).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks import report, runner

FULL = (100, 1_000, 2_000, 10_000)
SPEED = (2_000, 10_000)
# Runs per N in --full: enough for a median, within a few minutes per N on 2 cores.
RUNS = {100: 5, 1_000: 5, 2_000: 3, 10_000: 3}


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--questions", type=int, metavar="N", help="questions in the guide (default: 1000; with --speed, only N)"
    )
    parser.add_argument("--runs", type=int, help="runs of each build (default: 3, or per N with --full)")
    parser.add_argument(
        "--full",
        action="store_true",
        help=f"N = {', '.join(f'{n:,}' for n in FULL)}, the build as shipped, serve rebuild, Lighthouse",
    )
    parser.add_argument(
        "--speed",
        action="store_true",
        help=f"N = {', '.join(f'{n:,}' for n in SPEED)}, the build as shipped, save-to-screen in serve (issue #16)",
    )
    parser.add_argument("--profile", action="store_true", help="also profile one coachguide build (cProfile)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse in --full")
    parser.add_argument(
        "--search",
        action="store_true",
        help="also type the reader queries into the shipped guide's search (served and file://): hit rate, latency",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.monotonic()
    try:
        rows, extra = _measure(args)
    except runner.BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    from generator.resources import ASSETS, PACKAGE_DIR, asset_text

    # As the site serves them: minified by the build (the sources in generator/assets stay commented).
    assets = sorted((PACKAGE_DIR / "assets").glob("*"))
    shipped = [(p.name, asset_text(p.name).encode()) for p in assets if p.suffix in (".js", ".css")]

    print(report.table(rows))
    for block in (
        report.notes(rows),
        report.growth(rows),
        report.default_builds(rows),
        report.assets(shipped, ASSETS),
        extra,
        report.targets(rows),
    ):
        if block:
            print()
            print("\n".join(block))
    print()
    print(f"benchmark took {(time.monotonic() - started) / 60:.1f} min on {os.cpu_count()} cores")
    for row in rows[:-1]:
        print(f"N={row.questions:,}: ratio={row.ratio:.2f}")
    print(f"ratio={rows[-1].ratio:.2f}")
    return 0


def _measure(args: argparse.Namespace) -> tuple[list[runner.Row], list[str]]:
    if args.full:
        sizes: tuple[int, ...] = FULL
    elif args.speed and args.questions is None:
        sizes = SPEED
    else:
        sizes = (args.questions or 1_000,)
    extra: list[str] = [_load_average("at the start")]
    with tempfile.TemporaryDirectory(prefix="coachguide-bench-") as tmp:
        rows = []
        projects = {}
        for n in sizes:
            _progress(f"N={n:,}: writing the guide and the plain project")
            project = runner.setup(Path(tmp) / f"n{n}", n)
            projects[n] = project
            rows.append(
                runner.measure(
                    project, runs=args.runs or RUNS.get(n, 3), default_build=args.full or args.speed, log=_progress
                )
            )
        if args.profile:
            from benchmarks import profile

            extra += profile.profile_build(projects[sizes[-1]], Path(tmp))
        if args.full or args.speed:
            from benchmarks import serve

            extra.append(_load_average("after the builds"))
            extra += serve.figures(Path(tmp), large=projects[min(sizes, key=lambda n: abs(n - 2_000))], log=_progress)
        if args.search or args.full:
            from benchmarks import search

            # The latency also at the largest synthesised guide (its queries' answers are not in it: rate ignored).
            extra += search.figures(Path(tmp), large=projects[max(sizes)].config, log=_progress)
        if args.full and not args.no_lighthouse:
            from benchmarks import lighthouse

            extra += lighthouse.scores(Path(tmp), log=_progress)
    extra.append(_load_average("at the end"))
    return rows, extra


def _load_average(when: str) -> str:
    """The machine's load (1, 5, 15 minutes) on its cores: other work distorts the wall times, not the CPU ones."""
    one, five, fifteen = os.getloadavg()
    return f"load average {when}: {one:.1f}, {five:.1f}, {fifteen:.1f} on {os.cpu_count()} cores"


if __name__ == "__main__":
    sys.exit(main())
