"""What an analyst reads: names work everywhere, the CLI gives the API's rows, tables survive a pipe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kg
from kg.build import BuildReport
from kg.errors import KGError
from kg.query.library import load_library
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def g(built: BuildReport) -> kg.KG:
    return kg.open(built.db_path)


def _entity_params() -> list[tuple[str, str]]:
    return [
        (q.name, p)
        for q in load_library().values()
        for p, kind in q.param_types.items()
        if kind in ("entity", "document")
    ]


def test_every_entity_parameter_is_declared_as_one() -> None:
    # an id-taking parameter left as a plain string would answer a name with nothing, silently
    plain = [(q.name, p) for q in load_library().values() for p, k in q.param_types.items()
             if k == "string" and re.search(r"\bid\b", q.param_help[p])]  # fmt: skip
    assert plain == [] and len(_entity_params()) >= 9


def _as_typed(g: kg.KG, node_id: str) -> str:
    """What an analyst would type for a node: a document's file stem, an entity's Chinese name
    where it has one, else its name."""
    name, name_zh, path = g.cypher(
        "MATCH (n) WHERE n.id = $id RETURN n.name, n.name_zh, n.path", id=node_id
    ).rows[0]
    return Path(path).stem if path else name_zh or name


@pytest.mark.parametrize(("query", "param"), _entity_params())
def test_a_name_gives_what_the_id_gives(g: kg.KG, query: str, param: str) -> None:
    q = g.library[query]
    ids = {p: v for p, v in q.params.items() if p not in q.defaults}
    ids.setdefault(param, "sasac")  # an optional entity filter ("*" by default): narrow it to one
    names = {**ids, param: _as_typed(g, ids[param])}
    assert names[param] != ids[param]
    by_id, by_name = g.run(query, **ids), g.run(query, **names)
    assert by_name.rows == by_id.rows and len(by_id) > 0


@pytest.mark.slow
def test_a_library_query_takes_a_name_through_the_cli_as_through_the_api(
    g: kg.KG, built: BuildReport
) -> None:
    api = g.run("partners_of_soe", soe="CHN Energy").records()
    cli = run_cli("query", "partners_of_soe", "-p", "soe=CHN Energy", "--json", "--db", str(built.db_path))
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == api and len(api) == 2


@pytest.mark.parametrize(
    ("name", "types", "message"),
    [
        ("Sinopec", ["SOE"], "no entity called 'Sinopec' (close matches: none)"),
        (
            "China Mobil",
            ["SOE"],
            "no entity called 'China Mobil' (close matches: China Mobile Communications",
        ),
        ("000_nosuch", ["Document"], "no document called '000_nosuch'"),
    ],
)
def test_an_unknown_name_is_one_clear_error(g: kg.KG, name: str, types: list[str], message: str) -> None:
    with pytest.raises(KGError) as caught:
        g.resolve(name, types=types)
    text = str(caught.value)
    assert text.startswith(message)
    shown = re.findall(r"\(([a-z0-9-]+), \w+\)", text)
    assert len(shown) == len(set(shown))  # each entity once


def test_close_matches_rank_the_expected_type_first(g: kg.KG) -> None:
    with pytest.raises(KGError) as caught:
        g.resolve("China Mobil Chengdu", types=["SOE"])
    first = re.findall(r"\(([a-z0-9-]+), (\w+)\)", str(caught.value))[0]
    assert first[1] == "SOE"


@pytest.mark.slow
def test_an_unknown_name_in_the_cli_is_one_line_and_exit_1(built: BuildReport) -> None:
    result = run_cli("query", "partners_of_soe", "-p", "soe=Sinopec", "--db", str(built.db_path))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == ["error: no entity called 'Sinopec' (close matches: none)"]


# --- user Cypher ----------------------------------------------------------------------------------


def test_neo4j_spellings_and_written_column_names_on_the_embedded_store(g: kg.KG) -> None:
    result = g.cypher(
        "MATCH (s:SOE {id: $id})-[r]->(m:AIModel) RETURN labels(m), type(r), labels(s)[0], m.name ORDER BY m.name",
        id="cnpc",
    )
    assert result.columns == ["labels(m)", "type(r)", "labels(s)[0]", "m.name"]
    assert result.rows[0][:3] == [["AIModel"], "DEVELOPS", "SOE"]


@pytest.mark.slow
def test_the_help_example_of_soekg_cypher_runs(built: BuildReport) -> None:
    helped = run_cli("cypher", "--help")
    example = re.search(r'Example: soekg cypher "(.+?)"', " ".join(helped.stdout.split()))
    assert example, helped.stdout
    result = run_cli("cypher", example[1], "--json", "--db", str(built.db_path))
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) >= 2


# --- tables that survive a pipe ---------------------------------------------------------------------


@pytest.mark.slow
def test_a_piped_table_cuts_nothing(g: kg.KG, built: BuildReport, tmp_path: Path) -> None:
    result = run_cli("query", "document_facts", "-p", "doc=doc-b788352872a1fbc9", "--db", str(built.db_path))
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout
    lines = result.stdout.splitlines()
    header = lines[1]
    for column in g.run("document_facts", doc="doc-b788352872a1fbc9").columns:
        assert f" {column} " in header
    for record in g.document("doc-b788352872a1fbc9").records():
        for quote in record["evidence"]:
            assert quote in result.stdout  # each sentence whole, on one line
        assert record["doc_id"] in result.stdout


# --- the small traps ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_view_that_selects_nothing_writes_nothing(built: BuildReport, tmp_path: Path) -> None:
    target = tmp_path / "empty.html"
    result = run_cli("export", "-f", "html", "--entity", "CNPC", "--since", "2090", "-o", str(target),
                     "--db", str(built.db_path))  # fmt: skip
    assert result.returncode == 1 and not target.exists()
    assert result.stderr.splitlines() == [
        "error: the view selects nothing (around cnpc, depth 1; dated from 2090); nothing was written"
    ]


@pytest.mark.slow
def test_export_takes_a_document_by_its_file_stem(built: BuildReport, tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    result = run_cli("export", "-f", "json", "--document", "000_b788352872a1fbc9", "-o", str(target),
                     "--db", str(built.db_path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    links = json.loads(target.read_text())["links"]
    facts = [link for link in links if link["type"] != "MENTIONS"]
    assert facts and all(any(e["doc_id"] == "doc-b788352872a1fbc9" for e in f["evidence"]) for f in facts)


def test_a_map_saves_to_a_path_given_as_text(g: kg.KG, tmp_path: Path) -> None:
    saved = g.map("CNPC").save(str(tmp_path / "cnpc.html"))
    assert saved == tmp_path / "cnpc.html" and "Kunlun Large Model" in saved.read_text(encoding="utf-8")


@pytest.mark.slow
def test_benchmarks_refuse_an_unknown_name() -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    result = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "nosuch"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 2 and result.stdout == ""
    assert "--only: no benchmark 'nosuch'" in result.stderr
