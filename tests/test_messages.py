"""The message catalogues: every shipped language has every key, with the placeholders the pages fill in;
plural forms and numbers follow the language; authors' overrides are checked like content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT, errors_of, run_cli

from generator.cli import STARTER_LANGUAGES
from generator.messages import (
    PLURAL_CATEGORIES,
    SHIPPED,
    allowed_placeholders,
    catalogue,
    placeholders,
    shipped_catalogue,
)
from generator.project import load_guide
from generator.render import render_site
from generator.resources import asset_text, default_templates_dir
from generator.scaffold import starter_files

ENGLISH = shipped_catalogue("en")
OTHERS = [lang for lang in SHIPPED if lang != "en"]


@pytest.mark.parametrize("lang", OTHERS)
def test_every_catalogue_has_exactly_the_english_keys(lang: str) -> None:
    messages = shipped_catalogue(lang)
    assert sorted(set(ENGLISH) - set(messages)) == [], f"{lang}.yml lacks these keys"
    assert sorted(set(messages) - set(ENGLISH)) == [], f"{lang}.yml has keys English does not"


@pytest.mark.parametrize("lang", OTHERS)
def test_translations_use_only_the_placeholders_the_pages_fill_in(lang: str) -> None:
    wrong = {
        key: sorted(placeholders(value) - allowed_placeholders(key))
        for key, value in shipped_catalogue(lang).items()
        if placeholders(value) - allowed_placeholders(key)
    }
    assert wrong == {}


@pytest.mark.parametrize("lang", SHIPPED)
def test_links_and_plural_forms_are_where_the_pages_expect_them(lang: str) -> None:
    """A message with [link text] has as many links as the English one (each page gives that many targets);
    a plural message has an `other` form and only CLDR categories."""
    link = re.compile(r"\[[^\]\[]*\]")
    for key, value in shipped_catalogue(lang).items():
        forms = value.values() if isinstance(value, dict) else [value]
        english = ENGLISH[key]
        english_forms = english.values() if isinstance(english, dict) else [english]
        want = {len(link.findall(text)) for text in english_forms}
        assert {len(link.findall(text)) for text in forms} == want, key
        if isinstance(value, dict):
            assert "other" in value and set(value) <= set(PLURAL_CATEGORIES), key


def test_every_key_the_templates_and_scripts_use_is_in_the_catalogue() -> None:
    """Keys named in templates (`t("...")`, `tm("...")`) and scripts (`T("...")`, `t("...")`, `cg.t("...")`)."""
    used: set[str] = set()
    for path in (ROOT / "templates").glob("*.j2"):
        used |= set(re.findall(r"\btm?\(\"([a-z][a-z0-9_.-]*)\"", path.read_text(encoding="utf-8")))
    for path in (ROOT / "generator" / "assets").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        used |= {"script." + key for key in re.findall(r"\b(?:T|t|cg\.t)\(\"([a-z][a-z0-9_.-]*)\"", text)}
    # Keys built from the model's choices (`"tracker.col." ~ col`) are checked through the pages (test_languages).
    used = {key for key in used if not key.endswith(".")}
    assert used, "no keys found: the pattern no longer matches the templates"
    assert sorted(used - set(ENGLISH)) == []


def test_plural_forms_and_numbers_follow_the_language() -> None:
    en, de, fr = catalogue("en"), catalogue("de"), catalogue("fr")
    assert en.text("cli.steps", count=1) == "1 step"
    assert en.text("cli.steps", count=2) == "2 steps"
    assert en.text("cli.questions", count=12500) == "12,500 questions"
    assert de.text("cli.questions", count=12500) == "12.500 Fragen"
    assert de.text("cli.steps", count=1) == "1 Schritt"
    # French counts 0 and 1 as singular (CLDR "one": i = 0,1).
    assert fr.text("cli.steps", count=0).startswith("0 étape") and not fr.text("cli.steps", count=0).endswith("s")
    assert fr.text("cli.questions", count=12500).replace("\u202f", " ") == "12 500 questions"


def test_a_language_without_a_catalogue_uses_english_and_a_regional_one_its_language() -> None:
    assert catalogue("de-AT").text("nav.steps") == "Schritte"
    arabic = catalogue("ar")
    assert arabic.fallback and arabic.text("nav.steps") == "Steps"
    assert not catalogue("es").fallback


def test_author_overrides_replace_the_shipped_text() -> None:
    custom = catalogue(
        "de", {"nav.steps": "Ablauf", "cli.steps": {"one": "{count} Etappe", "other": "{count} Etappen"}}
    )
    assert custom.text("nav.steps") == "Ablauf"
    assert custom.text("cli.steps", count=3) == "3 Etappen"
    assert custom.text("nav.home") == "Start"


@pytest.mark.parametrize("path", sorted((ROOT / "generator" / "messages").glob("*.yml")), ids=lambda p: p.name)
def test_catalogue_files_are_flat_text(path: Path) -> None:
    for key, value in shipped_catalogue(path.stem).items():
        assert re.fullmatch(r"[a-z][a-z0-9_.-]*", key), key
        assert isinstance(value, str) or all(isinstance(v, str) for v in value.values()), key


def test_french_typography_keeps_its_spaces() -> None:
    """A no-break space before a colon and inside guillemets, a narrow one before ; ! ? (never a plain space,
    which would let the line break before the mark)."""
    for key, value in shipped_catalogue("fr").items():
        for text in value.values() if isinstance(value, dict) else [value]:
            assert not re.search(r" [:;!?»]|« ", text), (key, text)


def test_spanish_questions_open_with_an_inverted_mark() -> None:
    for key, value in shipped_catalogue("es").items():
        for text in value.values() if isinstance(value, dict) else [value]:
            for sentence in re.findall(r"[^.:;!?¿]*\?", text):
                assert "¿" in text, (key, sentence)


# guide.yml `messages:`: each fault is one content error line, with the rest of the guide checked in the same run.
@pytest.mark.parametrize(
    ("override", "expected"),
    [
        (
            "  nav.step: Etappen\n",
            "content/guide.yml:11:3: messages.nav.step: unknown message; did you mean 'nav.steps'?",
        ),
        (
            "  nav.step_sheet: Bogen {numbr}\n",
            "content/guide.yml:11:19: messages.nav.step_sheet: unknown placeholder {numbr}; this message has {number}",
        ),
        (
            "  cli.steps: {one: '{count} Etappe'}\n",
            "content/guide.yml:11:14: messages.cli.steps: plural forms need 'other'",
        ),
    ],
    ids=["unknown-key", "unknown-placeholder", "plural-without-other"],
)
def test_author_overrides_are_checked_like_content(mini: Path, override: str, expected: str) -> None:
    guide = mini / "content" / "guide.yml"
    guide.write_text(guide.read_text(encoding="utf-8") + "messages:\n" + override, encoding="utf-8")
    assert errors_of(mini) == [expected]


def test_a_wrong_plural_category_is_a_content_error(mini: Path) -> None:
    guide = mini / "content" / "guide.yml"
    guide.write_text(guide.read_text(encoding="utf-8") + "messages:\n  cli.steps: {single: a, other: b}\n", "utf-8")
    assert errors_of(mini) == [
        "content/guide.yml:11:14: messages.cli.steps: 'single' is not a plural category; use zero, one, two, few, many, other"
    ]


def test_overrides_reach_the_pages_the_navigation_and_the_scripts(mini: Path) -> None:
    guide = mini / "content" / "guide.yml"
    extra = "language: de\nmessages:\n  nav.steps: Ablauf\n  script.add: Merken <b>\n  step.tips: 'Kniffe: {title}'\n"
    guide.write_text(guide.read_text(encoding="utf-8") + extra, encoding="utf-8")
    site = render_site(load_guide(mini / "content", project_dir=mini), default_templates_dir())
    assert {"Ablauf": [{"1. Find people": "steps/first.md"}, {"2. Talk": "steps/second.md"}]} in site.nav
    step = site.pages["steps/first.md"]
    assert "Kniffe: Find people" in step and "Tipps" not in step
    # Plain text, never HTML: the button label is escaped, and the scripts get the override as data, in the script
    # that carries the interface text, where it cannot end a script element.
    assert "Merken &lt;b&gt;</button>" in site.pages["questions/basics.md"]
    assert site.script_messages["add"] == "Merken <b>"
    served = asset_text("coachguide.js", site.script_messages)
    assert '"add":"Merken \\u003cb\\u003e"' in served.replace(": ", ":") and "Merken <b>" not in served


def test_the_command_line_offers_every_shipped_language() -> None:
    assert STARTER_LANGUAGES == SHIPPED


@pytest.mark.parametrize("lang", OTHERS)
def test_new_language_writes_a_starter_in_that_language_that_builds_strictly(tmp_path: Path, lang: str) -> None:
    project = tmp_path / "guide"
    created = run_cli("new", str(project), "--language", lang, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    # Every file of the English starter is there, and every translated one replaced it.
    english = {path.as_posix() for path in starter_files()}
    written = {
        p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file() and "schemas" not in p.parts
    }
    assert written == english
    guide = (project / "content" / "guide.yml").read_text(encoding="utf-8")
    assert f"\nlanguage: {lang} " in guide
    assert catalogue(lang).text("starter.to_dark") in (project / "mkdocs.yml").read_text(encoding="utf-8")
    check = run_cli("-f", str(project / "mkdocs.yml"), "check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip() == catalogue(lang).text(
        "cli.summary",
        title="Guide",
        counts=", ".join(
            catalogue(lang).text(key, count=n)
            for key, n in [
                ("cli.steps", 1),
                ("cli.banks", 1),
                ("cli.questions", 3),
                ("cli.templates", 1),
                ("cli.checklist_items", 4),
                ("cli.sheets", 1),
                ("cli.sources", 0),
            ]
        ),
    )
    built = run_cli("-f", str(project / "mkdocs.yml"), "build", "--strict", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in home
    assert catalogue(lang).text("home.tools") in home and "Tools</h2>" not in home


def test_new_refuses_a_language_it_has_no_starter_for(tmp_path: Path) -> None:
    result = run_cli("new", str(tmp_path / "g"), "--language", "xx", cwd=tmp_path)
    assert result.returncode == 2 and "invalid choice: 'xx'" in result.stderr
