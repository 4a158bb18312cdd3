"""The `mkdocs serve` figure: how long a rebuild takes after one YAML file is edited, beside a full build.

Runs the real `coachguide serve` (MkDocs' live-reload server) on the synthesised project in a subprocess,
reads MkDocs' own "Documentation built in X seconds" lines, edits one question bank a few times and after
each edit waits for the rebuild whose page shows it.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

from benchmarks.runner import ROOT, Project, Row

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


def rebuild_figure(project: Project, *, full_build: Row, timeout: float = 300) -> list[str]:
    bank = project.content / "questions" / "bank-001.yml"
    original = bank.read_text(encoding="utf-8")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "-f", str(project.config), "serve", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT, env=env)
    lines = _Lines(proc)
    try:
        first = float(lines.wait_for(BUILT, timeout)[1])
        url = lines.wait_for(SERVING, timeout)[1]
        page = f"{url.rstrip('/')}/questions/bank-001/"
        rebuilds, felt = [], []
        for edit in range(1, EDITS + 1):
            time.sleep(2)  # let the file watcher settle before the edit
            marker = f"Looking back (edit {edit}) at"
            start = time.perf_counter()
            bank.write_text(original.replace("Looking back at", marker, 1), encoding="utf-8")
            # The templates folder is watched too: a rebuild that someone else's edit set off does not show ours.
            deadline = time.monotonic() + timeout
            while True:
                built = float(lines.wait_for(BUILT, max(1, deadline - time.monotonic()))[1])
                if marker in _fetch(page):
                    break
            rebuilds.append(built)
            felt.append(time.perf_counter() - start)
    except TimeoutError as exc:
        return [f"mkdocs serve: no figure; {exc}"]
    finally:
        bank.write_text(original, encoding="utf-8")
        proc.send_signal(signal.SIGINT)  # MkDocs shuts its server down cleanly on Ctrl-C
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return [
        f"mkdocs serve at N={project.questions:,} (`coachguide serve`, MkDocs' own build timings;"
        f" {EDITS} edits to one bank file, one after another):",
        f"  first build {first:.2f} s; rebuild after an edit {statistics.median(rebuilds):.2f} s median"
        f" ({', '.join(f'{r:.2f}' for r in rebuilds)});"
        f" {statistics.median(felt):.2f} s from the write to the edited page being served, file watcher included",
        f"  full `coachguide build` at this N, for comparison: {statistics.median(full_build.build_a):.2f} s"
        " (whole process: interpreter start, up-front check, build)",
    ]
