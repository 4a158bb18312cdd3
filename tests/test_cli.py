"""Command-line conventions: --version, -f before or after the command, -v and -q, and the exit statuses
(0 done, 1 content or build errors, 2 usage)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import run_cli

from generator import __version__


def test_version() -> None:
    result = run_cli("--version", cwd=Path.cwd())
    assert (result.returncode, result.stdout) == (0, f"coachguide {__version__}\n")


@pytest.mark.parametrize(
    "args",
    [
        ("-f", "guide/mkdocs.yml", "check"),
        ("check", "-f", "guide/mkdocs.yml"),
        ("check", "--config-file=guide/mkdocs.yml"),
    ],
)
def test_the_config_file_may_come_before_or_after_the_command(mini: Path, args: tuple[str, ...]) -> None:
    shutil.move(mini, mini.parent / "guide")
    result = run_cli(*args, cwd=mini.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("A mini guide: ok")


def test_the_config_file_after_the_command_wins(mini: Path) -> None:
    result = run_cli("-f", "mkdocs.yml", "check", "-f", "missing.yml", cwd=mini)
    assert (result.returncode, result.stderr) == (
        1,
        "coachguide: missing.yml: no such file; run in a guide's folder or pass -f mkdocs.yml\n",
    )


def test_quiet_prints_nothing_when_all_is_well_and_verbose_says_more(mini: Path) -> None:
    normal = run_cli("build", "--site-dir", "out", cwd=mini)
    assert normal.returncode == 0, normal.stderr
    assert normal.stdout.startswith("built ")
    assert "INFO" in normal.stderr and "DEBUG" not in normal.stderr
    for quiet in (("-q", "build"), ("build", "--quiet")):
        result = run_cli(*quiet, "--site-dir", "out", cwd=mini)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    verbose = run_cli("build", "-v", "--site-dir", "out", cwd=mini)
    assert verbose.returncode == 0
    assert "DEBUG" in verbose.stderr


def test_quiet_still_prints_errors(mini: Path) -> None:
    (mini / "content" / "steps" / "first.yml").write_text("id: [\n", encoding="utf-8")
    result = run_cli("check", "-q", cwd=mini)
    assert result.returncode == 1
    assert result.stderr.startswith("content/steps/first.yml:")


@pytest.mark.parametrize(
    "args",
    [("frobnicate",), ("check", "--no-such-option"), ("render",), ("build", "-v", "-q"), ()],
)
def test_usage_errors_exit_2(mini: Path, args: tuple[str, ...]) -> None:
    result = run_cli(*args, cwd=mini)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: coachguide")
    assert "Traceback" not in result.stderr


def test_help_documents_the_exit_statuses() -> None:
    for args in (("--help",), ("build", "--help")):
        result = run_cli(*args, cwd=Path.cwd())
        assert result.returncode == 0
        assert "exit status:\n  0  done" in result.stdout
        assert "\n  2  a usage error" in result.stdout
