"""Destructive Neo4j cases on a server of the tests' own (tools/neo4j-server, in a temporary
folder, on free ports): an import into a fresh store, a read-only database, a server stopped
mid-load. NEO4J_URI's server is not touched, so these run beside test_neo4j_server.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import BuildReport
from kg.export.neo4j_files import write_admin_csv
from kg.model import load_model
from kg.query.library import load_library
from kg.seeds.load import SeedSet
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore
from tests.conftest import ROOT, empty_neo4j
from tests.test_neo4j_server import _LOADER, SCRIPT, _cli_with, _nodes_and_rels

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ScratchServer:
    """A Neo4j server in a folder of its own, started and stopped by tools/neo4j-server.

    Each test says the state it needs (running, with which extra setting, or stopped) and
    the server changes only when it must: a start costs about 15 s.
    """

    def __init__(self, home: Path, password: str):
        self.home, self.bolt, self.http = home, _free_port(), _free_port()
        self.env = {**os.environ, "NEO4J_SERVER_HOME": str(home), "NEO4J_BOLT_PORT": str(self.bolt),
                    "NEO4J_HTTP_PORT": str(self.http), "NEO4J_PASSWORD": password}  # fmt: skip
        self.settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{self.bolt}", password=password, batch_size=200)
        self.state: str | None = None  # None: stopped; else the extra settings it runs with

    def run(self, *args: str, extra: str = "") -> subprocess.CompletedProcess[str]:
        env = {**self.env, "NEO4J_CONF_EXTRA": extra}
        result = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=600,
                                cwd=self.home)  # fmt: skip
        assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
        return result

    def running(self, extra: str = "") -> ScratchServer:
        if self.state != extra:
            self.stopped()
            self.run("start", extra=extra)
            self.state = extra
        return self

    def stopped(self) -> ScratchServer:
        if self.state is not None:
            self.run("stop")
            self.state = None
        return self


@pytest.fixture(scope="module")
def scratch(
    neo4j_settings: Neo4jSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ScratchServer]:
    instance = ScratchServer(tmp_path_factory.mktemp("neo4j-home"), neo4j_settings.password)
    yield instance
    subprocess.run([str(SCRIPT), "stop"], env=instance.env, capture_output=True, timeout=120)


# In this order the three tests start the server four times. A read-only server cannot
# initialise a new store, so the read-only case comes after the others have made one.


def test_a_server_stopped_mid_load_is_one_line_and_a_rerun_completes(scratch: ScratchServer) -> None:
    from benchmarks.suite import synthetic_graph

    graph = synthetic_graph(20_000)
    with Neo4jStore(scratch.running().settings) as store:
        empty_neo4j(store)
    # The driver retries a lost server for NEO4J_RETRY_SECONDS (30 by default) before it gives up.
    env = {**scratch.env, "NEO4J_URI": scratch.settings.uri, "NEO4J_RETRY_SECONDS": "2"}
    loader = subprocess.Popen([sys.executable, "-c", _LOADER, "20000"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    assert loader.stdout is not None and loader.stdout.readline().strip() == "loading"
    with Neo4jStore(scratch.settings) as store:  # stop it once the relationships are arriving
        deadline = time.monotonic() + 120
        while (
            not store.query("MATCH ()-[r]->() RETURN count(r) > 0").rows[0][0] and time.monotonic() < deadline
        ):
            time.sleep(0.05)
    scratch.stopped()
    _, err = loader.communicate(timeout=120)
    assert loader.returncode != 0
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"kg.errors.KGError: Neo4j at {scratch.settings.uri}:"), last
    assert scratch.settings.password not in err
    with Neo4jStore(scratch.running().settings) as store:  # the rerun completes the load
        summary = store.write(graph)
        assert summary.counters["relationships_created"] < len(graph.relationships)  # some were in
        assert store.read_graph().canonical() == graph.canonical()


def test_neo4j_admin_import_gives_the_graph_a_load_gives(
    scratch: ScratchServer, seedset: SeedSet, tmp_path: Path
) -> None:
    with Neo4jStore(scratch.running().settings) as loader:
        empty_neo4j(loader)
        loader.write(seedset.graph)
        loaded = _nodes_and_rels(loader)
    folder = tmp_path / "import"
    files = write_admin_csv(seedset.graph, folder)
    nodes = [f"--nodes={p}" for p in files if p.name.startswith("nodes_")]
    rels = [f"--relationships={p}" for p in files if p.name.startswith("relationships_")]
    scratch.stopped()
    # the database name first: the file options take several values each
    scratch.run("admin", "database", "import", "full", "neo4j", "--overwrite-destination=true",
                "--array-delimiter=|", "--multiline-fields=true", f"--report-file={tmp_path / 'import.report'}",
                *nodes, *rels)  # fmt: skip
    with Neo4jStore(scratch.running().settings) as imported:
        assert _nodes_and_rels(imported) == loaded
        assert imported.read_graph().canonical() == seedset.graph.canonical()


def test_writes_to_a_read_only_database_are_one_line(scratch: ScratchServer, tmp_path: Path) -> None:
    scratch.running(extra="server.databases.default_to_read_only=true")
    result = _cli_with({"NEO4J_URI": scratch.settings.uri, "NEO4J_PASSWORD": scratch.settings.password},
                       "build", "--db", str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "out"), "--neo4j")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"error: Neo4j at {scratch.settings.uri}: the database is read-only (writes are refused)"
    ]
    assert scratch.settings.password not in result.stdout + result.stderr
    assert (tmp_path / "kg.lbug").exists()  # the embedded build still happened


def test_a_batch_over_the_servers_transaction_memory_is_halved_and_one_row_over_it_is_one_line(
    scratch: ScratchServer, seeds_copy: Path, tmp_path: Path
) -> None:
    """A server whose transactions may hold 2 MB: a load in batches of 20,000 rows still lands
    whole (each batch too large is sent again in halves); a row alone larger than that stops
    `soekg build --neo4j` with one line naming the limit, the embedded database built."""
    from benchmarks.suite import synthetic_graph
    from kg.model.records import KnowledgeGraph

    graph = synthetic_graph(20_000)
    settings = scratch.running(extra="db.memory.transaction.max=2m").settings
    with Neo4jStore(Neo4jSettings(uri=settings.uri, password=settings.password, batch_size=20_000)) as store:
        store.write(KnowledgeGraph())
        store.write(graph)
        assert store.read_graph().canonical() == graph.canonical()
        store.write(
            KnowledgeGraph()
        )  # the load's own clean-up: halved too (one 10,000-row delete is over 2 MB)
        assert not any(store.counts().values())
    catalog = seeds_copy / "catalog" / "organisations.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("- id: cnpc\n", f"- id: cnpc\n  description: {'long ' * 700_000}\n", 1),
                       encoding="utf-8")  # fmt: skip
    env = {"NEO4J_URI": settings.uri, "NEO4J_PASSWORD": settings.password, "NEO4J_RETRY_SECONDS": "2"}
    result = _cli_with(env, "build", "--seeds", str(seeds_copy), "--db", str(tmp_path / "kg.lbug"),
                       "--out", str(tmp_path / "out"), "--neo4j")  # fmt: skip
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: Neo4j at {settings.uri}: one row is more than a transaction may hold"), (
        line
    )
    assert "db.memory.transaction.max" in line and "run it again" in line
    assert (tmp_path / "kg.lbug").exists()  # the embedded build went first and is whole


def test_the_streamed_export_imported_into_the_empty_database_gives_the_graph_a_load_gives(
    scratch: ScratchServer, built: BuildReport, seedset: SeedSet, tmp_path: Path
) -> None:
    """`soekg export --format csv` then `neo4j-server import`: refused (one line, nothing changed)
    while the database holds nodes, then into the emptied database: the load's graph, constraints too."""
    folder = tmp_path / "import"
    exported = _cli_with({}, "export", "--format", "csv", "--db", str(built.db_path), "-o", str(folder))
    assert exported.returncode == 0, exported.stderr
    assert (folder / "constraints.cypher").exists()
    with Neo4jStore(scratch.running().settings) as loader:
        empty_neo4j(loader)
        loader.write(seedset.graph)
        loaded = _nodes_and_rels(loader)
    refused = subprocess.run([str(SCRIPT), "import", str(folder)], capture_output=True, text=True, env=scratch.env,
                             timeout=600)  # fmt: skip
    assert refused.returncode == 1
    (line,) = refused.stderr.strip().splitlines()
    assert line.startswith(
        f"error: the database holds {len(loaded[0])} nodes: neo4j-admin import replaces"
    ), line
    with Neo4jStore(scratch.settings) as store:
        assert _nodes_and_rels(store) == loaded  # as it was
        empty_neo4j(store)
    scratch.run("import", str(folder))
    with Neo4jStore(scratch.settings) as imported:
        assert _nodes_and_rels(imported) == loaded
        assert imported.read_graph().canonical() == seedset.graph.canonical()
        names = {r[0] for r in imported.query("SHOW CONSTRAINTS YIELD name RETURN name").rows}
        indexes = imported.query("SHOW FULLTEXT INDEXES YIELD name, state RETURN name, state").rows
        doc = seedset.graph.documents[0].id
        facts = imported.query(*load_library("neo4j")["document_facts"].statement({"doc": doc})).rows
    assert {f"{label.lower()}_id" for label in load_model().nodes} <= names
    assert ["relationship_sources", "ONLINE"] in indexes and facts  # the library's Neo4j forms read it
