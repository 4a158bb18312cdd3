"""The shipped guide built by Zensical from `coachguide render` output: every page, search and the fillable
layer's assets are there. (tests/browser/test_zensical.py drives the result in Chromium.)"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import zensical_export
from generator.project import load_guide
from generator.render import render_site
from generator.resources import ASSETS, ON_DEMAND, default_templates_dir

ROOT = Path(__file__).parent.parent


def zensical_build(config_file: Path, out: Path) -> Path:
    """Render the guide into `out/docs`, write `out/mkdocs.yml`, build it with Zensical; return the site."""
    zensical_export.render(config_file, out / "docs", config_out=out / "mkdocs.yml")
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(out / "mkdocs.yml")],
        cwd=out,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zensical_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("zensical"))


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    guide = load_guide(ROOT / "content", project_dir=ROOT)
    return render_site(guide, default_templates_dir()).pages


def html_path(markdown_path: str) -> str:
    """Where a docs page lands with directory URLs: steps/prepare.md -> steps/prepare/index.html."""
    stem = markdown_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def test_every_generated_and_hand_written_page_is_built(site: Path, pages: dict[str, str]) -> None:
    for path in [*pages, "authoring.md"]:
        assert (site / html_path(path)).is_file(), path
    step = (site / "steps/prepare/index.html").read_text(encoding="utf-8")
    assert 'id="step-prepare-checklist"' in step
    assert 'id="check-prepare-write-goal-box"' in step
    assert '<html lang="en"' in step


def test_navigation_follows_the_guide_order(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    steps = re.findall(r'href="steps/([a-z-]+)/"', home)
    assert list(dict.fromkeys(steps)) == ["identify", "outreach", "prepare", "conduct", "follow-up", "nurture"]


def test_search_index_covers_steps_and_questions(site: Path, pages: dict[str, str]) -> None:
    index = json.loads((site / "search.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en"]
    locations = {item["location"] for item in index["items"]}
    assert "steps/prepare/" in locations
    assert "questions/career-path/#q-path-first-break" in locations
    assert any("informational interview" in item["text"].lower() for item in index["items"])


def test_fillable_layer_assets_are_loaded_by_every_generated_page(site: Path, pages: dict[str, str]) -> None:
    for name in ASSETS:
        assert (site / "assets/coachguide" / name).is_file(), name
    for path in pages:
        html = (site / html_path(path)).read_text(encoding="utf-8")
        loaded = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html) + re.findall(
            r'<script src="([^"]+)"[ >]', html
        )
        folder = posixpath.dirname(html_path(path))
        resolved = {posixpath.normpath(posixpath.join(folder, url)) for url in loaded}
        # The picker's and the working set's scripts are loaded by coachguide.js where used (resources.ON_DEMAND).
        assert {f"assets/coachguide/{name}" for name in ASSETS if name not in ON_DEMAND} <= resolved, path
        assert 'data-guide="informational-interviews"' in html, path
        assert re.search(r'<script src="[^"]*coachguide\.js" defer>', html), path  # as MkDocs writes it (issue #16)


def test_schemas_are_published(site: Path) -> None:
    assert json.loads((site / "schemas/step.schema.json").read_text(encoding="utf-8"))["title"] == "Step"
