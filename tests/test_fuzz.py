"""Property-based fuzzing of loading and validation: whatever the bytes or the YAML tree, the outcome is a
valid guide or content errors (one line each), in bounded time and memory; never another exception."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]
import yaml
from helpers import MINI, copy_mini
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ContentError, ContentErrors
from generator.model import Guide
from generator.project import load_guide
from generator.render import indent_md
from generator.safety import markdown_problem, page_problem
from generator.yamlio import MAX_FILE_BYTES, load_yaml

# COACHGUIDE_FUZZ_EXAMPLES=5000 searches longer, with new examples each run; the suite keeps to a few fixed ones.
EXAMPLES = int(os.environ.get("COACHGUIDE_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 60,
    deadline=2_000,  # ms per example: bounded time, with room for a slow machine
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not EXAMPLES,  # the same examples on every run, so CI does not fail at random
    database=None,
)
FILES = sorted(p.relative_to(MINI / "content").as_posix() for p in (MINI / "content").rglob("*.yml"))


@contextmanager
def guide_copy() -> Iterator[Path]:
    """A fresh copy of the mini guide for one example (function-scoped fixtures are shared by all examples)."""
    with tempfile.TemporaryDirectory() as tmp:
        yield copy_mini(Path(tmp) / "mini")


def outcome(project: Path) -> Guide | list[ContentError]:
    """A guide, or the errors: anything else raised is a bug."""
    try:
        return load_guide(project / "content", project_dir=project)
    except ContentErrors as exc:
        assert exc.errors, "ContentErrors without an error"
        return exc.errors


def assert_one_line_each(errors: list[ContentError]) -> None:
    for error in errors:
        assert len(str(error).splitlines()) == 1, str(error)
        assert error.line >= 1 and error.column >= 1, str(error)


# Text made of the characters that mean something to YAML, so the parser's rarer paths are reached.
YAML_TEXT = st.text(alphabet=st.sampled_from(list("{}[]:,-?#&*!|>'\"%@`~\\ \n\t.0123456789aeyntxé\x00\x85\ufeff")))


@FUZZ
@given(data=st.binary(max_size=2_000) | YAML_TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_bytes_load_as_data_or_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yml"
        path.write_bytes(data)
        doc, errors = load_yaml(path, "x.yml")
    assert doc is not None or errors
    assert_one_line_each(errors)


@FUZZ
@given(rel=st.sampled_from(FILES), data=st.binary(max_size=1_000))
def test_any_bytes_in_a_guide_give_a_guide_or_errors(rel: str, data: bytes) -> None:
    with guide_copy() as project:
        (project / "content" / rel).write_bytes(data)
        result = outcome(project)
    if not isinstance(result, Guide):
        assert_one_line_each(result)


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["first", "second", "basics", "hello", "pew", "email", "note", "intro", "student", "core"])
)
KEYS = st.sampled_from(["id", "title", "text", "body", "steps", "checklist", "questions", "channel", "x"]) | st.text(
    max_size=10
)
TREES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=40,
)


@FUZZ
@given(rel=st.sampled_from(FILES), tree=TREES)
def test_any_yaml_tree_gives_a_guide_or_errors(rel: str, tree: Any) -> None:
    with guide_copy() as project:
        (project / "content" / rel).write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        result = outcome(project)
    if not isinstance(result, Guide):
        assert_one_line_each(result)


def replace_at(data: Any, path: list[int], value: Any, *, delete: bool) -> Any:
    """`data` with the node that `path` picks (each number chooses among a node's children) replaced or removed."""
    if not path or not isinstance(data, dict | list) or not data:
        return value
    keys = list(data) if isinstance(data, dict) else list(range(len(data)))
    key = keys[path[0] % len(keys)]
    if delete and len(path) == 1:
        del data[key]
    else:
        data[key] = replace_at(data[key], path[1:], value, delete=delete)
    return data


@FUZZ
@given(
    rel=st.sampled_from(FILES),
    path=st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=5),
    value=TREES,
    delete=st.booleans(),
)
def test_a_valid_guide_with_one_node_changed_gives_a_guide_or_errors(
    rel: str, path: list[int], value: Any, delete: bool
) -> None:
    """Close to valid content reaches the model and the cross-file checks, not only the YAML reader."""
    with guide_copy() as project:
        file = project / "content" / rel
        data = replace_at(copy.deepcopy(yaml.safe_load(file.read_text(encoding="utf-8"))), path, value, delete=delete)
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = outcome(project)
    if not isinstance(result, Guide):
        assert_one_line_each(result)


def alias_bomb(levels: int, fanout: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * fanout)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fanout)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


# The costliest files within the size limit, read in a child process that reports the time of each and its
# peak memory: an alias bomb, nesting past the recursion limit, the most values a file can hold (refused),
# the most it may hold (read), and one long string.
WORST = {
    "alias-bomb": alias_bomb(30, 30),
    "deep-nesting": "a: " + "[" * 490_000 + "]" * 490_000 + "\n",
    "most-values": "[" + "1," * 499_000 + "1]\n",
    "most-values-read": "- 1\n" * 199_000,
    "long-string": "a: '" + "x" * 990_000 + "'\n",
}
CHILD = """
import json, resource, sys, time
from pathlib import Path
from generator.yamlio import MAX_FILE_BYTES, load_yaml
report = {}
for path in sys.argv[1:]:
    start = time.perf_counter()
    load_yaml(Path(path), "x.yml")
    report[Path(path).stem] = time.perf_counter() - start
report["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: kilobytes
print(json.dumps(report))
"""


def test_worst_files_stay_within_time_and_memory(tmp_path: Path) -> None:
    paths = []
    for name, text in WORST.items():
        path = tmp_path / f"{name}.yml"
        path.write_text(text, encoding="utf-8")
        assert path.stat().st_size <= MAX_FILE_BYTES, name  # what a file within the size limit can cost
        paths.append(str(path))
    child = subprocess.run([sys.executable, "-c", CHILD, *paths], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout)
    assert report.pop("peak_rss") < 600_000_000
    assert {name: seconds for name, seconds in report.items() if seconds > 15} == {}


def test_fuzzing_leaves_the_fixture_untouched() -> None:
    """The examples write to copies only (a guard for the helpers above)."""
    with guide_copy() as project:
        assert isinstance(outcome(project), Guide)
        shutil.rmtree(project / "content" / "steps")
    assert (MINI / "content" / "steps" / "first.yml").is_file()


# Pieces of Markdown that matter to script: built into texts, whatever the check accepts must render to no
# script in any of the places the templates put Markdown.
PIECES = st.sampled_from(
    [
        *("javascript:alert(1)", "onclick=alert(1)", "<svg", "<img src=x onerror=alert(1)>", "&#x61;", "java"),
        *("[x]", "[x](", "]:", "(", ")", "{:", "{", "}", "<", ">", "<b>", "</b>", "<!--", "-->", "*[x]: "),
        *("```", "~~~", "`", "!!! note", "???", "|", "-", "*", "_", "\\", '"', "'", "=", "#", ":", "a"),
        *(" ", "\t", "\n", "\n\n", "    "),
    ]
)


# This repository's mkdocs.yml, where they render Markdown.
SITE_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
]


def places(text: str) -> Iterator[str]:
    """The text as the templates place it: alone, in a list item, a table cell, a checklist label, after a label."""
    yield text
    yield "- " + indent_md(text, 2) + "\n- next"
    yield "| a | b |\n| --- | --- |\n| x | " + text.replace("\n", " ").replace("|", "\\|") + " |"
    yield f'<ul markdown="1">\n<li markdown="1"><input id="a"> <label for="a">{indent_md(text, 0)}</label></li>\n</ul>'
    yield "**What it tells you:** " + text
    yield "1. **Question?** " + text.replace("\n", " ")


@FUZZ
@given(text=st.lists(PIECES, max_size=25).map("".join))
def test_accepted_markdown_renders_to_no_script_wherever_it_is_placed(text: str) -> None:
    if markdown_problem(text) is not None:
        return
    md = markdown.Markdown(extensions=[*SITE_EXTENSIONS])
    for placed in places(text):
        assert page_problem(md.reset().convert(placed)) is None, placed
