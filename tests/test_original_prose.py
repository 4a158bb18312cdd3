"""The shipped guides are original prose: no run of 8 words is shared with the seed text they were researched
from. Facts may come from it; sentences may not.

The seed is not shipped. tests/fixtures/seed-8grams.txt holds a digest of each of its 8-word runs, made by
`digests` below from the words `words` reads (lower case, curly apostrophes straightened).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, TESTS

RUN = 8
SEED_DIGESTS = TESTS / "fixtures" / "seed-8grams.txt"
SEED_DIR = Path("/work/shared/seed")  # where the seed lives on the machines the guides are written on
WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# Every guide shipped, with its prose outside the YAML (about pages, the authoring guide).
GUIDES = {
    "default": [ROOT / "content", ROOT / "docs"],
    "salary-conversation": [ROOT / "examples/salary-conversation/content", ROOT / "examples/salary-conversation/docs"],
}


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def digests(text: str) -> dict[str, str]:
    """Each 8-word run of `text` by its digest (the first 16 hex digits of its SHA-256)."""
    ws = words(text)
    runs = (" ".join(ws[i : i + RUN]) for i in range(len(ws) - RUN + 1))
    return {hashlib.sha256(run.encode()).hexdigest()[:16]: run for run in runs}


def seed_digests() -> set[str]:
    lines = SEED_DIGESTS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def strings(value: object) -> Iterator[str]:
    """Every string in parsed YAML, one at a time, so no run is made across two fields."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings(child)


def texts(folders: list[Path]) -> Iterator[tuple[Path, str]]:
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".yml":
                for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                    yield path, text
            elif path.suffix == ".md":
                yield path, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("guide", sorted(GUIDES))
def test_no_8_word_run_is_shared_with_the_seed(guide: str) -> None:
    seed = seed_digests()
    shared = [
        f"{path.relative_to(ROOT)}: {run!r}"
        for path, text in texts(GUIDES[guide])
        for digest, run in digests(text).items()
        if digest in seed
    ]
    assert not shared, "\n".join(shared)


def test_the_check_finds_a_run_copied_from_the_seed() -> None:
    copied = "Remember: it's not about asking for a job; it's about gathering insights."  # a seed sentence
    assert set(digests(copied)) & seed_digests()
    assert not set(digests("It is not a job interview: you are there to learn.")) & seed_digests()


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="the seed text is only on the machines the guides are written on")
def test_the_digests_are_those_of_the_seed() -> None:
    expected = set().union(*(digests(p.read_text(encoding="utf-8")) for p in sorted(SEED_DIR.iterdir())))
    assert seed_digests() == expected
