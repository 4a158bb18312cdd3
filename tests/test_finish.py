"""PDFs on A4 and Letter, and `coachguide pdf SITE_DIR` / `coachguide zip SITE_DIR` on a site that Zensical
built from `coachguide render` output: what they write, and what they refuse to write over."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest
from helpers import CHROMIUM, copy_mini, run_cli, snapshot
from test_zensical import zensical_build

from generator import commands

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no browser at {CHROMIUM}")
POINTS = {"A4": (210, 297), "Letter": (216, 279)}  # page sizes in whole millimetres


def both_papers(project: Path) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - coachguide:\n", "  - coachguide:\n      pdf: true\n      paper: [A4, Letter]\n"),
        encoding="utf-8",
    )
    return project


def page_size(path: Path) -> tuple[int, int]:
    with pikepdf.open(path) as document:
        box = [float(x) for x in document.pages[0].mediabox]
    return round((box[2] - box[0]) * 25.4 / 72), round((box[3] - box[1]) * 25.4 / 72)


def pdfs(site: Path) -> dict[str, tuple[int, int]]:
    return {p.name: page_size(p) for p in sorted((site / "downloads").glob("*.pdf"))}


EXPECTED = {
    "mini.pdf": POINTS["A4"],
    "mini-letter.pdf": POINTS["Letter"],
    "mini-step-1-first.pdf": POINTS["A4"],
    "mini-step-1-first-letter.pdf": POINTS["Letter"],
    "mini-step-2-second.pdf": POINTS["A4"],
    "mini-step-2-second-letter.pdf": POINTS["Letter"],
    "mini-sheet-blank.pdf": POINTS["A4"],
    "mini-sheet-blank-letter.pdf": POINTS["Letter"],
}


def test_a_build_prints_each_pdf_on_each_paper_and_links_them(tmp_path: Path) -> None:
    project = both_papers(copy_mini(tmp_path / "mini"))
    site = commands.build(project / "mkdocs.yml", strict=True, offline_zip=False)
    assert pdfs(site) == EXPECTED
    index = (site / "print/index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/mini.pdf">Download PDF (A4)</a>' in index
    assert 'href="../downloads/mini-letter.pdf">Letter</a>' in index


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The mini guide with `pdf: true` and both papers, rendered and built by Zensical (no PDFs printed)."""
    project = both_papers(copy_mini(tmp_path_factory.mktemp("z") / "mini"))
    return project, zensical_build(project / "mkdocs.yml", project.parent / "out")


def test_render_leaves_placeholders_that_the_pages_link_to(zensical_site: tuple[Path, Path]) -> None:
    _, site = zensical_site
    placeholders = sorted(p.name for p in (site / "downloads").glob("*.pdf") if p.stat().st_size == 0)
    assert placeholders == sorted(EXPECTED)
    assert 'href="../downloads/mini-letter.pdf"' in (site / "print/index.html").read_text(encoding="utf-8")


def test_pdf_prints_into_a_zensical_site_and_never_over_a_file_it_did_not_make(
    zensical_site: tuple[Path, Path],
) -> None:
    project, site = zensical_site
    result = run_cli("pdf", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"printed 8 PDFs into {site}\n"
    assert pdfs(site) == EXPECTED
    assert (site / "downloads/mini.pdf").read_bytes().startswith(b"%PDF-")
    # Again: the PDFs it wrote are its own to replace.
    assert run_cli("pdf", str(site), "-q", cwd=project).stdout == ""
    # A file someone else put there stays as it is, and nothing is printed.
    (site / "downloads/mini-letter.pdf").write_bytes(b"%PDF-1.7 the author's own")
    before = snapshot(site)
    result = run_cli("pdf", str(site), cwd=project)
    assert result.returncode == 1
    assert result.stderr == (
        f"coachguide: {site}/downloads/mini-letter.pdf: this file was not made by coachguide pdf; "
        "it was left as it is; remove it yourself to print\n"
    )
    assert snapshot(site) == before


def test_pdf_needs_a_built_site(mini: Path, tmp_path: Path) -> None:
    result = run_cli("pdf", str(tmp_path / "nothing"), cwd=mini)
    assert (result.returncode, result.stderr) == (
        1,
        f"coachguide: {tmp_path}/nothing: not a built site (no index.html); build the site first\n",
    )


def test_zip_packs_a_zensical_site_and_replaces_only_its_own_zip(zensical_site: tuple[Path, Path]) -> None:
    project, site = zensical_site
    out = project.parent / "mini-offline.zip"
    result = run_cli("zip", str(site), "--output", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert "mini-offline/index.html" in names
        assert "mini-offline/print/index.html" in names
        assert archive.read("mini-offline/index.html") == (site / "index.html").read_bytes()
    first = out.read_bytes()
    assert run_cli("zip", str(site), "-o", str(out), cwd=project).returncode == 0
    assert out.read_bytes() == first  # the same bytes for the same site
    # Not over a file it did not make, and not into the folder it packs.
    other = project.parent / "holiday-photos.zip"
    other.write_bytes(b"PK not ours")
    for target, reason in [
        (other, "this file was not made by coachguide zip; it was left as it is; choose another --output"),
        (site / "downloads/copy.zip", "inside the folder it zips; choose another --output"),
    ]:
        result = run_cli("zip", str(site), "-o", str(target), cwd=project)
        assert (result.returncode, result.stderr) == (1, f"coachguide: {target}: {reason}\n")
    assert other.read_bytes() == b"PK not ours"
    assert not (site / "downloads/copy.zip").exists()
