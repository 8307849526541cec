"""Long work says what it is doing: ingest, accept and build report their steps to the API's
``progress`` callback, and the command draws them on a terminal and stays quiet when piped."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build, ingest
from tests.conftest import ROOT, SEEDS, run_cli

ARTICLE = ROOT / "examples" / "news" / "sinopec-baidu.md"
STEPS = (
    "reading sinopec-baidu.md",
    "preparing the extraction rules",
    "reading the seeds",
    "writing the database",
)


def _in_a_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run ``soekg ARGS`` with its standard output and error on a pseudo-terminal: everything
    it drew there."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    child = subprocess.Popen([sys.executable, "-m", "kg", *args], stdin=subprocess.DEVNULL, stdout=follower,
                             stderr=follower, cwd=cwd, env=env)  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    code = child.wait(timeout=300)
    os.close(leader)
    return code, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_the_api_reports_each_step(seeds_copy: Path, tmp_path: Path) -> None:
    heard: list[tuple[str, int, int | None]] = []
    build(seeds_copy, tmp_path / "kg.lbug", tmp_path / "out", progress=lambda *step: heard.append(step))
    assert [what for what, _, _ in heard] == ["reading the seeds", "drawing the map", "writing the database"]
    article = tmp_path / ARTICLE.name
    shutil.copy(ARTICLE, article)
    heard.clear()
    run = ingest([article], seeds_copy, db=tmp_path / "kg.lbug", out=tmp_path / "out",
                 progress=lambda *step: heard.append(step))  # fmt: skip
    assert run.report is not None and run.report.added
    said = [what for what, _, _ in heard]
    assert said[:3] == [
        "reading sinopec-baidu.md",
        "preparing the extraction rules",
        "reading sinopec-baidu.md",
    ]
    assert ("articles read", 1, 1) in heard and "writing the database" in said  # then the rebuild
    heard.clear()
    review = seeds_copy / "review" / "sinopec-baidu.yaml"
    ingest([], seeds_copy, accept=[review], db=tmp_path / "kg.lbug", out=tmp_path / "out",
           progress=lambda *step: heard.append(step))  # fmt: skip
    assert heard[0] == ("accepting sinopec-baidu.yaml", 0, 1)
    assert ("checking the seeds with the reviews accepted", 1, 1) in heard


@pytest.mark.slow
def test_the_command_draws_progress_on_a_terminal_and_is_quiet_when_piped(tmp_path: Path) -> None:
    for where in ("terminal", "pipe"):
        folder = tmp_path / where
        shutil.copytree(SEEDS, folder / "seeds")
        (folder / "news").mkdir()
        shutil.copy(ARTICLE, folder / "news" / ARTICLE.name)
        args = ("ingest", "news", "--db", "kg.lbug", "--out", "out")
        if where == "terminal":
            code, drawn = _in_a_terminal(*args, cwd=folder)
            assert code == 0, drawn
            assert all(step in drawn for step in STEPS), drawn
            assert "rebuilt kg.lbug" in drawn  # the summary still follows, the progress cleared
        else:
            piped = run_cli(*args, cwd=folder)
            assert piped.returncode == 0, piped.stderr
            assert not any(step in piped.stdout + piped.stderr for step in STEPS)
            assert "\x1b[" not in piped.stdout + piped.stderr and piped.stderr == ""
