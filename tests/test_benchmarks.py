"""The benchmarks' regression guard, run the way a maintainer runs it (small sizes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench(*args: str, only: str = "neo4j") -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "benchmarks", "--rels", "10000", "--only", only, *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_a_run_passes_against_itself_and_fails_against_a_better_baseline(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    saved = _bench("--save", str(baseline))
    assert saved.returncode == 0, saved.stderr
    figures = json.loads(baseline.read_text())
    assert figures["neo4j"]["statements"] < figures["neo4j"]["per_row_statements"]

    same = _bench("--check", str(baseline))
    assert same.returncode == 0 and "no figure worse" in same.stderr

    figures["neo4j"]["statements"] //= 2  # a baseline that needed half the statements
    baseline.write_text(json.dumps(figures))
    worse = _bench("--check", str(baseline))
    assert worse.returncode == 1
    assert "regression: neo4j.statements:" in worse.stderr and "Traceback" not in worse.stderr


@pytest.mark.slow
def test_a_benchmark_in_its_own_process_reports_that_process_peak_memory(tmp_path: Path) -> None:
    saved = tmp_path / "run.json"
    run = _bench("--save", str(saved), only="html")
    assert run.returncode == 0, run.stderr
    html = json.loads(saved.read_text())["html"]
    assert html["nodes"] == 10_000 and html["build_page_s"] > 0
    # This process only built a page: its peak is that of Python, pyvis and the page, far below
    # the gigabyte a 1M-relationship build in the same process would have shown.
    assert 50 < html["peak_rss_mb"] < 800


@pytest.mark.slow
def test_a_process_started_from_a_big_one_reports_its_own_peak() -> None:
    from benchmarks.neo4j_bench import bench_neo4j
    from benchmarks.suite import isolated

    held = bytearray(600 * 1024 * 1024)  # this process: over 600 MB resident
    child = isolated(bench_neo4j, 10_000)
    assert child["statements"] > 0
    assert child["peak_rss_mb"] < 450 < len(held) / 2**20  # not the 600 MB it was started from


@pytest.mark.slow
def test_the_neo4j_statement_count_is_the_load_plans() -> None:
    from benchmarks.neo4j_bench import bench_neo4j
    from benchmarks.suite import synthetic_graph
    from kg.store.neo4j_plan import load_plan

    figures = bench_neo4j(10_000, batch=700)
    plan = load_plan(synthetic_graph(10_000), batch_size=700)
    data = [s for s in plan if s.rows]
    assert len(data) == figures["statements"] < figures["per_row_statements"]
    assert sum(s.rows for s in data) == figures["rows"]
    assert figures["timed"].startswith("not run")  # a load into a server only when asked


def test_timed_neo4j_loads_are_guarded_per_size_and_engine() -> None:
    from benchmarks.guard import regressions

    def run(neo4j_s: float) -> dict[str, object]:
        sizes = {"100,000": {"neo4j": {"load_s": neo4j_s, "round_trips": 86}, "embedded": {"load_s": 5.0}}}
        return {"neo4j": {"statements": 40, "timed": sizes}}

    assert regressions(run(9.0), run(9.0)) == []
    assert regressions(run(20.0), run(9.0)) == [
        "neo4j.timed.100,000.neo4j.load_s: 20.0, baseline 9.0 (122% worse)"
    ]
    assert regressions({"neo4j": {"timed": "not run"}}, run(9.0)) == []  # a run without a server
