"""One project, loaded once: `build` and `render` read mkdocs.yml and the guide once and render each page once."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from helpers import copy_mini, snapshot

from generator import commands, offline, zensical_export
from generator import project as project_module
from generator.project import Project, site_settings
from generator.render import Downloads


class Counts:
    """How often the guide was loaded, mkdocs.yml read, and each page rendered, during one command."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loads = 0
        self.configs = 0
        self.pages: Counter[str] = Counter()
        real_load, real_config, real_render = project_module.load_guide, commands.load_config, jinja2.Template.render

        def counted_load(*args: Any, **kwargs: Any) -> Any:
            self.loads += 1
            return real_load(*args, **kwargs)

        def counted_config(*args: Any, **kwargs: Any) -> Any:
            self.configs += 1
            return real_config(*args, **kwargs)

        def counted_render(template: jinja2.Template, *args: Any, **kwargs: Any) -> str:
            if "path" in kwargs:  # a guide page (MkDocs renders its theme's templates with one context dict)
                self.pages[kwargs["path"]] += 1
            return real_render(template, *args, **kwargs)

        monkeypatch.setattr("generator.project.load_guide", counted_load)
        monkeypatch.setattr(commands, "load_config", counted_config)
        monkeypatch.setattr(jinja2.Template, "render", counted_render)


def test_build_reads_the_guide_once_for_both_variants(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counts = Counts(monkeypatch)
    site = commands.build(mini / "mkdocs.yml", strict=True)  # the hosted site, and its offline copy zipped
    assert (site / "downloads/mini-offline.zip").is_file()
    assert counts.loads == 1
    assert counts.configs == 1  # one MkDocs build: the offline copy is made from its files
    # Each page is rendered once; only the pages that show the download links (the print pages and the home
    # page, which links to the offline copy), once per variant.
    twice = {path for path, n in counts.pages.items() if n == 2}
    assert twice and all(path.startswith("print/") or path == "index.md" for path in twice)
    assert "index.md" in twice
    assert set(counts.pages.values()) == {1, 2}


def test_render_reads_the_guide_once(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counts = Counts(monkeypatch)
    site = zensical_export.render(mini / "mkdocs.yml", tmp_path / "out", config_out=tmp_path / "zensical.yml")
    assert (counts.loads, counts.configs) == (1, 1)
    assert set(counts.pages) == set(site.pages) and set(counts.pages.values()) == {1}


def test_the_plugin_and_the_zensical_export_set_the_same_site_settings(mini: Path, tmp_path: Path) -> None:
    project, config = commands.open_project(mini / "mkdocs.yml")
    site = project.site(Downloads())
    expected = site_settings(project.guide.meta, config, nav=[*site.nav])
    zensical_export.render(mini / "mkdocs.yml", tmp_path / "out", config_out=tmp_path / "zensical.yml")
    written = yaml.safe_load((tmp_path / "zensical.yml").read_text(encoding="utf-8"))
    assert {key: written[key] for key in expected} == expected
    built = commands.build(mini / "mkdocs.yml", strict=True, site_dir=tmp_path / "site", offline_zip=False)
    home = (built / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{expected["theme"]["language"]}"' in home
    assert '<script src="assets/coachguide/coachguide.js" defer></script>' in home  # issue #16: no paint waits for it


def test_a_project_is_its_folders(mini: Path) -> None:
    project, _ = commands.open_project(mini / "mkdocs.yml")
    assert isinstance(project, Project)
    assert project.folder == mini.resolve()
    assert project.author_folders() == {
        "content": mini.resolve() / "content",
        "docs": mini.resolve() / "docs",
        "templates": (Path(__file__).parent.parent / "templates").resolve(),
    }


def test_the_offline_variant_built_beside_the_hosted_one_is_the_one_built_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The offline copy is made in a forked process while the PDFs print; where that cannot be done it is
    # made in this process. Both give the same bytes, and no folder of theirs is left over.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    sites = {}
    for fork in (True, False):
        project = copy_mini(tmp_path / f"{fork}" / "mini")
        monkeypatch.setattr(commands.OfflineCopy, "PARALLEL", fork)
        sites[fork] = snapshot(commands.build(project / "mkdocs.yml", strict=True))
    assert "downloads/mini-offline.zip" in sites[True]
    assert sites[True] == sites[False]
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "in-process"])
def test_a_failed_offline_variant_fails_the_build_and_leaves_the_site(
    mini: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    site = commands.build(mini / "mkdocs.yml", strict=True)
    before = snapshot(site)
    # The offline copy fails while it is made (here a full disk), in the forked process or, where a fork is not
    # safe (threads running), in this one: either way the build fails with one line and leaves the site.
    monkeypatch.setattr(commands.OfflineCopy, "PARALLEL", fork)

    def disk_full(*args: Any, **kwargs: Any) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(offline, "rewrite_index", disk_full)
    with pytest.raises(commands.CommandError, match=r"offline variant: .*No space left on device"):
        commands.build(mini / "mkdocs.yml", strict=True)
    assert snapshot(site) == before
