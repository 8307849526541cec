"""The embedded LadybugDB store, for real, in tmp_path."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.build import BuildReport, build
from kg.errors import KGError
from kg.query.api import export
from kg.seeds.load import SeedSet
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


@pytest.mark.slow
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


def test_bulk_tables_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    import pyarrow as pa

    from benchmarks.synthetic import graph_tables

    nodes, rels = graph_tables(2_000, 10_000)
    again_nodes, again_rels = graph_tables(2_000, 10_000)
    assert all(nodes[t].equals(again_nodes[t]) for t in nodes)  # deterministic
    assert all(rels[k].equals(again_rels[k]) for k in rels)
    store = EmbeddedStore(tmp_path / "bulk.lbug")
    store.write_tables(nodes, rels)
    assert store.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0] == sum(
        t.num_rows for t in rels.values()
    )
    store.close()
    before = hashlib.sha256((tmp_path / "bulk.lbug").read_bytes()).hexdigest()
    key = next(iter(rels))
    dangling = rels[key].set_column(0, "from", pa.array(["nobody"] * rels[key].num_rows))
    duplicate = pa.concat_tables([nodes["SOE"], nodes["SOE"].slice(0, 1)])
    for bad_nodes, bad_rels, message in [
        (nodes, {**rels, key: dangling}, "no SOE node 'nobody'"),
        ({**nodes, "SOE": duplicate}, rels, "ids must be present and unique"),
        ({**nodes, "Ministry": nodes["Agency"]}, rels, "unknown node type 'Ministry'"),
        (nodes, {**rels, ("SUPERVISES", "SOE", "Agency"): rels[key]}, "SUPERVISES cannot join SOE to Agency"),
    ]:
        with pytest.raises(KGError, match=message):
            EmbeddedStore(tmp_path / "bulk.lbug").write_tables(bad_nodes, bad_rels)
    assert hashlib.sha256((tmp_path / "bulk.lbug").read_bytes()).hexdigest() == before
