"""Run the benchmarks: ``python -m benchmarks [--rels 1000000] [--only build,queries,...] [--save F | --check F]``.

Each prints throughput, peak memory, and a baseline measured in the same run.
Not part of the test suite; the figures are reported in the README (Performance).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import guard
from benchmarks.cold import cold_ingest
from benchmarks.synthetic import article, graph_tables

RESULTS: dict[str, dict[str, Any]] = {}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bench_build(rels: int, work: Path) -> Path:
    """The embedded bulk load path against one statement per row (sampled, extrapolated)."""
    import ladybug as lb

    from kg.store import EmbeddedStore

    nodes = max(1000, rels // 10)
    gen_s, (node_tables, rel_tables) = _timed(lambda: graph_tables(nodes, rels))
    db = work / "bench.lbug"
    load_s, _ = _timed(lambda: EmbeddedStore(db).write_tables(node_tables, rel_tables))
    total_rels = sum(t.num_rows for t in rel_tables.values())
    # Baseline: the same rows, every property, one statement each (the fast WHERE form),
    # on a sample of the largest table, extrapolated to all relationships.
    (rel_type, src, dst), table = max(rel_tables.items(), key=lambda kv: kv[1].num_rows)
    sample = table.slice(0, 2000).to_pylist()
    conn = lb.Connection(lb.Database(str(db)))
    props = [c for c in table.column_names if c not in ("from", "to")]
    query = (
        f"MATCH (a:{src}) WHERE a.id = $from MATCH (b:{dst}) WHERE b.id = $to "
        f"CREATE (a)-[:{rel_type} {{{', '.join(f'{c}: ${c}' for c in props)}}}]->(b)"
    )
    row_s, _ = _timed(lambda: [conn.execute(query, {**r, "id": r["id"] + "-x"}) for r in sample])
    conn.close()
    per_row_total = row_s / len(sample) * total_rels
    RESULTS["build"] = {
        "nodes": sum(t.num_rows for t in node_tables.values()),
        "relationships": total_rels,
        "generate_s": round(gen_s, 2),
        "load_s": round(load_s, 2),
        "rels_per_s": round(total_rels / load_s),
        "per_row_rels_per_s": round(len(sample) / row_s),
        "per_row_extrapolated_s": round(per_row_total, 1),
        "speedup": round(per_row_total / load_s),
        "peak_rss_mb": round(_rss_mb()),
    }
    return db


def bench_queries(db: Path, repeat: int = 40) -> None:
    """Every library query on the big database: median, p95 and slowest of ``repeat`` runs.

    Forty runs, so that the p95 is the 38th time rather than the slowest (with fifteen, one
    slow run in fifteen, a garbage collection or the first run's cold cache, was the p95).
    The slowest run is reported beside it.
    """
    from kg.errors import KGError
    from kg.library import load_library
    from kg.store import EmbeddedStore

    params = {
        "soe": "soe-3",
        "company": "company-0",
        "agency": "agency-0",
        "doc": "document-0",
        "a": "soe-3",
        "b": "company-7",
        "id": "soe-500",
        "depth": 2,
        "since": "2024-01-01",
        "until": "2024-12-31",
    }
    out = {}
    with EmbeddedStore(db) as store:
        store.query("RETURN 1")
        store._connection().set_query_timeout(
            10_000
        )  # a query that cannot finish in 10 s is reported as such
        for name, query in load_library("ladybug").items():
            statement = query.statement({k: params[k] for k in query.params if k in params})
            times = []
            try:
                for _ in range(repeat):
                    took, result = _timed(lambda s=statement: store.query(*s))
                    times.append(took * 1000)
            except KGError as exc:
                out[name] = {"error": str(exc)[:160]}
                continue
            times.sort()
            out[name] = {
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[math.ceil(0.95 * len(times)) - 1], 1),
                "max_ms": round(times[-1], 1),
                "rows": len(result.rows),
            }
    RESULTS["queries"] = out


def bench_html(nodes: int = 10_000, edges: int = 20_000) -> None:
    """Building the map page, against pyvis's own add_node/add_edge (sampled: it is quadratic)."""
    from pyvis.network import Network

    from kg.export.html import render_html
    from kg.records import Document, Entity, Evidence, KnowledgeGraph, Provenance, Relationship

    doc = Document(id="doc-s", title="synthetic", sha256="0" * 64, path="s.txt")
    ev = Evidence(doc_id="doc-s", quote="x", start=0, end=1)
    ents = [
        Entity.model_construct(
            id=f"s{i}",
            type="SOE",
            name=f"SOE {i}",
            aliases=[],
            properties={},
            name_zh=None,
            description=None,
            candidate=False,
        )
        for i in range(nodes)
    ]
    rels = [
        Relationship.model_construct(
            id=f"r{k}",
            type="PARTNERS_WITH",
            source=f"s{k % nodes}",
            target=f"s{(k * 7 + 1) % nodes}",
            properties={},
            provenance=Provenance(evidence=[ev]),
        )
        for k in range(edges)
    ]
    graph = KnowledgeGraph.model_construct(documents=[doc], entities=ents, relationships=rels)
    page_s, html = _timed(lambda: render_html(graph))
    sample = 2000

    def pyvis_build() -> None:
        net = Network()
        for i in range(sample):
            net.add_node(f"s{i}", label=f"SOE {i}")
        for k in range(sample * 2):
            net.add_edge(f"s{k % sample}", f"s{(k * 7 + 1) % sample}")

    pyvis_s, _ = _timed(pyvis_build)
    RESULTS["html"] = {
        "nodes": nodes,
        "edges": edges,
        "build_page_s": round(page_s, 2),
        "page_mb": round(len(html) / 1e6, 1),
        "pyvis_add_edge_s_at_2k_nodes_4k_edges": round(pyvis_s, 2),
    }


def bench_extraction(articles: int = 160, runs: int = 3) -> None:
    """``soekg ingest`` of a folder of new articles, from a cold start, in MB of text per second.

    The timed run is the command's own function on files: reading, extraction, resolution and
    the review files, with the seeds loaded, the extractor built and its vocabulary learnt
    during the run. Each run is in a fresh interpreter (a cold start); the best and the median
    of ``runs`` are reported, as timings on a shared machine move by a fifth run to run. The
    synthetic articles have the seed articles' rate of names, figures and facts (a test checks).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from kg.ingest.extract import Extractor
    from kg.seeds import load_seeds

    seeds = Path("seeds")
    texts = [article(i) for i in range(articles)]
    size_mb = sum(len(t.encode()) for t in texts) / 1e6
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for i, text in enumerate(texts):
            (inbox / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
        fresh = multiprocessing.get_context("spawn")
        for _ in range(runs):  # one process per run: each starts cold
            with ProcessPoolExecutor(max_workers=1, mp_context=fresh) as pool:
                seconds, facts, failed = pool.submit(cold_ingest, str(inbox), str(seeds)).result()
            assert not failed, failed[:3]
            timings.append(seconds)
    best, median = min(timings), statistics.median(timings)
    seedset = load_seeds(seeds)
    entities = seedset.graph.entities
    real = list(seedset.texts.values())  # the five real articles
    real_mb = sum(len(t.encode()) for t in real) / 1e6
    extractor = Extractor(entities)  # extraction alone, also from a cold start
    extract_s, _ = _timed(lambda: [extractor.extract(t, "2025-06-01") for t in texts])
    extractor = Extractor(entities)
    cold_s, _ = _timed(lambda: [extractor.extract(t, "2025-06-01") for t in real])
    warm_s, _ = _timed(lambda: [extractor.extract(t, "2025-06-01") for t in real])
    token_s, _ = _timed(lambda: [extractor.recogniser.nlp.make_doc(t) for t in texts])
    RESULTS["extraction"] = {
        "articles": articles,
        "mb": round(size_mb, 2),
        "runs": runs,
        "seconds": round(best, 2),
        "seconds_median": round(median, 2),
        "articles_per_s": round(articles / best, 1),
        "mb_per_s": round(size_mb / best, 3),
        "mb_per_s_median": round(size_mb / median, 3),
        "extraction_only_mb_per_s": round(size_mb / extract_s, 3),
        "tokenise_only_mb_per_s": round(size_mb / token_s, 2),
        "seed_articles_cold_mb_per_s": round(real_mb / cold_s, 3),
        "seed_articles_mb_per_s": round(real_mb / warm_s, 3),
        "facts_proposed": facts,
    }


def bench_neo4j(rels: int, batch: int = 5000) -> None:
    """Statements per load: ceil(rows / batch) per table, against one per row."""
    node_tables, rel_tables = graph_tables(max(1000, rels // 10), rels)
    tables = [t.num_rows for t in node_tables.values()] + [t.num_rows for t in rel_tables.values()]
    statements = sum(math.ceil(n / batch) for n in tables)
    RESULTS["neo4j"] = {
        "rows": sum(tables),
        "batch": batch,
        "statements": statements,
        "per_row_statements": sum(tables),
        "timed": "only where NEO4J_URI is set",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rels", type=int, default=1_000_000, help="relationships in the synthetic graph")
    parser.add_argument("--only", default="build,queries,html,extraction,neo4j")
    parser.add_argument("--db", type=Path, help="time the queries on this database instead of building one")
    parser.add_argument("--save", type=Path, help="write this run's figures here, as the baseline to check")
    parser.add_argument("--check", type=Path, help="exit 1 if a figure is worse than this saved run's")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or (bench_build(args.rels, Path(tmp)) if {"build", "queries"} & wanted else None)
        if "queries" in wanted and db is not None:
            bench_queries(db)
        if "html" in wanted:
            bench_html()
        if "extraction" in wanted:
            bench_extraction()
        if "neo4j" in wanted:
            bench_neo4j(args.rels)
    print(json.dumps(RESULTS, indent=1))
    if args.save:
        guard.save(RESULTS, args.save)
    if args.check:
        worse = guard.regressions(RESULTS, guard.load(args.check))
        for line in worse:
            print(f"regression: {line}", file=sys.stderr)
        if worse:
            sys.exit(1)
        print(f"no figure worse than {args.check} by more than {guard.TOLERANCE:.0%}", file=sys.stderr)


if __name__ == "__main__":
    main()
