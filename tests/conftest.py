"""Shared fixtures: the small fixture guide, copied so each test can break it, and built sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, copy_mini

from generator import commands


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
