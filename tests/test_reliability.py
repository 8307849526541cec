"""Crash safety: a build killed half-way, readers during a build, files written whole."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg
from tests.conftest import ROOT, SEEDS, run_cli

# The project's own bulk load path (EmbeddedStore.write_tables) on a graph big enough to kill mid-way.
BIG_LOAD = """
import sys
from benchmarks.synthetic import graph_tables
from kg.store import EmbeddedStore
nodes, rels = graph_tables(30_000, 400_000)
print("loading", flush=True)
EmbeddedStore(sys.argv[1]).write_tables(nodes, rels)
print("done", flush=True)
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _documents(db: Path) -> str:
    result = run_cli("cypher", "MATCH (d:Document) RETURN count(*) AS n", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _start_big_load(db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", BIG_LOAD, str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )


def _wait_for_building(db: Path, process: subprocess.Popen[str]) -> Path:
    assert process.stdout is not None and process.stdout.readline().strip() == "loading"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        building = list(db.parent.glob(f".{db.name}.building-*"))
        if building:
            return building[0]
        time.sleep(0.005)
    raise AssertionError("the load never started writing")


@pytest.mark.slow
def test_a_build_killed_half_way_leaves_the_old_database(tmp_path: Path) -> None:
    db = tmp_path / "kg.lbug"
    assert (
        run_cli("build", "--seeds", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "out")).returncode
        == 0
    )
    before = _digest(db)
    load = _start_big_load(db)
    building = _wait_for_building(db, load)
    time.sleep(0.3)  # well into the COPY statements
    load.send_signal(signal.SIGKILL)
    load.wait(timeout=30)
    assert load.returncode == -signal.SIGKILL
    assert _digest(db) == before  # not a byte changed
    assert '"n": 5' in _documents(db)  # and readable
    assert building.exists()  # the half-built file is beside it, never in its place
    # The next build completes and sweeps the leftover away.
    rebuilt = run_cli("build", "--seeds", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "out"))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert not list(tmp_path.glob(".kg.lbug.building-*"))
    assert '"n": 5' in _documents(db)


@pytest.mark.slow
def test_a_reader_open_during_a_build_sees_the_old_graph_then_the_new(tmp_path: Path) -> None:
    db = tmp_path / "kg.lbug"
    assert (
        run_cli("build", "--seeds", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "out")).returncode
        == 0
    )
    notebook = kg.open(db)  # an analyst's notebook, open on the database
    assert notebook.cypher("MATCH (d:Document) RETURN count(*) AS n").rows == [[5]]
    load = _start_big_load(db)
    _wait_for_building(db, load)
    # While the other process builds, the notebook keeps answering from the graph it opened.
    assert notebook.cypher("MATCH (d:Document) RETURN count(*) AS n").rows == [[5]]
    assert load.wait(timeout=300) == 0
    assert notebook.cypher("MATCH (d:Document) RETURN count(*) AS n").rows == [[5]]
    notebook.close()
    fresh = kg.open(db)  # opened again: the new graph, whole
    assert fresh.cypher("MATCH (s:SOE) RETURN count(*) AS n").rows[0][0] > 1000
    fresh.close()


@pytest.mark.slow
def test_a_failed_export_keeps_the_previous_file(tmp_path: Path, built: object) -> None:
    out = tmp_path / "map.html"
    first = run_cli("export", "--format", "html", "--db", str(built.db_path), "--output", str(out))  # type: ignore[attr-defined]
    assert first.returncode == 0, first.stderr
    before = _digest(out)
    # An entity that does not exist: the export fails before anything is written.
    failed = run_cli("export", "--format", "html", "--db", str(built.db_path), "--output", str(out),  # type: ignore[attr-defined]
                     "--entity", "no-such-entity")  # fmt: skip
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert _digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary left behind


def test_a_write_that_fails_half_way_changes_nothing(tmp_path: Path) -> None:
    from kg.common.atomic import replacing, write_text

    target = write_text(tmp_path / "soe-kg.json", '{"old": true}\n')
    try:
        with replacing(target) as tmp:
            tmp.write_text('{"new": tr', encoding="utf-8")  # half a file, then the writer dies
            raise OSError("disk full")
    except OSError:
        pass
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["soe-kg.json"]
    # A temporary left by a writer that was killed (its process is gone) is swept by the next write.
    (tmp_path / ".soe-kg.json.tmp-999999999").write_text("half", encoding="utf-8")
    write_text(target, '{"newer": true}\n')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["soe-kg.json"]


def _seed_tree(seeds: Path) -> dict[str, bytes]:
    """Every file's bytes, the folder's own name left out (a review file names its path)."""
    return {
        str(p.relative_to(seeds)): p.read_bytes().replace(str(seeds).encode(), b"SEEDS")
        for p in sorted(seeds.rglob("*"))
        if p.is_file() and p.name != ".soekg.lock"
    }


def _killed_at_every_step(tmp_path: Path, prepare: Path, *args: str) -> int:
    """Run ``soekg ARGS`` on copies of the seeds folder ``prepare`` (``{seeds}`` in ``args``),
    stopped by SIGKILL at each step of its commit in turn; after each, the next command
    (a build) must find the seeds exactly as an uninterrupted run leaves them. Returns the
    number of steps."""
    import shutil

    reference = tmp_path / "reference"
    shutil.copytree(prepare, reference)
    done = run_cli(*[a.replace("{seeds}", str(reference)) for a in args])
    assert done.returncode == 0, done.stderr
    expected = _seed_tree(reference)
    step = 0
    while True:
        step += 1
        seeds = tmp_path / f"killed-{step}"
        shutil.copytree(prepare, seeds)
        killed = subprocess.run(
            [sys.executable, "-m", "kg", *[a.replace("{seeds}", str(seeds)) for a in args]],
            capture_output=True, text=True, timeout=300, env={**os.environ, "SOEKG_TEST_KILL_AT": str(step)},
        )  # fmt: skip
        if killed.returncode == 0:  # past the last step: the run finished
            assert _seed_tree(seeds) == expected
            return step - 1
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert (seeds / ".soekg-commit.json").exists()  # the commit was under way
        after = run_cli("build", "--seeds", str(seeds), "--db", str(tmp_path / f"db-{step}"),
                        "--out", str(tmp_path / f"out-{step}"))  # fmt: skip
        assert after.returncode == 0, after.stderr
        assert "finished the ingest or accept that stopped half-way" in after.stderr
        assert _seed_tree(seeds) == expected, f"killed at step {step}"


INGESTED = """---
title: Sinopec and Baidu team up
date: 2025-06-12
---
Sinopec signed a strategic cooperation agreement with Baidu on industrial AI.
Beijing Zhiyuan Robotics Co., Ltd. partnered with CNPC on seismic data processing.
"""


@pytest.mark.slow
def test_an_ingest_killed_between_any_two_renames_is_finished_by_the_next_command(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text(INGESTED, encoding="utf-8")
    steps = _killed_at_every_step(tmp_path, SEEDS, "ingest", str(article), "--seeds", "{seeds}", "--no-build")
    assert steps == 4  # the journal, then the text, its metadata and its review


@pytest.mark.slow
def test_an_accept_killed_between_any_two_renames_is_finished_by_the_next_command(tmp_path: Path) -> None:
    import shutil

    prepared = tmp_path / "prepared"
    shutil.copytree(SEEDS, prepared)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.md").write_text(INGESTED, encoding="utf-8")
    (inbox / "two.md").write_text(INGESTED.replace("Zhiyuan", "Lingxi"), encoding="utf-8")
    assert run_cli("ingest", str(inbox), "--seeds", str(prepared), "--no-build").returncode == 0
    reviews = sorted((prepared / "review").glob("*.yaml"))
    accept = [a for r in reviews for a in ("--accept", "{seeds}/review/" + r.name)]
    steps = _killed_at_every_step(tmp_path, prepared, "ingest", *accept, "--seeds", "{seeds}", "--no-build")
    assert steps == 8  # the journal, the catalog, two facts files, two kept reviews, removing two reviews


# What a notebook or another tool can leave: a checkpoint on a database opened for reading
# fails half-way and leaves a .shadow and a .wal file; LadybugDB then refuses to open it
# for reading until it is opened once for writing.
PENDING_CHECKPOINT = """
import sys
import ladybug as lb
conn = lb.Connection(lb.Database(sys.argv[1], read_only=True))
try:
    conn.execute("CHECKPOINT")
except RuntimeError:
    pass
"""


@pytest.mark.slow
def test_a_database_left_mid_checkpoint_is_repaired_by_the_next_command(
    tmp_path: Path, built: object
) -> None:
    import shutil

    db = tmp_path / "kg.lbug"
    shutil.copy(built.db_path, db)  # type: ignore[attr-defined]
    subprocess.run([sys.executable, "-c", PENDING_CHECKPOINT, str(db)], check=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.lbug", "kg.lbug.shadow", "kg.lbug.wal"]
    before = _documents(built.db_path)  # type: ignore[attr-defined]
    result = run_cli("cypher", "MATCH (d:Document) RETURN count(*) AS n", "--db", str(db), "--json")
    assert result.returncode == 0 and result.stdout == before
    assert result.stderr == f"{db}: finished a checkpoint another program left pending\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.lbug"]
    assert _documents(db) == before  # and it stays readable


@pytest.mark.slow
def test_a_build_over_a_pending_checkpoint_leaves_none_behind(tmp_path: Path, built: object) -> None:
    """The old file's shadow pages must never be applied to the new file the build swaps in."""
    import shutil

    db = tmp_path / "kg.lbug"
    shutil.copy(built.db_path, db)  # type: ignore[attr-defined]
    subprocess.run([sys.executable, "-c", PENDING_CHECKPOINT, str(db)], check=True)
    result = run_cli("build", "--seeds", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.lbug", "kg.lbug.builds", "out"]
    assert _documents(db) == _documents(built.db_path)  # type: ignore[attr-defined]
