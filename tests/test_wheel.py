"""An author's machine: the wheel, installed into a fresh virtual environment outside the repository, scaffolds
a guide, checks it, builds it with PDFs on A4 and Letter, packs and prints with the site-folder commands, and
serves it with live reload. Slow (it installs every dependency into the new environment); one test."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from helpers import CHROMIUM, ROOT

from generator import __version__

pytestmark = pytest.mark.wheel


def run(*args: str | Path, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, *, until: str, seconds: float) -> str:
    """The page at `url` once it contains `until` (the server may still be starting, or rebuilding)."""
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                text = response.read().decode("utf-8")
            if until in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never contained {until!r}; last: {text[:300]!r}")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM}")
def test_the_wheel_works_in_a_fresh_environment_outside_the_repository(tmp_path: Path) -> None:
    # The wheel, built as a release would be (pip builds it with hatchling in an isolated environment).
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", tmp_path / "dist", ROOT, cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("coachguide-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"coachguide-{__version__}.dist-info/METADATA").decode("utf-8")
    assert f"coachguide-{__version__}.dist-info/licenses/LICENSE" in names
    assert {"generator/py.typed", "generator/_templates/step.md.j2", "generator/starter/mkdocs.yml"} <= names
    assert "License-Expression: MIT" in metadata
    assert "Classifier: Framework :: MkDocs" in metadata
    assert "Requires-Dist: click!=8.2.2,>=8.1" in metadata  # no upper cap for everyone who installs it

    # A new environment, with pip reading the same indexes as this one.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    bin_ = venv / ("Scripts" if os.name == "nt" else "bin")
    run(bin_ / "python", "-m", "pip", "install", "--quiet", f"{wheel}[pdf]", cwd=tmp_path)
    coachguide = bin_ / "coachguide"
    assert run(coachguide, "--version", cwd=tmp_path).stdout == f"coachguide {__version__}\n"
    click = run(bin_ / "python", "-c", "import importlib.metadata as m; print(m.version('click'))", cwd=tmp_path)
    assert tuple(int(n) for n in click.stdout.split(".")[:2]) >= (8, 3)  # the newest click, live reload still on

    # Scaffold, check, then switch PDFs on (both papers) and build, strictly; the browser is found, not named.
    home = tmp_path / "home"
    home.mkdir()
    run(coachguide, "new", "my-guide", "--title", "My Guide", cwd=home)
    guide = home / "my-guide"
    assert run(coachguide, "check", cwd=guide).stdout.startswith("My Guide: ok")
    config = guide / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    switched = text.replace("pdf: !ENV [COACHGUIDE_PDF, false]", "pdf: true").replace(
        "# paper: [A4, Letter]", "paper: [A4, Letter]  "
    )
    assert "\n      pdf: true\n" in switched and "\n      paper: [A4, Letter]" in switched, text
    config.write_text(switched, encoding="utf-8")
    check = run(coachguide, "check", "--strict", cwd=guide)
    assert check.stderr == ""
    build = run(coachguide, "build", "--strict", cwd=guide)
    assert re.search(r"coachguide: printed \d+ PDFs \(A4, Letter\) with /", build.stderr), build.stderr
    downloads = sorted(p.name for p in (guide / "site/downloads").iterdir())
    assert "my-guide.pdf" in downloads and "my-guide-letter.pdf" in downloads
    assert "my-guide-offline.zip" in downloads
    assert (guide / "site/downloads/my-guide.pdf").read_bytes().startswith(b"%PDF-")

    # The site-folder commands, as another engine's output would use them.
    run(coachguide, "pdf", "site", "-q", cwd=guide)
    run(coachguide, "zip", "site", "-o", home / "my-guide-offline.zip", cwd=guide)
    with zipfile.ZipFile(home / "my-guide-offline.zip") as archive:
        assert "my-guide-offline/index.html" in archive.namelist()

    # Serve, fetch a page, edit the content and see the page rebuilt.
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [str(coachguide), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=guide,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        page = fetch(f"http://127.0.0.1:{port}/", until="My Guide", seconds=180)
        assert "livereload" in page  # MkDocs injects its reload script only when live reload is on
        guide_yml = guide / "content/guide.yml"
        guide_yml.write_text(
            guide_yml.read_text(encoding="utf-8").replace('title: "My Guide"', 'title: "My Edited Guide"', 1),
            encoding="utf-8",
        )
        fetch(f"http://127.0.0.1:{port}/", until="My Edited Guide", seconds=180)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, errors = server.communicate(timeout=60)
    assert "Traceback" not in errors, errors
