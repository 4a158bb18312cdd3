"""Every example in README.md and docs/*.md works as written: each YAML block parses as strictly as the
generator reads content and is valid for the file it shows; each shell block runs, in a new guide's folder.
`coachguide` runs for real (`serve` only has its arguments checked); make, pip, mkdocs and zensical have
their arguments checked against the real programs (a dry run, their --help), as they install things or, on
a shared 2-core machine, take minutes (`tests/test_zensical.py` builds with Zensical)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT

from generator import __version__, commands
from generator.load import validate_document
from generator.model import GuideFile, Page, PrepSheet, QuestionBank, SourcesFile, Step, Template
from generator.yamlio import load_yaml

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,})(?P<lang>[\w-]*)\s*$")
HEADING = re.compile(r"^#+ ")
SHELL = {"sh", "bash", "console", "shell"}
LANGUAGES = {"yaml", "text", "toml", "nginx", "apache", "json", *SHELL}
# The content file a heading names -> the model that file is read with.
MODELS: dict[str, type[Any]] = {
    "content/guide.yml": GuideFile,
    "content/steps/": Step,
    "content/questions/": QuestionBank,
    "content/outreach/": Template,
    "content/prep-sheets/": PrepSheet,
    "content/pages/": Page,
    "content/sources/": SourcesFile,
}


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int  # of the opening fence
    lang: str
    heading: str
    text: str

    def __str__(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, each with the heading it is under."""
    found, heading = [], ""
    lines = doc.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if HEADING.match(lines[i]):
            heading = lines[i]
        match = FENCE.match(lines[i])
        if match:
            end = i + 1
            while end < len(lines) and lines[end].strip() != match["fence"]:
                end += 1
            assert end < len(lines), f"{doc}:{i + 1}: the code block is never closed"
            width = len(match["indent"])
            text = "\n".join(line[width:] for line in lines[i + 1 : end]) + "\n"
            found.append(Block(doc, i + 1, match["lang"], heading, text))
            i = end
        i += 1
    return found


ALL = [block for doc in DOCS for block in blocks(doc)]
YAML_BLOCKS = [b for b in ALL if b.lang == "yaml"]
SHELL_BLOCKS = [b for b in ALL if b.lang in SHELL]


def test_the_docs_have_examples_of_both_kinds() -> None:
    assert len(YAML_BLOCKS) >= 15 and len(SHELL_BLOCKS) >= 4


@pytest.mark.parametrize("block", ALL, ids=str)
def test_every_code_block_names_its_language(block: Block) -> None:
    """So no YAML or shell example escapes the tests below under a bare fence."""
    assert block.lang in LANGUAGES, f"{block}: a code block names its language ({sorted(LANGUAGES)})"


def model_for(block: Block, data: Any) -> type[Any] | None:
    """The content model the block is an example of, from the heading above it (None: not a content file)."""
    named = [model for path, model in MODELS.items() if path in block.heading]
    if len(named) > 1:  # "pages and sources" under one heading: a sources file has only `sources`
        return SourcesFile if isinstance(data, dict) and set(data) == {"sources"} else Page
    return named[0] if named else None


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=str)
def test_every_yaml_example_parses_and_is_valid_for_its_file(block: Block, tmp_path: Path) -> None:
    if block.text.startswith("# yaml-language-server: $schema=") and block.text.count("\n") == 1:
        return  # the first line of a content file, shown alone; test_authoring checks every file has one
    path = tmp_path / "example.yml"
    # Blank lines first, so that error lines are the Markdown file's own.
    path.write_text("\n" * block.line + block.text, encoding="utf-8")
    doc, errors = load_yaml(path, str(block.doc.relative_to(ROOT)))
    assert not errors, "\n".join(str(e) for e in errors)
    assert doc is not None
    data = doc.data
    named = re.match(r"# (\S+)\n", block.text)
    model = model_for(block, data)
    if model is not None:
        _, errors = validate_document(doc, model)
        assert not errors, "\n".join(str(e) for e in errors)
    elif named and named[1] == ".gitlab-ci.yml":
        check_gitlab_recipe(data, tmp_path)
    elif (named and (named[1] == "mkdocs.yml" or named[1].startswith("content/"))) or "plugins" in data:
        check_fragment(data, named[1] if named else "mkdocs.yml", tmp_path)
    else:
        pytest.fail(f"{block}: a YAML block that names no file (a heading with content/..., or a first line `# FILE`)")


def check_fragment(data: dict[str, Any], file: str, tmp_path: Path) -> None:
    """The fragment, merged into a new guide's file, passes `coachguide check` (MkDocs' and the plugin's
    option checks for mkdocs.yml, the model and every rule across files for a content file)."""
    project = tmp_path / "guide"
    commands.new(project)
    path = project / file
    assert path.is_file(), f"{file}: the example names a file a new guide does not have"
    whole = yaml.load(path.read_text(encoding="utf-8"), Loader=mkdocs_loader())
    for key, value in data.items():
        if key == "plugins":  # an entry replaces the plugin of that name
            names = [next(iter(e)) if isinstance(e, dict) else e for e in value]
            whole[key] = [e for e in whole[key] if (next(iter(e)) if isinstance(e, dict) else e) not in names] + value
        else:
            whole[key] = value
    path.write_text(yaml.safe_dump(whole, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert commands.check(project / "mkdocs.yml").startswith("Guide: ok")


def mkdocs_loader() -> type[yaml.SafeLoader]:
    """MkDocs' own loader (it knows `!ENV`), as MkDocs reads mkdocs.yml."""
    from mkdocs.utils.yaml import get_yaml_loader

    return get_yaml_loader()


# --- shell examples ---------------------------------------------------------------------------------------

# Stand-ins, first on PATH while a block runs: each checks its arguments against the real program and
# records the command; `coachguide` runs for real except `serve`, which would not return.
SHIM = """#!{python}
import os, subprocess, sys
name, args = os.path.basename(sys.argv[0]), sys.argv[1:]
with open(os.environ["DOCS_LOG"], "a", encoding="utf-8") as log:
    print(name, *args, file=log)
real = os.path.join(os.environ["DOCS_BIN"], name)
if name == "coachguide":
    from generator.cli import _parser
    parsed = _parser().parse_args(args)  # exits 2, with argparse's message, on an unknown command or option
    if parsed.command == "serve":
        sys.exit(0)
    from generator.cli import main
    sys.exit(main(args))
if name == "python":  # a virtual environment made by a block stays empty, so the stand-ins keep answering
    if args[:2] == ["-m", "venv"]:
        os.makedirs(os.path.join(args[2], "bin"), exist_ok=True)
        open(os.path.join(args[2], "bin", "activate"), "w").close()
        sys.exit(0)
    os.execv(sys.executable, [sys.executable, *args])
if name == "zensical":  # runs for real: the commands after it read the site it builds
    os.execv(real, [real, *args])
if name == "make":  # a dry run in the repository: fails on a target the Makefile does not have
    make = [os.environ["DOCS_MAKE"], "-n", "-C", os.environ["DOCS_ROOT"], *args]
    sys.exit(subprocess.run(make, stdout=subprocess.DEVNULL).returncode)
if name == "apt-get":  # installs nothing: the packages must exist in the machine's package lists
    packages = [a for a in args[1:] if not a.startswith("-")] if args[:1] == ["install"] else []
    if args[:1] not in (["update"], ["install"]) or (args[:1] == ["install"] and not packages):
        sys.exit(f"apt-get: unexpected {{args}}")
    for package in packages:
        if subprocess.run(["apt-cache", "show", package], capture_output=True).returncode:
            sys.exit(f"apt-get: no package {{package}}")
    sys.exit(0)
# pip, mkdocs: every option must be one the (sub)command's --help lists.
sub = [a for a in args[:1] if not a.startswith("-")]
usage = subprocess.run([real, *sub, "--help"], capture_output=True, text=True).stdout
unknown = [a.split("=")[0] for a in args if a.startswith("-") and a.split("=")[0] not in usage]
if not usage or unknown:
    sys.exit(f"{{name}}: unknown command or option: {{sub}} {{unknown}}")
"""


SHIMMED = ("coachguide", "make", "pip", "mkdocs", "zensical", "apt-get", "python")


def shims(folder: Path) -> Path:
    folder.mkdir()
    for name in SHIMMED:
        path = folder / name
        path.write_text(SHIM.format(python=sys.executable), encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return folder


def run_shell(script: str, work: Path, tmp_path: Path) -> list[str]:
    """Run `script` with bash -e in `work` through the stand-ins; return the commands they saw (the test
    fails if the script fails)."""
    tmp_path.mkdir(exist_ok=True)
    log = tmp_path / "log"
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{shims(tmp_path / 'shims')}:{bin_dir}:/usr/bin:/bin",
        "DOCS_LOG": str(log),
        "DOCS_BIN": str(bin_dir),
        "DOCS_ROOT": str(ROOT),
        "DOCS_MAKE": shutil.which("make") or "make",
        "NO_MKDOCS_2_WARNING": "1",
    }
    result = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script], cwd=work, capture_output=True, text=True, env=env, timeout=900
    )
    assert result.returncode == 0, result.stderr
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def shimmed_commands(script: str) -> list[str]:
    """The commands of `script` the stand-ins stand for, as they will see them (after `VAR=value`)."""
    wanted = []
    for line in script.splitlines():
        command: list[str] = []
        for word in [*shlex.split(line, comments=True), "&&"]:
            if word != "&&":
                command += [] if not command and re.fullmatch(r"[A-Z_]+=.*", word) else [word]
                continue
            if command and command[0] in SHIMMED:
                wanted.append(" ".join(command))
            command = []
    return wanted


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=str)
def test_every_shell_example_runs(block: Block, tmp_path: Path) -> None:
    """The block runs with bash -e in a new guide's folder (its commands as written, one by one)."""
    work = tmp_path / "work"
    commands.new(work)
    script = console_commands(block.text) if block.lang == "console" else block.text
    assert run_shell(script, work, tmp_path) == shimmed_commands(script), f"{block}: not every command ran"


def console_commands(text: str) -> str:
    """The commands of a console transcript: its `$ ` lines."""
    return "\n".join(line[2:] for line in text.splitlines() if line.startswith("$ ")) + "\n"


# --- hosting recipes: docs/hosting.md and the workflow `coachguide new` writes ----------------------------

HOSTING = ROOT / "docs" / "hosting.md"
REQUIREMENT = re.compile(r"coachguide(\[pdf\])?==([\w.]+)")


def built(site: Path, *, pdfs: bool) -> None:
    """`site` holds a built guide: pages, the offline zip and, if asked, the PDFs."""
    assert (site / "index.html").is_file() and (site / ".coachguide-output").is_file()
    downloads = sorted(p.suffix for p in (site / "downloads").iterdir())
    assert ".zip" in downloads
    assert (".pdf" in downloads) == pdfs


def check_gitlab_recipe(data: dict[str, Any], tmp_path: Path) -> None:
    """The job GitLab publishes (`pages`, folder `public`) runs: its script, through the stand-ins, builds
    the new guide with PDFs into public/."""
    job = data["pages"]
    assert job["artifacts"]["paths"] == ["public"]
    assert job["image"].startswith("python:3.")
    work = tmp_path / "work"
    commands.new(work)
    script = "\n".join(job["script"]) + "\n"
    assert run_shell(script, work, tmp_path) == shimmed_commands(script)
    built(work / "public", pdfs=True)


def test_the_netlify_recipe_builds_the_site_it_publishes(tmp_path: Path) -> None:
    (block,) = [b for b in blocks(HOSTING) if b.lang == "toml"]
    config = tomllib.loads(block.text)["build"]
    work = tmp_path / "work"
    commands.new(work)
    script = config["command"] + "\n"
    assert run_shell(script, work, tmp_path) == shimmed_commands(script)
    built(work / config["publish"], pdfs=False)  # Netlify's build machines have no Chromium


def test_the_recipes_install_the_coachguide_they_are_written_for(tmp_path: Path) -> None:
    commands.new(tmp_path / "guide")
    texts = [HOSTING.read_text(encoding="utf-8"), (tmp_path / "guide/.github/workflows/pages.yml").read_text()]
    versions = [match[2] for text in texts for match in REQUIREMENT.finditer(text)]
    assert len(versions) >= 3 and set(versions) == {__version__}


def test_new_writes_a_github_pages_workflow_that_builds_with_pdfs(tmp_path: Path) -> None:
    """What GitHub would run: the build job's steps, through the stand-ins, with the step's environment,
    build the guide with its PDFs into the folder the Pages artifact uploads."""
    work = tmp_path / "work"
    commands.new(work)
    workflow = yaml.safe_load((work / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow[True]["push"]["branches"] == ["main"]  # `on:` is YAML 1.1's true to PyYAML
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s.get("uses", "").split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    uses = [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s]
    assert uses == ["actions/checkout", "actions/upload-pages-artifact"]
    (upload,) = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    for step in build["steps"]:
        if "run" in step:
            exports = "".join(f"export {k}={shlex.quote(str(v))}\n" for k, v in step.get("env", {}).items())
            script = step["run"] if step["run"].endswith("\n") else step["run"] + "\n"
            assert run_shell(exports + script, work, tmp_path / step["name"]) == shimmed_commands(script)
    built(work / upload["with"]["path"], pdfs=True)
