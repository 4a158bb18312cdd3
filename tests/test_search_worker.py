"""The search worker the build ships beside Material's (generator/search_worker.py), read as files."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.search_worker import LUNR, SHIM, SOURCE, WORKER, lunr_files, point_at_wrapper, worker_files

CONFIG = '<script id="__config" type="application/json">{"base": "..", "search": "../assets/javascripts/workers/search.abc123.min.js"}</script>'


def test_lunr_files_are_those_materials_worker_imports() -> None:
    assert lunr_files(["en"]) == []
    assert lunr_files(["de"]) == ["min/lunr.stemmer.support.min.js", "min/lunr.de.min.js"]
    assert lunr_files(["en", "ja"]) == [
        "min/lunr.stemmer.support.min.js",
        "tinyseg.js",
        "min/lunr.ja.min.js",
        "min/lunr.multi.min.js",
    ]


def test_pages_name_the_wrapper_in_their_config_only() -> None:
    page = f'<p>assets/javascripts/workers/search.abc123.min.js"</p>{CONFIG}'
    swapped = point_at_wrapper(page, "search.abc123.min.js")
    assert '"search": "../assets/javascripts/workers/coachguide-search.js"' in swapped
    assert swapped.startswith('<p>assets/javascripts/workers/search.abc123.min.js"</p>')  # text elsewhere kept
    assert point_at_wrapper("<p>no config</p>", "search.abc123.min.js") == "<p>no config</p>"


def test_worker_files_name_materials_worker_and_carry_the_languages() -> None:
    texts = {
        "assets/javascripts/workers/search.abc123.min.js": "MATERIAL_WORKER_TEXT();",
        LUNR + "min/lunr.stemmer.support.min.js": "STEMMER_SUPPORT();",
        LUNR + "min/lunr.fr.min.js": "FRENCH();",
    }
    files = worker_files("assets/javascripts/workers/search.abc123.min.js", texts.__getitem__, ["fr"])
    assert set(files) == {WORKER, SOURCE}
    assert '"search.abc123.min.js"' in files[WORKER] and "__CG_MATERIAL_WORKER__" not in files[WORKER]
    prefix = "window.__cgSearchWorker = "
    assert files[SOURCE].startswith(prefix)
    blob = json.loads(files[SOURCE][len(prefix) :].rstrip().removesuffix(";"))
    assert '"lunr.stemmer.support.min.js": function' in blob and '"lunr.fr.min.js": function' in blob
    # In the order Material imports them, before Material's worker, which comes before the wrapper.
    order = [blob.index(mark) for mark in ("STEMMER_SUPPORT", "FRENCH", "MATERIAL_WORKER_TEXT", "EXACT_BOOST")]
    assert order == sorted(order)


def test_every_build_ships_the_shim_and_the_worker(mini_site: Path) -> None:
    home = (mini_site / "index.html").read_text(encoding="utf-8")
    # The shim is in every build, so an offline copy can be made of any build (offline.py loads it in each
    # page); a hosted page does not load it, as it would hold up the page's first paint for nothing.
    assert (mini_site / SHIM).is_file() and SHIM not in home
    assert re.search(r'"search": "assets/javascripts/workers/coachguide-search\.js"', home)
    material = list((mini_site / "assets/javascripts/workers").glob("search.*.min.js"))
    assert len(material) == 1
    assert f'"{material[0].name}"' in (mini_site / WORKER).read_text(encoding="utf-8")
    assert (mini_site / SOURCE).stat().st_size > material[0].stat().st_size
