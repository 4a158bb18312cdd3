"""The `coachguide serve` figure: from saving a content file to the edited page being served (issue #16, target 3).

Runs the real `coachguide serve` (MkDocs' live-reload server) in a subprocess, on a copy of the shipped guide
and on a synthesised one, edits one question bank a few times and after each edit polls the page until it
shows the edit; MkDocs' own "Documentation built in X seconds" lines give the rebuild alone.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.runner import ROOT, Project

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
SERVING = re.compile(r"Serving on (http://\S+)")
EDITS = 3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Lines:
    """The server's log lines, read on a thread so waiting can time out."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert proc.stderr is not None
        stream = proc.stderr
        threading.Thread(target=lambda: [self.queue.put(line) for line in stream], daemon=True).start()

    def settle(self, quiet: float, timeout: float) -> None:
        """Wait until the server has logged nothing for `quiet` seconds and is not building: the follow-up
        build of the last edit (generator/preview.py) is done, so the next save does not wait for it. A
        follow-up of a large guide logs nothing for longer than `quiet` while it builds."""
        deadline = time.monotonic() + timeout
        building = False
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=quiet).rstrip()
            except queue.Empty:
                if not building:
                    return
                continue
            self.seen.append(line)
            if "Detected file changes" in line:
                building = True
            elif "Reloading browsers" in line or "An error happened during the rebuild" in line:
                building = False

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.queue.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line.rstrip())
            if match := pattern.search(line):
                return match
        tail = "\n".join(self.seen[-15:])
        raise TimeoutError(f"no line matching {pattern.pattern!r} within {timeout:.0f} s; last lines:\n{tail}")


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14, 15


@dataclass
class Saves:
    first: float  # seconds of the first build (MkDocs' own figure)
    rebuilds: list[float] = field(default_factory=list)  # MkDocs' own figure for each rebuild
    felt: list[float] = field(default_factory=list)  # from the write to the page being served with the edit
    cpu: list[float] = field(default_factory=list)  # CPU seconds the server used over the same span


def save_to_screen(
    config: Path, *, source: Path, page: str, old: str, edits: int = EDITS, timeout: float = 300
) -> Saves:
    """Run `coachguide serve` on `config`; `edits` times, replace `old` in `source` with a marked text and time
    from the write until `page` (a site path) is served with the mark."""
    original = source.read_text(encoding="utf-8")
    if old not in original:
        raise ValueError(f"{source}: no {old!r} to edit")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "-f", str(config), "serve", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT, env=env)
    lines = _Lines(proc)
    try:
        saves = Saves(first=float(lines.wait_for(BUILT, timeout)[1]))
        url = f"{lines.wait_for(SERVING, timeout)[1].rstrip('/')}/{page}"
        for edit in range(1, edits + 1):
            lines.settle(quiet=3, timeout=timeout)  # the last edit's builds are over, the watcher is idle
            marker = f"{old} (edit {edit})"
            cpu = cpu_seconds(proc.pid)
            start = time.perf_counter()
            source.write_text(original.replace(old, marker, 1), encoding="utf-8")
            # The templates folder is watched too: a rebuild that someone else's edit set off does not show ours.
            deadline = time.monotonic() + timeout
            while True:
                built = float(lines.wait_for(BUILT, max(1, deadline - time.monotonic()))[1])
                if marker in _fetch(url):
                    break
            saves.felt.append(time.perf_counter() - start)
            saves.cpu.append(cpu_seconds(proc.pid) - cpu)
            saves.rebuilds.append(built)
    finally:
        source.write_text(original, encoding="utf-8")
        proc.send_signal(signal.SIGINT)  # MkDocs shuts its server down cleanly on Ctrl-C
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return saves


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s median (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def default_guide_copy(tmp: Path) -> Path:
    """A copy of the shipped guide (mkdocs.yml, content, templates, docs) to edit; returns its mkdocs.yml."""
    root = tmp / "default-guide"
    for name in ("content", "templates", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root / "mkdocs.yml"


def figures(tmp: Path, *, large: Project | None, log: Any = print, edits: int = EDITS) -> list[str]:
    """Save-to-screen on the shipped guide and, given, on a synthesised one, against the targets of #16."""
    cases = [
        (
            "the default guide",
            default_guide_copy(tmp),
            "content/questions/advice.yml",
            "questions/advice/",
            "What mistakes should someone in my position steer clear of?",
            1.0,
        )
    ]
    if large is not None:
        cases.append(
            (
                f"N={large.questions:,}",
                large.config,
                "content/questions/bank-001.yml",
                "questions/bank-001/",
                "Looking back at",
                2.0,
            )
        )
    lines = [f"`coachguide serve`: from saving a content file to the edited page being served ({edits} edits each):"]
    for name, config, source, page, old, target in cases:
        log(f"serve: {edits} edits on {name}")
        try:
            saves = save_to_screen(config, source=config.parent / source, page=page, old=old, edits=edits)
        except TimeoutError as exc:
            lines.append(f"  {name}: no figure; {exc}".splitlines()[0])
            continue
        met = "met" if statistics.median(saves.felt) <= target else "NOT met"
        lines.append(f"  {name}: save to screen {_spread(saves.felt)} (target <= {target:.0f} s: {met})")
        lines.append(
            f"    CPU the server spent per save {_spread(saves.cpu)} (the floor of save-to-screen on an idle core);"
            f" rebuilds (MkDocs' own timing) {_spread(saves.rebuilds)}; first build {saves.first:.2f} s"
        )
    return lines
