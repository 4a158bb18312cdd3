"""Which browser prints the PDFs: the order of the search, on PATHs and install folders made of real files,
and what `check` says when `pdf: true` cannot be met on this machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import run_cli

from generator import browsers


def program(path: Path) -> Path:
    """A real file that can be run, standing in for a browser (find only looks, never runs it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def no_playwright() -> str | None:
    return None


@pytest.fixture
def machine(tmp_path: Path) -> dict[str, Path]:
    """Two folders on PATH, each with some of the commands, and a Playwright browser that is installed."""
    first, second = tmp_path / "bin1", tmp_path / "bin2"
    for command in ("google-chrome", "msedge"):
        program(first / command)
    for command in ("chromium", "chrome"):
        program(second / command)
    return {"first": first, "second": second, "playwright": program(tmp_path / "ms-playwright" / "chrome")}


def test_the_environment_variable_comes_first(machine: dict[str, Path], tmp_path: Path) -> None:
    chosen = program(tmp_path / "mine" / "chrome")
    path = os.pathsep.join(str(machine[k]) for k in ("first", "second"))
    found = browsers.find(
        str(machine["first"] / "msedge"),
        environ={"PATH": path, "COACHGUIDE_BROWSER": str(chosen)},
        playwright=lambda: str(machine["playwright"]),
    )
    assert found == browsers.Browser(str(chosen), "COACHGUIDE_BROWSER")


def test_the_old_environment_variable_still_works(tmp_path: Path) -> None:
    chosen = program(tmp_path / "chromium")
    found = browsers.find(environ={"PATH": "", "COACHGUIDE_CHROMIUM": str(chosen)}, playwright=no_playwright)
    assert found.path == str(chosen)


def test_the_plugin_option_comes_before_anything_found(machine: dict[str, Path]) -> None:
    path = os.pathsep.join(str(machine[k]) for k in ("first", "second"))
    # a path, or a command name looked up on PATH
    for option, expected in [(str(machine["second"] / "chrome"), machine["second"] / "chrome"), ("msedge", None)]:
        found = browsers.find(option, environ={"PATH": path}, playwright=lambda: str(machine["playwright"]))
        assert found.path == str(expected or machine["first"] / "msedge")
        assert found.found_by == "the browser option in mkdocs.yml"


def test_playwrights_browser_comes_before_the_commands(machine: dict[str, Path]) -> None:
    found = browsers.find(environ={"PATH": str(machine["second"])}, playwright=lambda: str(machine["playwright"]))
    assert found == browsers.Browser(str(machine["playwright"]), "Playwright")


def test_playwrights_browser_is_skipped_when_it_was_never_installed(machine: dict[str, Path], tmp_path: Path) -> None:
    found = browsers.find(environ={"PATH": str(machine["second"])}, playwright=lambda: str(tmp_path / "not-there"))
    assert found == browsers.Browser(str(machine["second"] / "chromium"), "the chromium command")


def test_commands_are_tried_in_order_across_the_whole_path(machine: dict[str, Path]) -> None:
    # chromium comes before google-chrome even though google-chrome is in the first folder on PATH
    path = os.pathsep.join(str(machine[k]) for k in ("first", "second"))
    assert browsers.find(environ={"PATH": path}, playwright=no_playwright).path == str(machine["second"] / "chromium")
    # without the chromium commands: google-chrome, then chrome, then msedge
    (machine["second"] / "chromium").unlink()
    assert browsers.find(environ={"PATH": path}, playwright=no_playwright).found_by == "the google-chrome command"
    (machine["first"] / "google-chrome").unlink()
    assert browsers.find(environ={"PATH": path}, playwright=no_playwright).found_by == "the chrome command"
    (machine["second"] / "chrome").unlink()
    assert browsers.find(environ={"PATH": path}, playwright=no_playwright).found_by == "the msedge command"


def test_a_file_that_cannot_be_run_is_not_a_browser(tmp_path: Path) -> None:
    (tmp_path / "chromium").write_text("", encoding="utf-8")  # not executable
    with pytest.raises(browsers.BrowserNotFound):
        browsers.find(environ={"PATH": str(tmp_path)}, platform="linux", playwright=no_playwright)


def test_windows_install_folders_are_searched_after_path(tmp_path: Path) -> None:
    environ = {
        "PATH": str(tmp_path / "empty"),
        "PROGRAMFILES": str(tmp_path / "pf"),
        "LOCALAPPDATA": str(tmp_path / "l"),
    }
    edge = program(tmp_path / "pf" / "Microsoft" / "Edge" / "Application" / "msedge.exe")
    assert browsers.find(environ=environ, platform="win32", playwright=no_playwright).path == str(edge)
    # Chrome installed for the user alone is found before Edge installed for everyone
    chrome = program(tmp_path / "l" / "Google" / "Chrome" / "Application" / "chrome.exe")
    assert browsers.find(environ=environ, platform="win32", playwright=no_playwright) == browsers.Browser(
        str(chrome), "an install folder"
    )
    # and on another system those folders are not searched
    with pytest.raises(browsers.BrowserNotFound):
        browsers.find(environ=environ, platform="linux", playwright=no_playwright)


def test_macos_applications_folders(tmp_path: Path) -> None:
    paths = list(browsers.install_paths("darwin", {"HOME": str(tmp_path)}))
    assert paths[0] == tmp_path / "Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
    assert Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome") in paths
    assert Path("/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge") in paths
    chromium = program(tmp_path / "Applications/Chromium.app/Contents/MacOS/Chromium")
    found = browsers.find(environ={"PATH": "", "HOME": str(tmp_path)}, platform="darwin", playwright=no_playwright)
    assert found.path == str(chromium)  # the user's own Applications folder comes before the shared one


def test_an_explicit_choice_that_names_no_browser_is_an_error_not_skipped(machine: dict[str, Path]) -> None:
    environ = {"PATH": str(machine["second"]), "COACHGUIDE_BROWSER": "/no/such/chrome"}
    with pytest.raises(browsers.BrowserNotFound) as caught:
        browsers.find(environ=environ, playwright=no_playwright)
    assert str(caught.value) == (
        "COACHGUIDE_BROWSER names /no/such/chrome, which is not a program that can be run; "
        "set COACHGUIDE_BROWSER or the coachguide plugin's `browser` option to a Chrome, Chromium or Edge program"
    )


def test_playwright_names_the_path_of_its_own_browser() -> None:
    path = browsers.playwright_browser()  # the real Playwright driver, asked
    assert path is not None
    assert "ms-playwright" in path or os.environ.get("PLAYWRIGHT_BROWSERS_PATH", "\0") in path


# --- check --------------------------------------------------------------------------------------------------


def with_pdf(project: Path) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - coachguide:\n", "  - coachguide:\n      pdf: true\n")
    config.write_text(text, encoding="utf-8")
    return project


NOWHERE = {"PATH": "/nowhere", "PLAYWRIGHT_BROWSERS_PATH": "/nowhere", "COACHGUIDE_CHROMIUM": ""}


def test_check_warns_when_pdf_true_finds_no_browser(mini: Path) -> None:
    result = run_cli("check", cwd=with_pdf(mini), **NOWHERE)
    assert result.returncode == 0
    assert result.stdout.startswith("A mini guide: ok")
    warning = result.stderr.strip()
    assert warning.startswith("WARNING -  mkdocs.yml: pdf: true, but PDFs need Chrome, Chromium or Edge")
    assert "COACHGUIDE_BROWSER" in warning
    assert "`browser` option" in warning
    assert len(warning.splitlines()) == 1


def test_check_strict_fails_when_pdf_true_finds_no_browser(mini: Path) -> None:
    result = run_cli("check", "--strict", cwd=with_pdf(mini), **NOWHERE)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("coachguide: mkdocs.yml: pdf: true, but PDFs need Chrome, Chromium or Edge")
    assert lines[0].endswith("or set pdf: false")


def test_check_strict_names_a_wrong_browser_option(mini: Path) -> None:
    config = with_pdf(mini) / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("pdf: true\n", "pdf: true\n      browser: /opt/chrome\n"),
        encoding="utf-8",
    )
    result = run_cli("check", "--strict", "--format", "json", cwd=mini, **NOWHERE)
    assert result.returncode == 1
    assert "the browser option in mkdocs.yml names /opt/chrome, which is not a program" in result.stdout


def test_check_strict_passes_with_a_browser(mini: Path, tmp_path: Path) -> None:
    browser = program(tmp_path / "bin" / "msedge")
    result = run_cli("check", "--strict", cwd=with_pdf(mini), **{**NOWHERE, "PATH": str(browser.parent)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_build_stops_before_building_when_pdf_true_finds_no_browser(mini: Path) -> None:
    result = run_cli("build", "--strict", cwd=with_pdf(mini), **NOWHERE)
    assert result.returncode == 1
    assert result.stderr.startswith("coachguide: mkdocs.yml: pdf: true, but PDFs need Chrome, Chromium or Edge")
    assert len(result.stderr.splitlines()) == 1
    assert not (mini / "site").exists()  # refused before MkDocs ran
