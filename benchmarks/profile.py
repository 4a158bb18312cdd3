"""`--profile`: one `coachguide build` under cProfile, summarised as the hot spots in our code and overall."""

from __future__ import annotations

import io
import pstats
from pathlib import Path

from benchmarks.runner import Project, run_child


def _top(stats: pstats.Stats, sort: str, pattern: str, count: int) -> list[str]:
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats(sort).print_stats(pattern, count)
    text = out.getvalue()
    body = text[text.index("ncalls") :] if "ncalls" in text else text
    return ["    " + line for line in body.rstrip().splitlines()]


def profile_build(project: Project, tmp: Path) -> list[str]:
    target = tmp / "build.prof"
    job = run_child("coachguide", str(project.config), str(tmp / "site-profile"), "--profile", str(target))
    stats = pstats.Stats(str(target))
    lines = [
        f"profile of one coachguide build at N={project.questions:,} (cProfile; {job.result['build']:.2f} s under the profiler)"
    ]
    lines.append("  our code, by cumulative time:")
    lines += _top(stats, "cumulative", r"generator[/\\]", 12)
    lines.append("  everything, by own time:")
    lines += _top(stats, "tottime", "", 15)
    return lines
