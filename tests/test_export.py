"""Exports: node-link JSON through networkx, and the HTML map (escaping, offline, in a browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from kg.build import BuildReport
from kg.export import from_networkx, write_html
from kg.export.html import render_html
from kg.model.records import (
    Document,
    Entity,
    Evidence,
    KnowledgeGraph,
    Provenance,
    Relationship,
    relationship_id,
)
from kg.seeds.load import SeedSet

HOSTILE = '</script><script>document.body.dataset.pwned="1"</script><img src=x onerror="document.body.dataset.pwned=2">'


def test_json_is_node_link_with_links(built: BuildReport) -> None:
    data = json.loads((built.outputs[0]).read_text(encoding="utf-8"))
    assert {"nodes", "links", "directed", "multigraph"} <= data.keys()
    node = next(n for n in data["nodes"] if n["id"] == "kunlun-large-model")
    assert {"id", "type", "name", "aliases"} <= node.keys()
    assert node["parameters"] == {"value": 300e9, "unit": "parameters", "qualifier": "exact"}
    assert node["parameters_text"] == "300 billion parameters"  # as an analyst reads it
    link = next(x for x in data["links"] if x["type"] == "DEVELOPS" and x["source"] == "cnpc")
    assert link["method"] == "curated"
    assert link["evidence"][0]["quote"].startswith("China National Petroleum Corporation")


def test_json_round_trips_through_networkx(built: BuildReport, seedset: SeedSet) -> None:
    data = json.loads(built.outputs[0].read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="links")
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(seedset.graph.documents) + len(seedset.graph.entities)
    assert g.number_of_edges() == len(seedset.graph.relationships)
    assert from_networkx(g).canonical() == seedset.graph.canonical()


def _hostile_graph() -> KnowledgeGraph:
    doc = Document(
        id="doc-evil", title=HOSTILE, publisher="javascript:alert(1)", sha256="0" * 64, path="d.txt"
    )
    a = Entity(id="evil-soe", type="SOE", name=HOSTILE, aliases=["`}) DETACH DELETE n //"])
    b = Entity(id="evil-co", type="Company", name="<b>bold</b>")
    ev = Evidence(doc_id="doc-evil", quote=HOSTILE, start=0, end=len(HOSTILE))
    rel = Relationship(
        id=relationship_id("PARTNERS_WITH", "evil-soe", "evil-co"),
        type="PARTNERS_WITH",
        source="evil-soe",
        target="evil-co",
        properties={"topic": HOSTILE},
        provenance=Provenance(evidence=[ev]),
    )
    return KnowledgeGraph(documents=[doc], entities=[a, b], relationships=[rel])


def test_html_escapes_document_text(tmp_path: Path) -> None:
    html = write_html(_hostile_graph(), tmp_path / "evil.html").read_text(encoding="utf-8")
    assert "<script>document.body" not in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html
    # As many script tags as a page of an empty graph: the hostile text added none.
    assert html.count("<script") == render_html(KnowledgeGraph()).count("<script")


def test_html_loads_nothing_from_the_network(built: BuildReport) -> None:
    html = built.outputs[1].read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "@import" not in html


def test_desktop_exports_give_each_figure_in_words(seedset: SeedSet, tmp_path: Path) -> None:
    from kg.export.desktop import write_gexf, write_graphml

    graphml = nx.read_graphml(write_graphml(seedset.graph, tmp_path / "g.graphml"))
    kunlun = graphml.nodes["kunlun-large-model"]
    assert (kunlun["parameters"], kunlun["parameters_unit"]) == (300e9, "parameters")
    assert kunlun["parameters_text"] == "300 billion parameters"
    texts = [v for _, data in graphml.nodes(data=True) for k, v in data.items() if k.endswith("_text")]
    assert any(t.startswith("more than ") for t in texts)  # qualifiers kept ("more than 4,700 models")
    gexf = nx.read_gexf(write_gexf(seedset.graph, tmp_path / "g.gexf"))
    assert gexf.nodes["kunlun-large-model"]["parameters_text"] == "300 billion parameters"
