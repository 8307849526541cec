"""Builds kept beside the database, and the guard against a build that loses most facts."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kg.build import build
from kg.common.atomic import write_files
from kg.model.records import KnowledgeGraph
from kg.store.snapshots import KEEP, folder, planned, snapshots
from tests.conftest import SEEDS, cli


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_each_build_is_kept_as_its_json(tmp_path: Path) -> None:
    db = tmp_path / "kg.lbug"
    build(SEEDS, db, tmp_path / "out")
    build(SEEDS, db, tmp_path / "out")
    kept = snapshots(db)
    assert len(kept) == 2 and kept[0].facts == kept[1].facts == 180 and kept[0].nodes == 132
    assert kept[-1].path(db).read_text("utf-8") == (tmp_path / "out" / "soe-kg.json").read_text("utf-8")


def test_only_the_last_builds_are_kept(tmp_path: Path) -> None:
    db, start = tmp_path / "kg.lbug", datetime(2026, 1, 1, tzinfo=UTC)
    for day in range(KEEP + 3):
        files, gone = planned(db, KnowledgeGraph(), f"{{{day}}}", start + timedelta(days=day))
        write_files(files)
        for old in gone:
            old.unlink()
    kept = snapshots(db)
    assert [s.built[:10] for s in kept] == [f"2026-01-{d + 1:02d}" for d in range(3, KEEP + 3)]
    assert sorted(p.name for p in folder(db).iterdir()) == sorted([*(s.file for s in kept), "index.json"])


@pytest.mark.slow
def test_a_build_that_loses_most_facts_stops_unless_allowed(seeds_copy: Path, tmp_path: Path) -> None:
    db, out = tmp_path / "kg.lbug", tmp_path / "out"
    assert cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(out)).returncode == 0
    before, index = _digest(db), (folder(db) / "index.json").read_text("utf-8")
    for facts in sorted((seeds_copy / "facts").glob("*.yaml"))[1:]:  # four of the five articles' facts
        facts.unlink()
    refused = cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(out))
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "of the last build's 180 facts" in lines[0] and "--allow-shrink" in lines[0], (
        lines
    )
    assert _digest(db) == before and (folder(db) / "index.json").read_text("utf-8") == index
    allowed = cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(out), "--allow-shrink")
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads((folder(db) / "index.json").read_text("utf-8"))[-1]["facts"] < 90


@pytest.mark.slow
def test_a_database_built_before_builds_were_kept_is_guarded_too(seeds_copy: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "kg.lbug"
    build(SEEDS, db, tmp_path / "out")
    shutil.rmtree(folder(db))
    for facts in sorted((seeds_copy / "facts").glob("*.yaml"))[1:]:
        facts.unlink()
    refused = cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(tmp_path / "out"))
    assert refused.returncode == 1 and "of the last build's 180 facts" in refused.stderr
