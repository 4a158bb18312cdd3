"""The interface text the generator adds to a guide (headings, labels, buttons, script messages), by language.

Catalogues are YAML files in `generator/messages/` (`en.yml`, `de.yml`, ...): flat dotted keys, each a text
with `{name}` placeholders or, where a number decides the wording, a mapping of CLDR plural categories
(`one`, `few`, `many`, `other`, ...) chosen by the value `count`. A language without a catalogue of its own
uses English; the author's `messages:` in guide.yml replace any text. Numbers are written the locale's way
(Babel here, Intl in the scripts). Keys starting `script.` go to the page scripts (coachguide-core.js `t`).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from generator.model import Guide

CATALOGUE_DIR = Path(__file__).parent / "messages"
SHIPPED = ("en", "de", "fr", "es")
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
SCRIPT_PREFIX = "script."
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# `[text]` in a message marks a link's text; the template gives the link targets in order (`t_md`).
LINK = re.compile(r"\[([^\]\[]*)\]")

Message = str | Mapping[str, str]
# Values the pages give a message beyond the ones its English text uses (a translation may prefer them).
EXTRA_VALUES = {"step.uses": {"title"}}


@functools.cache
def shipped_catalogue(language: str) -> dict[str, Message]:
    """A shipped catalogue by its file name (`en`, `de`); read once per process."""
    with (CATALOGUE_DIR / f"{language}.yml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return {str(k): v for k, v in data.items()}


def catalogue_language(language: str) -> str | None:
    """The shipped catalogue a guide language uses (`de-AT` -> `de`), or None when none is shipped."""
    base = language.split("-")[0].lower()
    return base if base in SHIPPED else None


def placeholders(message: Message) -> set[str]:
    """The placeholder names a message uses, in any of its plural forms."""
    texts = message.values() if isinstance(message, Mapping) else [message]
    return {name for text in texts for name in PLACEHOLDER.findall(text)}


@functools.cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass(frozen=True)
class Catalogue:
    """The texts of one guide: its language's catalogue over English, with the author's overrides on top."""

    language: str
    messages: Mapping[str, Message]
    fallback: bool = False  # True when the language has no shipped catalogue and English stands in

    def text(self, key: str, **values: Any) -> str:
        """The message `key` with `values` filled in (numbers the locale's way), as plain text."""
        return self.fill(self.form(key, values.get("count")), values)

    def form(self, key: str, count: float | None = None) -> str:
        """The message `key` before values are filled in: for a plural message, the form `count` takes."""
        message = self.messages[key]  # a KeyError is a template or generator bug: the test of keys catches it
        if isinstance(message, Mapping):
            category = _locale(self.language).plural_form(abs(count or 0))
            return message.get(category, message["other"])
        return message

    def fill(self, text: str, values: Mapping[str, Any]) -> str:
        """`text` with its `{name}` placeholders filled from `values`; numbers as the locale writes them."""
        if not values:
            return text
        return PLACEHOLDER.sub(lambda m: self._shown(values[m[1]]) if m[1] in values else m[0], text)

    def _shown(self, value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(format_decimal(value, locale=_locale(self.language)))
        return str(value)

    def script_messages(self) -> dict[str, Message]:
        """What the page scripts read (MESSAGES, served in coachguide.js): every `script.` key, without the prefix."""
        return {k.removeprefix(SCRIPT_PREFIX): v for k, v in self.messages.items() if k.startswith(SCRIPT_PREFIX)}


def catalogue(language: str, overrides: Mapping[str, Any] | None = None) -> Catalogue:
    """The catalogue for a guide in `language`, with the author's `overrides` (already validated)."""
    shipped = catalogue_language(language)
    messages = dict(shipped_catalogue("en"))
    if shipped and shipped != "en":
        messages.update(shipped_catalogue(shipped))
    messages.update(overrides or {})
    return Catalogue(language=language, messages=messages, fallback=shipped is None)


def allowed_placeholders(key: str) -> set[str]:
    """The values the pages give message `key`: those its English text uses, and any in EXTRA_VALUES."""
    return placeholders(shipped_catalogue("en")[key]) | EXTRA_VALUES.get(key, set())


def guide_catalogue(guide: Guide) -> Catalogue:
    """The catalogue of a loaded guide: its language, with its `messages:` overrides."""
    return catalogue(guide.meta.language, guide.meta.messages)


def override_problems(key: str, value: Any) -> list[str]:
    """What is wrong with one author override (`messages:` in guide.yml); empty when it is fine."""
    english = shipped_catalogue("en")
    if key not in english:
        close = difflib.get_close_matches(key, list(english), n=1, cutoff=0.6)
        return ["unknown message" + (f"; did you mean {close[0]!r}?" if close else "")]
    problems = []
    texts = list(value.values()) if isinstance(value, Mapping) else [value]
    if not all(isinstance(text, str) and text.strip() and len(text) <= 2000 for text in texts):
        return ["expected a text (at most 2000 characters) or plural forms such as {one: ..., other: ...}"]
    if isinstance(value, Mapping):
        wrong = [c for c in value if c not in PLURAL_CATEGORIES]
        if wrong:
            close = difflib.get_close_matches(str(wrong[0]), PLURAL_CATEGORIES, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"use {', '.join(PLURAL_CATEGORIES)}"
            problems.append(f"{wrong[0]!r} is not a plural category; {hint}")
        if "other" not in value:
            problems.append("plural forms need 'other'")
    known = allowed_placeholders(key)
    unknown = sorted(placeholders(value) - known)
    if unknown:
        allowed = ", ".join("{" + n + "}" for n in sorted(known)) or "none"
        problems.append(f"unknown placeholder {{{unknown[0]}}}; this message has {allowed}")
    return problems


if __name__ == "__main__":  # `python -m generator.messages LANG`: what the page scripts get, as JSON (tests/js)
    import json
    import sys

    print(json.dumps(catalogue(sys.argv[1] if len(sys.argv) > 1 else "en").script_messages(), ensure_ascii=False))
