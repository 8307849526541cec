"""Every Neo4j path against a real server: tools/neo4j-server/ starts one (CI does), NEO4J_URI names it.

The tests empty that database. Destructive cases (an import into a fresh store, a read-only
database, a server stopped mid-load) use a second server of their own: test_neo4j_scratch.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.build import BuildReport
from kg.errors import KGError
from kg.export.neo4j_files import write_cypher_script
from kg.model import load_model
from kg.model.records import (
    Document,
    Entity,
    Evidence,
    KnowledgeGraph,
    Provenance,
    Relationship,
    relationship_id,
)
from kg.query.library import library_dir, load_library
from kg.seeds.load import SeedSet, load_seeds
from kg.store import EmbeddedStore
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore
from tests.conftest import ROOT, empty_neo4j, run_cli

# One worker runs every test of this file (pytest-xdist's --dist loadfile, in pyproject.toml):
# they share the server's database. The scratch server's tests, in test_neo4j_scratch.py,
# may run beside them on another worker.
pytestmark = pytest.mark.neo4j

SCRIPT = ROOT / "tools" / "neo4j-server" / "neo4j-server"


def _nodes_and_rels(store: Neo4jStore) -> tuple[list[Any], list[Any]]:
    """Every node's labels and properties, and every relationship's type, ends and properties."""
    nodes = store.query("MATCH (n) RETURN labels(n), properties(n) ORDER BY n.id").rows
    rels = store.query(
        "MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, properties(r) ORDER BY type(r), r.id, a.id, b.id"
    ).rows
    return nodes, rels


# --- load, re-load, clean-up, constraints -----------------------------------------------------------


def test_load_into_an_empty_database_and_reload_changes_nothing(
    server: Neo4jStore, seedset: SeedSet, built: BuildReport
) -> None:
    first = server.write(seedset.graph)
    assert first.counters["nodes_created"] == len(seedset.graph.documents) + len(seedset.graph.entities)
    assert first.counters["relationships_created"] == len(seedset.graph.relationships)
    assert server.counts() == built.counts
    stored = _nodes_and_rels(server)
    again = server.write(seedset.graph)
    assert again.counters["nodes_created"] == 0 and again.counters["relationships_created"] == 0
    assert again.counters["nodes_deleted"] == 0 and again.counters["relationships_deleted"] == 0
    assert _nodes_and_rels(server) == stored
    assert server.read_graph().canonical() == seedset.graph.canonical()


def test_constraints_exist_for_every_label(server: Neo4jStore, seedset: SeedSet) -> None:
    # What a server stopped while creating a constraint can leave: its index, without it.
    server._call(lambda driver: driver.execute_query("CREATE INDEX document_id FOR (n:Document) ON (n.id)"))
    server.write(seedset.graph)
    rows = server.query(
        "SHOW CONSTRAINTS YIELD type, entityType, labelsOrTypes, properties "
        "RETURN type, entityType, labelsOrTypes[0], properties"
    ).rows
    unique = {
        label
        for kind, entity, label, props in rows
        if "UNIQUE" in kind and entity == "NODE" and props == ["id"]
    }
    assert unique == set(load_model().nodes)


def test_a_fact_removed_from_the_seeds_is_removed_by_the_reload(
    server: Neo4jStore, seeds_copy: Path, tmp_path: Path
) -> None:
    before = load_seeds(seeds_copy).graph
    server.write(before)
    facts = seeds_copy / "facts" / "001_61c2d96440bd8ec1.yaml"
    line = "  - {type: ACHIEVES, source: cm-threat-response-system, target: outcome-false-alarm-rate, evidence: *cmres}\n"
    text = facts.read_text(encoding="utf-8")
    assert line in text
    facts.write_text(text.replace(line, ""), encoding="utf-8")
    gone = relationship_id("ACHIEVES", "cm-threat-response-system", "outcome-false-alarm-rate")
    result = run_cli("build", "--seeds", str(seeds_copy), "--db", str(tmp_path / "kg.lbug"),
                     "--out", str(tmp_path / "out"), "--neo4j")  # fmt: skip
    assert result.returncode == 0, result.stderr
    after = server.read_graph()
    assert gone in {r.id for r in before.relationships}
    assert gone not in {r.id for r in after.relationships}
    assert len(after.relationships) == len(before.relationships) - 1
    assert after.canonical() == load_seeds(seeds_copy).graph.canonical()


_LOADER = """
import sys
from benchmarks.suite import synthetic_graph
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore
graph = synthetic_graph(int(sys.argv[1]))
print("loading", flush=True)
Neo4jStore(Neo4jSettings.from_env(batch_size=200)).write(graph)
print("done", flush=True)
"""


def test_a_load_killed_half_way_then_run_again_ends_identical(server: Neo4jStore) -> None:
    from benchmarks.suite import synthetic_graph

    size = 20_000
    loader = subprocess.Popen(
        [sys.executable, "-c", _LOADER, str(size)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert loader.stdout is not None and loader.stdout.readline().strip() == "loading"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        rels = server.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
        if rels > 0:
            break
        time.sleep(0.05)
    loader.send_signal(signal.SIGKILL)
    loader.wait(timeout=30)
    partial = server.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    graph = synthetic_graph(size)
    assert 0 < partial < len(graph.relationships)  # killed half-way, not before or after
    server.write(graph)
    assert server.read_graph().canonical() == graph.canonical()
    again = server.write(graph)
    assert again.counters["nodes_created"] == 0 and again.counters["relationships_created"] == 0


def test_hostile_text_round_trips_unchanged(server: Neo4jStore) -> None:
    texts = [
        "x'}) DETACH DELETE n // `backtick` $param {rows}",
        'quotes " and \\ backslash \\n not a newline',
        "line\nbreak\r\ttab \u2028 separator \x00 nul",
        "中国石油 · العربية · emoji 🚄 · combining e\u0301",
        "MATCH (n) DETACH DELETE n; RETURN 1",
    ]
    ev = [Evidence(doc_id="doc-h", quote=t, start=0, end=len(t)) for t in texts]
    graph = KnowledgeGraph(
        documents=[Document(id="doc-h", title=texts[0], sha256="0" * 64, path="h.txt")],
        entities=[Entity(id=f"e{i}", type="SOE", name=t, aliases=[t, "x"]) for i, t in enumerate(texts)],
        relationships=[
            Relationship(id=relationship_id("PARTNERS_WITH", "e0", f"e{i}"), type="PARTNERS_WITH", source="e0",
                         target=f"e{i}", properties={"topic": t}, provenance=Provenance(evidence=[ev[i]]))
            for i, t in enumerate(texts) if i
        ],
    )  # fmt: skip
    server.write(graph)
    assert server.read_graph().canonical() == graph.canonical()
    assert server.query("MATCH (n) RETURN count(n)").rows == [[len(texts) + 1]]  # nothing ran as code


# --- the same answers on both engines -----------------------------------------------------------------


def _normal(rows: list[dict[str, Any]], collected: list[str]) -> list[str]:
    """Rows as a sorted list, with the lists built by collect() sorted: neither engine defines the
    order of a collected list, and they break ties in ORDER BY (nulls, collation) each its own way."""
    key = json.dumps
    return sorted(
        json.dumps({k: sorted(v, key=key) if k in collected and isinstance(v, list) else v for k, v in row.items()},
                   sort_keys=True, ensure_ascii=False)
        for row in rows
    )  # fmt: skip


def test_every_library_query_answers_alike_on_both_engines(
    server: Neo4jStore, seedset: SeedSet, built: BuildReport
) -> None:
    server.write(seedset.graph)
    neo4j_library, ladybug_library = load_library("neo4j"), load_library("ladybug")
    assert neo4j_library.keys() == ladybug_library.keys()
    cases = [(name, query.params) for name, query in ladybug_library.items()]
    cases += [("shortest_paths", {"a": "cnpc", "b": "cnpc"}), ("neighbourhood", {"id": "sasac", "depth": 1}),
              ("neighbourhood", {"id": "sasac", "depth": 3}), ("top_connected", {"limit": 7})]  # fmt: skip
    with EmbeddedStore(built.db_path) as embedded:
        for name, params in cases:
            lady, neo = ladybug_library[name], neo4j_library[name]
            expected = _normal(embedded.query(*lady.statement(params)).records(), lady.collected)
            got = _normal(server.query(*neo.statement(params)).records(), neo.collected)
            assert got == expected, (name, params)
            # the curated seeds agree with each other: conflicts are compared on the graph below
            assert got or name in ("shortest_paths", "conflicts"), (
                name,
                "an example that finds nothing tests nothing",
            )


def test_conflicts_answer_alike_on_both_engines(server: Neo4jStore, seedset: SeedSet, tmp_path: Path) -> None:
    """A fact two sources date differently: its sentences, what each says and the disputed key
    come back the same from both engines (lists of text in both, never nulls in Neo4j)."""
    graph = seedset.graph
    first = next(
        r for r in graph.relationships if r.type == "PARTNERS_WITH" and len(r.provenance.evidence) > 1
    )
    evidence = [
        e.model_copy(update={"says": f"date 2025-0{i + 1}"}) for i, e in enumerate(first.provenance.evidence)
    ]
    disputed = first.model_copy(update={"provenance": first.provenance.model_copy(
        update={"evidence": evidence, "conflict": ["date"], "date": "2025-01"})})  # fmt: skip
    graph = graph.model_copy(
        update={"relationships": [disputed if r.id == first.id else r for r in graph.relationships]}
    )
    server.write(graph)
    with EmbeddedStore(tmp_path / "kg.lbug") as embedded:
        embedded.write(graph)
        query = load_library("ladybug")["conflicts"], load_library("neo4j")["conflicts"]
        expected = embedded.query(*query[0].statement(query[0].params)).records()
        got = server.query(*query[1].statement(query[1].params)).records()
    assert got == expected and len(got) == 1
    assert got[0]["conflict"] == ["date"] and got[0]["says"] == [e.says for e in evidence]
    (back,) = [r for r in server.read_graph().relationships if r.id == first.id]
    assert back.provenance == disputed.provenance  # each sentence's value survives the round trip


def _browser_form_answers_as_the_engine_form(server: Neo4jStore, params: dict[str, Any]) -> None:
    """What an analyst pastes into Neo4j Browser after `:param`s (NAME.cypher, unchanged) gives the
    rows soekg gets from the form it runs (NAME.neo4j.cypher where there is one)."""
    for name, query in load_library("neo4j").items():
        text = (library_dir() / f"{name}.cypher").read_text(encoding="utf-8")
        values = query.bind({k: v for k, v in params.items() if k in query.params} or query.params)
        as_written = _normal(server.query(text, values).records(), query.collected)
        run = server.query(*query.statement(values)).records()
        assert as_written == _normal(run, query.collected), name
        assert run or not params or name not in ("neighbourhood", "top_connected"), name


def test_library_files_run_as_written_with_their_parameters(server: Neo4jStore, seedset: SeedSet) -> None:
    server.write(seedset.graph)
    _browser_form_answers_as_the_engine_form(server, {})


def test_the_neo4j_forms_answer_as_the_browser_forms_on_a_larger_graph(server: Neo4jStore) -> None:
    """Hubs, disputes and paging on the benchmark's synthetic graph, with its parameters."""
    from benchmarks.suite import QUERY_PARAMS, synthetic_graph

    server.write(synthetic_graph(20_000))
    for depth in (1, 2, 3):
        _browser_form_answers_as_the_engine_form(server, {**QUERY_PARAMS, "id": "soe-30", "depth": depth})


def _in_order(server: Neo4jStore, name: str, params: dict[str, Any]) -> int:
    """The engine form's rows are the Browser form's, in their order (both sort on to an id)."""
    query = load_library("neo4j")[name]
    assert query.path.name == f"{name}.neo4j.cypher"
    values = query.bind(params)
    expected = server.query((library_dir() / f"{name}.cypher").read_text(encoding="utf-8"), values).rows
    assert server.query(*query.statement(values)).rows == expected, (name, params)
    return len(expected)


def _timeline_cases(dates: list[str], entities: list[str]) -> list[dict[str, Any]]:
    """Ranges of every precision, open at either end, across years, pages, and single entities."""
    mid, third = dates[len(dates) // 2], dates[len(dates) // 3]
    ranges = [{}, {"since": dates[0]}, {"until": dates[-1][:4]}, {"since": mid[:4], "until": mid[:4]},
              {"since": third, "until": mid}, {"since": mid[:7]}, {"since": "0001", "until": "0001"},
              {"since": dates[-1]}, {"until": dates[0]}]  # fmt: skip
    pages = [{}, {"limit": 3}, {"skip": 5, "limit": 7}, {"limit": 0}]
    cases = [{**r, **p} for r in ranges for p in pages]
    return cases + [{"entity": e, **r} for e in entities for r in ranges[:5]]


def test_the_index_forms_give_the_browser_forms_rows_in_order(server: Neo4jStore, seedset: SeedSet) -> None:
    """document_facts and timeline find their relationships through the full-text index of
    sources: on the seeds, every document's facts and the timelines of every range, page and
    entity come back as the Browser forms give them, row for row."""
    graph = seedset.graph
    server.write(graph)
    found = 0
    for doc in graph.documents:
        found += _in_order(server, "document_facts", {"doc": doc.id})
        _in_order(server, "document_facts", {"doc": doc.id, "skip": 2, "limit": 3})
    assert found >= len(
        [r for r in graph.relationships if r.type != "MENTIONS"]
    )  # every fact, by each source
    dates = sorted({r.provenance.date for r in graph.relationships if r.provenance.date})
    busiest = Counter(e for r in graph.relationships if r.provenance.date for e in (r.source, r.target))
    entities = [e for e, _ in busiest.most_common(4)] + [graph.entities[0].id]
    assert sum(_in_order(server, "timeline", case) for case in _timeline_cases(dates, entities))
    for missing in ("no-such-document", 'x"y', "a\\b", ""):
        assert _in_order(server, "document_facts", {"doc": missing}) == 0


def test_the_index_forms_give_the_browser_forms_rows_in_order_on_a_larger_graph(server: Neo4jStore) -> None:
    """The same on the benchmark's synthetic graph: seven years of dates, hubs, long pages."""
    from benchmarks.suite import synthetic_graph

    graph = synthetic_graph(20_000)
    server.write(graph)
    for doc in ("document-0", "document-7", "soe-3"):
        _in_order(server, "document_facts", {"doc": doc})
    dates = sorted({r.provenance.date for r in graph.relationships if r.provenance.date})
    cases = _timeline_cases(dates, ["soe-3", "company-7"])
    cases += [
        {"since": "2024-01-01", "until": "2024-12-31", "skip": 2500},
        {"since": "2026-12", "until": "9999"},
    ]
    assert sum(_in_order(server, "timeline", case) for case in cases)


def test_initiatives_pages_answer_as_the_browser_form_on_a_larger_graph(server: Neo4jStore) -> None:
    """The Neo4j form walks the sectors in name order and reads the initiatives in no sector only
    when the sectors do not fill the page: pages at the start, across that edge and past the end."""
    from benchmarks.suite import synthetic_graph

    graph = synthetic_graph(20_000)
    server.write(graph)
    in_sector = {(r.source, r.target) for r in graph.relationships if r.type == "IN_SECTOR"}
    alone = {e.id for e in graph.entities if e.type == "Initiative"} - {i for i, _ in in_sector}
    assert in_sector and alone  # both kinds of rows, so the edge between them is on a page
    query = load_library("neo4j")["initiatives_by_sector"]
    text = (library_dir() / "initiatives_by_sector.cypher").read_text(encoding="utf-8")
    edge = len(in_sector)
    for skip, limit in ((0, 7), (edge - 3, 10), (edge, 5), (edge + len(alone) - 2, 50), (10**6, 5)):
        values = query.bind({"skip": skip, "limit": limit})
        expected = _normal(server.query(text, values).records(), query.collected)
        assert _normal(server.query(*query.statement(values)).records(), query.collected) == expected, skip
        assert len(expected) == max(0, min(limit, edge + len(alone) - skip))


def test_a_load_remakes_the_sources_index_made_for_other_types(server: Neo4jStore, seedset: SeedSet) -> None:
    """An index of that name made for fewer types (a model since grown) is made again, and the
    load returns once it is online."""
    server._call(lambda driver: driver.execute_query("DROP INDEX relationship_sources IF EXISTS"))
    server._call(lambda driver: driver.execute_query(
        "CREATE FULLTEXT INDEX relationship_sources FOR ()-[r:LEADS]-() ON EACH [r.doc_ids]"))  # fmt: skip
    server.write(seedset.graph)
    ((types, keys, options, state),) = server.query(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options, state "
        "WHERE name = 'relationship_sources' RETURN labelsOrTypes, properties, options, state"
    ).rows
    assert sorted(types) == sorted(load_model().relationships) and keys == ["doc_ids", "date"]
    assert options["indexConfig"]["fulltext.analyzer"] == "keyword" and state == "ONLINE"
    assert _in_order(server, "document_facts", {"doc": seedset.graph.documents[0].id})


def test_a_graph_loaded_before_the_sources_index_still_answers(server: Neo4jStore, seedset: SeedSet) -> None:
    """A graph a server holds from before the index existed: document_facts and timeline answer
    through their Browser forms (the same rows), and the next load makes the index again."""
    server.write(seedset.graph)
    graph = kg.open(neo4j=True)
    doc = seedset.graph.documents[0].id
    indexed = graph.run("document_facts", doc=doc), graph.run("timeline", since="2024")
    server._call(lambda driver: driver.execute_query("DROP INDEX relationship_sources IF EXISTS"))
    plain = kg.open(neo4j=True)
    assert (plain.run("document_facts", doc=doc), plain.run("timeline", since="2024")) == indexed
    assert len(indexed[0]) > 0 and len(indexed[1]) > 0
    server.write(seedset.graph)
    assert server.query("SHOW FULLTEXT INDEXES YIELD name WHERE name = 'relationship_sources' "
                        "RETURN name").rows == [["relationship_sources"]]  # fmt: skip


# --- the CLI and the Python API on Neo4j ----------------------------------------------------------------


def test_cli_and_api_read_the_server(server: Neo4jStore, seedset: SeedSet, built: BuildReport) -> None:
    server.write(seedset.graph)
    cypher = run_cli("cypher", "--neo4j", "MATCH (s:SOE) RETURN count(s) AS soes", "--json")
    assert cypher.returncode == 0, cypher.stderr
    assert json.loads(cypher.stdout)[0]["soes"] == built.counts["SOE"]
    on_neo4j = run_cli("query", "partners_of_soe", "--neo4j", "-p", "soe=chn-energy", "--json")
    embedded = run_cli(
        "query", "partners_of_soe", "--db", str(built.db_path), "-p", "soe=chn-energy", "--json"
    )
    assert on_neo4j.returncode == 0 and embedded.returncode == 0, on_neo4j.stderr + embedded.stderr
    assert json.loads(on_neo4j.stdout) == json.loads(embedded.stdout) != []
    graph = kg.open(neo4j=True)
    assert graph.run("partners_of_soe", soe="cnpc") == kg.open(built.db_path).run(
        "partners_of_soe", soe="cnpc"
    )
    assert graph.cypher("MATCH (n:Document) RETURN count(n) AS n").column("n") == [
        len(seedset.graph.documents)
    ]


def test_cli_build_loads_the_server(server: Neo4jStore, built: BuildReport, tmp_path: Path) -> None:
    result = run_cli("build", "--db", str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "out"), "--neo4j")
    assert result.returncode == 0, result.stderr
    assert server.counts() == built.counts


# --- errors: one line, exit 1, no password ---------------------------------------------------------------


def _cli_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env}, cwd=ROOT)  # fmt: skip


def test_wrong_password_and_unknown_database_are_one_line(
    neo4j_settings: Neo4jSettings, tmp_path: Path
) -> None:
    wrong = "not-the-password-4f1"
    result = _cli_with({"NEO4J_PASSWORD": wrong}, "cypher", "--neo4j", "RETURN 1")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: Neo4j at {neo4j_settings.uri}: authentication failed for user 'neo4j' (check NEO4J_PASSWORD)"
    ]
    assert wrong not in result.stdout + result.stderr
    nodb = run_cli("build", "--db", str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "out"), "--neo4j",
                   "--neo4j-database", "no-such-db")  # fmt: skip
    assert nodb.returncode == 1
    assert nodb.stderr.strip().splitlines() == [
        f"error: Neo4j at {neo4j_settings.uri}: no database 'no-such-db' on this server"
    ]
    assert neo4j_settings.password not in nodb.stdout + nodb.stderr
    write = run_cli("cypher", "--neo4j", "CREATE (n:SOE {id: 'written'}) RETURN n.id")
    assert write.returncode == 1  # refused before it reaches the server
    assert write.stderr.strip().splitlines() == [
        "error: CREATE is not allowed: soekg cypher is read-only, the graph and nothing else "
        "(no writes, files, extensions, settings or other databases)"
    ]
    # a label the model lacks: Neo4j would answer nothing, the embedded store would match "SOE"
    for db in (["--neo4j"], ["--db", str(tmp_path / "none.lbug")]):
        misspelt = run_cli("cypher", *db, "MATCH (n:Soe) RETURN n.name")
        assert misspelt.returncode == 1, misspelt.stderr
        assert misspelt.stderr.splitlines() == ["error: no node label 'Soe' in the model (did you mean SOE?)"]
    # ... and the server refuses a write on the query path too (read transactions)
    with Neo4jStore(neo4j_settings) as store, pytest.raises(KGError) as refused:
        store.query("CREATE (n:SOE {id: 'written'}) RETURN n.id")
    assert (
        str(refused.value)
        == f"Neo4j at {neo4j_settings.uri}: this query path is read-only (writes are refused)"
    )


def test_the_password_is_in_no_server_log(server: Neo4jStore, seedset: SeedSet) -> None:
    server.write(seedset.graph)
    home = Path(os.environ.get("NEO4J_SERVER_HOME") or ROOT / ".neo4j-server")
    logs = list((home / "logs").glob("*.log")) if (home / "logs").is_dir() else []
    if not logs:
        pytest.skip("the server's logs are not on this machine (NEO4J_SERVER_HOME)")
    password = server.settings.password
    assert password and all(password not in p.read_text(encoding="utf-8", errors="replace") for p in logs)


# --- exports for Neo4j users ----------------------------------------------------------------------------


def test_cypher_shell_script_gives_the_graph_a_load_gives(
    server: Neo4jStore, seedset: SeedSet, tmp_path: Path
) -> None:
    script = write_cypher_script(seedset.graph, tmp_path / "load.cypher", batch_size=40)
    port = server.settings.uri.rsplit(":", 1)[-1]
    result = subprocess.run([str(SCRIPT), "cypher-shell", "-f", str(script)], capture_output=True, text=True,
                            timeout=600, env={**os.environ, "NEO4J_BOLT_PORT": port})  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    from_script = _nodes_and_rels(server)
    empty_neo4j(server)
    server.write(seedset.graph)
    assert _nodes_and_rels(server) == from_script
    assert server.read_graph().canonical() == seedset.graph.canonical()


# --- the benchmark's timed load ---------------------------------------------------------------------


def test_the_benchmark_times_loads_into_the_server(server: Neo4jStore, tmp_path: Path) -> None:
    saved = tmp_path / "run.json"
    # Not the admin-import route: it stops and starts the server the other tests use.
    cmd = [sys.executable, "-m", "benchmarks", "--rels", "3000", "--only", "neo4j", "--no-neo4j-admin"]
    run = subprocess.run(
        [*cmd, "--neo4j-timed", "3000", "--save", str(saved)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    timed = json.loads(saved.read_text())["neo4j"]["timed"]["3,000"]
    neo4j, embedded = timed["neo4j"], timed["embedded"]
    assert neo4j["relationships"] == embedded["relationships"] == 3000
    assert neo4j["load_s"] > 0 and neo4j["rels_per_s"] > 0 and neo4j["peak_rss_mb"] > 50
    assert neo4j["reload_created"] == 0 and neo4j["removed"] == 300
    assert timed["plain"]["relationships"] == 3000 and timed["vs_plain"]["median"] > 0
    # what the last load left: the plain loader's (it runs after the project's, which leaves 2,700)
    assert server.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0] == 3000


# --- issue 25: read-only means read-only, and bounded, on the server too -------------------------------

SENTINEL = "soekg-neo4j-sentinel-77a2"


def test_user_cypher_reads_no_file_and_writes_nothing_on_the_server(
    server: Neo4jStore, seedset: SeedSet, tmp_path: Path
) -> None:
    """LOAD CSV, a procedure that reaches out, a write hidden behind a comment: refused by the
    text check through the CLI and the API; the server's own plan (EXPLAIN: query type and
    operators) refuses the same sent straight to the store, and its configuration refuses
    file URLs besides."""
    server.write(seedset.graph)
    secret = tmp_path / "secret.csv"
    secret.write_text(f"{SENTINEL}\n", encoding="utf-8")
    counts = server.counts()
    hostile = [
        f"LOAD CSV FROM 'file://{secret}' AS line RETURN line",
        f"MATCH (n) // '\nLOAD CSV FROM 'file://{secret}' AS line RETURN line // '",
        "MATCH (n:SOE) /* ` */ SET n.name = 'x' /* ` */",
        "CALL dbms.listConfig() YIELD name RETURN name",
        "CALL `apoc`.`load`.json('file:///etc/passwd') YIELD value RETURN value",
        "SHOW DATABASES",
        "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS",
    ]
    graph = kg.open(neo4j=True)
    for text in hostile:
        result = run_cli("cypher", "--neo4j", text)
        assert result.returncode == 1 and result.stderr.count("\n") == 1, (text, result.stderr)
        assert SENTINEL not in result.stdout + result.stderr
        with pytest.raises(KGError):
            graph.cypher(text)
    from kg.store.base import QueryLimits

    for text, why in ((f"LOAD CSV FROM 'file://{secret}' AS line RETURN line", "LoadCSV"),
                      ("MATCH (n:SOE) SET n.name = 'x'", "not a read")):  # fmt: skip
        with pytest.raises(KGError, match=why):
            server.bounded_query(text, {}, QueryLimits(timeout=30), check_read=True)
    with pytest.raises(KGError, match=r"allow_csv_import_from_file_urls. is false"):
        server.query(f"LOAD CSV FROM 'file://{secret}' AS line RETURN line")  # the server's own setting
    assert server.counts() == counts
    assert graph.cypher("MATCH (n:SOE) RETURN count(n) AS n").rows[0][0] == counts["SOE"]


def test_a_runaway_query_on_the_server_stops_at_the_time_limit(server: Neo4jStore) -> None:
    started = time.monotonic()
    result = run_cli("cypher", "--neo4j", "--timeout", "2",
                     "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[0].startswith("error: the query ran past its time limit of 2 s")
    assert time.monotonic() - started < 60
    capped = run_cli("cypher", "--neo4j", "UNWIND range(1, 2500) AS x RETURN x", "--json", "--max-rows", "10")
    assert capped.returncode == 0 and capped.stdout.count('"x"') == 10 and "--all" in capped.stderr
    assert kg.open(neo4j=True).cypher("RETURN 1 AS one").rows == [[1]]


def test_a_load_reports_its_rows_as_they_go(neo4j_settings: Neo4jSettings, tmp_path: Path) -> None:
    from kg.build import build

    heard: list[tuple[str, int, int | None]] = []
    report = build(ROOT / "seeds", tmp_path / "kg.lbug", tmp_path / "out", neo4j=neo4j_settings,
                   progress=lambda *step: heard.append(step))  # fmt: skip
    loading = [(done, total) for what, done, total in heard if what.startswith("loading into Neo4j at ")]
    assert loading and loading[-1][0] == loading[-1][1] == report.neo4j.rows  # type: ignore[union-attr]
    assert [done for done, _ in loading] == sorted(done for done, _ in loading)
