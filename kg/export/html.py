"""The graph as an HTML map: pyvis builds the network, our page template shows it.

pyvis's own templates load Bootstrap from a CDN and put tooltips into
``innerHTML``; this page inlines pyvis's bundled vis-network instead, embeds the
data as escaped JSON, and fills its panels with ``textContent`` only, so the
file works offline and document text can never run as code.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from kg.common.atomic import write_text
from kg.errors import KGError
from kg.export.formats import Format
from kg.model import DOCUMENT, MENTIONS, load_model
from kg.model.quantity import Quantity
from kg.model.records import Document, Entity, KnowledgeGraph, Relationship
from kg.seeds.quotes import Naming

__all__ = ["EXPORT_A_VIEW", "MAX_EDGES", "MAX_NODES", "MapPage", "build_network", "render_html", "write_html"]

_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


def _script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element (no '</script>', no '<!--')."""
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escape)
    return text


def _figure(value: Any) -> str:
    if isinstance(value, dict) and "unit" in value:
        return Quantity.model_validate(value).readable()  # "300 billion parameters", as tables show it
    if isinstance(value, list):
        return ", ".join(_figure(v) for v in value)
    return str(value)


def _doc_label(doc: Document) -> str:
    parts = [p for p in (doc.publisher, doc.published) if p]
    return f"{doc.title} ({', '.join(parts)})" if parts else doc.title


def _edge_details(
    rel: Relationship, names: dict[str, str], sources: dict[str, str], naming: Naming
) -> dict[str, Any]:
    """What a click on a relationship shows, the sentence naming both ends first (the tooltip's);
    ``sources`` maps a document id to its label."""
    prov = rel.provenance
    facts = {k: _figure(v) for k, v in rel.properties.items()}
    for key in ("status", "date", "date_note", "method"):
        if getattr(prov, key):
            facts[key] = str(getattr(prov, key))
    if prov.conflict:
        facts["sources disagree on"] = ", ".join(prov.conflict)
    said = {e: f" (says {e.says})" if e.says else "" for e in prov.evidence}
    evidence = [
        {"quote": e.quote, "source": sources.get(e.doc_id, e.doc_id) + said[e]}
        for e in (naming.naming_first(rel) if rel.type != MENTIONS else prov.evidence)
    ]
    return {
        "kind": "relationship",
        "title": f"{names[rel.source]} —{rel.type}→ {names[rel.target]}",
        "facts": facts,
        "evidence": evidence,
    }


def _node_color(color: str, candidate: bool) -> dict[str, Any]:
    """A full colour object: vis-network fills any part left out from its own palette."""
    fill = "#ffffff" if candidate else color  # unreviewed candidates are hollow
    return {"background": fill, "border": color, "highlight": {"background": fill, "border": "#222222"},
            "hover": {"background": fill, "border": "#222222"}}  # fmt: skip


def build_network(
    graph: KnowledgeGraph, focus: str | None = None, changes: dict[str, str] | None = None
) -> tuple[Network, dict[str, Any]]:
    """A pyvis ``Network`` of the graph plus the details shown when an item is clicked.

    ``focus`` (an id) is drawn larger, ringed, and labelled at every zoom. Nodes and edges
    are appended directly: pyvis's ``add_edge`` scans every node each time, which is
    quadratic in graph size. Hover texts are composed by the page from the details, which
    keeps large pages small. Each item carries its whole style, and its type under a key
    of ours (``nodeType``), not vis-network's ``group``: a redraw after a filter would
    otherwise recolour it from vis-network's default palette.
    """
    model = load_model()
    graph = graph.canonical()
    types = graph.node_types()
    sources = {d.id: _doc_label(d) for d in graph.documents}
    names = {d.id: d.title for d in graph.documents} | {e.id: e.name for e in graph.entities}
    degree: Counter[str] = Counter()
    for rel in graph.relationships:
        if rel.type != MENTIONS:
            degree.update((rel.source, rel.target))
    top = max(degree.values(), default=0) + 1
    naming = Naming(graph)
    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    details: dict[str, Any] = {}
    records: list[Document | Entity] = [*graph.documents, *graph.entities]
    for record in records:
        node_type = types[record.id]
        style = model.nodes[node_type].style
        if isinstance(record, Document):
            facts = {
                k: str(v) for k, v in record.model_dump(exclude={"id", "title"}, exclude_none=True).items()
            }
            label, aka = record.title, []
        else:
            facts = {k: _figure(v) for k, v in record.properties.items()}
            if record.name_zh:
                facts = {"Chinese name": record.name_zh, **facts}
            if record.description:
                facts["description"] = record.description
            label, aka = record.name, record.aliases
            if record.candidate:
                facts = {"review": "candidate proposed by extraction, not yet reviewed", **facts}
        candidate = isinstance(record, Entity) and record.candidate
        short = label if len(label) <= 40 else label[:38] + "…"
        # Only what differs from the page's defaults (_OPTIONS): large maps stay small.
        node: dict[str, Any] = {"id": record.id, "label": short, "nodeType": node_type, "shape": style.shape,
                "color": _node_color(style.color, candidate), "value": 1 + degree[record.id]}  # fmt: skip
        if node_type == DOCUMENT:
            node["hidden"] = True
        if candidate:
            node |= {"borderWidth": 3, "shapeProperties": {"borderDashes": [4, 4]}, "candidate": True}
        if record.id == focus:  # the biggest node, ringed in black, its label always drawn
            node |= {"value": top * 1.5, "borderWidth": 5, "focus": True, "label": f"◉ {short}",
                     "color": _node_color(style.color, candidate) | {"border": "#111111"}}  # fmt: skip
        change = (changes or {}).get(record.id)
        if change:  # a change view: a thick green ring, "+" or "~"
            node |= {"changed": change, "borderWidth": 4, "label": f"{_MARK[change]} {node['label']}",
                     "color": node["color"] | {"border": CHANGED_COLOR}}  # fmt: skip
            facts = {"change": f"{change} since the earlier build", **facts}
        net.nodes.append(node)
        details[f"n:{record.id}"] = {"kind": node_type, "title": label, "aliases": aka, "facts": facts}
    for rel in graph.relationships:
        style = model.relationships[rel.type].style
        info = _edge_details(rel, names, sources, naming)
        unreviewed = rel.provenance.method == "rule"
        if unreviewed:
            info["confidence"] = rel.provenance.confidence
        edge: dict[str, Any] = {"id": rel.id, "from": rel.source, "to": rel.target, "label": rel.type,
                "color": {"color": style.color}, "relType": rel.type}  # fmt: skip
        if style.hidden:
            edge["hidden"] = True
        if unreviewed:  # the only dotted line on the map
            edge |= {"label": f"{rel.type} ?", "dashes": UNREVIEWED_DASHES, "unreviewed": True}
        change = (changes or {}).get(rel.id)
        if change:
            edge |= {"changed": change, "width": 4, "label": f"{_MARK[change]} {edge['label']}"}
            info["facts"] = {"change": f"{change} since the earlier build", **info["facts"]}
        net.edges.append(edge)
        details[f"e:{rel.id}"] = info
    net.node_ids = [n["id"] for n in net.nodes]
    return net, details


UNREVIEWED_DASHES = [2, 6]
CHANGED_COLOR = "#00a651"  # the ring of an entity added or changed since the earlier build
_MARK = {"added": "+", "changed": "~"}


# Above these a page is too big to read or to lay out in a browser; narrow the view instead.
MAX_NODES = 20_000
MAX_EDGES = 60_000
# What a page of part of a larger graph tells its reader to run for another part.
EXPORT_A_VIEW = (
    "soekg export --format html --entity ID --depth 2 -o view.html "
    "(or --types, --relationships, --since/--until, --document, --query)"
)
PHYSICS_NODES = 400  # up to here the browser lays the graph out live; beyond, positions are computed here


def _positions(net: Network) -> dict[str, tuple[float, float]]:
    """Node positions for large graphs, so the page needs no physics to become usable.

    Linear in the nodes at every size: networkx's spring layout was quadratic (15.7 s at 2,000
    nodes) and needs scipy, which is not a dependency.
    """
    nodes = [n for n in net.nodes if not n.get("hidden")]
    # Linear: one sunflower spiral per node type, types around a circle, hubs at each centre.
    groups: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        groups.setdefault(node["nodeType"], []).append(node)
    out: dict[str, tuple[float, float]] = {}
    ring = 60 * len(nodes) ** 0.5
    golden = math.pi * (3 - math.sqrt(5))  # the golden angle
    for i, (_, members) in enumerate(sorted(groups.items(), key=lambda kv: -len(kv[1]))):
        angle = 2 * math.pi * i / len(groups)
        cx, cy = ring * math.cos(angle), ring * math.sin(angle)
        members.sort(key=lambda n: -int(n["value"]))
        for k, node in enumerate(members):
            r = 18 * k**0.5
            out[node["id"]] = (cx + r * math.cos(k * golden), cy + r * math.sin(k * golden))
    return out


def _options(count: int) -> dict[str, Any]:
    options: dict[str, Any] = json.loads(json.dumps(_OPTIONS))  # a deep copy
    if count > PHYSICS_NODES:
        options["physics"] = {"enabled": False}
        options["edges"]["smooth"] = False
        options["interaction"]["hideEdgesOnDrag"] = True
    return options


HUB_LABELS = 25  # names drawn at the first, whole-map zoom: the best-connected nodes and the focus
LABEL_PX = 15  # their size on screen then (above the threshold); the rest appear from life size (font 14)
MAX_LABEL_PX = 22  # no name grows past this on screen, however far the reader zooms in

_OPTIONS = {
    # A label smaller than drawThreshold on screen is not drawn. The page sets every name's
    # font for its size on screen after each fit and zoom (LABEL_PX for the hubs, life size
    # for the rest once zoomed in, never above MAX_LABEL_PX); vis-network's own cap
    # (maxVisible) is set out of reach, as it draws a capped name transparent.
    "nodes": {"scaling": {"min": 8, "max": 40, "label": {"enabled": False, "drawThreshold": 15,
                                                       "maxVisible": 1000}},
              "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
              "borderWidth": 1, "shapeProperties": {"borderDashes": False}},
    # Relationship types appear once zoomed in past life size (10 px at 1.2×).
    "edges": {"font": {"size": 10, "align": "middle"}, "smooth": False, "width": 1.2, "arrows": "to",
              "dashes": False, "color": {"inherit": False},
              "scaling": {"label": {"drawThreshold": 13}}},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": True},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -50, "springLength": 80, "avoidOverlap": 0.8},
        "stabilization": {"iterations": 400},
    },
    "layout": {"improvedLayout": False, "randomSeed": 7},  # the same picture every time it opens
}  # fmt: skip


def render_html(
    graph: KnowledgeGraph,
    *,
    title: str = "soe-ai-kg: SOE AI initiatives",
    focus: str | None = None,
    changes: dict[str, str] | None = None,
    changes_label: str | None = None,
    overview: str | None = None,
) -> str:
    """The full, self-contained HTML page for ``graph``, centred on ``focus`` (an id) if given;
    with ``changes`` (ids: "added" or "changed", from :meth:`kg.diff.GraphDiff.ids`) what
    changed since ``changes_label`` is drawn thick, marked "+" or "~", and can be shown alone.
    ``overview`` says, at the top of the page, what part of a larger graph this map shows.

    Raises :class:`KGError` above :data:`MAX_NODES` nodes or :data:`MAX_EDGES` relationships.
    """
    nodes = len(graph.documents) + len(graph.entities)
    if nodes > MAX_NODES or len(graph.relationships) > MAX_EDGES:
        raise KGError(
            f"{nodes:,} nodes and {len(graph.relationships):,} relationships are more than a map can show "
            f"(limit {MAX_NODES:,} nodes, {MAX_EDGES:,} relationships): narrow it with --entity/--depth "
            "or a filter (--types, --relationships, --since/--until, --document)"
        )
    net, details = build_network(graph, focus, changes)
    visible = sum(1 for n in net.nodes if not n.get("hidden"))
    if visible > PHYSICS_NODES:
        positions = _positions(net)
        for node in net.nodes:
            if node["id"] in positions:
                node["x"], node["y"] = positions[node["id"]]
    model = load_model()
    present = {n["nodeType"] for n in net.nodes}
    legend = [{"type": t, "color": spec.style.color, "description": spec.description}
              for t, spec in model.nodes.items() if t in present]  # fmt: skip
    env = jinja2.Environment(autoescape=True)
    template = env.from_string(resources.files("kg.export").joinpath("map.html").read_text(encoding="utf-8"))
    present_rels = {e["relType"] for e in net.edges}
    rel_types = [{"type": t, "color": spec.style.color, "description": spec.description}
                 for t, spec in sorted(model.relationships.items()) if t in present_rels]  # fmt: skip
    focus_name = details[f"n:{focus}"]["title"] if f"n:{focus}" in details else None
    data = {"nodes": net.nodes, "edges": net.edges, "details": details, "legend": legend,
            "relTypes": rel_types, "options": _options(visible), "focus": focus,
            "dashes": UNREVIEWED_DASHES, "hubLabels": HUB_LABELS, "labelPx": LABEL_PX,
            "maxLabelPx": MAX_LABEL_PX, "mentions": MENTIONS}  # fmt: skip
    # Marked safe on purpose: the vis-network bundle is library code, and the data
    # was escaped for a <script> context by _script_json; every other value is autoescaped.
    return template.render(
        title=title,
        vis_js=Markup((_VIS / "vis-network.min.js").read_text(encoding="utf-8")),  # noqa: S704
        vis_css=Markup((_VIS / "vis-network.css").read_text(encoding="utf-8")),  # noqa: S704
        data=Markup(_script_json(data)),  # noqa: S704
        focus=focus_name,
        changes=changes_label if changes is not None else None,
        overview=overview,
        export_a_view=EXPORT_A_VIEW,
    )


def write_html(graph: KnowledgeGraph, path: Path, focus: str | None = None) -> Path:
    """Write the HTML map of ``graph`` (centred on ``focus``, an id) to ``path`` and return it."""
    return MapPage(graph, focus=focus).save(path)


class MapPage:
    """A map shown inline in a notebook (in a sandboxed frame), or saved as a file.

    >>> from kg.model.records import Entity
    >>> page = MapPage(KnowledgeGraph(entities=[Entity(id="x", type="Sector", name="<b>Energy</b>")]))
    >>> "srcdoc" in page._repr_html_() and "<b>Energy</b>" not in page._repr_html_()
    True
    """

    def __init__(
        self,
        graph: KnowledgeGraph,
        height: int = 650,
        focus: str | None = None,
        changes: dict[str, str] | None = None,
        changes_label: str | None = None,
    ):
        self.html = render_html(graph, focus=focus, changes=changes, changes_label=changes_label)
        self.height = height

    def save(self, path: Path | str) -> Path:
        """Write the page to ``path`` (a path or a string).

        >>> import tempfile
        >>> MapPage(KnowledgeGraph()).save(tempfile.mkdtemp() + "/empty.html").name
        'empty.html'
        """
        return write_text(Path(path), self.html)

    def _repr_html_(self) -> str:
        import html

        # srcdoc keeps the page's scripts inside the frame; escaping keeps its text as text.
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width: 100%; height: {self.height}px; border: 1px solid #ddd"></iframe>'
        )


FORMATS = [Format("html", lambda graph, path, o: write_html(graph, path, focus=o.focus), "soe-kg.html", 1)]
