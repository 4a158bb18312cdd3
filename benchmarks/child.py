"""One measured job, run in a fresh interpreter so its peak memory is its own: `python -m benchmarks.child MODE ...`.

Prints one JSON object on its last line of standard output. Modes:

- `pipeline CONTENT_DIR TEMPLATES_DIR`: load, validate and render, timed apart, no MkDocs.
- `coachguide CONFIG SITE_DIR [--zip] [--profile FILE]`: what `coachguide build` does (the offline zip
  only with --zip); load_guide and render_site are wrapped to time each call.
- `mkdocs CONFIG SITE_DIR`: what `mkdocs build` does.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class _Counter(logging.Handler):
    """Counts warnings and errors (MkDocs logs through the `mkdocs` logger) and passes them on to stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        print(f"{record.levelname}: {record.getMessage()}", file=sys.stderr)


def _timed(func: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    return wrapper


def pipeline(content_dir: Path, templates_dir: Path) -> dict[str, Any]:
    from generator.project import load_guide
    from generator.render import render_site

    start = time.perf_counter()
    guide = load_guide(content_dir)
    loaded = time.perf_counter()
    site = render_site(guide, templates_dir)
    rendered = time.perf_counter()
    sizes = {path: len(text.encode("utf-8")) for path, text in site.pages.items()}
    return {
        "load": loaded - start,
        "render": rendered - loaded,
        "pages": len(site.pages),
        "questions": len(guide.questions),
        "markdown_bytes": sum(sizes.values()),
        "largest_markdown": max(sizes.items(), key=lambda item: item[1]),
    }


def coachguide(config: Path, site_dir: Path, *, zip_: bool, profile: Path | None) -> dict[str, Any]:
    from generator import commands, plugin, project

    loads: list[float] = []
    renders: list[float] = []
    pdfs: list[float] = []
    # The project loads and renders the guide for every engine (it imported both functions by name).
    project.load_guide = _timed(project.load_guide, loads)  # type: ignore[attr-defined]
    project.render_site = _timed(project.render_site, renders)  # type: ignore[attr-defined]
    # The PDFs print while the build goes on (generator/print_ahead.py): what they add is the time the build
    # then waits for them (or prints them, where it could not fork).
    finish = plugin.CoachGuidePlugin.finish_pdfs
    plugin.CoachGuidePlugin.finish_pdfs = _timed(finish, pdfs)  # type: ignore[method-assign]
    start = time.perf_counter()
    if profile is not None:
        import cProfile

        with cProfile.Profile() as profiler:
            commands.build(config, site_dir=site_dir, offline_zip=zip_)
        profiler.dump_stats(profile)
    else:
        commands.build(config, site_dir=site_dir, offline_zip=zip_)
    return {"build": time.perf_counter() - start, "loads": loads, "renders": renders, "pdfs": pdfs}


def mkdocs(config: Path, site_dir: Path) -> dict[str, Any]:
    # As `mkdocs build` does (mkdocs/__main__.py build_command).
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    cfg = load_config(str(config), site_dir=str(site_dir))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return {"build": time.perf_counter() - start}


def main(argv: list[str]) -> int:
    counter = _Counter()
    logging.getLogger().addHandler(counter)
    logging.getLogger().setLevel(logging.WARNING)
    mode, first, second, *rest = argv
    if mode == "pipeline":
        result = pipeline(Path(first), Path(second))
    elif mode == "coachguide":
        profile = Path(rest[rest.index("--profile") + 1]) if "--profile" in rest else None
        result = coachguide(Path(first), Path(second), zip_="--zip" in rest, profile=profile)
    elif mode == "mkdocs":
        result = mkdocs(Path(first), Path(second))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    result["warnings"] = counter.count
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
