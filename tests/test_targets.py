"""Where `build` and `render` may write: never over the author's files, each refusal in one line.

Every case runs the command line against a private copy of the mini project (with a stand-in `.git`) and then
checks that every file the author had is still there, byte for byte.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import snapshot

from generator import publish
from generator.cli import main

ROOT = Path(__file__).parent.parent


@pytest.fixture
def project(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini project as an author has it: under version control, with a page of their own in docs/."""
    (mini / ".git").mkdir()
    (mini / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (mini / "docs/notes.md").write_text("# My notes\n", encoding="utf-8")
    monkeypatch.chdir(mini)
    return mini


def coachguide(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the command line in this process; its exit status and what it printed to stderr."""
    status = main(list(args))
    return status, capsys.readouterr().err


def refused(status: int, err: str) -> str:
    """The one line a refusal prints (after asserting that it is one, with exit status 1 and no traceback)."""
    assert status == 1
    lines = [line for line in err.splitlines() if not line.startswith("INFO")]
    assert len(lines) == 1, err
    assert lines[0].startswith("coachguide: ")
    return lines[0]


# --- build ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_dir", "reason"),
    [
        (".", "this is the project folder"),
        ("..", "this folder holds the project"),
        ("content", "this is the content folder"),
        ("content/steps", "this lies inside the content folder"),
        ("docs", "this is the docs folder"),
        ("mkdocs.yml", "this is a file, not a folder"),
        (".git", "this folder holds files that coachguide did not make"),
    ],
)
def test_build_refuses_the_authors_folders(
    project: Path, site_dir: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project.parent)
    line = refused(*coachguide("build", "--site-dir", site_dir, capsys=capsys))
    assert line.startswith(f"coachguide: {site_dir}: {reason}")
    assert "choose another --site-dir" in line
    assert snapshot(project.parent) == before


def test_build_refuses_the_templates_folder_wherever_it_is(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = ROOT / "templates"  # the mini project's mkdocs.yml names the repository's templates
    before = snapshot(templates)
    line = refused(*coachguide("build", "--site-dir", str(templates), capsys=capsys))
    assert "this is the templates folder" in line
    assert snapshot(templates) == before


def test_build_refuses_site_dir_from_mkdocs_yml_too(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: content\n", encoding="utf-8")
    before = snapshot(project)
    line = refused(*coachguide("build", capsys=capsys))
    assert line.endswith("choose another site_dir in mkdocs.yml")
    assert snapshot(project) == before


def test_a_folder_of_the_authors_is_never_emptied(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "public").mkdir()
    (project / "public/index.html").write_text("<p>my own page</p>", encoding="utf-8")
    before = snapshot(project)
    line = refused(*coachguide("build", "--site-dir", "public", capsys=capsys))
    assert f"no {publish.MARKER} file" in line and "it was left as it is" in line
    assert snapshot(project) == before


def test_an_empty_folder_or_an_earlier_site_is_built_into_and_marked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "public").mkdir()
    assert coachguide("build", "--site-dir", "public", capsys=capsys)[0] == 0
    assert publish.is_ours(project / "public")
    (project / "public/stale.html").write_text("from an older build", encoding="utf-8")
    assert coachguide("build", "--site-dir", "public", capsys=capsys)[0] == 0
    assert (project / "public/index.html").is_file()
    assert not (project / "public/stale.html").exists()  # a site it made is replaced whole
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".public")) == []


def test_plain_mkdocs_build_refuses_a_folder_of_the_authors(project: Path) -> None:
    (project / "public").mkdir()
    (project / "public/keep.txt").write_text("mine", encoding="utf-8")
    before = snapshot(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-d", "public"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    assert "public: this folder holds files that coachguide did not make" in result.stderr
    assert snapshot(project) == before
    # and a folder that plain `mkdocs build` made is its own to replace the next time
    result = subprocess.run([*command[:-1], "site"], cwd=project, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert publish.is_ours(project / "site")


def test_a_folder_under_a_file_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(*coachguide("build", "--site-dir", "mkdocs.yml/site", capsys=capsys))
    assert (
        line
        == f"coachguide: mkdocs.yml/site: {project / 'mkdocs.yml'} is a file, not a folder; choose another --site-dir"
    )


# --- plugin options ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("pfd: true", "option 'pfd': unknown option; did you mean 'pdf'?"),
        ("offline_zip: true", "option 'offline_zip': unknown option"),  # set by `build` alone
    ],
)
def test_an_unknown_plugin_option_fails_check(
    project: Path, option: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - coachguide:\n", f"  - coachguide:\n      {option}\n"), encoding="utf-8")
    line = refused(*coachguide("check", capsys=capsys))
    assert line == f"coachguide: mkdocs.yml: Config value 'plugins': Plugin 'coachguide' {message}"


# --- render -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out_dir", "reason"),
    [
        ("content", "this is the content folder"),
        ("docs/generated", "this lies inside the docs folder"),
        (".", "this is the project folder"),
        (".git", "this folder holds files that coachguide did not make"),
    ],
)
def test_render_refuses_the_authors_folders(
    project: Path, out_dir: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project)
    line = refused(*coachguide("render", out_dir, capsys=capsys))
    assert line.startswith(f"coachguide: {out_dir}: {reason}")
    assert snapshot(project) == before


def test_render_replaces_only_what_it_wrote(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert coachguide("render", "out/docs", "--config-out", "out/zensical.yml", capsys=capsys)[0] == 0
    (project / "out/docs/stale.md").write_text("from an older render", encoding="utf-8")
    assert coachguide("render", "out/docs", "--config-out", "out/zensical.yml", capsys=capsys)[0] == 0
    assert (project / "out/docs/index.md").is_file()
    assert not (project / "out/docs/stale.md").exists()
    assert (project / "out/zensical.yml").read_text(encoding="utf-8").startswith("# Written by `coachguide render`")


@pytest.mark.parametrize("config_out", ["mkdocs.yml", "docs/zensical.yml", "other.yml"])
def test_config_out_never_overwrites_a_file_it_did_not_write(
    project: Path, config_out: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "other.yml").write_text("site_name: my other site\n", encoding="utf-8")
    before = snapshot(project)
    line = refused(*coachguide("render", "out", "--config-out", config_out, capsys=capsys))
    assert line.startswith(f"coachguide: {config_out}: ")
    assert snapshot(project) == before
    assert not (project / "out").exists()  # refused before anything was written


# --- targets that cannot be swapped by rename -------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(folder: Path, *, read_only: bool = False) -> Iterator[Path]:
    """A fresh file system mounted at `folder` (root only; the test is skipped where mounting is not allowed)."""
    folder.mkdir(exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_mount_point_is_filled_in_place(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(project / "site") as site:
        assert coachguide("build", capsys=capsys)[0] == 0
        (site / "stale.html").write_text("old", encoding="utf-8")
        assert coachguide("build", capsys=capsys)[0] == 0
        assert os.path.ismount(site)
        names = sorted(p.name for p in site.iterdir())
        assert "index.html" in names and "stale.html" not in names
        assert not [name for name in names if name.startswith(".coachguide-") and name != publish.MARKER]


def test_a_site_under_a_read_only_parent_is_filled_in_place(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "volume"
    with tmpfs(parent) as volume:
        (volume / "site").mkdir()
        with tmpfs(volume / "site") as site:
            subprocess.run(["mount", "-o", "remount,ro", str(volume)], check=True)
            assert coachguide("build", "--site-dir", str(site), capsys=capsys)[0] == 0
            assert (site / "index.html").is_file()


def test_a_read_only_target_is_one_line(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(tmp_path / "ro", read_only=True) as folder:
        line = refused(*coachguide("build", "--site-dir", str(folder), capsys=capsys))
        assert line == f"coachguide: {folder}: Read-only file system"
        line = refused(*coachguide("build", "--site-dir", str(folder / "new"), capsys=capsys))
        assert line == f"coachguide: {folder / 'new'}: Read-only file system"


def test_a_failed_move_in_place_puts_the_old_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("a.html", "b.html", "c.html"):
        (site / name).write_text(f"old {name}", encoding="utf-8")
    publish.mark(site)
    before = snapshot(site)
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == site)  # as if `site` were a volume
    real_rename, calls = os.rename, []

    def rename_then_fail(src: str | Path, dst: str | Path) -> None:
        calls.append(src)
        if len(calls) == 6:  # the old entries are moved out, then the disk fails moving the new ones in
            raise OSError(28, "No space left on device", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename_then_fail)
    with pytest.raises(OSError, match="No space left"), publish.replacing(site) as staging:
        for name in ("a.html", "index.html", "z.html"):
            (staging / name).write_text(f"new {name}", encoding="utf-8")
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir()) == sorted(["a.html", "b.html", "c.html", publish.MARKER])


def test_render_refuses_a_docs_file_that_links_outside_the_project(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publishing", encoding="utf-8")
    (project / "docs/leak.md").symlink_to(secret)
    line = refused(*coachguide("render", "out", capsys=capsys))
    assert line == "coachguide: docs/leak.md:1:1: is a link to a file outside the project; not built"
    assert not (project / "out").exists()
