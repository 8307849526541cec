"""Shared fixtures: the repository's seeds, copies of them, and one built seed database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import BuildReport, build
from kg.seeds import SeedSet, load_seeds

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kg ARGS`` the way a user runs ``soekg``."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="session")
def seedset() -> SeedSet:
    return load_seeds(SEEDS)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private, editable copy of seeds/."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The seed graph built once into a temporary database (read-only use)."""
    base = tmp_path_factory.mktemp("built")
    return build(SEEDS, base / "kg.lbug", base / "out")
