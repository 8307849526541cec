"""The Cypher library: runs on the embedded store with asserted answers, and passes Neo4j's front end."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import kg
from kg.build import BuildReport
from kg.errors import KGError
from kg.query import neo4j_lint
from kg.query.library import library_dir, load_library
from kg.seeds.load import SeedSet
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def answers(built: BuildReport) -> dict[str, list[dict[str, object]]]:
    with kg.open(built.db_path) as g:  # through the API: figures come with their text
        return {name: g.run(name, **q.params).records() for name, q in g.library.items()}


def test_every_query_documents_its_question_and_returns() -> None:
    for engine in ("ladybug", "neo4j"):
        for query in load_library(engine).values():
            assert query.question and query.returns, query.path
            for name in query.params:
                assert f"${name}" in query.text, (query.path, name)


@pytest.mark.slow
def test_partners_of_soe(answers: dict[str, list[dict[str, object]]]) -> None:
    rows = answers["partners_of_soe"]
    assert [r["partner"] for r in rows] == ["Hangzhou Hikvision Digital Technology", "Huawei Technologies"]
    assert rows[0]["topic"] == "rapid coal quality testing technology"
    assert any("Hikvision" in q for q in rows[0]["evidence"])  # type: ignore[attr-defined]


def test_policy_targets(answers: dict[str, list[dict[str, object]]]) -> None:
    rows = answers["policy_targets"]
    assert [r["year"] for r in rows] == [2027, 2027, 2030, 2035]
    smart = next(r for r in rows if r["value"] == 70)
    assert (smart["unit"], smart["comparator"], smart["sources"]) == ("%", "exceeding", 2)
    assert {r["issued_by"] for r in rows} == {"State Council of the People's Republic of China"}


def test_document_facts(answers: dict[str, list[dict[str, object]]], seedset: SeedSet) -> None:
    rows = answers["document_facts"]
    triples = {(r["source"], r["relationship"], r["target"]) for r in rows}
    assert ("China Energy Investment Corporation", "PARTNERS_WITH", "Huawei Technologies") in triples
    assert (
        "Li Zhen",
        "HOLDS_ROLE",
        "State-owned Assets Supervision and Administration Commission of the State Council",
    ) in triples
    assert all(r["relationship"] != "MENTIONS" for r in rows)
    expected = [
        r for r in seedset.graph.relationships
        if r.type != "MENTIONS" and "doc-b788352872a1fbc9" in r.provenance.doc_ids
    ]  # fmt: skip
    assert len(rows) == len(expected) > 40
    # only this document's sentences, each of them in its text
    text = (ROOT / "seeds" / seedset.graph.documents[0].path).read_text(encoding="utf-8")
    assert seedset.graph.documents[0].id == "doc-b788352872a1fbc9"
    assert {r["doc_id"] for r in rows} == {"doc-b788352872a1fbc9"}
    assert all(r["evidence"] and all(quote in text for quote in r["evidence"]) for r in rows)


def test_evidence_between(answers: dict[str, list[dict[str, object]]]) -> None:
    rows = answers["evidence_between"]
    assert {r["relationship"] for r in rows} == {"PARTNERS_WITH"}
    assert rows[0]["doc_ids"] == ["doc-b788352872a1fbc9", "doc-b788352872a1fbc9"]
    assert rows[0]["method"] == "curated"


def _lint_available() -> bool:
    return shutil.which("node") is not None and (neo4j_lint.LINT_DIR / "node_modules").is_dir()


_REQUIRED = os.environ.get("SOEKG_REQUIRE_NEO4J_LINT") == "1"
needs_lint = pytest.mark.skipif(
    not _lint_available() and not _REQUIRED,
    reason="Neo4j Cypher check needs Node.js and `npm ci --prefix tools/neo4j-lint` (.ci/run does this)",
)


@pytest.mark.slow
@needs_lint
def test_neo4j_front_end_accepts_every_statement() -> None:
    code, report = neo4j_lint.lint()
    assert code == 0, report
    assert f"{len(neo4j_lint.statements())} statements checked, 0 problems" in report


@pytest.mark.slow
@needs_lint
def test_neo4j_front_end_catches_mistakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(library_dir(), tmp_path / "cypher")
    (tmp_path / "cypher" / "broken.cypher").write_text(
        "// Question: a query with mistakes\nMATCH (s:StateFirm) WHERE s.id = $missing RETURN t.name\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SOEKG_CYPHER", str(tmp_path / "cypher"))
    library = [s for s in neo4j_lint.statements() if s["source"].startswith(str(tmp_path))]  # the files only
    assert any(s["source"].endswith("broken.cypher") for s in library)
    code, report = neo4j_lint.lint(library)
    assert code == 1
    assert "Label StateFirm is not present" in report
    assert "Parameter $missing is not defined" in report
    assert "Variable `t` not defined" in report


def test_every_query_has_an_asserted_answer(answers: dict[str, list[dict[str, object]]]) -> None:
    checks = {
        "company_partners": lambda rows: [r["soe"] for r in rows] == ["China Energy Investment Corporation"],
        "models_by_owner": lambda rows: (
            any(
                r["model"] == "Kunlun Large Model"
                and r["owner"] == "China National Petroleum Corporation"
                and r["parameters"] == 300e9
                and r["parameters_text"] == "300 billion parameters"
                for r in rows
            )
            and any(r["owner"] is None for r in rows)
        ),  # a model no one is recorded with is listed
        "model_history": lambda rows: (
            [r["parameter_history_text"] for r in rows]
            == [["33 billion parameters", "70 billion parameters", "300 billion parameters"]]
        ),
        "platforms_by_owner": lambda rows: any(
            r["platform"] == "AI Huanxin" and r["relationship"] == "LAUNCHES" and r["chips"] == 2200
            for r in rows
        ),
        "infrastructure": lambda rows: (
            rows[0]["location"] == "Chengdu" and rows[0]["intelligent_pflops"] == 1675
        ),
        "data_spaces": lambda rows: (
            rows[0]["hubs_stated"] == 3 and rows[0]["hubs_in_graph"] == ["China Mobile Chengdu hub node"]
        ),
        "agency_directs": lambda rows: (
            {("LAUNCHES", "AI Huanxin"), ("SUPERVISES", "Central SOEs")}
            <= {(r["relationship"], r["target"]) for r in rows}
        ),
        "people_roles": lambda rows: (
            {"Zhang Yuzhuo", "Zhu Songchun", "Li Zhen"} <= {r["person"] for r in rows}
        ),
        "timeline": lambda rows: (
            [r["date"] for r in rows] == sorted(r["date"] for r in rows)
            and ("2025-07", "LAUNCHES") in {(r["date"], r["relationship"]) for r in rows}
        ),
        "events": lambda rows: rows[-1]["date"] == "2026-02-10" and rows[0]["kind"] == "ceremony",
        "initiatives_by_sector": lambda rows: any(
            r["initiative"]
            == "AI inspection and maintenance of power transmission and transformation equipment"
            and r["results"] == ["Fault analysis and handling about 50% more efficient"]
            for r in rows
        ),
        "reported_results": lambda rows: any(r["value"] == 82.5 and r["unit"] == "%" for r in rows),
        "top_connected": lambda rows: (
            len(rows) == 10
            and rows[0]["degree"] >= rows[-1]["degree"]
            and rows[0]["id"] in {"sasac", "central-soes"}
        ),
        "weakly_sourced": lambda rows: (
            all(len(r["documents"]) == 1 for r in rows) and "sasac" not in {r["id"] for r in rows}
        ),
        "shortest_paths": lambda rows: (
            rows[0]["hops"] == 3
            and rows[0]["names"][0] == "Huawei Technologies"
            and "MENTIONS" not in rows[0]["relationships"]
        ),
        "neighbourhood": lambda rows: (
            {"cnpc-kunlun"} <= {"cnpc-kunlun"}
            and max(r["distance"] for r in rows) == 2
            and "kunlun-large-model" in {r["id"] for r in rows if r["distance"] == 1}
        ),
    }
    # the curated seeds agree with each other: tests/test_conflicts.py builds seeds that do not
    asserted = {
        "partners_of_soe",
        "policy_targets",
        "document_facts",
        "evidence_between",
        "conflicts",
        *checks,
    }
    assert asserted == set(answers), set(answers) ^ asserted  # a new query needs its asserted answer
    assert answers["conflicts"] == []
    for name, check in checks.items():
        assert answers[name] and check(answers[name]), name


@pytest.mark.parametrize(
    ("params_line", "message"),
    [
        ("// Param: depth (string) - steps. Example: 2", "must be a parameter declared as 'int LOW..HIGH'"),
        ("// Param: depth (int) - steps. Example: 2", "must be a parameter declared as 'int LOW..HIGH'"),
        ("// Param: depth (date 1..3) - steps. Example: 2", "a parameter line reads"),
        ("// Param: depth (int 1..3) - steps. Example: 7", "parameter 'depth' must be from 1 to 3, got 7"),
        ("// Param: depth (int 1..100) - steps. Example: 7", "may range over at most 10 values"),
    ],
)
def test_pattern_bounds_come_only_from_ranged_numbers(tmp_path: Path, params_line: str, message: str) -> None:
    (tmp_path / "walk.cypher").write_text(
        f"// Question: a walk\n{params_line}\nMATCH (n)-[*1..$depth]-(m) RETURN m.id AS id\n",
        encoding="utf-8",
    )
    with pytest.raises(KGError, match=re.escape(message)):
        load_library("neo4j", tmp_path)


def test_a_ranged_bound_renders_only_checked_numbers(tmp_path: Path) -> None:
    (tmp_path / "walk.cypher").write_text(
        "// Question: a walk\n// Param: depth (int 1..3) - steps. Example: 2\n"
        "MATCH (n)-[*1..$depth]-(m) RETURN m.id AS id\n",
        encoding="utf-8",
    )
    query = load_library("neo4j", tmp_path)["walk"]
    assert query.statement({"depth": "3"}) == ("// Question: a walk\n// Param: depth (int 1..3) - steps. "
                                               "Example: 2\nMATCH (n)-[*1..3]-(m) RETURN m.id AS id\n", {})  # fmt: skip
    for hostile in ("1]-(m) DETACH DELETE m //", "0", "4", "2.5"):
        with pytest.raises(KGError, match="parameter 'depth' must be"):
            query.statement({"depth": hostile})


def test_a_label_alternative_names_every_label_of_the_model() -> None:
    """Neo4j forms find an entity through each label's id constraint, with every label written
    out (Cypher takes no label as a parameter): a type added to the model must be added there."""
    import re

    from kg.model import load_model
    from kg.query.library import library_dir

    every = set(load_model().nodes)
    found = 0
    for path in sorted(library_dir().glob("*.cypher")):
        for alternatives in re.findall(r"\(\w+:(\w+(?:\|\w+)+)\)", path.read_text(encoding="utf-8")):
            assert set(alternatives.split("|")) == every, path.name
            found += 1
    assert found >= 5
