"""The CLI is a face of the Python API: each command below is one call into it, and this walks
every command against that call, the same question through both giving the same answer."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import kg
from kg.build import BuildReport
from tests.conftest import SEEDS, cli


@pytest.fixture
def two_builds(built: BuildReport, tmp_path: Path) -> tuple[Path, Path]:
    """A database built twice: the seeds, then the seeds less one facts file (two builds kept)."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    db = tmp_path / "kg.lbug"
    kg.build(seeds, db, tmp_path / "out")
    first = sorted((seeds / "facts").glob("*.yaml"))[-1]
    first.unlink()
    kg.build(seeds, db, tmp_path / "out", allow_shrink=True)
    return db, tmp_path / "out" / "soe-kg.json"


def _ok(*args: str) -> str:
    result = cli(*args)
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


@pytest.mark.slow
def test_query_json_and_csv_are_the_results_own(built: BuildReport) -> None:
    with kg.open(built.db_path) as g:
        answer = g.partners("CHN Energy")
    asked = ["query", "partners_of_soe", "--param", "soe=CHN Energy", "--db", str(built.db_path)]
    assert _ok(*asked, "--json") == answer.to_json() + "\n"
    rows = list(csv.reader(io.StringIO(_ok(*asked, "--csv"))))  # the runner reads \r\n as \n
    assert rows == list(csv.reader(io.StringIO(answer.to_csv()))) and len(rows) == len(answer) + 1


def test_cypher_json_is_the_api_answer(built: BuildReport) -> None:
    text = "MATCH (s:SOE) RETURN s.name AS name ORDER BY name LIMIT 3"
    with kg.open(built.db_path) as g:
        rows = g.cypher(text).rows
    assert json.loads(_ok("cypher", text, "--json", "--db", str(built.db_path))) == [
        {"name": r[0]} for r in rows
    ]


@pytest.mark.slow
def test_diff_list_two_files_and_map_are_the_api(two_builds: tuple[Path, Path], tmp_path: Path) -> None:
    db, later = two_builds
    with kg.open(db) as g:
        kept = g.builds()
        assert len(kept) == 2
        listed = _ok("diff", "--list", "--db", str(db))
        for row in kept.rows:
            assert all(str(v) in listed for v in row)
        changes = g.changes()  # this database against the build before it
        assert json.loads(_ok("diff", "--json", "--db", str(db))) == changes.as_dict()
        earlier = g.builds().rows[0][3]
        old = db.with_name(db.name + ".builds") / earlier
        files = g.changes(old, later)
        assert files.summary() != "no changes" and files.new == str(later)
        assert json.loads(_ok("diff", str(old), str(later), "--json")) == files.as_dict()
        page = tmp_path / "changes.html"
        _ok("diff", "--db", str(db), "--map", str(page))
        assert page.read_text(encoding="utf-8") == g.map(changes=changes).html


@pytest.mark.slow
def test_export_and_brief_are_the_api(built: BuildReport, tmp_path: Path) -> None:
    by_cli, by_api = tmp_path / "cli.graphml", tmp_path / "api.graphml"
    _ok("export", "-f", "graphml", "--entity", "CNPC", "--db", str(built.db_path), "-o", str(by_cli))
    with kg.open(built.db_path) as g:
        g.export("graphml", by_api, "CNPC")
        brief = g.brief("CNPC").markdown()
    assert by_cli.read_bytes() == by_api.read_bytes()
    assert _ok("brief", "CNPC", "--db", str(built.db_path)).strip() == brief.strip()


@pytest.mark.slow
def test_eval_is_kg_evaluate() -> None:
    answer = kg.evaluate(SEEDS, relations="surface")
    assert json.loads(_ok("eval", "--seeds", str(SEEDS), "--relations", "surface", "--json")) == json.loads(
        json.dumps(answer.as_dict())
    )
    reviews = kg.evaluate(SEEDS, reviews=True)
    assert json.loads(_ok("eval", "--seeds", str(SEEDS), "--reviews", "--json")) == json.loads(
        json.dumps(reviews.as_dict())
    )
