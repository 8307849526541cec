"""The yardsticks for a first load into Neo4j, measured beside the project's own in one run.

- ``plain_load``: what a Neo4j user writes by hand, and what Neo4j's guidance describes:
  ``UNWIND $rows`` with labelled ``MATCH`` and ``CREATE``, batches of 10,000 rows, on two
  sessions at once, every row made up front.
- ``admin_import``: the project's own route for a first load of its own server: the CSV
  export of the embedded database, then ``neo4j-admin database import full``.

Each runs in a process of its own (``benchmarks.suite.isolated``), so its peak is its own.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.synthetic import graph_tables

__all__ = ["SERVER", "admin_import", "plain_load"]

SERVER = Path(__file__).resolve().parent.parent / "tools" / "neo4j-server" / "neo4j-server"
BATCH = 10_000
SESSIONS = 2


def _rows(table: Any, rel: bool) -> list[Any]:
    rows = table.to_pylist()
    if not rel:
        return [{k: v for k, v in row.items() if v is not None and v != []} for row in rows]
    return [{"from": r.pop("from"), "to": r.pop("to"), "props": {k: v for k, v in r.items() if v is not None and v != []}}
            for r in rows]  # fmt: skip


def plain_load(rels: int) -> dict[str, Any]:
    """A plain loader into an emptied ``NEO4J_URI`` database: seconds and rows a second."""
    from neo4j import GraphDatabase

    from kg.model import load_model
    from kg.model.schema import neo4j_constraints

    node_tables, rel_tables = graph_tables(max(1000, rels // 10), rels)
    auth = (os.environ.get("NEO4J_USERNAME") or "neo4j", os.environ["NEO4J_PASSWORD"])
    database = os.environ.get("NEO4J_DATABASE") or None
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver:
        _empty(driver, database)
        for statement in neo4j_constraints(load_model()):  # MATCH by id needs them, as the project's does
            driver.execute_query(statement, database_=database)
        start = time.perf_counter()
        jobs = []
        for label, table in node_tables.items():
            rows = _rows(table, rel=False)
            query = f"UNWIND $rows AS row CREATE (n:{label}) SET n = row"
            jobs += [(query, rows[i : i + BATCH]) for i in range(0, len(rows), BATCH)]
        _send(driver, database, jobs)
        jobs = []
        for (rel_type, src, dst), table in rel_tables.items():
            rows = _rows(table, rel=True)
            query = (f"UNWIND $rows AS row MATCH (a:{src} {{id: row.from}}) MATCH (b:{dst} {{id: row.to}}) "
                     f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props")  # fmt: skip
            jobs += [(query, rows[i : i + BATCH]) for i in range(0, len(rows), BATCH)]
        _send(driver, database, jobs)
        seconds = time.perf_counter() - start
        stored, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n", database_=database)
    total = sum(t.num_rows for t in rel_tables.values())
    assert stored[0]["n"] == total, (stored[0]["n"], total)
    return {"relationships": total, "load_s": round(seconds, 2), "rels_per_s": round(total / seconds)}


def _send(driver: Any, database: str | None, jobs: list[tuple[str, list[Any]]]) -> None:
    def run(share: list[tuple[str, list[Any]]]) -> None:
        with driver.session(database=database) as session:
            for query, rows in share:
                session.execute_write(lambda tx, q=query, r=rows: tx.run(q, rows=r).consume())

    with ThreadPoolExecutor(SESSIONS) as pool:
        list(pool.map(run, [jobs[i::SESSIONS] for i in range(SESSIONS)]))


def _empty(driver: Any, database: str | None) -> None:
    with driver.session(database=database) as session:  # batched deletes need an implicit transaction
        # relationships first: a hub node's DETACH in one transaction can pass the server's memory limit
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def admin_import(rels: int) -> dict[str, Any]:
    """The admin route on the project's own server (``tools/neo4j-server``, at
    ``NEO4J_SERVER_HOME``): the synthetic graph built into an embedded database first (not
    timed), then its streaming CSV export, the server stopped, ``neo4j-admin database import
    full``, the server started; each step's seconds, and the export's peak memory."""
    from neo4j import GraphDatabase

    from benchmarks.suite import isolated
    from kg.store import EmbeddedStore

    auth = (os.environ.get("NEO4J_USERNAME") or "neo4j", os.environ["NEO4J_PASSWORD"])
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver:
        _empty(driver, os.environ.get("NEO4J_DATABASE") or None)  # the import loads an empty database only
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kg.lbug"
        EmbeddedStore(db).write_tables(*graph_tables(max(1000, rels // 10), rels))
        exported = isolated(_export_csv, str(db), str(Path(tmp) / "import"))
        steps = {"export_s": exported["seconds"], "export_peak_rss_mb": exported["peak_rss_mb"]}
        # checked empty, server stopped, neo4j-admin import, server started, constraints made
        start = time.perf_counter()
        imported = subprocess.run([str(SERVER), "import", str(Path(tmp) / "import")], capture_output=True,  # noqa: S603
                                  text=True, timeout=3600, check=False)  # fmt: skip
        steps["import_s"] = round(time.perf_counter() - start, 2)
        if imported.returncode:
            raise RuntimeError(f"neo4j-server import failed: {imported.stderr.strip()[-500:]}")
    report = Path(os.environ.get("NEO4J_SERVER_HOME") or SERVER.parent.parent.parent / ".neo4j-server")
    steps["neo4j_admin_s"] = _admin_seconds(report / "logs" / "import.log")
    steps["end_to_end_s"] = round(steps["export_s"] + steps["import_s"], 2)
    return {"relationships": rels, **steps}


def _admin_seconds(log: Path) -> float | None:
    """The seconds neo4j-admin's own log gives for the import ("IMPORT DONE in 19s 412ms")."""
    import re

    found = (
        re.search(r"IMPORT DONE in (?:(\d+)m )?(\d+)s (\d+)ms", log.read_text("utf-8", "replace"))
        if log.exists()
        else None
    )
    if not found:
        return None
    return int(found[1] or 0) * 60 + int(found[2]) + int(found[3]) / 1000


def _export_csv(db: str, folder: str) -> dict[str, Any]:
    from kg.query.api import export

    start = time.perf_counter()
    export("csv", Path(db), Path(folder))
    return {"seconds": round(time.perf_counter() - start, 2)}
