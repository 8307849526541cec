"""``soekg build`` end to end on synthetic seeds folders, beside the bulk load of the same rows.

Each build is the command itself in a process of its own (start-up, reading and checking
every file, the database, the JSON, the map), timed from outside; its peak memory is the
operating system's account of that process. The baseline, measured in the same run, is the
part no build can avoid: the embedded store's bulk load (``COPY``) of the same tables.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic_seeds import write_seeds

__all__ = ["bench_seeds", "bulk_load"]


def _run(cmd: list[str]) -> tuple[float, float, str]:
    """Seconds, peak memory in MB and standard error of a command run to its end."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # noqa: S603 - ours
    assert child.stderr is not None
    err = child.stderr.read()  # warnings may be many: read as they come
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode:
        raise RuntimeError(f"{' '.join(cmd)} exited {child.returncode}: {err.strip().splitlines()[-1:]}")
    return seconds, usage.ru_maxrss / 1024, err


def bulk_load(seeds: str, db: str) -> dict[str, Any]:
    """The baseline: the seeds' graph as Arrow tables, then only its ``COPY`` timed."""
    from kg.seeds.load import load_seeds
    from kg.store import EmbeddedStore
    from kg.store.tables_arrow import graph_tables

    graph = load_seeds(Path(seeds)).graph
    tables = graph_tables(graph)
    start = time.perf_counter()
    EmbeddedStore(Path(db)).write_tables(*tables)
    return {"bulk_load_s": round(time.perf_counter() - start, 2), "relationships": len(graph.relationships)}


def bench_seeds(sizes: list[int]) -> dict[str, Any]:
    """For each size: a synthetic seeds folder of that many facts, built with ``soekg build``."""
    from benchmarks.suite import isolated

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for facts in sizes:
            root = Path(tmp) / f"seeds-{facts}"
            shape = write_seeds(root, facts)
            work = Path(tmp) / f"build-{facts}"
            cmd = [sys.executable, "-m", "kg", "build", "--seeds", str(root),
                   "--db", str(work / "kg.lbug"), "--out", str(work / "out")]  # fmt: skip
            seconds, peak, _ = _run(cmd)
            baseline = isolated(bulk_load, str(root), str(work / "bulk.lbug"))
            out[f"{facts:,}"] = {
                **shape,
                "relationships": baseline["relationships"],
                "build_s": round(seconds, 1),
                "facts_per_s": round(facts / seconds),
                "peak_rss_mb": round(peak),
                "bulk_load_s": baseline["bulk_load_s"],
                "build_vs_bulk_load": round(seconds / baseline["bulk_load_s"], 1),
                "load": os.getloadavg()[0],
            }
    return out
