"""Queries cannot run forever: text too long or too deep is refused before any engine parses
it; a query past its time limit or memory is stopped with one line; a crash of the engine is
one line; the CLI prints a capped number of rows unless asked for all. After each, and after
Ctrl-C or SIGKILL, the database answers as before."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import kg
from kg.build import BuildReport
from kg.errors import KGError
from tests.conftest import at_a_terminal, cli, run_cli


@pytest.fixture
def db(built: BuildReport, tmp_path: Path) -> Path:
    shutil.copy2(built.db_path, tmp_path / "kg.lbug")
    return tmp_path / "kg.lbug"


def _usable(db: Path) -> None:
    after = cli("cypher", "MATCH (n:SOE) RETURN count(n) AS n", "--db", str(db), "--json")
    assert after.returncode == 0 and '"n": ' in after.stdout, after.stderr
    assert not [p.name for p in db.parent.iterdir() if p.name.endswith((".wal", ".shadow"))]


def _one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.stdout[-300:], result.stderr[-300:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr[-500:]
    assert all(w in lines[0] for w in words), lines[0]


# The shapes: each ran past a minute, one to 2.4 GB; deep parentheses crashed the engine.
TOO_BIG = {
    "120 KB of 1+1+…": ("RETURN " + "+".join(["1"] * 60_000), "at most 20,000 are read"),
    "20,000 nested lists": ("RETURN " + "[" * 20_000 + "]" * 20_000, "at most 20,000 are read"),
    "5,000 nested parentheses": ("RETURN " + "(" * 5_000 + "1" + ")" * 5_000, "at most 2,000 are read"),
    "100 nested parentheses": ("RETURN " + "(" * 100 + "1" + ")" * 100, "nests brackets or CASE 100 deep"),
    "2,100 tokens": ("RETURN " + ",".join(["1"] * 1_050), "at most 2,000 are read"),
    "CASE within CASE, 40 deep": ("RETURN " + "CASE WHEN true THEN " * 40 + "1" + " END" * 40, "40 deep"),
    "300 nested maps": ("RETURN " + "{a:" * 300 + "1" + "}" * 300, "300 deep"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", TOO_BIG, ids=list(TOO_BIG))
def test_text_too_long_or_too_deep_is_refused_before_parsing(case: str, db: Path) -> None:
    text, message = TOO_BIG[case]
    started = time.monotonic()
    _one_line(cli("cypher", text, "--db", str(db)), message)
    assert time.monotonic() - started < 10  # refused on sight, not after the engine tried
    _usable(db)


# Runs long in little memory: 125 billion rows streamed, never held (a single range of 400
# million is held as one list, so a fast machine meets the memory limit first; tested below).
LONG = (
    "UNWIND range(1, 5000) AS x UNWIND range(1, 5000) AS y UNWIND range(1, 5000) AS z "
    "WITH x, y, z WHERE x + y + z < 0 RETURN count(*)"
)

# Shapes that pass the text checks and would run (or plan) for a long time; --timeout 2 stops each.
RUNAWAY = {
    "125 billion rows": LONG,
    "every path of any length": "MATCH p=(a)-[*]-(b) RETURN count(p)",
    "a chain of 40 patterns (planning)": "MATCH "
    + "--".join(f"(a{i})" for i in range(40))
    + " RETURN count(*)",
    "a cross product of 12": "MATCH " + ", ".join(f"(a{i})" for i in range(12)) + " RETURN count(*)",
}


@pytest.mark.slow
@pytest.mark.parametrize("case", RUNAWAY, ids=list(RUNAWAY))
def test_a_runaway_query_stops_at_the_time_limit_with_one_line(case: str, db: Path) -> None:
    started = time.monotonic()
    result = run_cli("cypher", RUNAWAY[case], "--db", str(db), "--timeout", "2")
    _one_line(result, "time limit of 2 s", "--timeout", "SOEKG_QUERY_TIMEOUT")
    assert time.monotonic() - started < 30
    _usable(db)


def test_the_time_limit_holds_for_library_queries_and_the_api(db: Path) -> None:
    with kg.open(db, timeout=0.5) as g:
        with pytest.raises(KGError, match=r"time limit of 0.5 s"):
            g.cypher(LONG)
        assert len(g.people()) == 7  # a library query on the same graph, after the stop
    os.environ["SOEKG_QUERY_TIMEOUT"] = "nonsense"
    try:
        with pytest.raises(KGError, match=r"\$SOEKG_QUERY_TIMEOUT must be a positive number"):
            kg.open(db)
    finally:
        del os.environ["SOEKG_QUERY_TIMEOUT"]


@pytest.mark.slow
def test_a_query_past_its_memory_is_stopped(db: Path) -> None:
    # The range of 400 million: held as one list, it meets the memory limit
    result = subprocess.run(
        [sys.executable, "-m", "kg", "cypher", "UNWIND range(1, 400000000) AS x RETURN x", "--db", str(db),
         "--timeout", "120"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "SOEKG_QUERY_MEMORY_MB": "300"},
    )  # fmt: skip
    _one_line(result, "more than 300 MB", "SOEKG_QUERY_MEMORY_MB")
    _usable(db)


@pytest.mark.slow
def test_a_crash_of_the_engine_is_one_line_and_the_next_query_answers(db: Path) -> None:
    with kg.open(db, timeout=60) as g:
        g.cypher("RETURN 1")  # the query process is running
        process = g.store._worker._process
        threading.Timer(1.0, os.kill, (process.pid, signal.SIGSEGV)).start()  # as a segmentation fault would
        with pytest.raises(KGError, match="the database engine crashed on this query"):
            g.cypher(LONG)
        assert g.cypher("MATCH (n:SOE) RETURN count(n) AS n").rows[0][0] > 0


@pytest.mark.slow
def test_the_cli_caps_rows_unless_asked_for_all(db: Path) -> None:
    text = "UNWIND range(1, 2500) AS x RETURN x"
    capped = cli("cypher", text, "--db", str(db), "--json")
    assert capped.returncode == 0 and capped.stdout.count('"x"') == 1000
    assert "showing the first 1,000 rows" in capped.stderr and "--all" in capped.stderr
    assert cli("cypher", text, "--db", str(db), "--json", "--all").stdout.count('"x"') == 2500
    assert cli("cypher", text, "--db", str(db), "--json", "--max-rows", "7").stdout.count('"x"') == 7
    whole = cli("cypher", "UNWIND range(1, 1000) AS x RETURN x", "--db", str(db), "--json")
    assert whole.stdout.count('"x"') == 1000 and whole.stderr == ""  # exactly the cap: nothing left
    with kg.open(db, max_rows=5) as g:
        answer = g.cypher(text)
        assert len(answer) == 5 and answer.more
    with kg.open(db) as g:
        assert len(g.cypher(text)) == 2500 and not g.cypher(text).more  # Python: every row by default


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "sigkill"])
def test_ctrl_c_or_sigkill_mid_query_leaves_the_database_usable(db: Path, how: signal.Signals) -> None:
    run = subprocess.Popen(
        # A query that streams (no memory to run out of) and runs far past the signal.
        [sys.executable, "-m", "kg", "cypher", LONG, "--db", str(db), "--timeout", "300"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=at_a_terminal,
    )  # fmt: skip
    time.sleep(4)
    run.send_signal(how)
    _, err = run.communicate(timeout=60)
    if how == signal.SIGINT:
        assert run.returncode == 130 and err.strip().splitlines() == [
            "interrupted; the previous database is unchanged"
        ]
    time.sleep(1)  # the query process (a fork: the same command line) ends with its parent
    assert not _running(str(db))
    _usable(db)


def _running(word: str) -> list[int]:
    """Processes whose command line holds ``word``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and word in (proc / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found
