"""Regression guard: compare a benchmark run with a saved one, figure by figure.

Timings depend on the machine, so the baseline is saved on the machine that checks it
(``python -m benchmarks --save benchmarks/baseline.json``, then later ``--check`` it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# (section, key, direction): +1 when a bigger number is better, -1 when smaller is better.
GUARDED: list[tuple[str, str, int]] = [
    ("build", "load_s", -1),
    ("build", "peak_rss_mb", -1),
    ("build", "speedup", +1),
    ("html", "build_page_s", -1),
    ("html", "peak_rss_mb", -1),
    ("html", "slowest_size_s", -1),
    ("extraction", "mb_per_s", +1),
    ("extraction", "peak_rss_mb", -1),
    ("extraction", "peak_rss_mb_4x_text", -1),
    ("query_process", "peak_rss_mb", -1),
    ("neo4j", "statements", -1),
    ("parser", "ingest_parser_cold_s", -1),
    ("parser", "server_rss_mb", -1),
]
TOLERANCE = 0.25  # timings on a shared machine move by this much run to run


def _figures(results: dict[str, Any]) -> dict[str, float]:
    out = {f"{s}.{k}": results[s][k] for s, k, _ in GUARDED if k in results.get(s, {})}
    for name, q in results.get("queries", {}).items():
        if "p95_ms" in q:
            out[f"queries.{name}.p95_ms"] = q["p95_ms"]
    for size, figures in results.get("seeds", {}).items():
        for key in ("build_s", "peak_rss_mb"):
            if key in figures:
                out[f"seeds.{size}.{key}"] = figures[key]
    timed = results.get("neo4j", {}).get("timed")
    for size, engines in timed.items() if isinstance(timed, dict) else ():
        for engine, figures in engines.items():
            if not isinstance(figures, dict):
                continue
            for key in ("load_s", "peak_rss_mb", "round_trips", "remove_tenth_s", "end_to_end_s", "median"):
                if key in figures:
                    out[f"neo4j.timed.{size}.{engine}.{key}"] = figures[key]
            if engine == "queries":
                for name, q in figures.items():
                    if isinstance(q, dict) and "p95_ms" in q:
                        out[f"neo4j.timed.{size}.queries.{name}.p95_ms"] = q["p95_ms"]
    return out


def regressions(results: dict[str, Any], baseline: dict[str, Any], tolerance: float = TOLERANCE) -> list[str]:
    """The figures that got worse than the baseline by more than ``tolerance``.

    >>> regressions({"build": {"load_s": 9.0}}, {"build": {"load_s": 6.0}})
    ['build.load_s: 9.0, baseline 6.0 (50% worse)']
    >>> regressions({"build": {"load_s": 6.5}}, {"build": {"load_s": 6.0}})
    []
    """
    directions = {f"{s}.{k}": d for s, k, d in GUARDED}
    now, before = _figures(results), _figures(baseline)
    out = []
    for key, old in before.items():
        if key not in now or not old:
            continue
        direction = directions.get(key, -1)  # query latencies: smaller is better
        worse = (now[key] - old) / old * -direction
        # A few milliseconds either way is noise, not a regression.
        if worse > tolerance and not (key.endswith("p95_ms") and abs(now[key] - old) < 10):
            out.append(f"{key}: {now[key]}, baseline {old} ({worse:.0%} worse)")
    return out


def save(results: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))
