"""Neo4j without a server: the load plan (batching, parameters only), settings and errors.

Everything against a real server is in test_neo4j_server.py."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.model import load_model
from kg.model.records import Entity, Evidence, KnowledgeGraph, Provenance, Relationship, relationship_id
from kg.seeds.load import SeedSet
from kg.store.neo4j_plan import load_plan
from kg.store.neo4j_store import Neo4jSettings
from tests.conftest import run_cli


def _table_sizes(graph: KnowledgeGraph) -> Counter[str]:
    types = graph.node_types()
    sizes: Counter[str] = Counter(types.values())
    sizes.update(f"{r.type}:{types[r.source]}:{types[r.target]}" for r in graph.relationships)
    return sizes


@pytest.mark.parametrize("batch", [1, 7, 50, 5_000])
def test_statements_per_load_are_ceil_rows_over_batch(seedset: SeedSet, batch: int) -> None:
    plan = [s for s in load_plan(seedset.graph, batch) if s.rows]
    expected = sum(math.ceil(n / batch) for n in _table_sizes(seedset.graph).values())
    assert len(plan) == expected
    assert sum(s.rows for s in plan) == sum(_table_sizes(seedset.graph).values())
    assert all(s.rows <= batch for s in plan)
    if batch > 1:
        assert len(plan) < sum(s.rows for s in plan)  # never one statement per row


def test_values_reach_neo4j_only_as_parameters(seedset: SeedSet) -> None:
    plan = load_plan(seedset.graph, 5_000)
    model = load_model()
    queries = {s.query for s in plan}
    # one query text per table, whatever the data: the data is in the parameters
    assert len(queries) <= len(model.nodes) * 2 + sum(len(model.pairs(r)) for r in model.relationships) + len(
        model.relationships
    )
    names = [e.name for e in seedset.graph.entities] + [d.title for d in seedset.graph.documents]
    for query in queries:
        assert not any(len(n) > 3 and n in query for n in names), query
        for label in re.findall(r"[:\[]\s*([A-Za-z_]+)\s*[ {)\]]", query):
            assert label in model.nodes or label in model.relationships or label in {"row"}, (label, query)
        assert "'" not in query and '"' not in query  # no literals at all


def test_hostile_text_stays_in_parameters() -> None:
    hostile = "x'}) DETACH DELETE n // `backtick` $param"
    ev = Evidence(doc_id="doc-a", quote=hostile, start=0, end=len(hostile))
    from kg.model.records import Document

    graph = KnowledgeGraph(
        documents=[Document(id="doc-a", title=hostile, sha256="0" * 64, path="a.txt")],
        entities=[Entity(id="a", type="SOE", name=hostile), Entity(id="b", type="Company", name="B")],
        relationships=[
            Relationship(id=relationship_id("PARTNERS_WITH", "a", "b"), type="PARTNERS_WITH", source="a", target="b",
                         properties={"topic": hostile}, provenance=Provenance(evidence=[ev]))
        ],
    )  # fmt: skip
    for statement in load_plan(graph):
        assert "DETACH DELETE n //" not in statement.query
    rows = [r for s in load_plan(graph) if s.rows for r in s.parameters["rows"]]
    assert any(isinstance(r, dict) and r["name"] == hostile for r in rows)


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-never-shown")
    monkeypatch.setenv("NEO4J_DATABASE", "graphs")
    settings = Neo4jSettings.from_env(batch_size=100)
    assert (settings.uri, settings.username, settings.database, settings.batch_size) == (
        "neo4j://db.example:7687", "neo4j", "graphs", 100,
    )  # fmt: skip
    assert "pw-never-shown" not in repr(settings)
    assert Neo4jSettings.from_env(uri="bolt://other:7687").uri == "bolt://other:7687"
    monkeypatch.delenv("NEO4J_URI")
    with pytest.raises(KGError, match="set NEO4J_URI"):
        Neo4jSettings.from_env()
    with pytest.raises(KGError, match="must start with one of"):
        Neo4jSettings(uri="http://localhost:7474")


@pytest.mark.slow
def test_server_down_is_one_line_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_secret = "sup3r-secret-password"  # noqa: S105 - made up, to check it is never printed
    monkeypatch.setenv("NEO4J_PASSWORD", env_secret)
    result = run_cli("build", "--neo4j", "--neo4j-uri", "bolt://127.0.0.1:9", "--db", str(tmp_path / "kg.lbug"),
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: Neo4j at bolt://127.0.0.1:9: cannot connect (is it running? `docker compose up -d neo4j`)"
    ]
    assert env_secret not in result.stdout + result.stderr
    assert not tmp_path.joinpath("kg.lbug").exists()  # the server is checked before anything is written


def test_the_password_is_in_no_message_chain_or_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import logging
    import traceback

    import kg

    secret = "pw-in-no-log-9f2"  # noqa: S105 - made up, to check it is never shown
    monkeypatch.setenv("NEO4J_PASSWORD", secret)
    caplog.set_level(logging.DEBUG)  # the driver's own debug logging too
    with pytest.raises(KGError) as info:
        graph = kg.open(neo4j=True, uri="bolt://127.0.0.1:9")
        graph.cypher("RETURN 1")
    chain = "".join(traceback.format_exception(info.value))
    context = info.value.__context__  # kept by Python even when not shown (raise ... from None)
    while context is not None:
        chain += "".join(traceback.format_exception(context)) + repr(getattr(context, "args", ""))
        context = context.__context__
    assert "cannot connect" in str(info.value)
    assert secret not in chain and secret not in caplog.text and secret not in repr(info.value)

    with pytest.raises(KGError) as in_uri:
        Neo4jSettings(uri=f"neo4j://neo4j:{secret}@db.example:7687")
    assert secret not in str(in_uri.value) and "NEO4J_PASSWORD" in str(in_uri.value)
