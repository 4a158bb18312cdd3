"""The pipeline end to end: golden Markdown, a real strict MkDocs build, stable ids, the CLI."""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_cli

from generator import commands
from generator.messages import catalogue
from generator.project import load_guide
from generator.render import picker_data, render_site
from generator.resources import (
    AROUND,
    ASSETS,
    CORE,
    PACKAGE_DIR,
    WITH_CORE,
    asset_path,
    asset_source,
    asset_text,
    default_templates_dir,
)

GOLDEN = Path(__file__).parent / "golden" / "mini"


def rendered(project: Path) -> dict[str, str]:
    guide = load_guide(project / "content", project_dir=project)
    return render_site(guide, default_templates_dir()).pages


def test_generated_markdown_matches_golden_files(mini: Path) -> None:
    pages = rendered(mini)
    if os.environ.get("UPDATE_GOLDEN"):
        for path, text in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert set(pages) == expected
    for path, text in pages.items():
        assert text == (GOLDEN / path).read_text(encoding="utf-8"), f"{path} differs from its golden file"


# Renders the guide given as argv[1] and prints its pages as JSON, in the order the renderer made them.
RENDER_AND_PRINT = """
import json, sys
from pathlib import Path
from generator.project import load_guide
from generator.render import render_site
from generator.resources import default_templates_dir
project = Path(sys.argv[1])
guide = load_guide(project / "content", project_dir=project)
print(json.dumps(list(render_site(guide, default_templates_dir()).pages.items())))
"""


def test_rendering_is_deterministic_across_processes(mini: Path) -> None:
    # String hashing differs between processes unless PYTHONHASHSEED fixes it: any order that follows a set
    # or a hash would show here as two different renderings.
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", RENDER_AND_PRINT, str(mini)]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=True)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000  # the pages themselves, not an empty list


def test_strict_build_has_every_page_and_id(mini_site: Path) -> None:
    step = (mini_site / "steps/first/index.html").read_text(encoding="utf-8")
    for anchor in ("step-first", "step-first-checklist", "check-first-list", "check-first-rank-box"):
        assert f'id="{anchor}"' in step
    bank = (mini_site / "questions/basics/index.html").read_text(encoding="utf-8")
    assert all(f'id="q-{q}"' in bank for q in ("how-start", "day-like", "pay", "who-else"))
    assert "What does a &lt;typical&gt; day look like?" in bank  # plain text stays text
    assert 'id="tpl-hello"' in (mini_site / "outreach/hello/index.html").read_text(encoding="utf-8")
    assert 'id="field-sheet-goal"' in (mini_site / "prep/sheet/index.html").read_text(encoding="utf-8")
    assert (mini_site / "assets/coachguide/coachguide.js").is_file()


def test_navigation_follows_the_guide_order(mini_site: Path) -> None:
    home = (mini_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    top = ["Home", "Introduction", "Steps", "Questions", "Outreach", "Prep sheets", "Sources"]
    assert list(dict.fromkeys(t for t in titles if t in top)) == top
    first = (mini_site / "steps/first/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../second/" class="md-footer__link md-footer__link--next"', first)


def test_nothing_loads_from_another_host(mini_site: Path) -> None:
    for page in mini_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        html = re.sub(r'<link rel="canonical"[^>]*>', "", html)  # names the page's address; loads nothing
        assert not re.search(r'<(script|link|img|iframe)[^>]*(src|href)="(https?:)?//', html), page


def test_every_asset_file_is_served_or_served_inside_the_page_scripts() -> None:
    shipped = {path.name for path in (PACKAGE_DIR / "assets").iterdir()}
    inside = {part for before, after in AROUND.values() for part in (*before, *after)}
    assert shipped == {*ASSETS, CORE, *inside, "iframe-worker.js", "search-worker.js"}  # search_worker.py
    assert set(WITH_CORE) <= set(ASSETS)
    assert set(AROUND) <= set(ASSETS)


def test_the_sources_served_inside_an_asset_come_in_order() -> None:
    for host, (before, after) in AROUND.items():
        text = asset_source(host)
        positions = [text.index(asset_path(part).read_text(encoding="utf-8")) for part in (*before, host, *after)]
        assert positions == sorted(positions), host


def test_page_scripts_are_served_with_the_core_inside_and_no_core_file(mini_site: Path) -> None:
    served = mini_site / "assets/coachguide"
    assert sorted(path.name for path in served.iterdir()) == sorted(
        [*ASSETS, "iframe-worker.js", "search-worker-source.js"]
    )
    core = asset_text(CORE)  # minified alone, as a check that it is the same text inside each script
    messages = catalogue("en").script_messages()  # the mini guide's: English, no overrides
    for name in WITH_CORE:
        text = (served / name).read_text(encoding="utf-8")
        assert text == asset_text(name, messages)
        # One block around the interface text, core and script, so their `const`s stay out of the page's global
        # scope; the text is JSON, as the catalogue has it.
        start = "{const MESSAGES="
        assert text.startswith(start), name
        assert json.loads(text[len(start) : text.index(";" + core.rstrip(";"))]) == messages, name
        assert text.endswith("}"), name
    for name in set(ASSETS) - {*WITH_CORE, "coachguide.css"}:  # loaded on demand: coachguide.js's core, no copy
        assert "const core=" not in (served / name).read_text(encoding="utf-8"), name


def test_question_lists_carry_the_pickers_filters_as_json(mini_site: Path) -> None:
    for page in ("questions/basics/index.html", "questions/all/index.html", "questions/best/index.html"):
        html = (mini_site / page).read_text(encoding="utf-8")
        found = re.findall(r'<div class="cg-picker cg-js-only" data-filters=\'([^\']*)\'>', html)  # render.json_attr
        assert [json.loads(html_lib.unescape(text)) for text in found] == [picker_data(catalogue("en").text)], page


def ids_in(pages: dict[str, str]) -> set[str]:
    return {anchor for text in pages.values() for anchor in re.findall(r"\{#([a-z0-9-]+)", text)} | {
        anchor for text in pages.values() for anchor in re.findall(r'id="([a-z0-9-]+)"', text)
    }


def test_ids_survive_reordering(mini: Path) -> None:
    before = ids_in(rendered(mini))
    step = mini / "content/steps/first.yml"
    text = step.read_text(encoding="utf-8")
    items = text[text.index("  - id: list") : text.index("tips:")]
    moved = items.split("  - id: ")[1:]
    step.write_text(text.replace(items, "".join("  - id: " + m for m in reversed(moved))), encoding="utf-8")
    bank = mini / "content/questions/basics.yml"
    text = bank.read_text(encoding="utf-8")
    head, *questions = text.split("  - id: ")
    bank.write_text(head + "".join("  - id: " + q for q in reversed(questions)), encoding="utf-8")
    after = rendered(mini)
    assert ids_in(after) == before
    assert after["steps/first.md"].index("check-first-ask") < after["steps/first.md"].index("check-first-list")


def test_check_prints_the_summary_line(mini: Path) -> None:
    result = run_cli("check", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "A mini guide: ok, 2 steps, 1 question bank, 4 questions, 2 outreach templates, "
        "5 checklist items, 1 prep sheet, 1 source"
    )


def test_broken_content_exits_1_with_error_lines_and_leaves_site_alone(mini: Path) -> None:
    assert run_cli("build", "--strict", cwd=mini).returncode == 0
    site = mini / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    bank = mini / "content/questions/basics.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("tells: Whether", "tell: Whether"), encoding="utf-8")
    result = run_cli("build", "--strict", cwd=mini)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith("content/questions/basics.yml:7:5: questions[0] (id='how-start')")
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before
    assert not [p for p in mini.iterdir() if p.name.startswith(".site.")]


def test_failed_mkdocs_build_leaves_site_alone(mini: Path) -> None:
    commands.build(mini / "mkdocs.yml", strict=True)
    index = (mini / "site/index.html").read_bytes()
    (mini / "docs/broken.md").write_text("[nowhere](missing.md)\n", encoding="utf-8")
    with pytest.raises(commands.CommandError, match="existing site was left"):
        commands.build(mini / "mkdocs.yml", strict=True)
    assert (mini / "site/index.html").read_bytes() == index


def test_render_writes_pages_for_other_engines(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("render", str(out), cwd=mini)
    assert result.returncode == 0, result.stderr
    assert (out / "steps/first.md").read_text(encoding="utf-8").startswith("---\ntitle:")
    assert (out / "assets/coachguide/coachguide.css").is_file()


def test_missing_config_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr.strip() == "coachguide: mkdocs.yml: no such file; run in a guide's folder or pass -f mkdocs.yml"
    )


def test_a_channels_note_and_sources_show_on_its_templates(mini: Path) -> None:
    guide_file = mini / "content/guide.yml"
    text = guide_file.read_text(encoding="utf-8")
    note = "  note: {label: Short note, max_chars: 80, note: 'Limits change; *checked* in 2026.', sources: [pew]}"
    guide_file.write_text(text.replace("  note: {label: Short note, max_chars: 80}", note), encoding="utf-8")
    pages = rendered(mini)
    note_page, hello_page = pages["outreach/note.md"], pages["outreach/hello.md"]
    assert "Limits change; *checked* in 2026." in note_page
    assert "## Sources {#sources}" in note_page and "Searching for Work in the Digital Era" in note_page
    assert "Limits change" not in hello_page  # another channel's template


def test_check_format_json_prints_one_object_per_error(mini: Path) -> None:
    bank = mini / "content/questions/basics.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("tells: Whether", "tell: Whether"), encoding="utf-8")
    (mini / "content/steps/first.yml").write_text("id: first\ntitle: [not, text]\n", encoding="utf-8")
    text = run_cli("check", cwd=mini)
    result = run_cli("check", "--format", "json", cwd=mini)
    assert result.returncode == 1 and result.stderr == ""
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == len(text.stderr.splitlines()) - 1 >= 3  # the same errors, without the count line
    assert {tuple(o) for o in objects} == {("path", "line", "column", "field", "message")}
    first = objects[0]
    assert (
        text.stderr.splitlines()[0]
        == f"{first['path']}:{first['line']}:{first['column']}: {first['field']}: {first['message']}"
    )


def test_check_format_json_prints_nothing_for_a_good_guide(mini: Path) -> None:
    result = run_cli("check", "--format", "json", cwd=mini)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_content_links_by_id_work_on_every_page_that_shows_them(mini: Path, tmp_path: Path) -> None:
    intro = mini / "content/pages/intro.yml"
    links = "See [the checklist](step:first#step-first-checklist), [a question](question:pay), [best](guide:best)."
    text = intro.read_text(encoding="utf-8").replace("with a figure.", f"with a figure. {links}")
    intro.write_text(text, encoding="utf-8")
    site = commands.build(mini / "mkdocs.yml", strict=True, site_dir=tmp_path / "site", offline_zip=False)
    page = (site / "intro/index.html").read_text(encoding="utf-8")  # one level down
    assert 'href="../steps/first/#step-first-checklist"' in page
    assert 'href="../questions/basics/#q-pay"' in page and 'href="../questions/best/"' in page
    whole = (site / "print/guide/index.html").read_text(encoding="utf-8")  # the same text, two levels down
    assert 'href="../../steps/first/#step-first-checklist"' in whole


def test_a_content_link_to_nothing_is_an_error_line(mini: Path) -> None:
    intro = mini / "content/pages/intro.yml"
    text = intro.read_text(encoding="utf-8").replace("with a figure.", "[x](template:nope) [y](guide:everything)")
    intro.write_text(text, encoding="utf-8")
    result = run_cli("check", cwd=mini)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "content/pages/intro.yml:4:7: body: the link guide:everything leads nowhere: guide: names one of home, "
        "questions, best, all-questions, tags, outreach, print, sources",
        "content/pages/intro.yml:4:7: body: the link template:nope leads nowhere: no template 'nope'",
    ]


def test_serving_rebuilds_read_the_guide_anew_and_print_no_pdfs(mini: Path, tmp_path: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build

    config_file = mini / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace("  - coachguide:\n", "  - coachguide:\n      pdf: true\n"),
        encoding="utf-8",
    )
    config = commands.site_config(config_file, site_dir=str(tmp_path / "preview"))
    plugin = config.plugins["coachguide"]
    config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` does, once
    try:
        mkdocs_build(config)
        assert (tmp_path / "preview/downloads/mini.pdf").read_bytes() == b""  # a placeholder, not printed
        first = mini / "content/steps/first.yml"
        first.write_text(first.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
        config = commands.site_config(config_file, site_dir=str(tmp_path / "preview"))  # as serve reloads it
        assert config.plugins["coachguide"] is plugin  # MkDocs keeps the plugin across rebuilds
        mkdocs_build(config)
        assert "Edited " in (tmp_path / "preview/steps/first/index.html").read_text(encoding="utf-8")
    finally:
        config.plugins.on_shutdown()
