"""Sources that disagree: both sentences kept, each with what it says, and the build never fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from benchmarks.synthetic import article
from kg.build import ingest
from kg.export import html
from kg.export.json import from_networkx, to_networkx
from tests.conftest import cli


def _article(date: str, day: str, publisher: str, extra: str) -> str:
    return (
        f"---\ntitle: China Mobile and Huawei sign AI pact\npublisher: {publisher}\ndate: {date}\n"
        f"url: https://example.com/{publisher.replace(' ', '-').lower()}\n---\n"
        f"China Mobile signed a strategic cooperation agreement with Huawei on {day}.\n{extra}\n"
    )


def _ingest_two(seeds: Path, tmp_path: Path, first: str, second: str) -> Path:
    """The seeds plus two accepted articles about one agreement, dated ``first`` and ``second``."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "xinhua.txt").write_text(
        _article("2025-03-13", first, "Xinhua", "The two will build computing centres."), "utf-8"
    )
    (inbox / "daily.txt").write_text(
        _article("2025-03-28", second, "China Daily", "Analysts said it would speed things up."), "utf-8"
    )
    db, out = tmp_path / "kg.lbug", tmp_path / "out"
    assert (
        cli("ingest", str(inbox), "--seeds", str(seeds), "--db", str(db), "--out", str(out)).returncode == 0
    )
    reviews = sorted(str(p) for p in (seeds / "review").glob("*.yaml"))
    accept = [a for r in reviews for a in ("--accept", r)]
    done = cli("ingest", *accept, "--seeds", str(seeds), "--db", str(db), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture
def disagreeing(seeds_copy: Path, tmp_path: Path) -> Path:
    _ingest_two(seeds_copy, tmp_path, "March 12, 2025", "March 27, 2025")
    return tmp_path


@pytest.mark.slow
def test_both_dates_are_kept_and_listed(disagreeing: Path) -> None:
    g = kg.open(disagreeing / "kg.lbug")
    rows = g.conflicts().records()
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["source"], row["relationship"], row["target"]) == (
        "China Mobile Communications Group",
        "PARTNERS_WITH",
        "Huawei Technologies",
    )
    assert row["conflict"] == ["date"]
    said = dict(zip(row["doc_ids"], zip(row["says"], row["evidence"], strict=True), strict=True))
    assert said["doc-xinhua"][0] == "date 2025-03-12" and "March 12, 2025" in said["doc-xinhua"][1]
    assert said["doc-daily"][0] == "date 2025-03-27" and "March 27, 2025" in said["doc-daily"][1]
    assert row["date"] == "2025-03-12"  # the earliest-published source's stands
    # The CLI prints the same answer.
    printed = cli("query", "conflicts", "--db", str(disagreeing / "kg.lbug"), "--json")
    assert json.loads(printed.stdout) == rows


@pytest.mark.slow
def test_the_conflict_survives_exports_and_shows_on_the_map(disagreeing: Path) -> None:
    g = kg.open(disagreeing / "kg.lbug")
    graph = g.select(g.view())
    (rel,) = [r for r in graph.relationships if r.provenance.conflict]
    again = from_networkx(to_networkx(graph))
    (back,) = [r for r in again.relationships if r.provenance.conflict]
    assert back.provenance == rel.provenance
    saved = json.loads((disagreeing / "out" / "soe-kg.json").read_text("utf-8"))
    (link,) = [link for link in saved["links"] if link.get("conflict")]
    assert sorted(e["says"] for e in link["evidence"]) == ["date 2025-03-12", "date 2025-03-27"]
    _, details = html.build_network(graph)
    shown = details[f"e:{rel.id}"]
    assert shown["facts"]["sources disagree on"] == "date"
    assert {e["source"].split(" (says ")[1] for e in shown["evidence"]} == {
        "date 2025-03-12)",
        "date 2025-03-27)",
    }


@pytest.mark.slow
def test_one_date_at_two_precisions_is_no_conflict(seeds_copy: Path, tmp_path: Path) -> None:
    db = _ingest_two(seeds_copy, tmp_path, "March 12, 2025", "in March 2025")
    g = kg.open(db)
    assert g.conflicts().records() == []
    (row,) = g.evidence("China Mobile", "Huawei").records()
    assert row["date"] == "2025-03-12" and len(row["evidence"]) == 2  # the more precise date


@pytest.mark.slow
def test_the_benchmark_corpus_always_builds(seeds_copy: Path, tmp_path: Path) -> None:
    """The benchmark's synthetic articles (which state one fact with many dates and topics),
    ingested at 1x, 2x and 4x, every review accepted each time: each build succeeds, and every
    disagreement is listed with each sentence's own value."""
    inbox, db, out, total = tmp_path / "inbox", tmp_path / "kg.lbug", tmp_path / "out", 0
    for size in (160, 320, 640):
        batch = inbox / str(size)
        batch.mkdir(parents=True)
        for i in range(total, size):
            (batch / f"article-{i:04d}.txt").write_text(article(i), "utf-8")
        total = size
        run = ingest([batch], seeds_copy, db=db, out=out, rebuild=size == 640)  # unreviewed, once
        assert not run.report.failed and (run.rebuilt is not None) == (size == 640)
        run = ingest([], seeds_copy, accept=sorted((seeds_copy / "review").glob("*.yaml")), db=db, out=out)
        assert run.rebuilt is not None and not list((seeds_copy / "review").glob("*.yaml"))
        g = kg.open(db)
        rows = g.conflicts().records()
        assert rows and all(len(set(r["says"])) > 1 and len(r["says"]) == len(r["evidence"]) for r in rows)
        assert len(g.select(g.view()).documents) == 5 + size
