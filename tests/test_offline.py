"""The offline copy made from a hosted build (generator/offline.py): links to the site's folders name their
index.html, in pages and in the search index, and nothing else changes."""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
from pathlib import Path

import pytest
from helpers import copy_mini

from generator import commands
from generator.offline import INDEX_JS, INDEX_JSON, folder_url, offline_files, replace_entries, rewrite_page
from generator.search_worker import SHIM

FOLDERS = {"", "steps", "steps/first", "questions", "questions/all"}


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("../first/", "steps/second", "../first/index.html"),
        ("../../", "steps/second", "../../index.html"),
        ("../..", "steps/second", "../../index.html"),
        ("..", "steps/first", "../index.html"),
        (".", "steps/first", "./index.html"),
        ("./", "steps/first", "./index.html"),
        ("../../questions/all/#q-one", "steps/first", "../../questions/all/index.html#q-one"),
        ("../../questions/?x=1", "steps/first", "../../questions/index.html?x=1"),
        ("steps/first/", "", "steps/first/index.html"),
        # not a folder of the site, or not a folder link: as it is
        ("../nowhere/", "steps/first", "../nowhere/"),
        ("../../../", "steps/first", "../../../"),
        ("../../assets/app.js", "steps/first", "../../assets/app.js"),
        ("#top", "steps/first", "#top"),
        ("", "steps/first", ""),
        ("https://example.org/steps/", "", "https://example.org/steps/"),
        ("//example.org/", "", "//example.org/"),
        ("/steps/first/", "", "/steps/first/"),
        ("mailto:a@example.org", "", "mailto:a@example.org"),
    ],
)
def test_a_link_to_a_folder_of_the_site_names_its_index(url: str, base: str, expected: str) -> None:
    assert folder_url(url, base=base, folders=FOLDERS) == expected


def test_a_page_has_its_links_and_sources_rewritten_and_its_text_left_alone() -> None:
    html = (
        '<a href="../../">Home</a> <link rel="prev" href=\'../\'> <img src="../../questions/"> '
        '<a class="md-x" href="../first/#a">x</a> <p>href="../../" stays text</p> <a href="../../x.css">'
    )
    out = rewrite_page(html, path="steps/first/index.html", folders=FOLDERS)
    assert out == (
        '<a href="../../index.html">Home</a> <link rel="prev" href=\'../index.html\'> '
        '<img src="../../questions/index.html"> <a class="md-x" href="../first/index.html#a">x</a> '
        '<p>href="../../" stays text</p> <a href="../../x.css">'
    )


def test_the_offline_entries_of_a_page_replace_its_hosted_ones_and_keep_their_words() -> None:
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "", "title": "Home", "text": "", "keywords": "start"},
            {"location": "#tools", "title": "Tools", "text": "PDFs and a zip", "keywords": "kit"},
            {"location": "print/", "title": "Print", "text": "print"},
            {"location": "print/#offline", "title": "Offline", "text": "zip"},
            {"location": "steps/", "title": "Steps", "text": "steps"},
        ],
    }
    new = [
        {"location": "print/", "title": "Print", "text": "print it"},
        {"location": "", "title": "Home", "text": ""},
        {"location": "#tools", "title": "Tools", "text": "sheets"},
    ]
    out = json.loads(replace_entries(json.dumps(index), new))
    assert out["docs"] == [
        {"location": "", "title": "Home", "text": "", "keywords": "start"},
        {"location": "#tools", "title": "Tools", "text": "sheets", "keywords": "kit"},
        {"location": "print/", "title": "Print", "text": "print it"},
        {"location": "steps/", "title": "Steps", "text": "steps"},
    ]
    assert out["config"] == index["config"]


def _links(html: str) -> list[str]:
    return [m[1] or m[2] for m in re.finditer(r"""\s(?:href|src|action)=(?:"([^"]*)"|'([^']*)')""", html)]


def test_the_zipped_copy_of_a_built_site_links_only_to_its_own_files(tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "site")
    with zipfile.ZipFile(io.BytesIO((site / "downloads/mini-offline.zip").read_bytes())) as archive:
        files = {name.removeprefix("mini/"): archive.read(name) for name in archive.namelist()}
    hosted = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    # The same files, less those of the hosted site alone (its downloads, its marker), plus the index script.
    assert set(files) == {p for p in hosted if not p.startswith("downloads/") and p != ".coachguide-output"} | {
        INDEX_JS
    }
    assert files[INDEX_JS] == b"var __index = " + files[INDEX_JSON]
    pages = [path for path in files if path.endswith(".html") and path != "404.html"]  # 404: served, never opened
    for path in pages:
        for url in _links(files[path].decode("utf-8")):
            if not url or url[0] in "#/" or re.match(r"^[a-z][a-z0-9+.-]*:", url):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), url.split("#")[0].split("?")[0]))
            assert target in files, (path, url)
    for doc in json.loads(files[INDEX_JSON])["docs"]:
        assert doc["location"].partition("#")[0] in files, doc["location"]
    # Each offline page loads the file:// worker shim in its head, once; the hosted pages do not load it.
    for path in pages:
        shim = posixpath.relpath(SHIM, posixpath.dirname(path) or ".")
        head = files[path].decode("utf-8").partition("</head>")[0]
        assert head.count(f'<script src="{shim}"></script>') == 1, path
    assert b"iframe-worker.js" not in (site / "index.html").read_bytes()
    # The offline pages do not offer the downloads the copy does not hold.
    assert b"-offline.zip" not in files["index.html"] and b"-offline.zip" not in files["print/index.html"]
    assert b"-offline.zip" in (site / "index.html").read_bytes()


def test_offline_files_of_a_folder_twice_are_the_same(tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "site", offline=True)
    once = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert dict(offline_files(site)) == {k: v for k, v in once.items() if k != ".coachguide-output"}
    assert b'href="steps/first/index.html"' in once["index.html"]
