"""Material's bundle deferred (generator/paint.py) only where no script after it may depend on it running first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.paint import defer_bundle

BUNDLE = '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
CONFIG = '<script id="__config" type="application/json">{"base": ".."}</script>'
OURS = '<script src="../assets/coachguide/coachguide.js" defer></script>'


def page(*after: str) -> str:
    return f"<html><head><script>var x=1</script></head><body>{CONFIG}{BUNDLE}{''.join(after)}</body></html>"


@pytest.mark.parametrize(
    "after",
    [
        (),
        (OURS,),
        ('<script src="x.js" async></script>',),
        ('<script type="module" src="x.js"></script>',),
        ('<script type="application/ld+json">{}</script>', OURS),
    ],
)
def test_the_bundle_is_deferred_when_every_script_after_it_runs_late(after: tuple[str, ...]) -> None:
    html = defer_bundle(page(*after))
    assert '<script src="../assets/javascripts/bundle.a5f9d56c.min.js" defer></script>' in html
    assert html.replace(" defer></script>", "></script>", 1) == page(*after)


@pytest.mark.parametrize(
    "after",
    [
        ("<script>document$.subscribe(() => {})</script>",),  # Material's documented way to run on each page
        (OURS, '<script src="../js/extra.js"></script>'),  # an author's extra_javascript, not deferred
        ('<script type="text/javascript">window.x = 1</script>',),
    ],
)
def test_the_bundle_stays_as_material_wrote_it_when_a_script_after_it_may_need_it(after: tuple[str, ...]) -> None:
    assert defer_bundle(page(*after)) == page(*after)


def test_a_page_without_materials_bundle_is_left_alone() -> None:
    html = "<html><body><script src='app.js'></script></body></html>"
    assert defer_bundle(html) == html


def test_built_pages_defer_the_bundle_and_the_guides_scripts_follow_it(mini_site: Path) -> None:
    for path in ("index.html", "steps/first/index.html", "404.html"):
        html = (mini_site / path).read_text(encoding="utf-8")
        scripts = re.findall(r'<script src="([^"]+)"([^>]*)>', html[html.index("</head>") :])
        assert scripts, path
        assert re.search(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", scripts[0][0]), path
        assert all(" defer" in attributes for _, attributes in scripts), (path, scripts)
