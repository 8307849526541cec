"""A corpus of hostile text through every path: seeds and ingest in, database, queries and
every export out. The graph keeps it as text; no query is altered; no page runs it."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml

import kg
from kg.errors import KGError
from kg.export.neo4j_files import ARRAY_DELIMITER
from kg.query import neo4j_lint
from tests.conftest import CHROMIUM, Page, run_cli

# Each is a company's name and the topic of its partnership with CNPC.
HOSTILE = [
    "Robert'}) DETACH DELETE n //",
    'Acme"}) MATCH (n) DETACH DELETE n RETURN 1 //',
    "Back`tick`) DETACH DELETE n //",
    "$password and $id Holdings",
    "{id: 'x'} Map Literal Ltd",
    "<script>window.pwned = 1</script> Corp",
    '<img src=x onerror="window.pwned = 2"> Group',
    "javascript:alert(1)",
    '"><svg onload=alert(3)> Technologies',
    "Terminal\x1b[2J\x1b]0;owned\x07 Clearing Co",
    "Bell\x07 and Delete\x7f Ltd",
    "\u202eRTL override gnirts Company",
    "Mark\u200f\u200e Right-to-left Holdings",
    "名字 with 中文 and émojis 🚀 Limited",
    "Back\\slash \\n not a newline Inc",
    "Very Long " + "Name " * 1000 + "Corporation",
]
IDS = [f"hostile-{i}" for i in range(len(HOSTILE))]
DOC_ID = "doc-hostile"


def _sentence(i: int) -> str:
    return f"CNPC signed agreement number {i} with {HOSTILE[i]} on {HOSTILE[-1 - i]}."


def _add_hostile_seeds(seeds: Path) -> None:
    text = "Hostile strings, kept as text\n\n" + "\n".join(_sentence(i) for i in range(len(HOSTILE))) + "\n"
    (seeds / "documents" / "900_hostile.txt").write_text(text, encoding="utf-8")
    meta = {
        "id": DOC_ID,
        "title": "<script>window.pwned = 'title'</script> Daily",
        "publisher": "javascript:alert('publisher')",
        "published": "2025-06-01",
        "date_basis": "stated",
        "language": "en",
        "url": None,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    (seeds / "documents" / "900_hostile.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    catalog = [
        {"id": IDS[i], "type": "Company", "name": name, "aliases": [f"Alias {name}"], "description": name}
        for i, name in enumerate(HOSTILE)
    ]
    (seeds / "catalog" / "hostile.yaml").write_text(
        yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8"
    )
    facts = {
        "document": DOC_ID,
        "facts": [
            {"type": "PARTNERS_WITH", "source": "cnpc", "target": IDS[i], "topic": HOSTILE[-1 - i],
             "evidence": _sentence(i)}
            for i in range(len(HOSTILE))
        ],
    }  # fmt: skip
    (seeds / "facts" / "900_hostile.yaml").write_text(
        yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import shutil

    from tests.conftest import SEEDS

    base = tmp_path_factory.mktemp("hostile")
    seeds = base / "seeds"
    shutil.copytree(SEEDS, seeds)
    _add_hostile_seeds(seeds)
    result = run_cli(
        "build", "--seeds", str(seeds), "--db", str(base / "kg.lbug"), "--out", str(base / "out")
    )
    assert result.returncode == 0, result.stderr
    return {"base": base, "seeds": seeds, "db": base / "kg.lbug", "out": base / "out"}


def _counts(db: Path) -> dict[str, int]:
    with kg.open(db) as g:
        return dict(zip(["nodes", "relationships"], g.cypher(
            "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels").rows[0], strict=True))  # fmt: skip


@pytest.mark.slow
def test_the_database_keeps_hostile_text_as_text(hostile: dict[str, Path]) -> None:
    with kg.open(hostile["db"]) as g:
        rows = g.cypher(
            "MATCH (c:Company) WHERE c.id STARTS WITH 'hostile-' RETURN c.id AS id, c.name AS name"
        )
        assert dict(rows.rows) == dict(zip(IDS, HOSTILE, strict=True))
        for i, name in enumerate(HOSTILE):
            assert g.resolve(name) == IDS[i]  # found by its exact name, like any other
        partners = g.run("company_partners", company=IDS[3]).records()
        assert partners == [{"soe": "China National Petroleum Corporation", "relationship": "PARTNERS_WITH",
                             "topic": HOSTILE[-4], "evidence": [_sentence(3)], "doc_ids": [DOC_ID],
                             "method": "curated"}]  # fmt: skip


@pytest.mark.slow
def test_hostile_parameters_alter_no_query(hostile: dict[str, Path]) -> None:
    before = _counts(hostile["db"])
    with kg.open(hostile["db"]) as g:
        for value in HOSTILE:
            with pytest.raises(KGError, match="is a Company, not an SOE: try company_partners"):
                g.run("partners_of_soe", soe=value)  # a company's name where an SOE is expected
            company = g.run("company_partners", company=value).rows
            assert company and company == g.run("company_partners", company=IDS[HOSTILE.index(value)]).rows
            # a hostile name resolves to its entity like any name: the same rows as its id
            by_id = g.run("evidence_between", a=IDS[HOSTILE.index(value)], b="cnpc").rows
            assert g.run("evidence_between", a=value, b="cnpc").rows == by_id
            assert g.cypher("MATCH (n) WHERE n.name = $name RETURN n.id AS id", name=value).rows == [
                [IDS[HOSTILE.index(value)]]
            ]
    for value in HOSTILE[:4]:  # and from the command line
        result = run_cli(
            "query", "partners_of_soe", "-p", f"soe={value}", "--json", "--db", str(hostile["db"])
        )
        assert result.returncode == 1 and result.stdout == "", result.stderr
        assert (
            len(result.stderr.splitlines()) == 1
            and "\x1b" not in result.stderr
            and "try company_partners" in result.stderr
        )
    assert _counts(hostile["db"]) == before


@pytest.mark.slow
def test_the_terminal_is_shown_controls_not_given_them(hostile: dict[str, Path]) -> None:
    for args in (["--json"], []):
        result = run_cli(
            "query", "company_partners", "-p", f"company={IDS[9]}", *args, "--db", str(hostile["db"])
        )
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    table = run_cli("query", "company_partners", "-p", f"company={IDS[11]}", "--db", str(hostile["db"]))
    assert "\u202e" not in table.stdout and "\\u202e" in table.stdout


@pytest.mark.slow
def test_every_export_round_trips_hostile_text(hostile: dict[str, Path], tmp_path: Path) -> None:
    db = str(hostile["db"])
    names = dict(zip(IDS, HOSTILE, strict=True))
    for fmt in ("json", "graphml", "gexf", "csv", "cypher"):
        target = tmp_path / (f"out.{fmt}" if fmt != "csv" else "csv")
        result = run_cli("export", "--format", fmt, "--db", db, "-o", str(target))
        assert result.returncode == 0, (fmt, result.stderr)
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert {n["id"]: n["name"] for n in data["nodes"] if n["id"] in names} == names
    # XML 1.0 cannot hold C0 control characters, even escaped: GraphML and GEXF write them out.
    in_xml = {k: v.replace("\x1b", "\\x1b").replace("\x07", "\\x07") for k, v in names.items()}
    assert in_xml != names
    for fmt in ("graphml", "gexf"):
        graph = (
            nx.read_graphml(tmp_path / "out.graphml")
            if fmt == "graphml"
            else nx.read_gexf(tmp_path / "out.gexf")
        )
        got = {n: d.get("label") for n, d in graph.nodes(data=True) if n in names}
        assert got == in_xml, fmt
    with (tmp_path / "csv" / "nodes_Company.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id:ID"]: r["name:string"] for r in rows if r["id:ID"] in names} == names
    assert all(ARRAY_DELIMITER not in name for name in HOSTILE)


@pytest.mark.slow
@pytest.mark.skipif(
    not (neo4j_lint.LINT_DIR / "node_modules").is_dir(), reason="npm ci --prefix tools/neo4j-lint"
)
def test_the_exported_script_is_only_data_to_neo4j(hostile: dict[str, Path], tmp_path: Path) -> None:
    from kg.export.neo4j_files import cypher_script

    with kg.open(hostile["db"]) as g:
        graph = g._whole()
    script = cypher_script(graph, batch_size=500)
    checked: list[dict[str, Any]] = [
        {"source": f"hostile script {i}", "query": q, "parameters": {}} for i, q in enumerate(script)
    ]
    code, report = neo4j_lint.lint(checked)
    assert code == 0, report  # every statement parses as the statement we wrote: no text became code
    assert f"{len(checked)} statements checked, 0 problems" in report
    # Strip the string literals (a quote, then escaped characters or anything but a quote): what
    # remains of each statement is the plan's own code, so no hostile text left its literal.
    literal = re.compile(r"'(?:[^'\\]|\\.)*'")
    for written, planned in zip(script, _plan_texts(graph), strict=True):
        code_only = literal.sub("''", written)
        for keyword in ("DETACH DELETE", "MATCH", "RETURN", "CREATE", "SET", "//"):
            assert code_only.count(keyword) == planned.count(keyword), (keyword, planned[:80])


def _plan_texts(graph: Any) -> list[str]:
    from kg.export.neo4j_files import sources_index_statements
    from kg.store.neo4j_plan import load_plan

    return [s.query for s in load_plan(graph, 500)] + sources_index_statements(fresh=True)  # no data in those


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)")
def test_the_map_shows_hostile_text_and_runs_none_of_it(hostile: dict[str, Path], browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    try:
        page = Page(context.new_page()).open(hostile["out"] / "soe-kg.html")
        for i, name in enumerate(HOSTILE[:13]):
            edge = page.js(f"window.soekg.edges.get({{filter: e => e.to === {json.dumps(IDS[i])}}})[0].id")
            # What a click on the relationship does: its facts and sentences in the side panel.
            page.js(f"void window.soekg.network.emit('click', {{nodes: [], edges: [{json.dumps(edge)}]}})")
            details = " ".join(page.page.inner_text("#details").split())  # the browser folds spaces
            assert " ".join(HOSTILE[-1 - i].split())[:60] in details, (i, details[:200])  # the topic
            assert " ".join(_sentence(i).split())[:60] in details, (i, details[:200])  # the evidence
            page.js(f"void window.soekg.network.emit('click', {{nodes: [{json.dumps(IDS[i])}], edges: []}})")
            assert " ".join(name.split())[:60] in " ".join(page.page.inner_text("#details").split())
            assert (
                page.js("document.querySelectorAll('#details img, #details script, #details svg').length")
                == 0
            )
        page.page.fill("#find", "script")
        page.page.press("#find", "Enter")
        assert page.js("window.pwned") is None
        assert page.dialogs == [] and page.remote_requests == [] and page.errors == []
    finally:
        context.close()


@pytest.mark.slow
def test_a_hostile_article_is_ingested_as_text(seeds_copy: Path, tmp_path: Path) -> None:
    body = "\n".join(_sentence(i) for i in range(len(HOSTILE) - 1))
    title = "<script>window.pwned = 'ingest'</script> & \u202eeltit"
    article = tmp_path / "hostile.md"
    article.write_text(f"---\ntitle: {json.dumps(title)}\npublisher: 'Robert}}) DETACH DELETE n //'\n"
                       f"date: 2025-06-01\n---\n{body}\n", encoding="utf-8")  # fmt: skip
    db = tmp_path / "kg.lbug"
    result = run_cli(
        "ingest", str(article), "--seeds", str(seeds_copy), "--db", str(db), "--out", str(tmp_path / "o")
    )
    assert result.returncode == 0, result.stderr
    with kg.open(db) as g:
        row = g.cypher(
            "MATCH (d:Document) WHERE d.title = $t RETURN d.publisher AS p, d.id AS id", t=title
        ).rows
        assert row == [["Robert}) DETACH DELETE n //", "doc-hostile"]]
        assert g.cypher("MATCH (d:Document) RETURN count(d) AS n").rows == [[6]]
    assert (seeds_copy / "documents" / "hostile.txt").read_text(encoding="utf-8") == body + "\n"
    # A link that would run code is refused, with the file named.
    article.write_text("---\nurl: javascript:alert(1)\n---\nSASAC met.\n", encoding="utf-8")
    refused = run_cli("ingest", str(article), "--seeds", str(seeds_copy), "--no-build")
    assert refused.returncode == 1 and str(article) in refused.stderr and "url" in refused.stderr
