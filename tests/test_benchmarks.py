"""The benchmark keeps working: a tiny run completes and prints its table and ratio. No timing is asserted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import synth
from generator.project import load_guide

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("questions", [1, 20, 250])
def test_synthesised_guide_is_valid_and_has_every_question(tmp_path: Path, questions: int) -> None:
    synth.write_content(tmp_path / "content", questions, bank_size=100)
    guide = load_guide(tmp_path / "content")
    assert len(guide.questions) == questions
    assert len(guide.banks) == -(-questions // 100)


def test_benchmark_runs_at_a_tiny_size_and_prints_the_table_and_ratio() -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--questions", "20", "--runs", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    header = lines[0].split()
    for column in ("load+val", "render", "mkdocs(b)", "build(a)", "peak", "site", "search", "largest"):
        assert column in header
    assert re.match(r"^20\s", lines[2])  # the row for N=20, under the header and its rule
    ratio = re.fullmatch(r"ratio=(\d+\.\d+)", lines[-1])
    assert ratio is not None, lines[-1]
    assert float(ratio[1]) > 0
