"""The benchmarks, one function each, returning their figures (run by ``python -m benchmarks``).

A module of its own, not ``__main__``: a benchmark run in a fresh interpreter ("spawn") is
imported there by name.
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.cold import cold_ingest
from benchmarks.synthetic import article, graph_tables
from kg.model.records import KnowledgeGraph


def _rss_mb() -> float:
    """This process's peak resident memory, in MB.

    Linux's ``VmHWM`` where there is one: ``ru_maxrss`` survives fork and exec, so a process
    started from the benchmark that built the 1M-relationship graph would report its peak.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _with_peak(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    figures = fn(*args)
    return {**figures, "peak_rss_mb": round(_rss_mb())}


def _with_peak_quiet(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    import logging

    # The driver logs each retried deadlock and each notification as a warning: the figures are the output.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    return _with_peak(fn, *args)


def isolated(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """``fn(*args)``'s figures from a fresh interpreter, with that process's peak memory.

    A process's peak memory is for its whole life: measured in this one, every benchmark
    after the 1M-relationship build would report the build's.
    """
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_with_peak_quiet, fn, *args).result()


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bench_build(rels: int, work: Path) -> tuple[Path, dict[str, Any]]:
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
    return db, {
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


# The library's parameters on the synthetic graph: anchored on a hub SOE, a company, an agency.
QUERY_PARAMS = {
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
    "model": "aimodel-0",
}


def bench_queries(db: Path, repeat: int = 40) -> dict[str, Any]:
    """Every library query on the big database: median, p95 and slowest of ``repeat`` runs.

    Forty runs, so that the p95 is the 38th time rather than the slowest (with fifteen, one
    slow run in fifteen, a garbage collection or the first run's cold cache, was the p95).
    The slowest run is reported beside it.
    """
    from kg.store import EmbeddedStore

    with EmbeddedStore(db) as store:
        store.query("RETURN 1")
        store._connection().set_query_timeout(
            10_000
        )  # a query that cannot finish in 10 s is reported as such
        return time_library(store.query, "ladybug", repeat)


def time_library(
    run: Callable[..., Any], engine: str, repeat: int = 40, budget_s: float = 60.0
) -> dict[str, Any]:
    """Each library query of ``engine``'s form run ``repeat`` times through ``run(text, params)``
    (fewer when a query's runs pass ``budget_s``): median, p95, slowest, rows, runs."""
    from kg.errors import KGError
    from kg.query.library import load_library

    out: dict[str, Any] = {}
    for name, query in load_library(engine).items():  # type: ignore[arg-type]
        times: list[float] = []
        try:
            statement = query.statement({k: QUERY_PARAMS[k] for k in query.params if k in QUERY_PARAMS})
            while len(times) < repeat and (len(times) < 3 or sum(times) / 1000 < budget_s):
                took, result = _timed(lambda s=statement: run(*s))  # type: ignore[misc]
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
            "runs": len(times),
        }
    return out


def _synthetic_graph(nodes: int, edges: int) -> Any:
    """A graph of ``nodes`` SOEs and ``edges`` partnerships, all cited by one document."""
    from kg.model.records import Document, Entity, Evidence, KnowledgeGraph, Provenance, Relationship

    doc = Document(id="doc-s", title="synthetic", sha256="0" * 64, path="s.txt")
    ev = Provenance(evidence=[Evidence(doc_id="doc-s", quote="x", start=0, end=1)])
    ents = [
        Entity.model_construct(id=f"s{i}", type="SOE", name=f"SOE {i}", aliases=[], properties={}, name_zh=None,
                               description=None, candidate=False)
        for i in range(nodes)
    ]  # fmt: skip
    rels = [
        Relationship.model_construct(id=f"r{k}", type="PARTNERS_WITH", source=f"s{k % nodes}",
                                     target=f"s{(k * 7 + 1) % nodes}", properties={}, provenance=ev)
        for k in range(edges)
    ]  # fmt: skip
    return KnowledgeGraph.model_construct(documents=[doc], entities=ents, relationships=rels)


def bench_html(nodes: int = 10_000, edges: int = 20_000) -> dict[str, Any]:
    """Building the map page, against pyvis's own add_node/add_edge (sampled: it is quadratic)."""
    from pyvis.network import Network

    from kg.export.html import render_html

    whole = _synthetic_graph(nodes, edges)
    page_s, html = _timed(lambda: render_html(whole))
    sample = 2000

    def pyvis_build() -> None:
        net = Network()
        for i in range(sample):
            net.add_node(f"s{i}", label=f"SOE {i}")
        for k in range(sample * 2):
            net.add_edge(f"s{k % sample}", f"s{(k * 7 + 1) % sample}")

    pyvis_s, _ = _timed(pyvis_build)
    # Each side of each layout boundary (live layout up to 400 shown nodes, computed above),
    # up to the largest map allowed: no size may take a quadratic step.
    by_size = {}
    for size in (1, 400, 401, 2_000, 2_001, 19_999):
        graph = _synthetic_graph(size, 2 * size)
        by_size[str(size)] = round(_timed(lambda: render_html(graph))[0], 2)  # noqa: B023 - called at once
    return {
        "nodes": nodes,
        "edges": edges,
        "build_page_s": round(page_s, 2),
        "build_page_s_by_nodes": by_size,
        "slowest_size_s": max(by_size.values()),
        "page_mb": round(len(html) / 1e6, 1),
        "pyvis_add_edge_s_at_2k_nodes_4k_edges": round(pyvis_s, 2),
    }


def bench_extraction(articles: int = 160, runs: int = 3) -> dict[str, Any]:
    """``soekg ingest`` of a folder of new articles, from a cold start, in MB of text per second.

    The timed run is the command's own function on files: reading, extraction, resolution and
    the review files, with the seeds loaded, the extractor built and its vocabulary learnt
    during the run. Each run is in a fresh interpreter (a cold start); the best and the median
    of ``runs`` are reported, as timings on a shared machine move by a fifth run to run. The
    synthetic articles have the seed articles' rate of names, figures and facts (a test checks).
    """
    from kg.ingest.extract import Extractor
    from kg.ingest.tokens import tokenise
    from kg.seeds.load import load_seeds

    seeds = Path("seeds")
    texts = [article(i) for i in range(articles)]
    size_mb = sum(len(t.encode()) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        inbox = _inbox(Path(tmp) / "inbox", texts)
        runs_out = [isolated(cold_ingest, str(inbox), str(seeds)) for _ in range(runs)]  # each cold
        # Four times as many articles: the time should grow four times, the memory not at all
        # (articles are read one at a time).
        more = [article(i) for i in range(4 * articles)]
        more_mb = sum(len(t.encode()) for t in more) / 1e6
        bigger_out = isolated(cold_ingest, str(_inbox(Path(tmp) / "inbox-4x", more)), str(seeds))
    timings = [r["seconds"] for r in runs_out]
    best, median = min(timings), statistics.median(timings)
    facts = runs_out[0]["facts_proposed"]
    seedset = load_seeds(seeds)
    entities = seedset.graph.entities
    real = list(seedset.texts.values())  # the five real articles
    real_mb = sum(len(t.encode()) for t in real) / 1e6
    extractor = Extractor(entities)  # extraction alone, also from a cold start
    extract_s, _ = _timed(lambda: [extractor.extract(t, "2025-06-01") for t in texts])
    extractor = Extractor(entities)
    cold_s, _ = _timed(lambda: [extractor.extract(t, "2025-06-01") for t in real])
    warm_s, _ = _timed(lambda: [extractor.extract(t, "2025-06-01") for t in real])
    token_s, _ = _timed(lambda: [tokenise(t) for t in texts])
    return {
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
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs_out),
        "mb_per_s_4x_text": round(more_mb / bigger_out["seconds"], 3),
        "peak_rss_mb_4x_text": bigger_out["peak_rss_mb"],
    }


def _inbox(folder: Path, texts: list[str]) -> Path:
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def synthetic_graph(rels: int) -> KnowledgeGraph:
    """The synthetic graph as records, read back through the stores' own row readers."""
    from kg.model.records import Document, Entity, KnowledgeGraph
    from kg.model.rows import record_from_row, relationship_from_row

    node_tables, rel_tables = graph_tables(max(1000, rels // 10), rels)
    records = [record_from_row(label, row) for label, t in node_tables.items() for row in t.to_pylist()]
    relationships = [
        relationship_from_row(rel_type, row.pop("from"), row.pop("to"), row)
        for (rel_type, _, _), t in rel_tables.items()
        for row in t.to_pylist()
    ]
    return KnowledgeGraph.model_construct(
        documents=[r for r in records if isinstance(r, Document)],
        entities=[r for r in records if isinstance(r, Entity)],
        relationships=relationships,
    )
