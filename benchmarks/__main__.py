"""Run the benchmarks: ``python -m benchmarks [--rels 1000000] [--only build,seeds,queries,...] [--save F | --check F]``.

``--only parser`` times a 1,000-word article through ingest with the dependency parser (the
server must run; it is not in the default set).

Each prints throughput, peak memory, and a baseline measured in the same run.
Not part of the test suite; the figures are reported in the README (Performance).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import guard
from benchmarks.chinese import bench_chinese
from benchmarks.neo4j_bench import bench_neo4j
from benchmarks.parser import bench_parser
from benchmarks.seeds_build import bench_seeds
from benchmarks.suite import bench_build, bench_extraction, bench_html, bench_queries, isolated
from kg.errors import KGError

RESULTS: dict[str, dict[str, Any]] = {}


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be at least 1: {text!r}")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rels", type=int, default=1_000_000, help="relationships in the synthetic graph")
    parser.add_argument("--only", default="build,seeds,queries,html,extraction,chinese,neo4j,review")
    parser.add_argument("--db", type=Path, help="time the queries on this database instead of building one")
    parser.add_argument("--save", type=Path, help="write this run's figures here, as the baseline to check")
    parser.add_argument("--check", type=Path, help="exit 1 if a figure is worse than this saved run's")
    parser.add_argument(
        "--neo4j-timed",
        type=_sizes,
        metavar="RELS[,RELS]",
        help="also time loads of these many relationships into NEO4J_URI (replaces that database's graph)",
    )
    parser.add_argument(
        "--neo4j-rounds",
        type=int,
        default=1,
        metavar="N",
        help="timed Neo4j loads: the project's and the plain loader's in N alternating rounds",
    )
    parser.add_argument(
        "--no-neo4j-admin",
        action="store_true",
        help="skip the admin-import route (it stops and starts the project's own server) and the "
        "query timings on the graph it imports",
    )
    parser.add_argument(
        "--seeds-facts",
        type=_sizes,
        default=[100_000, 1_000_000],
        metavar="FACTS[,FACTS]",
        help="sizes of the synthetic seeds folders `soekg build` is timed on (default 100000,1000000)",
    )
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    known = {"build", "seeds", "queries", "html", "extraction", "chinese", "neo4j", "review", "parser"}
    if wanted - known:
        parser.error(
            f"--only: no benchmark {sorted(wanted - known)[0]!r} (choose from {', '.join(sorted(known))})"
        )
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None and {"build", "queries"} & wanted:
            db, RESULTS["build"] = bench_build(args.rels, Path(tmp))
        if "seeds" in wanted:
            RESULTS["seeds"] = bench_seeds(args.seeds_facts)
        if "queries" in wanted and db is not None:
            queries = isolated(bench_queries, db)
            RESULTS["query_process"] = {"peak_rss_mb": queries.pop("peak_rss_mb")}
            RESULTS["queries"] = queries
        if "html" in wanted:
            RESULTS["html"] = isolated(bench_html)
        if "extraction" in wanted:
            RESULTS["extraction"] = bench_extraction()
        if "review" in wanted:
            from benchmarks.review_page import bench_review_page

            RESULTS["review"] = bench_review_page(Path(tmp))
        if "chinese" in wanted:
            RESULTS["chinese"] = bench_chinese()
        if "parser" in wanted:  # only when asked: it needs the parser server
            try:
                RESULTS["parser"] = bench_parser()
            except KGError as exc:
                sys.exit(f"error: {exc}")
        if "neo4j" in wanted:
            try:
                RESULTS["neo4j"] = bench_neo4j(
                    args.rels, timed=args.neo4j_timed, rounds=args.neo4j_rounds, admin=not args.no_neo4j_admin
                )
            except KGError as exc:
                sys.exit(f"error: {exc}")
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
