"""One answer however asked: a date that comes through an event is on the fact for the brief,
the timeline, plain Cypher, the exports and the diff; a name of the wrong type says which
query fits; names reach raw Cypher one documented way; labels are checked against the model;
CSV cells, optional bounds and row counts read as a person expects."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import kg
from kg.brief.compose import facts_of
from kg.build import BuildReport
from kg.diff import diff
from kg.errors import KGError
from kg.query.cypher_names import unknown_name
from kg.query.library import load_library
from kg.seeds.load import load_seeds
from tests.conftest import cli

SASAC_2025 = """MATCH (a)-[r]->(b) WHERE (a.id = 'sasac' OR b.id = 'sasac') AND type(r) <> 'MENTIONS'
AND r.date STARTS WITH '2025' RETURN r.id AS id"""


@pytest.fixture(scope="module")
def g(built: BuildReport) -> kg.KG:
    return kg.open(built.db_path)


@pytest.mark.slow
def test_a_date_through_an_event_is_the_same_for_every_reader(g: kg.KG, built: BuildReport) -> None:
    """ "What did SASAC do in 2025?": the brief, the timeline, Cypher, a view and the JSON agree."""
    brief = {f.relationship for f in facts_of(g.brief("SASAC", since="2025", until="2025"))}
    timeline = g.timeline("2025", "2025", entity="SASAC")
    cypher = set(g.cypher(SASAC_2025).column("id"))
    view = g.select(g.view("SASAC", since="2025", until="2025"))
    viewed = {r.id for r in view.relationships if r.type != "MENTIONS" and "sasac" in (r.source, r.target)}
    exported = json.loads(built.outputs[0].read_text(encoding="utf-8"))
    in_json = {e["id"] for e in exported["links"] if "sasac" in (e["source"], e["target"])
               and e["type"] != "MENTIONS" and str(e.get("date", "")).startswith("2025")}  # fmt: skip
    assert len(brief) == len(timeline) == 5
    assert brief == cypher == viewed == in_json
    dated = [r for r in timeline.records() if r["dated_by"]]
    assert {r["dated_by"] for r in dated} == {"Launch of the AI Huanxin platform",
                                              "SASAC article in the first Qiushi issue of the year"}  # fmt: skip
    printed = cli("query", "timeline", "-p", "since=2025", "-p", "until=2025", "-p", "entity=SASAC", "--json",
                  "--db", str(built.db_path))  # fmt: skip
    assert len(json.loads(printed.stdout)) == 5


def test_a_changed_event_date_is_a_changed_fact_date(seeds_copy: Path) -> None:
    before = load_seeds(seeds_copy).graph
    events = seeds_copy / "catalog" / "events.yaml"
    events.write_text(events.read_text("utf-8").replace("date: 2024-10-24", "date: 2024-10-25"), "utf-8")
    changes = diff(before, load_seeds(seeds_copy).graph).changes
    facts = [c for c in changes if c.item == "fact"]
    assert facts and all(c.details == ("date: 2024-10-24 → 2024-10-25",) for c in facts)
    assert {c.type for c in facts} >= {"PARTICIPATES_IN", "ORGANISES", "CONCERNS"}


def test_a_name_of_the_wrong_type_says_which_query_fits(g: kg.KG, built: BuildReport) -> None:
    message = "Huawei is a Company, not an SOE: try company_partners (--param company=Huawei)"
    with pytest.raises(KGError, match=message.replace("(", r"\(").replace(")", r"\)")):
        g.partners("Huawei")
    refused = cli("query", "partners_of_soe", "-p", "soe=Huawei", "--db", str(built.db_path))
    assert refused.returncode == 1 and refused.stderr == f"error: {message}\n" and refused.stdout == ""
    other = cli("query", "company_partners", "-p", "company=CNPC", "--db", str(built.db_path))
    assert other.returncode == 1 and "CNPC is an SOE, not a Company: try partners_of_soe" in other.stderr


@pytest.mark.slow
def test_names_reach_raw_cypher_as_stored(g: kg.KG, built: BuildReport) -> None:
    text = "MATCH (c:Company {name: $n})<-[r:PARTNERS_WITH]-(s) RETURN s.name AS soe"
    assert g.cypher(text, n="Huawei").rows == []  # the stored name is "Huawei Technologies"
    assert g.cypher(text, n=g.name("Huawei")).rows == [["China Energy Investment Corporation"]]
    by_name = cli("cypher", text, "-p", "n=name:华为", "--json", "--db", str(built.db_path))
    by_id = cli("cypher", "MATCH (c {id: $n}) RETURN c.name AS name", "-p", "n=id:Huawei", "--json",
                "--db", str(built.db_path))  # fmt: skip
    assert json.loads(by_name.stdout) == [{"soe": "China Energy Investment Corporation"}]
    assert json.loads(by_id.stdout) == [{"name": "Huawei Technologies"}]
    literal = cli("cypher", "RETURN $n AS n", "-p", 'n="name:Huawei"', "--json", "--db", str(built.db_path))
    assert json.loads(literal.stdout) == [{"n": "name:Huawei"}]  # a JSON string is the text itself
    unknown = cli("cypher", text, "-p", "n=name:Nobody", "--db", str(built.db_path))
    assert unknown.returncode == 1 and "no entity called 'Nobody'" in unknown.stderr


@pytest.mark.parametrize(("query", "message"), [
    ("MATCH (n:Soe) RETURN n.name", "no node label 'Soe' in the model (did you mean SOE?)"),
    ("MATCH (a)-[:partners_with]->(b) RETURN b", "no relationship type 'partners_with' in the model (did you mean PARTNERS_WITH?)"),
    ("MATCH (n) WHERE n:Compnay RETURN n", "no node label 'Compnay' in the model (did you mean Company?)"),
])  # fmt: skip
def test_labels_are_checked_against_the_model(g: kg.KG, built: BuildReport, query: str, message: str) -> None:
    with pytest.raises(KGError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        g.cypher(query)
    refused = cli("cypher", query, "--db", str(built.db_path))
    assert refused.returncode == 1 and refused.stderr == f"error: {message}\n"


def test_every_library_query_names_only_the_models_labels() -> None:
    for engine in ("ladybug", "neo4j"):
        for query in load_library(engine).values():  # type: ignore[arg-type]
            assert unknown_name(query.text) is None, query.path


@pytest.mark.slow
def test_csv_bounds_and_counts_read_as_expected(built: BuildReport) -> None:
    db = ("--db", str(built.db_path))
    printed = cli("query", "timeline", "-p", "since=2026", "--csv", *db)  # no until: to the end
    assert printed.returncode == 0, printed.stderr
    rows = list(csv.DictReader(io.StringIO(printed.stdout)))
    assert rows and all(r["date"] >= "2026" for r in rows) and "null" not in printed.stdout
    assert any(r["date_note"] == "" for r in rows)  # a missing value is an empty cell
    early = cli("query", "timeline", "-p", "until=2024", "--json", *db)  # no since: from the start
    assert early.returncode == 0 and {r["date"][:4] for r in json.loads(early.stdout)} == {"2024"}
    one = cli("cypher", "MATCH (n:SOE {id: 'cnpc'}) RETURN n.name AS name", *db)
    assert one.stdout.rstrip().endswith("1 row") and "1 rows" not in one.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["brief", "SASAC", "--since", "2030"], "no facts about State-owned Assets Supervision"),
    (["brief", "SASAC", "--with", "Huawei"], "no facts about State-owned Assets Supervision and Administration Commission of the State Council and Huawei Technologies"),
    (["brief", "SASAC", "--since", "2026", "--until", "2025"], "the range ends before it starts: since 2026, until 2025"),
    (["query", "timeline", "-p", "since=2026", "-p", "until=2025-06"], "the range ends before it starts"),
    (["brief", "SASAC", "--until", "2025-02-30"], "must be an ISO date"),
    (["cypher", "RETURN $n", "-p", "n=id:Sinopec Group"], "no entity called 'Sinopec Group'"),
])  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(built: BuildReport, tmp_path: Path, args: list[str],
                                                  message: str) -> None:  # fmt: skip
    out = tmp_path / "brief.docx"
    extra = ["-f", "docx", "-o", str(out)] if args[0] == "brief" else []
    refused = cli(*args, *extra, "--db", str(built.db_path))
    assert refused.returncode == 1 and message in refused.stderr, refused.stderr
    assert len(refused.stderr.splitlines()) == 1 and not out.exists()
