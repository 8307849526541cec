"""Timed Neo4j loads and queries, each in a process of its own (so its peak memory is its own).

For one size: the project's load into an empty database, the same graph again, the graph less
a tenth; a plain loader of the same rows in alternating rounds (:mod:`benchmarks.neo4j_routes`);
the embedded store's load of the same records; and, on the project's own server
(``tools/neo4j-server``), the admin-import route and every library query on the imported graph.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks.neo4j_routes import SERVER, admin_import, plain_load
from benchmarks.synthetic import graph_tables

__all__ = ["embedded_load", "neo4j_load", "timed_size"]


def timed_size(size: int, batch: int, rounds: int, admin: bool = True) -> dict[str, Any]:
    """Every timed figure for a graph of ``size`` relationships (see the module)."""
    from benchmarks.neo4j_queries import neo4j_queries
    from benchmarks.suite import isolated

    loads, plains = [], []
    for _ in range(rounds):  # alternating, so that a slower moment of the machine falls on both
        loads.append(isolated(neo4j_load, size, batch))
        plains.append(isolated(plain_load, size))
    ratios = [a["load_s"] / b["load_s"] for a, b in zip(loads, plains, strict=True)]
    out: dict[str, Any] = {
        "neo4j": min(loads, key=lambda f: f["load_s"]) | {"load_s_runs": [f["load_s"] for f in loads]},
        "plain": min(plains, key=lambda f: f["load_s"]) | {"load_s_runs": [f["load_s"] for f in plains]},
        "vs_plain": {
            "median": round(statistics.median(ratios), 2),
            "min": round(min(ratios), 2),
            "max": round(max(ratios), 2),
        },
        "embedded": isolated(embedded_load, size),
        "load": os.getloadavg()[0],
    }
    if admin and _own_server():
        out["admin_import"] = admin_import(size)
        out["queries"] = isolated(neo4j_queries)
    return out


def _own_server() -> bool:
    """Whether ``NEO4J_URI`` is the project's own server (``tools/neo4j-server``), which the
    admin route may stop and start."""
    status = subprocess.run([str(SERVER), "status"], capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    port = urlsplit(os.environ.get("NEO4J_URI", "")).port
    return status.returncode == 0 and f":{port} " in status.stdout


def _first_rows(rel_tables: dict[Any, Any], keep: int) -> dict[Any, Any]:
    """The first ``keep`` relationships, in table order."""
    out = {}
    for key, table in rel_tables.items():
        out[key] = table.slice(0, max(0, min(table.num_rows, keep)))
        keep -= table.num_rows
    return out


def neo4j_load(rels: int, batch: int) -> dict[str, Any]:
    """Three loads of a synthetic graph's tables into ``NEO4J_URI``: into an empty database,
    the same graph again (nothing changes), and the graph less a tenth of its relationships
    (the clean-up deletes them in batches). Seconds, relationships a second, round trips."""
    from kg.errors import KGError
    from kg.model import load_model
    from kg.model.records import KnowledgeGraph
    from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

    node_tables, rel_tables = graph_tables(max(1000, rels // 10), rels)
    n = sum(t.num_rows for t in rel_tables.values())
    trimmed = _first_rows(rel_tables, n - n // 10)
    with Neo4jStore(Neo4jSettings.from_env(batch_size=batch)) as store:
        store.query("MATCH (n) RETURN count(n) AS n")  # connect before the clock starts
        store.write(KnowledgeGraph())  # an empty database to load into
        load_s, first = _timed(lambda: store.write_tables(node_tables, rel_tables))
        reload_s, again = _timed(lambda: store.write_tables(node_tables, rel_tables))
        clean_s, trim = _timed(lambda: store.write_tables(node_tables, trimmed))
        model = load_model()
        stored = sum(v for k, v in store.counts().items() if k in model.relationships)
        sessions = store._sessions(store._driver) if store._driver else None
    if stored != n - n // 10:  # a fast load that lost rows is no figure
        raise KGError(f"Neo4j holds {stored} relationships after the load, not {n - n // 10}")
    return {
        "relationships": n,
        "nodes": sum(t.num_rows for t in node_tables.values()),
        "sessions": sessions,
        "load_s": round(load_s, 2),
        "rels_per_s": round(n / load_s),
        "round_trips": first.statements,  # constraints, counts, batches and clean-up reads
        "reload_s": round(reload_s, 2),
        "reload_created": again.counters["nodes_created"] + again.counters["relationships_created"],
        "remove_tenth_s": round(clean_s, 2),
        "remove_tenth_round_trips": trim.statements,
        "removed": trim.counters["relationships_deleted"],
    }


def embedded_load(rels: int) -> dict[str, Any]:
    """The embedded store's load of the same synthetic records (``write``, the path a build takes)."""
    from benchmarks.suite import synthetic_graph
    from kg.store import EmbeddedStore

    graph = synthetic_graph(rels)
    with tempfile.TemporaryDirectory() as tmp:
        load_s, _ = _timed(lambda: EmbeddedStore(Path(tmp) / "bench.lbug").write(graph))
    n = len(graph.relationships)
    return {"relationships": n, "load_s": round(load_s, 2), "rels_per_s": round(n / load_s)}


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bench_neo4j(
    rels: int, batch: int = 5000, timed: list[int] | None = None, rounds: int = 1, admin: bool = True
) -> dict[str, Any]:
    """Statements per load: ceil(rows / batch) per table (a test checks the load plan makes
    that many), against one per row. With ``timed`` sizes, for each: timed loads into the server
    at ``NEO4J_URI`` (which replaces the graph that database holds) beside a plain loader and
    the embedded store, and on the project's own server the admin-import route and every
    library query (:mod:`benchmarks.neo4j_bench`)."""
    node_tables, rel_tables = graph_tables(max(1000, rels // 10), rels)
    tables = [t.num_rows for t in node_tables.values()] + [t.num_rows for t in rel_tables.values()]
    out: dict[str, Any] = {
        "rows": sum(tables),
        "batch": batch,
        "statements": sum(math.ceil(n / batch) for n in tables),
        "per_row_statements": sum(tables),
        "timed": "not run: needs --neo4j-timed and a server at NEO4J_URI",
    }
    if timed:
        out["timed"] = {f"{size:,}": timed_size(size, batch, rounds, admin) for size in timed}
    return out
