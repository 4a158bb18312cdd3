"""The JSON Schemas as editors and other validators see them: check-jsonschema (an ECMA-262 regex engine,
`regress`) accepts every schema and the content files of the shipped guide, the example and a new guide, and
refuses a file with mistakes in it. `coachguide new` maps the content folders to the schemas for VS Code."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run_cli

from generator import commands, schemas

CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or "check-jsonschema"
EXAMPLE = ROOT / "examples" / "salary-conversation"
BAD_BANK = """\
id: Basics
title: Basics
description: d
questions:
  - {id: q, text: Why?, tell: typo, stages: [student], phase: middle}
"""


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHECK_JSONSCHEMA, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(schemas.SCHEMAS))
def test_every_validator_accepts_the_schema(name: str) -> None:
    result = check_jsonschema("--check-metaschema", str(schemas.SCHEMAS_DIR / name))
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_schema_has_its_own_stable_id() -> None:
    ids = {
        name: json.loads((schemas.SCHEMAS_DIR / name).read_text(encoding="utf-8"))["$id"] for name in schemas.SCHEMAS
    }
    assert ids["step.schema.json"] == "urn:coachguide:schema:step"
    assert len(set(ids.values())) == len(ids)


def test_a_regex_only_python_accepts_is_refused(tmp_path: Path) -> None:
    """The check above can fail: `\\"` is fine in Python and invalid in ECMA-262 with the `u` flag."""
    body = json.loads((schemas.SCHEMAS_DIR / "sources.schema.json").read_text(encoding="utf-8"))
    body["$defs"]["Source"]["properties"]["url"]["pattern"] = python_only = r"^https?://[^\"]+$"
    assert re.compile(python_only).match("https://example.org/")
    path = tmp_path / "sources.schema.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    result = check_jsonschema("--check-metaschema", str(path))
    assert result.returncode == 1
    assert "is not a 'regex'" in result.stdout


def content_folders(tmp_path: Path) -> list[Path]:
    commands.new(tmp_path / "new")
    return [ROOT / "content", EXAMPLE / "content", tmp_path / "new" / "content"]


@pytest.mark.parametrize("name", sorted(schemas.SCHEMAS))
def test_check_jsonschema_accepts_every_content_file(name: str, tmp_path: Path) -> None:
    pattern = schemas.SCHEMAS[name][1].removeprefix("content/")
    files = [str(p) for folder in content_folders(tmp_path) for p in sorted(folder.glob(pattern))]
    assert files, pattern
    result = check_jsonschema("--schemafile", str(schemas.SCHEMAS_DIR / name), *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_refuses_a_file_with_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "basics.yml"
    bad.write_text(BAD_BANK, encoding="utf-8")
    result = check_jsonschema("--schemafile", str(schemas.SCHEMAS_DIR / "question-bank.schema.json"), str(bad))
    assert result.returncode == 1
    assert f"{bad}::$.id: 'Basics' does not match" in result.stdout
    assert "'tell' was unexpected" in result.stdout
    assert "'middle' is not one of" in result.stdout


def test_a_source_url_with_a_quote_is_refused_as_the_generator_refuses_it(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yml"
    bad.write_text("sources:\n  - {id: a, title: A, url: 'https://example.org/a\"b'}\n", encoding="utf-8")
    result = check_jsonschema("--schemafile", str(schemas.SCHEMAS_DIR / "sources.schema.json"), str(bad))
    assert result.returncode == 1
    assert "$.sources[0].url" in result.stdout


# --- editor settings written by `coachguide new` --------------------------------------------------------


def test_new_maps_every_content_folder_to_its_schema_for_vs_code(tmp_path: Path) -> None:
    """Every content file of a new guide, including one added later without a first line, is matched by
    exactly one glob of `yaml.schemas`, and check-jsonschema with that schema accepts it."""
    project = tmp_path / "guide"
    commands.new(project)
    # A copy of the starter's step without its first line (the `$schema` comment), as an author may add one.
    step = (project / "content/steps/prepare.yml").read_text(encoding="utf-8").split("\n", 1)[1]
    added = project / "content/steps/follow-up.yml"
    added.write_text(step.replace("id: prepare", "id: follow-up"), encoding="utf-8")
    settings = json.loads((project / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert {(project / schema).resolve().name for schema in mapping} == set(schemas.SCHEMAS)
    for path in sorted((project / "content").rglob("*.yml")):
        relative = path.relative_to(project)
        matches = [schema for schema, globs in mapping.items() if any(relative.match(g) for g in globs)]
        assert len(matches) == 1, relative
        result = check_jsonschema("--schemafile", str(project / matches[0]), str(path))
        assert result.returncode == 0, result.stdout
    assert "$schema" not in added.read_text(encoding="utf-8")


def test_new_keeps_existing_editor_settings_and_workflow_and_says_so(tmp_path: Path) -> None:
    """A clone of a fresh repository: its files stay as they are, and each kept file is named in one line."""
    project = tmp_path / "clone"
    for relative, text in {
        ".vscode/settings.json": '{"editor.tabSize": 2}\n',
        ".github/workflows/pages.yml": "name: mine\n",
        ".gitignore": "*.pyc\n",
        "README.md": "# Careers\n",
    }.items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    result = run_cli("new", "clone", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (project / ".vscode/settings.json").read_text(encoding="utf-8") == '{"editor.tabSize": 2}\n'
    assert (project / ".github/workflows/pages.yml").read_text(encoding="utf-8") == "name: mine\n"
    assert (project / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n"
    assert (project / "README.md").read_text(encoding="utf-8") == "# Careers\n"
    kept = [line for line in result.stderr.splitlines() if "exists and was kept as it is" in line]
    assert sorted(line.split()[2] for line in kept) == [
        str(Path("clone/.github/workflows/pages.yml")),
        str(Path("clone/.gitignore")),
        str(Path("clone/.vscode/settings.json")),
    ]
    assert commands.check(project / "mkdocs.yml").startswith("Clone: ok")
