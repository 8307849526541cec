"""Files for loading Neo4j by hand: the cypher-shell script and the neo4j-admin CSVs."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from kg.build import BuildReport
from kg.errors import KGError
from kg.export.neo4j_files import cypher_literal, write_admin_csv
from kg.model.records import Entity, KnowledgeGraph
from kg.seeds.load import SeedSet
from tests.conftest import run_cli


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("it's", "'it\\'s'"),
        ("a\\b", "'a\\\\b'"),
        ("line\nbreak\u2028", "'line\\nbreak\\u2028'"),
        ("'}) DETACH DELETE n //", "'\\'}) DETACH DELETE n //'"),
        (3e11, "300000000000.0"),
        ([1, None, False], "[1, null, false]"),
    ],
)
def test_cypher_literals_escape_text(value: object, literal: str) -> None:
    assert cypher_literal(value) == literal


def test_cypher_literal_refuses_what_cypher_cannot_hold() -> None:
    with pytest.raises(ValueError, match="finite"):
        cypher_literal(math.nan)


@pytest.mark.slow
def test_script_export_has_every_row(built: BuildReport, seedset: SeedSet, tmp_path: Path) -> None:
    target = tmp_path / "load.cypher"
    result = run_cli("export", "--format", "cypher", "--db", str(built.db_path), "-o", str(target))
    assert result.returncode == 0, result.stderr
    script = target.read_text(encoding="utf-8")
    assert script.count("CREATE CONSTRAINT") == 18
    for entity in seedset.graph.entities[:20]:
        assert f"`id`: '{entity.id}'" in script
    assert "'Zhang Yuzhuo'" in script and "张玉卓" in script


@pytest.mark.slow
def test_csv_export_for_neo4j_admin(built: BuildReport, seedset: SeedSet, tmp_path: Path) -> None:
    folder = tmp_path / "import"
    result = run_cli("export", "--format", "csv", "--db", str(built.db_path), "-o", str(folder))
    assert result.returncode == 0, result.stderr
    with (folder / "nodes_AIModel.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"id:ID", ":LABEL", "parameters:double", "aliases:string[]"} <= set(rows[0])
    kunlun = next(r for r in rows if r["id:ID"] == "kunlun-large-model")
    assert [float(x) for x in kunlun["parameter_history:double[]"].split("|")] == [33e9, 70e9, 300e9]
    with (folder / "relationships_DEVELOPS.csv").open(encoding="utf-8") as handle:
        rels = list(csv.DictReader(handle))
    assert len(rels) == sum(1 for r in seedset.graph.relationships if r.type == "DEVELOPS")
    assert {":START_ID", ":END_ID", ":TYPE", "evidence:string[]", "evidence_start:long[]"} <= set(rels[0])
    total = sum(1 for p in folder.glob("nodes_*.csv") for _ in p.open(encoding="utf-8")) - len(
        list(folder.glob("nodes_*"))
    )
    assert total == len(seedset.graph.entities) + len(seedset.graph.documents)


def test_csv_refuses_a_value_with_the_array_delimiter(tmp_path: Path) -> None:
    graph = KnowledgeGraph(entities=[Entity(id="x", type="SOE", name="X", aliases=["A|B"])])
    with pytest.raises(KGError, match="array delimiter"):
        write_admin_csv(graph, tmp_path)


def test_csv_cells_a_spreadsheet_would_run_are_inert(tmp_path: Path) -> None:
    """OWASP's advice for every CSV the project writes: text starting with = + - @ gets a '."""
    graph = KnowledgeGraph(entities=[Entity(id="x", type="SOE", name="=HYPERLINK(\"http://x\")", aliases=["@SUM(1)"]),
                                     Entity(id="y", type="SOE", name="Plain")])  # fmt: skip
    write_admin_csv(graph, tmp_path)
    with (tmp_path / "nodes_SOE.csv").open(encoding="utf-8") as handle:
        rows = {r["id:ID"]: r for r in csv.DictReader(handle)}
    assert (
        rows["x"]["name:string"] == '\'=HYPERLINK("http://x")' and rows["x"]["aliases:string[]"] == "'@SUM(1)"
    )
    assert rows["y"]["name:string"] == "Plain"


def _imported(folder: Path) -> dict[str, list[dict[str, object]]]:
    """What ``neo4j-admin import`` reads from each file: per row, each cell typed by its header
    (a number, a list, text, or nothing), rows in id order."""
    out = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        typed = []
        for row in rows:
            cells: dict[str, object] = {}
            for name, cell in row.items():
                kind = name.partition(":")[2]
                if cell == "":
                    continue  # no property
                items = cell.split("|") if kind.endswith("[]") else [cell]
                if kind.removesuffix("[]") in ("double", "long"):
                    items = [float(i) for i in items]  # type: ignore[misc]
                cells[name] = items if kind.endswith("[]") else items[0]
            typed.append(cells)
        out[path.name] = sorted(
            typed, key=lambda r: (str(r.get("id:ID", r.get("id:string"))), str(r.get(":START_ID")))
        )
    return out


@pytest.mark.slow
def test_csv_streamed_from_the_database_imports_as_the_records_do(
    built: BuildReport, seedset: SeedSet, tmp_path: Path
) -> None:
    from kg.export.admin_csv import write_admin_csv_from_db
    from kg.store import EmbeddedStore

    hostile = KnowledgeGraph(entities=[
        Entity(id="x", type="SOE", name='=HYPERLINK("http://x")', aliases=["@SUM(1)", "a,b", 'quote "q"', "line\nbreak"]),
        Entity(id="y", type="SOE", name="Plain", description="-minus, and\r\nmore"),
    ])  # fmt: skip
    EmbeddedStore(tmp_path / "hostile.lbug").write(hostile)
    for graph, db in ((seedset.graph, built.db_path), (hostile, tmp_path / "hostile.lbug")):
        write_admin_csv(graph, tmp_path / "records")
        streamed = write_admin_csv_from_db(db, tmp_path / "streamed")
        assert sorted(p.name for p in streamed) == sorted(
            p.name for p in (tmp_path / "records").glob("*.csv")
        )
        assert _imported(tmp_path / "streamed") == _imported(tmp_path / "records")
        for folder in ("records", "streamed"):
            for path in (tmp_path / folder).glob("*.csv"):
                path.unlink()
    bad = KnowledgeGraph(entities=[Entity(id="x", type="SOE", name="X", aliases=["A|B"])])
    EmbeddedStore(tmp_path / "bad.lbug").write(bad)
    with pytest.raises(KGError, match="SOE x: a list value contains the array delimiter"):
        write_admin_csv_from_db(tmp_path / "bad.lbug", tmp_path / "bad")
    assert not (tmp_path / "bad").exists() or not list((tmp_path / "bad").iterdir())  # all files or none
