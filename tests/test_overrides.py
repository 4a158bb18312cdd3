"""The Material partials the plugin overrides (generator/overrides): Material's own files with the guide's one
change each, in every build, and behind the author's own custom_dir."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from helpers import copy_mini

from generator import commands
from generator.plugin import OVERRIDES

MATERIAL = Path(material.__file__).parent / "templates"
# What each override adds to Material's file: the rest must be Material's, so an update of Material that
# changes the partial shows here instead of being masked by a stale copy.
CHANGES = {
    "partials/search.html": (
        ' role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        ' role="dialog">',
    ),
    # In the head: the class that lays out the scripts' controls, and the search index's request held back.
    "partials/javascripts/base.html": (
        (Path(OVERRIDES) / "partials/javascripts/base.html").read_text(encoding="utf-8").split("</script>\n", 1)[1],
        "",
    ),
}
HEADER = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)  # the file's opening comment: Material's or ours


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_each_override_is_materials_partial_with_one_change(name: str) -> None:
    ours = HEADER.sub("", (Path(OVERRIDES) / name).read_text(encoding="utf-8"))
    added, original = CHANGES[name]
    assert added in ours
    assert (
        ours.replace(added, original).rstrip() == HEADER.sub("", (MATERIAL / name).read_text(encoding="utf-8")).rstrip()
    )


def test_no_other_file_in_the_overrides() -> None:
    files = sorted(str(p.relative_to(OVERRIDES)) for p in Path(OVERRIDES).rglob("*") if p.is_file())
    assert files == sorted(CHANGES)


def test_pages_name_the_search_dialog_and_lay_out_the_controls_before_paint(mini_site: Path) -> None:
    html = (mini_site / "steps" / "first" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">', html)
    head = html[: html.index("</head>")]
    assert 'document.documentElement.classList.add("cg-js");' in head
    assert "search_index" in head
    # The controls for the scripts are in the page already, shown only under html.cg-js.
    assert 'class="cg-checklist-bar cg-controls cg-js-only"' in html
    assert 'class="cg-progress cg-controls cg-js-only"' in html


def test_the_authors_custom_dir_keeps_the_last_word(tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  name: material\n") == 1, "the mini guide's mkdocs.yml changed: update this test"
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8"
    )
    (project / "overrides" / "partials").mkdir(parents=True)
    (project / "overrides" / "partials" / "search.html").write_text(
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Mine"></div>\n', encoding="utf-8"
    )
    site = commands.build(config, strict=True, site_dir=tmp_path / "site")
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Mine"' in html
    assert 'document.documentElement.classList.add("cg-js");' in html  # the guide's other override still applies
