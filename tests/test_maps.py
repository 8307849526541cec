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
from kg.model.records import (
    Document,
    Entity,
    Evidence,
    KnowledgeGraph,
    Provenance,
    Relationship,
    relationship_id,
)
from tests.conftest import CHROMIUM, ROOT, Page, offline_page, run_cli

ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not installed (apt-get install chromium); .ci/run installs it"
)


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    with offline_page(browser, 1500, 950) as page:
        yield page


VISIBLE = "[window.soekg.nodes.get({filter: n => !n.hidden}).length, window.soekg.edges.get({filter: e => !e.hidden}).length]"
# What vis-network actually draws for each shown node: its resolved options and its label's box.
DRAWN = """Object.fromEntries(window.soekg.nodes.get({filter: n => !n.hidden}).map(n => {
  const net = window.soekg.network, drawn = net.body.nodes[n.id], m = drawn.labelModule, s = m.size;
  const v = m.fontOptions.vadjust || 0;  // a name moved above its node is drawn that much higher
  const a = net.canvasToDOM({x: s.left, y: s.top + v}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + v + s.height});
  return [n.id, {type: n.nodeType, background: drawn.options.color.background, color: drawn.options.color.border,
                 dashed: !!drawn.options.shapeProperties.borderDashes, border: drawn.options.borderWidth,
                 candidate: !!n.candidate, label: drawn.options.label, visible: m.visible(),
                 px: m.fontOptions.size * net.getScale(), box: [a.x, a.y, b.x, b.y]}];
}))"""
DRAWN_EDGES = """window.soekg.edges.get({filter: e => !e.hidden}).map(e => {
  const drawn = window.soekg.network.body.edges[e.id].options;
  return {type: e.relType, color: drawn.color.color, dashed: drawn.dashes !== false, unreviewed: !!e.unreviewed};
})"""


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
    assert page.js("window.soekg.nodes.get({filter: n => n.nodeType === 'SOE' && !n.hidden}).length") == 0
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
    # The focus: the biggest node drawn, ringed, its name marked and drawn, named in the panel.
    sizes = page.js(
        "Object.fromEntries(window.soekg.nodes.get({filter: n => !n.hidden})"
        ".map(n => [n.id, window.soekg.network.body.nodes[n.id].shape.width || 0]))"
    )
    assert max(sizes, key=sizes.get) == "cnpc"
    assert all(sizes["cnpc"] > 1.2 * size for node, size in sizes.items() if node != "cnpc")
    drawn = page.js(DRAWN)["cnpc"]
    assert drawn["border"] == 5 and drawn["label"].startswith("◉ ") and drawn["visible"]
    assert "Centred on China National Petroleum Corporation" in page.page.inner_text("#focus")
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
    entities = page.js(
        "window.soekg.nodes.get({filter: n => n.nodeType !== 'Document'}).map(n => n.id).sort()"
    )
    assert entities == ["chn-energy", "hikvision", "huawei"]
    bad = run_cli(
        "export", "-f", "html", "--db", str(built.db_path), "--cypher", "MATCH (n:SOE) RETURN n.name"
    )
    assert bad.returncode == 1 and "returns no id column" in bad.stderr

    import kg

    with kg.open(built.db_path) as g:
        saved = g.map("CNPC", depth=1, rel_types={"DEVELOPS"}).save(tmp_path / "develops.html")
    page.open(saved)
    assert page.js("window.soekg.edges.get({filter: e => e.relType !== 'MENTIONS'}).map(e => e.relType)") == [
        "DEVELOPS"
    ]


STYLES = f"""({{
  legend: Object.fromEntries(window.soekg.data.legend.map(i => [i.type, i.color])),
  lines: Object.fromEntries(window.soekg.data.relTypes.map(i => [i.type, i.color])),
  nodes: {DRAWN}, edges: {DRAWN_EDGES}, visible: {VISIBLE},
  total: [window.soekg.nodes.length, window.soekg.edges.length],
  stats: document.getElementById("stats").textContent,
}})"""


def _check_styles(page: Page, what: str) -> None:
    """Every shown node and edge drawn as the legend says; the header counts what is shown."""
    drawn = page.js(STYLES)  # one round trip: this runs after every filter switched
    legend, lines = drawn["legend"], drawn["lines"]
    for node_id, node in drawn["nodes"].items():
        assert node["color"] == legend[node["type"]], f"{what}: {node_id} border"
        fill = "#ffffff" if node["candidate"] else legend[node["type"]]
        assert node["background"] == fill, f"{what}: {node_id}"
        assert node["dashed"] == node["candidate"], f"{what}: {node_id} border style"
    for edge in drawn["edges"]:
        assert edge["color"] == lines[edge["type"]], f"{what}: {edge['type']} colour"
        assert edge["dashed"] == edge["unreviewed"], f"{what}: a dotted line must mean unreviewed"
    (nodes, edges), (total_nodes, total_edges) = drawn["visible"], drawn["total"]
    expected = f"{nodes} of {total_nodes} nodes · {edges} of {total_edges} relationships shown"
    assert drawn["stats"] == expected, what


def _reviewed_and_not() -> KnowledgeGraph:
    """A graph with one reviewed and one unreviewed fact, and one candidate entity."""
    doc = Document(id="doc-r", title="r", sha256="0" * 64, path="r.txt")
    ev = Evidence(doc_id="doc-r", quote="x", start=0, end=1)
    ents = [Entity(id="a", type="SOE", name="A"), Entity(id="b", type="Company", name="B"),
            Entity(id="c", type="Company", name="C", candidate=True)]  # fmt: skip
    rels = [Relationship(id=relationship_id("PARTNERS_WITH", "a", "b"), type="PARTNERS_WITH", source="a", target="b",
                         provenance=Provenance(evidence=[ev])),
            Relationship(id=relationship_id("PARTNERS_WITH", "a", "c"), type="PARTNERS_WITH", source="a", target="c",
                         provenance=Provenance(evidence=[ev], method="rule", confidence=0.6))]  # fmt: skip
    return KnowledgeGraph(documents=[doc], entities=ents, relationships=rels)


@pytest.mark.slow
def test_every_filter_keeps_every_style(page: Page, built: BuildReport, tmp_path: Path) -> None:
    """Toggle every filter off and on again: colours, shapes and line styles never change."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.open(built.outputs[1])
    _check_styles(page, "as opened")
    boxes = page.page.locator("#legend input, #rel-types input")
    page.page.click("#rel-types >> xpath=..")  # open the relationship types
    for i in range(boxes.count()):
        box = boxes.nth(i)
        label = box.get_attribute("aria-label")
        box.uncheck()
        _check_styles(page, f"{label} hidden")
        box.check()
        _check_styles(page, f"{label} shown again")
    for toggle in ("#show-docs", "#only-unreviewed"):
        page.page.check(toggle)
        _check_styles(page, f"{toggle} on")
        page.page.screenshot(path=str(ARTIFACTS / f"seed-map{toggle.replace('#', '-')}.png"))
        page.page.uncheck(toggle)
        _check_styles(page, f"{toggle} off")
    assert page.errors == []
    page.page.screenshot(path=str(ARTIFACTS / "seed-map-after-filters.png"))
    # A graph with unreviewed items: dotted only there, hollow only the candidate.
    page.open(write_html(_reviewed_and_not(), tmp_path / "review.html"))
    edges = page.js(DRAWN_EDGES)
    assert sorted(e["dashed"] for e in edges) == [False, True]
    page.page.check("#only-unreviewed")
    _check_styles(page, "only unreviewed")
    assert sorted(page.js("window.soekg.nodes.get({filter: n => !n.hidden}).map(n => n.id)")) == ["a", "c"]


@pytest.mark.slow
def test_whole_map_is_legible_at_1600_by_1000(browser: Any, built: BuildReport) -> None:
    """At the first view, names are drawn for the hubs at a readable size and never overlap;
    zooming in brings more names."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, offline=True)
    page = Page(context.new_page()).open(built.outputs[1])
    drawn = {k: v for k, v in page.js(DRAWN).items() if v["visible"]}
    assert len(drawn) >= 15
    assert min(v["px"] for v in drawn.values()) >= 12  # on screen, in CSS pixels
    boxes = [v["box"] for v in drawn.values()]
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[:i]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]  # fmt: skip
    assert overlaps == []
    for hub in ("central-soes", "sasac", "china-mobile"):  # the best-connected are named
        assert hub in drawn
    page.page.screenshot(path=str(ARTIFACTS / "seed-map-1600x1000.png"))
    page.js("window.soekg.network.moveTo({scale: window.soekg.network.getScale() * 2.5, animation: false})")
    zoomed = [k for k, v in page.js(DRAWN).items() if v["visible"]]
    assert len(zoomed) > len(drawn) * 2
    context.close()


# How much of the map's canvas the drawing covers, read from its pixels: (left, top, right,
# bottom) as shares of the canvas. A view refitted to what is shown spans most of it.
DRAWING = """(() => {
  const c = window.soekg.network.canvas.frame.canvas, w = c.width, h = c.height;
  const d = c.getContext("2d").getImageData(0, 0, w, h).data;
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y += 2) for (let x = 0; x < w; x += 2) {
    const i = (y * w + x) * 4;
    if (d[i + 3] > 0) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
  }
  return [x0 / w, y0 / h, x1 / w, y1 / h];
})()"""


def _labels(page: Page) -> dict[str, Any]:
    """The names drawn, in the view, with their boxes on screen."""
    width, height = page.js(
        "[window.soekg.network.canvas.frame.canvas.clientWidth, window.soekg.network.canvas.frame.canvas.clientHeight]"
    )
    return {k: v for k, v in page.js(DRAWN).items()
            if v["visible"] and v["box"][2] > 0 and v["box"][0] < width and v["box"][3] > 0 and v["box"][1] < height}  # fmt: skip


def _overlapping(labels: dict[str, Any]) -> list[tuple[str, str]]:
    items = list(labels.items())
    return [(a, b) for i, (a, x) in enumerate(items) for b, y in items[:i]
            if x["box"][0] < y["box"][2] and y["box"][0] < x["box"][2] and x["box"][1] < y["box"][3] and y["box"][1] < x["box"][3]]  # fmt: skip


def _checked_screenshot(page: Page, name: str, *, every_name: bool = False) -> None:
    """Keep a screenshot, and check what it shows: the drawing fills the view (refitted), no
    two names overlap, and (``every_name``) each node shown is named."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    left, top, right, bottom = page.js(DRAWING)
    life_size = page.js("window.soekg.network.getScale()") > 0.99  # a small map: fitted at most life size
    assert life_size or right - left > 0.6 or bottom - top > 0.6, (name, left, top, right, bottom)  # not tiny
    assert abs((left + right) / 2 - 0.5) < 0.1 and abs((top + bottom) / 2 - 0.5) < 0.1, (
        name
    )  # nor in a corner
    labels = _labels(page)
    assert _overlapping(labels) == [], name
    if every_name:
        assert set(labels) == set(
            page.js("window.soekg.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
        ), name


@pytest.mark.slow
def test_the_view_is_refitted_after_every_filter(page: Page, built: BuildReport) -> None:
    """Five nodes left by a filter fill the view instead of sitting tiny in a corner."""
    page.open(built.outputs[1])
    _checked_screenshot(page, "refit-as-opened")
    for label in load_model().nodes:
        if (
            label not in ("SOE", "Company", "Document")
            and page.page.locator(f"#legend label[data-type={label}]").count()
        ):
            page.page.locator(f"#legend label[data-type={label}] input").uncheck()
    assert page.js(VISIBLE)[0] < 30
    _checked_screenshot(page, "refit-soes-and-companies", every_name=True)
    page.page.check("#only-unreviewed")  # nothing unreviewed in the seeds: an empty view, no error
    page.page.uncheck("#only-unreviewed")
    page.page.locator("#legend label[data-type=SOE] input").uncheck()
    assert page.js(VISIBLE)[0] == 2  # Huawei and Hikvision
    _checked_screenshot(page, "refit-companies", every_name=True)
    assert page.errors == []


@pytest.mark.slow
@pytest.mark.parametrize("view", [["--entity", "Huawei"], ["--types", "SOE,Company", "--relationships", "PARTNERS_WITH"],
                                  ["--entity", "Hikvision", "--depth", "2"]])  # fmt: skip
def test_every_node_of_a_small_map_is_named(
    page: Page, built: BuildReport, tmp_path: Path, view: list[str]
) -> None:
    target = tmp_path / "small.html"
    assert (
        run_cli("export", "-f", "html", *view, "--db", str(built.db_path), "-o", str(target)).returncode == 0
    )
    page.open(target)
    _checked_screenshot(
        page, "small-" + "-".join(v.strip("-").lower().replace(",", "-") for v in view), every_name=True
    )


@pytest.mark.slow
def test_names_do_not_pile_up_when_zoomed_on_a_hub(browser: Any, built: BuildReport) -> None:
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, offline=True)
    page = Page(context.new_page()).open(built.outputs[1])
    before = _labels(page)
    hub = page.js(
        "window.soekg.network.canvasToDOM(window.soekg.network.getPositions(['central-soes'])['central-soes'])"
    )
    page.page.mouse.move(hub["x"], hub["y"])
    scale = page.js("window.soekg.network.getScale()")
    for _ in range(12):  # the wheel, as a reader zooms
        page.page.mouse.wheel(0, -240)
        page.page.wait_for_timeout(40)
    page.page.wait_for_function("window.soekg.placed >= 1", timeout=10_000)
    page.page.wait_for_timeout(300)
    assert page.js("window.soekg.network.getScale()") > 2 * scale
    zoomed = _labels(page)
    assert "central-soes" in zoomed and len(zoomed) > len(before) / 2
    _checked_screenshot_zoomed = _overlapping(zoomed)
    page.page.screenshot(path=str(ARTIFACTS / "zoomed-on-central-soes.png"))
    assert _checked_screenshot_zoomed == []
    context.close()
