"""Authoring: `coachguide new`, the JSON Schemas editors use, the example guide, another language, and the
folder `render` writes for other engines."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers import ROOT, copy_mini, run_cli, snapshot

from generator import commands, schemas, zensical_export
from generator.scaffold import guide_id, guide_title

EXAMPLE = ROOT / "examples" / "salary-conversation"
STARTER = ROOT / "generator" / "starter"
SCHEMA_FOR = {
    "guide.yml": "guide.schema.json",
    "steps": "step.schema.json",
    "pages": "page.schema.json",
    "questions": "question-bank.schema.json",
    "outreach": "template.schema.json",
    "prep-sheets": "prep-sheet.schema.json",
    "sources": "sources.schema.json",
}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def content_files(content_dir: Path) -> list[Path]:
    return sorted(content_dir.rglob("*.yml"))


# --- coachguide new -------------------------------------------------------------------------------------


def test_new_guide_builds_strictly_with_the_shipped_templates(tmp_path: Path) -> None:
    result = run_cli("new", "my-guide", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "my-guide"
    assert result.stdout == "created my-guide; preview it: cd my-guide && coachguide serve\n"
    assert "templates_dir: templates" not in project.joinpath("mkdocs.yml").read_text(encoding="utf-8").replace(
        "# templates_dir", ""
    ), "a new guide uses the templates shipped with coachguide"
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "site")
    for page in ("index.html", "steps/prepare/index.html", "questions/opening/index.html", "about/index.html"):
        assert (site / page).is_file(), page
    assert 'id="tpl-request"' in (site / "outreach/request/index.html").read_text(encoding="utf-8")
    assert 'id="field-conversation-goal"' in (site / "prep/conversation/index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>My guide - My guide</title>" in home  # the page title (the guide's) and the site name
    assert 'data-guide="my-guide"' in home
    assert (project / ".gitignore").read_text(encoding="utf-8") == "site/\n"


def test_new_guide_passes_check_with_its_title(tmp_path: Path) -> None:
    config = commands.new(tmp_path / "guide", title='Mock interviews: "the basics"')
    assert commands.check(config).startswith('Mock interviews: "the basics": ok, 1 step, 1 question bank, 3 questions')


def test_new_fills_an_empty_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run_cli("new", "empty", cwd=tmp_path).returncode == 0
    assert (tmp_path / "empty/content/guide.yml").is_file()


@pytest.mark.parametrize("existing", ["mkdocs.yml", "content/notes.txt", "docs/index.md", "schemas/x.json"])
def test_new_refuses_a_folder_with_a_guide_s_files_in_it_and_touches_nothing(existing: str, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    (target / existing).parent.mkdir(parents=True)
    (target / existing).write_text("mine", encoding="utf-8")
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(target)
    result = run_cli("new", "taken", cwd=tmp_path)
    assert result.returncode == 1
    first = existing.split("/")[0]
    assert result.stderr == f"coachguide: {Path('taken', first)} exists; choose a new or empty folder\n"
    assert result.stdout == ""
    assert snapshot(target) == before


def test_new_fills_a_folder_with_other_files_and_leaves_them_alone(tmp_path: Path) -> None:
    target = tmp_path / "repo"
    (target / ".git").mkdir(parents=True)
    (target / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (target / "LICENSE").write_text("mine", encoding="utf-8")
    result = run_cli("new", "repo", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert (target / "LICENSE").read_text(encoding="utf-8") == "mine"
    assert (target / ".git/HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    assert (target / "content/guide.yml").is_file()


@pytest.mark.parametrize("name", ["My Guide", 'Bob\'s "career" guide', "-dash", "$HOME `x` & y; z", "tab\there"])
def test_the_hint_new_prints_runs_when_pasted_into_a_shell(name: str, tmp_path: Path) -> None:
    result = run_cli("new", "--", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    hint = result.stdout.strip().split("; preview it: ", 1)[1]
    assert hint.endswith(" && coachguide serve")
    # The hint as printed, with `coachguide serve` swapped for a command that shows where it runs.
    pasted = hint.removesuffix("coachguide serve") + "pwd -P && coachguide --version"
    bin_dir = Path(sys.executable).parent
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)}
    shell = subprocess.run(["bash", "-c", pasted], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.splitlines()[0] == str((tmp_path / name).resolve())
    assert shell.stdout.splitlines()[1].startswith("coachguide ")


def test_new_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = run_cli("new", "file", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "coachguide: file exists and is not a folder\n")


@pytest.mark.parametrize(
    ("name", "expected_id", "expected_title"),
    [
        ("salary-talks", "salary-talks", "Salary talks"),
        ("Salary Talks 2", "salary-talks-2", "Salary Talks 2"),
        ("mock_interviews", "mock-interviews", "Mock interviews"),
        ("---", "my-guide", "My guide"),
    ],
)
def test_new_names_the_guide_after_its_folder(name: str, expected_id: str, expected_title: str) -> None:
    assert guide_id(name) == expected_id
    assert guide_title(name) == expected_title


# --- JSON Schemas ---------------------------------------------------------------------------------------


def test_schemas_are_in_step_with_the_model() -> None:
    assert schemas.stale_schemas() == [], "the model changed: run `python -m generator.schemas` and commit the result"
    assert sorted(p.name for p in schemas.SCHEMAS_DIR.glob("*.json")) == sorted(SCHEMA_FOR.values())


def test_schema_check_command_reports_a_stale_schema(tmp_path: Path) -> None:
    folder = tmp_path / "Bob's schemas"
    schemas.write_schemas(folder)
    (folder / "step.schema.json").write_text("{}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator.schemas", "--check", str(folder)], capture_output=True, text=True
    )
    assert result.returncode == 1
    fix = f"python -m generator.schemas {shlex.quote(str(folder))}"
    assert result.stderr == f"{folder / 'step.schema.json'}: out of date; run {fix}\n"
    # The command it names, run in a shell as printed, brings the folder up to date.
    subprocess.run(
        ["bash", "-c", fix.replace("python", shlex.quote(sys.executable), 1)], check=True, capture_output=True
    )
    assert schemas.stale_schemas(folder) == []


def guides_with_schemas(tmp_path: Path) -> list[Path]:
    """The content folders whose files name a schema: the shipped guide, the example and a new guide."""
    commands.new(tmp_path / "new")
    return [ROOT / "content", EXAMPLE / "content", tmp_path / "new" / "content"]


def test_every_content_file_names_its_schema_and_is_valid_against_it(tmp_path: Path) -> None:
    checked = 0
    for content in guides_with_schemas(tmp_path):
        for path in content_files(content):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            match = MODELINE.match(first)
            assert match, f"{path}: the first line names no schema"
            kind = path.name if path.parent == content else path.parent.name
            schema_path = (path.parent / match[1]).resolve()
            assert schema_path.name == SCHEMA_FOR[kind], path
            assert schema_path.is_file(), f"{path}: {match[1]} does not resolve"
            schema = json.loads(schema_path.read_text(encoding="utf-8"))
            jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(path.read_text(encoding="utf-8")))
            checked += 1
    assert checked > 50


def test_the_schemas_flag_the_mistakes_an_editor_should_show() -> None:
    schema = json.loads((schemas.SCHEMAS_DIR / "question-bank.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    bank = {
        "id": "Basics",
        "title": "Basics",
        "description": "d",
        "questions": [{"id": "q", "text": "Why?", "tell": "typo", "stages": ["student"], "phase": "middle"}],
    }
    messages = sorted(e.message for e in validator.iter_errors(bank))
    assert any("'Basics' does not match" in m for m in messages)  # ids are lower case
    assert any("'tell' was unexpected" in m for m in messages)  # unknown field (a typo of 'tells')
    assert any("'middle' is not one of" in m for m in messages)  # phase is a choice


def test_schemas_are_published_with_the_site(mini_site: Path) -> None:
    for name in SCHEMA_FOR.values():
        assert (mini_site / "schemas" / name).read_bytes() == (schemas.SCHEMAS_DIR / name).read_bytes()


# --- the example guide and other languages --------------------------------------------------------------


def test_example_guide_builds_strictly_with_no_code_of_its_own(tmp_path: Path) -> None:
    assert not (EXAMPLE / "templates").exists()
    assert "templates_dir:" not in (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    assert commands.check(EXAMPLE / "mkdocs.yml").startswith("Preparing for a salary conversation: ok, 5 steps")
    site = commands.build(EXAMPLE / "mkdocs.yml", strict=True, site_dir=tmp_path / "site")
    for page in ("steps/research", "questions/understanding-the-offer", "prep/salary-conversation", "about"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "downloads/salary-conversation-offline.zip").is_file()


def test_example_guide_builds_from_the_command_line(tmp_path: Path) -> None:
    result = run_cli(
        "-f", "examples/salary-conversation/mkdocs.yml", "build", "--strict", "--site-dir", str(tmp_path), cwd=ROOT
    )
    assert result.returncode == 0, result.stderr


def set_language(project: Path, language: str, *, search_lang: str | None = None) -> None:
    guide = project / "content/guide.yml"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace("audience: Tests.\n", f"audience: Tests.\nlanguage: {language}\n"),
        encoding="utf-8",
    )
    if search_lang:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert text.count("  - search\n") == 1, "the mini guide's mkdocs.yml changed: update this test"
        config.write_text(text.replace("  - search\n", f"  - search:\n      lang: {search_lang}\n"), encoding="utf-8")


@pytest.mark.parametrize(
    ("language", "search_lang", "html_lang", "expected_search"),
    [
        ("de", None, "de", ["de"]),
        ("pt-BR", None, "pt", ["pt"]),  # Material's pt-BR translation declares its language as "pt"
        ("fr", "en", "fr", ["en"]),
    ],
    ids=["de", "pt-BR", "search-lang-in-mkdocs-yml-wins"],
)
def test_guide_language_sets_page_and_search_language(
    tmp_path: Path, language: str, search_lang: str | None, html_lang: str, expected_search: list[str]
) -> None:
    project = copy_mini(tmp_path / "mini")
    set_language(project, language, search_lang=search_lang)
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "site", offline_zip=False)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{html_lang}"' in home
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == expected_search


def test_german_guide_gets_the_theme_in_german(tmp_path: Path) -> None:
    project = copy_mini(tmp_path / "mini")
    set_language(project, "de")
    site = commands.build(project / "mkdocs.yml", strict=True, site_dir=tmp_path / "site", offline_zip=False)
    assert 'placeholder="Suche"' in (site / "index.html").read_text(encoding="utf-8")


# --- render for other engines ---------------------------------------------------------------------------


def test_render_writes_a_folder_and_config_other_engines_can_build(tmp_path: Path) -> None:
    out = tmp_path / "build"
    count = len(zensical_export.render(ROOT / "mkdocs.yml", out / "docs", config_out=out / "mkdocs.yml").pages)
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (out / config["INHERIT"]).resolve() == (ROOT / "mkdocs.yml").resolve()
    assert config["docs_dir"] == "docs"
    assert config["theme"] == {"language": "en"}
    # It loads the picker and the working set where a page has them; deferred, as the plugin adds it.
    assert config["extra_javascript"] == [{"path": "assets/coachguide/coachguide.js", "defer": True}]
    nav = config["nav"]
    assert nav[0] == {"Home": "index.md"} and nav[-2:] == ["authoring.md", "hosting.md"]  # docs/ pages last
    pages = {p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*.md")}
    assert len(pages) == count + 2 and {"authoring.md", "hosting.md"} <= pages
    assert sorted(p.name for p in (out / "docs/schemas").iterdir()) == sorted(SCHEMA_FOR.values())


def test_render_from_the_command_line_writes_the_config_only_when_asked(mini: Path, tmp_path: Path) -> None:
    assert run_cli("render", str(tmp_path / "a"), cwd=mini).returncode == 0
    assert not (tmp_path / "mkdocs.yml").exists()
    result = run_cli("render", str(tmp_path / "b/docs"), "--config-out", str(tmp_path / "b/zensical.yml"), cwd=mini)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((tmp_path / "b/zensical.yml").read_text(encoding="utf-8"))["docs_dir"] == "docs"
