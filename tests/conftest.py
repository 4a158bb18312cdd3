"""Shared fixtures: the small fixture guide, copied so each test can break it, and built sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import commands

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINI = TESTS / "fixtures" / "mini"


def copy_mini(dest: Path) -> Path:
    """A private copy of the mini guide whose mkdocs.yml points at the repository's templates."""
    shutil.copytree(MINI, dest)
    config = dest / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("../../../templates", str(ROOT / "templates")), encoding="utf-8"
    )
    return dest


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return copy_mini(tmp_path / "mini")


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini guide built once, strictly, for tests that only read the output."""
    project = copy_mini(tmp_path_factory.mktemp("built") / "mini")
    return commands.build(project / "mkdocs.yml", strict=True, site_dir=project / "site")


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped guide in content/, built once, strictly."""
    return commands.build(ROOT / "mkdocs.yml", strict=True, site_dir=tmp_path_factory.mktemp("default") / "site")
