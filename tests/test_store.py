"""The embedded LadybugDB store, for real, in tmp_path."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.build import BuildReport, build, export
from kg.errors import KGError
from kg.seeds import SeedSet
from kg.store import EmbeddedStore
from tests.conftest import SEEDS


def test_stored_graph_reads_back_equal(built: BuildReport, seedset: SeedSet) -> None:
    with EmbeddedStore(built.db_path) as store:
        assert store.read_graph().canonical() == seedset.graph.canonical()


def test_counts_match_the_graph(built: BuildReport, seedset: SeedSet) -> None:
    assert built.counts["Document"] == 5
    assert sum(built.counts[t] for t in ("SOE", "Agency", "Person")) == sum(
        1 for e in seedset.graph.entities if e.type in ("SOE", "Agency", "Person")
    )
    assert built.counts["MENTIONS"] > 100


def test_building_twice_is_idempotent(tmp_path: Path) -> None:
    db, out = tmp_path / "kg.lbug", tmp_path / "out"
    first = build(SEEDS, db, out)
    json_first = (out / "soe-kg.json").read_bytes()
    exported_first = export("json", db, tmp_path / "a.json").read_bytes()
    second = build(SEEDS, db, out)
    exported_second = export("json", db, tmp_path / "b.json").read_bytes()
    assert first.counts == second.counts
    assert exported_first == exported_second == json_first == (out / "soe-kg.json").read_bytes()


def test_query_takes_parameters(built: BuildReport) -> None:
    with EmbeddedStore(built.db_path) as store:
        result = store.query(
            "MATCH (s:SOE)-[r:DEVELOPS]->(m:AIModel) WHERE s.id = $id RETURN m.name AS model, m.parameters AS p",
            {"id": "cnpc"},
        )
    assert result.records() == [{"model": "Kunlun Large Model", "p": 300e9}]


def test_hostile_parameter_is_only_a_value(built: BuildReport) -> None:
    with EmbeddedStore(built.db_path) as store:
        result = store.query("MATCH (n:SOE) WHERE n.id = $id RETURN n.id", {"id": "x'}) DETACH DELETE n //"})
        assert result.rows == []
        assert store.query("MATCH (n:SOE) RETURN count(*)").rows == [[14]]


def test_query_path_is_read_only(built: BuildReport) -> None:
    before = hashlib.sha256(built.db_path.read_bytes()).hexdigest()
    with EmbeddedStore(built.db_path) as store, pytest.raises(KGError, match="read-only"):
        store.query("MATCH (n:SOE) DETACH DELETE n")
    assert hashlib.sha256(built.db_path.read_bytes()).hexdigest() == before


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="run `soekg build` first"):
        EmbeddedStore(tmp_path / "none.lbug").query("RETURN 1")
