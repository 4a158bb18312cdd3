"""The words the guide gives search: each item's keywords and the guide's synonyms, added to the index Material writes.

Material's search plugin indexes each page's HTML, one entry per section (`location` = page URL + `#anchor`).
Its worker indexes every field named in the index's `config.fields` but shows only title, text and tags, so
the added words go into a field of their own: found, weighted, never shown. No MkDocs imports: the plugin
hands in the index and the page URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markdown.extensions.toc import slugify  # type: ignore[import-untyped]  # the ids MkDocs gives headings

from generator.model import Guide, Page, Step

FIELD = "keywords"
# Field weights, against 1 for a word of the text. Material weighs a title's words 1000 by default, and every
# word typed gets a trailing wildcard, so one title word that merely starts like a word typed ("work" ->
# "Their advice worked out") outranked sections whose text and keywords answer the query. Measured on the
# reader queries (tests/search/queries.yml): title 100 and keywords 30 answered more of them than 1000 and
# 100, or 300 and 100 (README, "Search"). A word of a page's own title still outweighs the same word among
# another page's keywords. Set `fields: {title: {boost: ...}, keywords: {boost: ...}}` in mkdocs.yml to change.
TITLE_BOOST = 100.0
FIELD_BOOST = 30.0

# Readers type other forms of the guide's words ("cancelled", "researching", "staying") and search has no
# stemmer (the pipeline is off, see below), so a form longer than every form the guide uses finds nothing: the
# wildcard only reaches longer words. For an English guide, each entry gets the other regular forms of the words
# of its title and the author's keywords in a field of their own, weighted below the keywords: enough to find the entry,
# not enough to rank it above one that uses the reader's own words.
FORMS_FIELD = "forms"
FORMS_BOOST = 10.0

# Sections left out of the index by anchor: the list of sources at the foot of a page. The Sources page
# indexes each source once; at the foot of every page they only matched publishers and book titles ("tiara"
# found the Sources of pages that cite Dalton's book before the table that explains it).
LEFT_OUT = ("sources",)

# Material puts a trailing wildcard on every word typed ("what to wear" -> "what* to* wear*"), and a wildcard
# term skips lunr's stop-word filter: "to*" then finds "today", "topics", "tool" and outweighs "wear". Words
# the separator swallows are neither indexed nor searched, so these short function words go there instead.
# Kept short on purpose: "no", "not", "after", "like" and "say" carry meaning in a reader's question.
STOP_WORDS_EN = [
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "into",
    "about",
    "as",
    "so",
    "than",
    "then",
    "i",
    "me",
    "my",
    "you",
    "your",
    "we",
    "our",
    "us",
    "they",
    "them",
    "their",
    "he",
    "she",
    "his",
    "her",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "is",
    "am",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "do",
    "does",
    "did",
    "can",
    "could",
    "should",
    "would",
    "will",
    "shall",
    "may",
    "might",
    "must",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
]
# Between words: white space, hyphens and punctuation (Material's English default is only `[\s\-]+`, which
# keeps "casual?" as one word); a full stop only when no digit follows, so "2.5" stays whole.
_BREAK = r"[\s\-,;:!?()\[\]\"/]"


def _any_case(word: str) -> str:
    """`what` -> `[Ww]hat`: Material's tokenizer lower-cases a word only after splitting on the separator."""
    return f"[{word[0].upper()}{word[0]}]{word[1:]}"


def separator(stop_words: Sequence[str] = STOP_WORDS_EN) -> str:
    """Material's `separator` option: breaks between words, and `stop_words` as whole words (also capitalised).

    The stop words are tried only at the start and after a break, not at every character: the worker splits
    every entry with this pattern when a page opens search, and from file:// it does so on the page's thread.
    """
    words = "|".join(_any_case(word) for word in sorted(stop_words, key=len, reverse=True))
    ends = r"(?![^\s\-,;:!?()\[\]\"/.])"  # the word ends at a break, a full stop or the end
    return rf"(?:^|{_BREAK}+)(?:(?:{words}){ends}{_BREAK}*)*|\.(?!\d)"


_TAG = re.compile(r"<[^>]*>")
# A Markdown heading of level 2 to 6, with an optional attr_list id: `## Who pays? {#who-pays}`.
_HEADING = re.compile(r"^#{2,6}[ \t]+(?P<words>.*?)[ \t]*(?:\{:?[^}]*?#(?P<id>[\w-]+)[^}]*\})?[ \t]*#*[ \t]*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def heading_ids(markdown: str) -> list[str]:
    """The ids of the headings in `markdown`, as MkDocs' toc extension gives them (its default slugify)."""
    ids: list[str] = []
    for match in _HEADING.finditer(_FENCE.sub("", markdown)):
        ident = match["id"] or slugify(re.sub(r"[*_`]", "", match["words"]), "-")
        if ident in ids:  # toc numbers a repeated id: build-a-list, build-a-list_1
            ident = f"{ident}_{sum(i == ident or i.startswith(ident + '_') for i in ids)}"
        ids.append(ident)
    return ids


_NOT_WORD = re.compile(r"[^\w']+")


def item_keywords(guide: Guide, paths: Mapping[str, str]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(page path, anchor) -> the author's keywords for that entry; anchor "" is the page's own entry.

    A question's keywords go to its section of its bank's page (`#q-<id>`); an item's to its page."""
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    pages = [*guide.pages_before, *guide.pages_after]
    items = [
        *((f"page:{p.id}", p.keywords) for p in pages),
        *((f"step:{s.id}", s.keywords) for s in guide.steps),
        *((f"template:{t.id}", t.keywords) for t in guide.templates),
        *((f"bank:{b.id}", b.keywords) for b in guide.banks),
    ]
    for key, words in items:
        if words:
            found[paths[key], ""] = tuple(words)
    sectioned: list[tuple[str, Page | Step]] = [
        *((f"page:{p.id}", p) for p in pages),
        *((f"step:{s.id}", s) for s in guide.steps),
    ]
    for key, item in sectioned:
        for anchor, words in item.section_keywords.items():
            # A section gets its own words and its page's: the page's describe each part of it too.
            found[paths[key], anchor] = (*words, *item.keywords)
    for bank in guide.banks:
        for q in bank.questions:
            if q.keywords:
                found[paths[f"bank:{bank.id}"], f"q-{q.id}"] = tuple(q.keywords)
    return found


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces, padded with one each side, for whole-phrase matching."""
    return " " + " ".join(_NOT_WORD.sub(" ", _TAG.sub(" ", text)).lower().replace("'", "").split()) + " "


def synonym_table(groups: Iterable[Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each word or phrase of a group, normalised -> the other members of its group, as the author wrote them."""
    table: dict[str, tuple[str, ...]] = {}
    for group in groups:
        for word in group:
            others = tuple(other for other in group if other != word)
            table[normalise(word)] = (*table.get(normalise(word), ()), *others)
    return table


def expansions(text: str, table: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The synonyms of the words and phrases `text` uses, which it does not use itself."""
    words = normalise(text)
    found: list[str] = []
    for phrase, others in table.items():
        if phrase in words:
            for other in others:
                if normalise(other) not in words and other not in found:
                    found.append(other)
    return found


_VOWELS = "aeiou"


def _bases(word: str) -> set[str]:
    """The plain forms `word` may come from, by rule: "cancelling" -> cancel, cancell; "agreed" -> agree."""
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix == "s":  # "hours" -> hour, but not "across", "focus", "analysis"
                return {word} if stem.endswith(("s", "u", "i")) else {stem}
            found = {stem}
            if stem[-1] not in _VOWELS and suffix != "es":
                found.add(stem + "e")  # "scheduling" -> schedule
            if stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                found.add(stem[:-1])  # "cancelling" -> cancel
            if stem.endswith("i"):
                found.add(stem[:-1] + "y")  # "replies", "replied" -> reply
            if stem.endswith("e") and suffix == "ed":
                found.add(stem + "e")  # "agreed" -> agree
            return found
    return {word}


def _inflections(base: str) -> set[str]:
    """The regular forms of `base` as a verb or a noun: -s, -ed, -ing, with the usual spelling changes, and both
    the British and the American form where they differ ("cancelled", "canceled")."""
    if base.endswith("e"):
        return {base + "s", base + "d", base[:-1] + "ing"}
    if base.endswith("y") and base[-2:-1] not in _VOWELS:
        return {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    forms = {base + ("es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s"), base + "ed", base + "ing"}
    short_or_l = len(base) <= 4 or base.endswith("l")  # a rule of thumb for a stressed last syllable
    if short_or_l and base[-1] not in _VOWELS + "wxy" and base[-2] in _VOWELS and base[-3:-2] not in ("", *_VOWELS):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}  # "chat" -> "chatted"; "cancel" -> "cancelled"
    return forms


def forms_of(words: Iterable[str], *, beside: Iterable[str] = ()) -> list[str]:
    """Other regular forms of `words` that a reader may type and that no word of `words` or `beside` already
    starts with (a form a word starts with is found anyway: search adds a wildcard to every word typed)."""
    own = {word for word in normalise(" ".join(words)).split() if word.isalpha()}
    known = own | set(normalise(" ".join(beside)).split())
    found: set[str] = set()
    for word in own - set(STOP_WORDS_EN):
        if len(word) >= 4:
            for base in _bases(word):
                found |= _inflections(base) | {base}
    return sorted(form for form in found if len(form) >= 4 and not any(word.startswith(form) for word in known))


def add_words(
    index: dict[str, Any],
    *,
    keywords: Mapping[str, Sequence[str]],
    synonyms: Mapping[str, tuple[str, ...]],
) -> dict[str, Any]:
    """Material's index without the LEFT_OUT sections, with each entry's keywords (by `location`, else its
    page's) and the synonyms of its words in the keywords field; for an English index, the other forms of the
    words of its title and the author's keywords in the forms field."""
    fields = index["config"].setdefault("fields", {})
    fields.setdefault(FIELD, {"boost": FIELD_BOOST})
    lang = index["config"].get("lang", [])
    english = "en" in (lang if isinstance(lang, list) else [lang])
    if english:
        fields.setdefault(FORMS_FIELD, {"boost": FORMS_BOOST})
    # Copies: the preview compares the entries Material writes with those it kept (generator/preview.py), so
    # the entries handed in stay as Material wrote them.
    index["docs"] = [dict(entry) for entry in index["docs"] if entry["location"].partition("#")[2] not in LEFT_OUT]
    pages = {entry["location"].partition("#")[0] for entry in index["docs"] if "#" in entry["location"]}
    for entry in index["docs"]:
        # A page's words go to its sections, not to the page's own entry (which has only its title): Material
        # shows a section under its page only when it scores at least as high as the best entry of that page,
        # and lifts a page's own entry 2.5 times, so a page entry found by its keywords hid the section that
        # answers ("spreadsheet" opened step 1 at its top, not at its log). Found through a section, the page's
        # link is shown with it anyway.
        location = entry["location"]
        page = location.partition("#")[0]
        own = [] if location in pages else list(keywords.get(location) or keywords.get(page, ()))
        text = " ".join([entry.get("title", ""), entry.get("text", ""), *own])
        words = [*own, *expansions(text, synonyms)]
        if words:
            entry[FIELD] = " ".join(words)
        if english:
            # Of the title and the author's words only (the synonyms are readers' words already), and not of a
            # single question's title: 161 question sentences doubled this field for little gain.
            title = "" if location.partition("#")[2].startswith("q-") else entry.get("title", "")
            forms = forms_of([title, *own], beside=words)
            if forms:
                entry[FORMS_FIELD] = " ".join(forms)
    return index
