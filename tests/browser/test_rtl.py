"""Right to left: a guide in Arabic with Material's `theme.direction: rtl` lays out as a mirror of a
left-to-right one. Chromium screenshots of a step, the prep sheet and the composer, and checks of the layout
that would fail on a page that kept left-to-right rules: text starts at the right edge, controls sit on the
right of their labels, the navigation is on the right, nothing overflows sideways (desktop and phone)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import run_cli
from playwright.sync_api import Page

from .conftest import serve_folder

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def rtl_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("rtl")
    project = root / "rtl"
    assert run_cli("new", str(project), cwd=root).returncode == 0
    guide = project / "content" / "guide.yml"
    text = guide.read_text(encoding="utf-8").replace("language: en ", "language: ar ")
    guide.write_text(text, encoding="utf-8")
    step = project / "content" / "steps" / "prepare.yml"
    text = step.read_text(encoding="utf-8").replace("title: Prepare", "title: الاستعداد للمحادثة")
    step.write_text(text.replace("phase: before            #", "phase: before #"), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  direction: rtl\n")
    )
    built = run_cli("-f", str(config), "build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    check = run_cli("-f", str(config), "check", cwd=root)
    assert "no interface catalogue for language 'ar'" in check.stdout  # English texts stand in, and check says so
    with serve_folder(project / "site") as url:
        yield url


# Boxes of what the checks compare, in CSS pixels.
LAYOUT = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width }; };
  const textBox = (el) => { const range = document.createRange(); range.selectNodeContents(el); return box(range); };
  const q = (s) => document.querySelector(s);
  const content = q('article.md-content__inner');
  const item = q('.cg-checklist li.cg-check');
  return {
    dir: document.body.dir,  // Material writes it on <body>
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    content: box(content),
    heading: textBox(q('article h1')),
    nav: q('.md-sidebar--primary') && q('.md-sidebar--primary').offsetParent ? box(q('.md-sidebar--primary')) : null,
    checkbox: item ? box(item.querySelector('input[type=checkbox]')) : null,
    itemLabel: item ? textBox(item.querySelector('label')) : null,
  };
}"""


def assert_right_to_left(layout: dict, where: str) -> None:
    content, heading = layout["content"], layout["heading"]
    assert layout["dir"] == "rtl", where
    assert layout["overflow"] <= 0, f"{where}: the page scrolls sideways by {layout['overflow']}px"
    # The heading's text starts at the content's right edge and leaves room on its left.
    assert abs(content["right"] - heading["right"]) <= 24, f"{where}: heading text {heading} in {content}"
    assert heading["left"] - content["left"] > 24 or heading["width"] > content["width"] - 48, where
    if layout["nav"] is not None:
        assert layout["nav"]["left"] >= content["right"] - 1, f"{where}: navigation not on the right"
    if layout["checkbox"] is not None:
        assert layout["checkbox"]["left"] >= layout["itemLabel"]["right"] - 1, (
            f"{where}: checkbox not right of its label"
        )


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_a_step_the_prep_sheet_and_the_composer_mirror_right_to_left(
    page: Page, rtl_url: str, tmp_path: Path, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("steps/prepare/", "prep/conversation/", "outreach/request/"):
        page.goto(rtl_url + path)
        page.wait_for_load_state("load")
        shot = tmp_path / f"{path.strip('/').replace('/', '-')}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert_right_to_left(page.evaluate(LAYOUT), f"{path} at {width}px")

    # The prep sheet's controls: each label is on the right of its field, the sheet bar reads right to left.
    page.goto(rtl_url + "prep/conversation/")
    label, field = (page.locator(s).first.bounding_box() for s in ("label[for^=field-]", "input[data-field]"))
    assert label and field and label["x"] >= field["x"], "a field's label is not on its right"
    pick, select = (page.locator(s).first.bounding_box() for s in (".cg-sheet-pick label", ".cg-sheet-pick select"))
    assert pick and select and pick["x"] > select["x"], "the sheet picker's label is not on the right of its list"

    # The composer: its form and its tools start at the right.
    page.goto(rtl_url + "outreach/request/")
    legend, form = (page.locator(s).first.bounding_box() for s in (".cg-compose-form legend", ".cg-compose-form"))
    assert legend and form and abs((form["x"] + form["width"]) - (legend["x"] + legend["width"])) < 40
    assert legend["x"] - form["x"] > 40 or width < 500
    copy, tools = (page.locator(s).first.bounding_box() for s in ("[data-cg=copy]", ".cg-compose-tools"))
    assert copy and tools and (tools["x"] + tools["width"]) - (copy["x"] + copy["width"]) < 40, (
        "the first button is not at the right"
    )


def test_the_same_checks_fail_on_a_left_to_right_page(page: Page, base_url: str) -> None:
    """The checks are not vacuous: the mini guide (left to right) fails them."""
    page.goto(base_url + "steps/first/")
    with pytest.raises(AssertionError):
        assert_right_to_left({**page.evaluate(LAYOUT), "dir": "rtl"}, "a left-to-right page")
