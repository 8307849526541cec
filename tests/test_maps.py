"""The HTML maps in a real headless Chromium with the network off.

Screenshots of the seed map and of a neighbourhood view are kept in test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.build import BuildReport
from kg.errors import KGError
from kg.export.html import MAX_NODES, render_html, write_html
from kg.model import load_model
from kg.records import Document, Entity, Evidence, KnowledgeGraph, Provenance, Relationship, relationship_id
from tests.conftest import CHROMIUM, ROOT, Page, run_cli

ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not installed (apt-get install chromium); .ci/run installs it"
)


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 950}, offline=True)
    yield Page(context.new_page())
    context.close()


VISIBLE = "[window.soekg.nodes.get({filter: n => !n.hidden}).length, window.soekg.edges.get({filter: e => !e.hidden}).length]"


@pytest.mark.slow
def test_seed_map_offline(page: Page, built: BuildReport) -> None:
    page.open(built.outputs[1])
    assert page.remote_requests == [] and page.errors == []
    nodes, edges = page.js("[window.soekg.nodes.length, window.soekg.edges.length]")
    rel_types = load_model().relationships
    node_types = load_model().nodes
    assert (nodes, edges) == (
        sum(v for k, v in built.counts.items() if k in node_types),
        sum(v for k, v in built.counts.items() if k in rel_types),
    )
    drawn = page.js("Object.keys(window.soekg.network.getPositions()).length")
    assert drawn == page.js(VISIBLE)[0] == nodes - 5  # the five source documents start hidden
    assert page.js("document.querySelectorAll('#legend .legend-item').length") >= 15
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.wait_for_timeout(3000)
    page.page.screenshot(path=str(ARTIFACTS / "seed-map.png"))


@pytest.mark.slow
def test_filters_and_details(page: Page, built: BuildReport) -> None:
    page.open(built.outputs[1])
    before = page.js(VISIBLE)
    page.page.locator("#legend label", has_text="SOE").first.locator("input").uncheck()
    assert page.js("window.soekg.nodes.get({filter: n => n.group === 'SOE' && !n.hidden}).length") == 0
    assert page.js(VISIBLE)[0] < before[0]
    page.page.fill("#find", "Kunlun")
    page.page.press("#find", "Enter")
    details = page.page.inner_text("#details")
    assert "Kunlun Large Model" in details and "300 billion parameters" in details


@pytest.mark.slow
def test_neighbourhood_view(page: Page, built: BuildReport, tmp_path: Path) -> None:
    target = tmp_path / "cnpc.html"
    result = run_cli("export", "-f", "html", "--entity", "CNPC", "--depth", "2", "--db", str(built.db_path),
                     "-o", str(target))  # fmt: skip
    assert result.returncode == 0, result.stderr
    page.open(target)
    assert page.remote_requests == [] and page.errors == []
    nodes = page.js("window.soekg.nodes.get().map(n => n.id)")
    assert "cnpc" in nodes and "kunlun-large-model" in nodes and "huawei" not in nodes
    page.page.wait_for_timeout(2000)
    page.page.screenshot(path=str(ARTIFACTS / "cnpc-neighbourhood.png"))


HOSTILE = ('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
           '<a href="javascript:window.pwned = 3">link</a>')  # fmt: skip


def test_hostile_document_runs_nothing(page: Page, tmp_path: Path) -> None:
    doc = Document(id="doc-evil", title=HOSTILE, publisher="javascript:alert(1)", url="https://example.com/evil?x=1&y=2",
                   sha256="0" * 64, path="evil.txt")  # fmt: skip
    ev = Evidence(doc_id="doc-evil", quote=HOSTILE, start=0, end=len(HOSTILE))
    graph = KnowledgeGraph(
        documents=[doc],
        entities=[Entity(id="evil", type="SOE", name=HOSTILE, description=HOSTILE), Entity(id="b", type="Company", name="B")],
        relationships=[Relationship(id=relationship_id("PARTNERS_WITH", "evil", "b"), type="PARTNERS_WITH",
                                    source="evil", target="b", properties={"topic": HOSTILE},
                                    provenance=Provenance(evidence=[ev]))],
    )  # fmt: skip
    page.open(write_html(graph, tmp_path / "evil.html"))
    page.page.fill("#find", "script")
    page.page.press("#find", "Enter")
    page.js("window.soekg.network.selectEdges([window.soekg.edges.get()[0].id])")
    assert page.js("window.pwned") is None
    assert page.dialogs == [] and page.remote_requests == []
    assert page.js("document.querySelectorAll('#details img, #details script, #details a').length") == 0
    assert "<script>window.pwned = 1</script>" in page.page.inner_text("#details")


def _synthetic(nodes: int, edges: int) -> KnowledgeGraph:
    doc = Document(id="doc-s", title="synthetic", sha256="0" * 64, path="s.txt")
    ev = Evidence(doc_id="doc-s", quote="x", start=0, end=1)
    soes = [Entity(id=f"s{i}", type="SOE", name=f"SOE {i}") for i in range(nodes // 2)]
    companies = [Entity(id=f"c{i}", type="Company", name=f"Company {i}") for i in range(nodes - nodes // 2)]
    rels = []
    for k in range(edges):
        a, b = f"s{(k * 7) % len(soes)}", f"c{(k * 13 + k // len(soes)) % len(companies)}"
        rels.append(Relationship.model_construct(id=f"r{k}", type="PARTNERS_WITH", source=a, target=b,
                                                 properties={}, provenance=Provenance(evidence=[ev])))  # fmt: skip
    return KnowledgeGraph.model_construct(documents=[doc], entities=soes + companies, relationships=rels)


@pytest.mark.slow
def test_large_graph_becomes_interactive(page: Page, tmp_path: Path) -> None:
    path = tmp_path / "large.html"
    path.write_text(render_html(_synthetic(3_000, 6_000)), encoding="utf-8")
    page.open(path)
    assert page.js("window.soekg.data.options.physics.enabled") is False  # positions computed beforehand
    assert page.js("window.soekg.nodes.get({filter: n => n.x === undefined && !n.hidden}).length") == 0
    assert page.errors == [] and page.remote_requests == []


@pytest.mark.slow
# each side of each layout boundary (the synthetic graph adds one document node, hidden at first)
@pytest.mark.parametrize("nodes", [1, 400, 401, 2_000, 2_001, MAX_NODES - 1])
def test_every_size_writes_with_positions_and_no_scipy(nodes: int) -> None:
    import sys

    html = render_html(_synthetic(nodes, 2 * nodes if nodes > 1 else 0))
    assert html.count('"x": ') >= (nodes if nodes > 400 else 0)  # laid out here above 400 shown
    assert "scipy" not in sys.modules  # not a dependency: a clean install has none


def test_too_large_is_refused_with_advice() -> None:
    with pytest.raises(KGError, match=r"narrow it with --entity/--depth or a filter"):
        render_html(_synthetic(MAX_NODES + 10, 10))


@pytest.mark.slow
def test_views_from_cypher_and_the_api(page: Page, built: BuildReport, tmp_path: Path) -> None:
    target = tmp_path / "partners.html"
    result = run_cli("export", "-f", "html", "--db", str(built.db_path), "-o", str(target), "--cypher",
                     "MATCH (s:SOE)-[:PARTNERS_WITH]-(c) RETURN c.id AS id UNION MATCH (s:SOE)-[:PARTNERS_WITH]-(c) RETURN s.id AS id")  # fmt: skip
    assert result.returncode == 0, result.stderr
    page.open(target)
    entities = page.js("window.soekg.nodes.get({filter: n => n.group !== 'Document'}).map(n => n.id).sort()")
    assert entities == ["chn-energy", "hikvision", "huawei"]
    bad = run_cli(
        "export", "-f", "html", "--db", str(built.db_path), "--cypher", "MATCH (n:SOE) RETURN n.name"
    )
    assert bad.returncode == 1 and "must return an id column" in bad.stderr

    import kg

    with kg.open(built.db_path) as g:
        saved = g.map("CNPC", depth=1, rel_types={"DEVELOPS"}).save(tmp_path / "develops.html")
    page.open(saved)
    assert page.js("window.soekg.edges.get({filter: e => e.relType !== 'MENTIONS'}).map(e => e.relType)") == [
        "DEVELOPS"
    ]
