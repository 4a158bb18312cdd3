"""Set up the two projects for one N and time them: (a) `coachguide build`, (b) `mkdocs build` of the same pages.

Every measured job runs in a fresh interpreter (`benchmarks.child`); its wall time is taken around the whole
process, as a user would feel it, and its peak memory comes from `os.wait4`, which reports that child alone.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import synth

ROOT = synth.ROOT


class BenchError(Exception):
    """A measured job failed; the message carries its output."""


@dataclass(frozen=True)
class Job:
    wall: float  # seconds, the whole process
    cpu: float  # user + system seconds of the process: less disturbed than wall time by other load
    peak_kb: int  # maximum resident set size of the process
    result: dict[str, Any]


def run_child(*args: str) -> Job:
    """Run `python -m benchmarks.child ARGS` and measure it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.child", *args], stdout=out, stderr=err, cwd=ROOT, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise BenchError(f"benchmarks.child {' '.join(args)} exited {proc.returncode}:\n{stderr[-4000:]}")
    return Job(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, json.loads(stdout.strip().splitlines()[-1]))


@dataclass(frozen=True)
class Project:
    questions: int
    root: Path
    content: Path
    config: Path  # coachguide, pdf: false (the timed build)
    default_config: Path  # coachguide, PDFs on, as the repository's mkdocs.yml
    plain_config: Path  # no coachguide plugin; the pages pre-rendered into plain/docs
    banks: int


def setup(root: Path, questions: int) -> Project:
    """Write the synthesised guide, its two mkdocs.yml files and the plain project with the rendered pages."""
    from generator import zensical_export
    from generator.resources import ASSETS

    root.mkdir(parents=True)
    content, docs = root / "content", root / "docs"
    banks = synth.write_content(content, questions)
    docs.mkdir()
    config = synth.site_config(content_dir=content, docs_dir=docs)
    synth.write_yaml(root / "mkdocs.yml", config)
    synth.write_yaml(root / "mkdocs-default.yml", synth.site_config(content_dir=content, docs_dir=docs, pdf=True))
    # The plain project: the pages as `coachguide render OUT_DIR` writes them, with the nav the plugin would set.
    plain_docs = root / "plain" / "docs"
    nav = zensical_export.render(root / "mkdocs.yml", plain_docs).nav
    plain = synth.plain_config(config, docs_dir=plain_docs, nav=nav, assets=list(ASSETS))
    synth.write_yaml(root / "plain" / "mkdocs.yml", plain)
    return Project(
        questions=questions,
        root=root,
        content=content,
        config=root / "mkdocs.yml",
        default_config=root / "mkdocs-default.yml",
        plain_config=root / "plain" / "mkdocs.yml",
        banks=banks,
    )


@dataclass
class Row:
    """The measurements at one N."""

    questions: int
    banks: int
    runs: int
    pages: int = 0
    load: list[float] = field(default_factory=list)  # seconds, in-process, one fresh process each
    render: list[float] = field(default_factory=list)
    build_a: list[float] = field(default_factory=list)  # wall seconds of the whole process
    build_b: list[float] = field(default_factory=list)
    cpu_a: list[float] = field(default_factory=list)  # CPU seconds of the same processes
    cpu_b: list[float] = field(default_factory=list)
    peak_a: list[int] = field(default_factory=list)  # KB
    peak_b: list[int] = field(default_factory=list)
    loads_per_build: int = 0
    warnings_a: int = 0
    warnings_b: int = 0
    site_bytes: int = 0
    plain_site_bytes: int = 0
    search_bytes: int = 0
    largest_page: tuple[str, int] = ("", 0)
    median_page: int = 0
    html_pages: int = 0
    # The build as shipped (PDFs and the offline zip), each run next to a plain build (`shipped_b`).
    shipped: list[float] = field(default_factory=list)
    shipped_b: list[float] = field(default_factory=list)
    shipped_cpu: list[float] = field(default_factory=list)
    shipped_b_cpu: list[float] = field(default_factory=list)
    shipped_pdf: list[float] = field(default_factory=list)  # seconds the shipped build waited for its PDFs

    @property
    def shipped_ratio(self) -> float:
        """Median over runs of shipped / plain, each shipped build next to its plain one."""
        return statistics.median(a / b for a, b in zip(self.shipped, self.shipped_b, strict=True))

    @property
    def ratio(self) -> float:
        return statistics.median(self.build_a) / statistics.median(self.build_b)

    @property
    def paired_ratio(self) -> float:
        """Median of a/b over the runs: each a ran next to its b, so both saw about the same load from elsewhere."""
        return statistics.median(a / b for a, b in zip(self.build_a, self.build_b, strict=True))

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_a) / statistics.median(self.cpu_b)

    @property
    def peak_ratio(self) -> float:
        return statistics.median(self.peak_a) / statistics.median(self.peak_b)


def _site_stats(row: Row, site: Path, plain_site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    row.site_bytes = sum(p.stat().st_size for p in files)
    row.plain_site_bytes = sum(p.stat().st_size for p in plain_site.rglob("*") if p.is_file())
    index = site / "search" / "search_index.json"
    row.search_bytes = index.stat().st_size if index.exists() else 0
    pages = sorted((p.stat().st_size, p.relative_to(site).as_posix()) for p in files if p.suffix == ".html")
    row.html_pages = len(pages)
    row.largest_page = (pages[-1][1], pages[-1][0]) if pages else ("", 0)
    row.median_page = int(statistics.median(size for size, _ in pages)) if pages else 0


def measure(project: Project, *, runs: int, default_build: bool = False, log: Any = print) -> Row:
    """Alternate (a) and (b) `runs` times (a b, b a, a b, ...), after one load-and-render job; with
    `default_build`, each run also times the build as shipped, then (b) once more beside it."""
    row = Row(project.questions, project.banks, runs)
    site_a, site_b = project.root / "site-a", project.root / "site-b"
    for i in range(runs):
        job = run_child("pipeline", str(project.content), str(synth.TEMPLATES))
        row.load.append(job.result["load"])
        row.render.append(job.result["render"])
        row.pages = job.result["pages"]
        order = ("a", "b") if i % 2 == 0 else ("b", "a")
        for variant in order:
            shutil.rmtree(site_a if variant == "a" else site_b, ignore_errors=True)
            if variant == "a":
                job = run_child("coachguide", str(project.config), str(site_a))
                row.build_a.append(job.wall)
                row.cpu_a.append(job.cpu)
                row.peak_a.append(job.peak_kb)
                row.loads_per_build = len(job.result["loads"])
                row.warnings_a = job.result["warnings"]
            else:
                job = run_child("mkdocs", str(project.plain_config), str(site_b))
                row.build_b.append(job.wall)
                row.cpu_b.append(job.cpu)
                row.peak_b.append(job.peak_kb)
                row.warnings_b = job.result["warnings"]
            log(
                f"  N={project.questions:,} run {i + 1}/{runs} {variant}: {job.wall:.2f} s, {job.peak_kb / 1024:.0f} MB"
            )
        if default_build:
            _shipped(project, row, first=i % 2 == 0, log=log)
    _site_stats(row, site_a, site_b)
    return row


def _shipped(project: Project, row: Row, *, first: bool, log: Any) -> None:
    """One build as shipped (`coachguide build`: PDFs, offline zip) and one plain build beside it."""
    site, site_b = project.root / "site-default", project.root / "site-b"
    for variant in ("shipped", "b") if first else ("b", "shipped"):
        shutil.rmtree(site if variant == "shipped" else site_b, ignore_errors=True)
        if variant == "shipped":
            job = run_child("coachguide", str(project.default_config), str(site), "--zip")
            row.shipped.append(job.wall)
            row.shipped_cpu.append(job.cpu)
            row.shipped_pdf.append(sum(job.result["pdfs"]))
        else:
            job = run_child("mkdocs", str(project.plain_config), str(site_b))
            row.shipped_b.append(job.wall)
            row.shipped_b_cpu.append(job.cpu)
        name = "shipped (PDFs, offline zip)" if variant == "shipped" else "b, beside the shipped build"
        log(f"  N={project.questions:,} {name}: {job.wall:.2f} s")
    shutil.rmtree(site, ignore_errors=True)
