"""The seed graph built once per test process (``built``), read by the tests and, as ``kgdb``,
by the doctests in kg/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from kg.build import BuildReport

ROOT = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The seed graph built once into a temporary database (read-only use)."""
    from kg.build import build

    base = tmp_path_factory.mktemp("built")
    return build(ROOT / "seeds", base / "kg.lbug", base / "out")


@pytest.fixture(scope="session")
def _seed_database(built: BuildReport) -> Path:
    return built.db_path


@pytest.fixture(autouse=True)
def _doctest_database(request: pytest.FixtureRequest, doctest_namespace: dict[str, object]) -> None:
    if request.node.__class__.__name__ == "DoctestItem":
        doctest_namespace["kgdb"] = request.getfixturevalue("_seed_database")
