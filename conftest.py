"""Doctests in kg/ get ``kgdb``: the seed graph built once into a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def _seed_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import build

    base = tmp_path_factory.mktemp("doctest-db")
    return build(ROOT / "seeds", base / "kg.lbug", base / "out").db_path


@pytest.fixture(autouse=True)
def _doctest_database(request: pytest.FixtureRequest, doctest_namespace: dict[str, object]) -> None:
    if request.node.__class__.__name__ == "DoctestItem":
        doctest_namespace["kgdb"] = request.getfixturevalue("_seed_database")
