"""Which Chrome-family browser prints the PDFs, found the same way on Linux, macOS and Windows.

In order: the COACHGUIDE_BROWSER environment variable (this machine's choice), the plugin's `browser` option
(the project's), the browser Playwright installed (`playwright install chromium`), the chromium,
chromium-browser, google-chrome, chrome and msedge commands on PATH, then where the macOS and Windows
installers put Chrome, Chromium and Edge. An explicit choice that names no browser is an error, not skipped.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "COACHGUIDE_BROWSER"
OLD_ENV_VAR = "COACHGUIDE_CHROMIUM"  # the name before 0.2; still read
COMMANDS = ("chromium", "chromium-browser", "google-chrome", "chrome", "msedge")
_MACOS_APPS = (
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Chromium.app/Contents/MacOS/Chromium",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
_WINDOWS_APPS = (
    r"Google\Chrome\Application\chrome.exe",
    r"Chromium\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
)
HOW_TO_SET = f"set {ENV_VAR} or the coachguide plugin's `browser` option to a Chrome, Chromium or Edge program"


class BrowserNotFound(Exception):
    """No browser to print with; the message says what to install or set."""


@dataclass(frozen=True)
class Browser:
    path: str
    found_by: str  # for logs: "COACHGUIDE_BROWSER", "Playwright", "the chromium command", "an install folder"


def find(
    option: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    playwright: Callable[[], str | None] | None = None,
) -> Browser:
    """The browser to print with (see the module's docstring for the order), or BrowserNotFound.

    `option` is the plugin's `browser` option: a path or a command name. `playwright` gives the path of
    Playwright's own browser (default: ask Playwright); tests pass another.
    """
    env = os.environ if environ is None else environ
    for name in (ENV_VAR, OLD_ENV_VAR):
        if env.get(name):
            return _explicit(env[name], name, env)
    if option:
        return _explicit(option, "the browser option in mkdocs.yml", env)
    own = (playwright or playwright_browser)()
    if own and _runnable(Path(own)):
        return Browser(own, "Playwright")
    for command in COMMANDS:
        found = shutil.which(command, path=env.get("PATH", os.defpath))
        if found:
            return Browser(found, f"the {command} command")
    for path in install_paths(platform, env):
        if _runnable(path):
            return Browser(str(path), "an install folder")
    raise BrowserNotFound(
        f"PDFs need Chrome, Chromium or Edge and none was found (looked for Playwright's browser, the "
        f"{', '.join(COMMANDS)} commands and the usual install folders); install one, or {HOW_TO_SET}, "
        "or set pdf: false"
    )


def _explicit(value: str, source: str, env: Mapping[str, str]) -> Browser:
    """A browser named by the author: a path, or a command on PATH."""
    path = Path(value).expanduser()
    if _runnable(path):
        return Browser(str(path), source)
    if os.sep not in value and "/" not in value:
        found = shutil.which(value, path=env.get("PATH", os.defpath))
        if found:
            return Browser(found, source)
    raise BrowserNotFound(f"{source} names {value}, which is not a program that can be run; {HOW_TO_SET}")


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def install_paths(platform: str, env: Mapping[str, str]) -> Iterator[Path]:
    """Where the official installers put the browsers on macOS and Windows (for the user, then for all)."""
    if platform == "darwin":
        for apps in (Path(env.get("HOME", "~")).expanduser() / "Applications", Path("/Applications")):
            for app in _MACOS_APPS:
                yield apps / app
    elif platform == "win32":
        for variable in ("LOCALAPPDATA", "PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432"):
            if env.get(variable):
                for app in _WINDOWS_APPS:
                    yield Path(env[variable], *app.split("\\"))


@functools.cache  # asking starts Playwright's driver (0.4 s); a build asks before it starts and again to print
def playwright_browser() -> str | None:
    """The path of the Chromium that `playwright install chromium` puts in place (it may not be there)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return None

    def ask() -> str | None:
        try:
            with sync_playwright() as playwright:
                return str(playwright.chromium.executable_path)
        except Error:
            return None

    # Playwright's sync API refuses a thread with a running asyncio loop (a notebook): ask from a new one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(ask).result()
