"""Names that differ by a number or a version are never one entity by spelling alone; every
merge by spelling is listed where a reviewer looks first; and what ingest proposes does not
depend on how the articles were batched, or on a kill and a rerun."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg.ingest.resolve import FUZZY_THRESHOLD, Resolver
from kg.model.records import Entity
from tests.conftest import SEEDS, run_cli

PAIRS = [
    ("DeepSeek-V2", "DeepSeek-V3", "AIModel"),
    ("Zhiyuan-0", "Zhiyuan-10", "AIModel"),
    ("TeleChat2", "TeleChat3", "AIModel"),
    ("14th Five-Year Plan", "15th Five-Year Plan", "Policy"),
    ("Li Wei0", "Li Wei10", "Person"),
    ("Phase II of the Pilot Programme", "Phase III of the Pilot Programme", "Initiative"),
    ("First Digital Action Plan", "Second Digital Action Plan", "Policy"),
]


@pytest.mark.parametrize(("known", "other", "kind"), PAIRS, ids=[p[1] for p in PAIRS])
def test_names_differing_by_a_number_or_version_never_merge_by_spelling(
    known: str, other: str, kind: str
) -> None:
    resolver = Resolver([Entity(id="known", type=kind, name=known)])
    assert resolver.resolve(other, kind).entity is None
    assert resolver.resolve(known.upper(), kind).entity == "known"  # the same name still resolves


def test_a_misspelling_still_merges_and_is_scored() -> None:
    resolver = Resolver([Entity(id="deepseek-v3", type="AIModel", name="DeepSeek-V3 Large Language Model")])
    decision = resolver.resolve("DeepSeek-V3 Large Languag Model", "AIModel")
    assert (decision.entity, decision.rule) == ("deepseek-v3", "fuzzy") and decision.score >= FUZZY_THRESHOLD


ARTICLES = {
    "a.md": "Beijing Zhiyuan-0 Robotics launched the Zhiyuan-0 model. Li Wei0, chairman of CNPC, spoke.\n",
    "b.md": "Beijing Zhiyuan-10 Robotics launched the Zhiyuan-10 model. Li Wei10, chairman of Sinopec, spoke.\n",
    "c.md": "China Natonal Petroleum Corporation partnered with Huawei on the Zhiyuan-10 model.\n",
}


@pytest.fixture
def news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _seeds(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(SEEDS, target)
    return target


def _tree(seeds: Path) -> dict[str, bytes]:
    """Every seed file's bytes (a review names its own seeds folder: written as SEEDS)."""
    return {str(p.relative_to(seeds)): p.read_bytes().replace(str(seeds).encode(), b"SEEDS")
            for p in sorted(seeds.rglob("*")) if p.is_file() and p.name != ".soekg.lock"}  # fmt: skip


def _ingest(seeds: Path, *paths: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", "ingest", *map(str, paths), "--seeds", str(seeds), "--no-build"],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})})  # fmt: skip


@pytest.mark.slow
def test_one_run_two_batches_and_a_killed_run_propose_the_same(news: Path, tmp_path: Path) -> None:
    one = _seeds(tmp_path, "one")
    assert _ingest(one, news).returncode == 0
    two = _seeds(tmp_path, "two")
    assert _ingest(two, news / "a.md", news / "b.md").returncode == 0
    assert _ingest(two, news / "c.md").returncode == 0
    killed = _seeds(tmp_path, "killed")
    stopped = _ingest(killed, news, env={"SOEKG_TEST_KILL_AT": "4"})  # in the first article's commit
    assert stopped.returncode == -9
    assert _ingest(killed, news).returncode == 0  # finishes the commit, then goes on
    assert _tree(one) == _tree(two) == _tree(killed)
    # and what was proposed keeps the numbered names apart
    b = yaml.safe_load((one / "review" / "b.yaml").read_text(encoding="utf-8"))
    entities = {m["text"]: m["entity"] for m in b["mentions"]}
    assert entities["Zhiyuan-10"] != "zhiyuan-0" and "wei0" not in entities["Li Wei10"]


@pytest.mark.slow
def test_a_merge_by_spelling_is_listed_in_the_summary_and_the_review(news: Path, tmp_path: Path) -> None:
    seeds = _seeds(tmp_path, "seeds")
    result = run_cli("ingest", str(news / "c.md"), "--seeds", str(seeds), "--no-build")
    assert result.returncode == 0, result.stderr
    line = "'China Natonal Petroleum Corporation' taken for cnpc by spelling alone (score"
    assert f"check c.yaml: {line}" in result.stdout
    review = (seeds / "review" / "c.yaml").read_text(encoding="utf-8")
    head = review.split("document:", 1)[0]
    assert "names matched by spelling alone" in head and line in head


@pytest.mark.slow
def test_an_accepted_numbered_name_does_not_absorb_the_next_number(news: Path, tmp_path: Path) -> None:
    seeds = _seeds(tmp_path, "seeds")
    assert run_cli("ingest", str(news / "a.md"), "--seeds", str(seeds), "--no-build").returncode == 0
    accepted = run_cli(
        "ingest", "--accept", str(seeds / "review" / "a.yaml"), "--seeds", str(seeds), "--no-build"
    )
    assert accepted.returncode == 0, accepted.stderr
    assert run_cli("ingest", str(news / "b.md"), "--seeds", str(seeds), "--no-build").returncode == 0
    b = yaml.safe_load((seeds / "review" / "b.yaml").read_text(encoding="utf-8"))
    curated = {
        e["id"] for e in yaml.safe_load((seeds / "catalog" / "ingested.yaml").read_text(encoding="utf-8"))
    }
    assert not [m for m in b["mentions"] if "10" in m["text"] and m["entity"] in curated]
    assert not [m for m in b["mentions"] if m["rule"] == "fuzzy"]
