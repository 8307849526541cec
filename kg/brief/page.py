"""A brief as one self-contained HTML page: print-ready (A4, notes at the end), with the
entity's neighbourhood drawn as an inline SVG picture (no script, no network)."""

from __future__ import annotations

import math
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment, Template

from kg.brief.record import BriefRecord
from kg.brief.wording import short_name
from kg.model import MENTIONS, load_model

__all__ = ["picture", "to_html"]

_ENV = Environment(autoescape=True)  # every name and quote is document text: escaped


def _template(name: str) -> Template:
    return _ENV.from_string(resources.files("kg.brief").joinpath(name).read_text(encoding="utf-8"))


def picture(brief: BriefRecord, width: int = 720, height: int = 420, most: int = 40) -> str:
    """The brief's subject and its nearest neighbours as an SVG (at most ``most`` nodes, the
    best-connected first), laid out the same way every time.

    >>> from kg.model.records import Entity, KnowledgeGraph
    >>> g = KnowledgeGraph(entities=[Entity(id="a", type="SOE", name="A <b>")])
    >>> "A &lt;b&gt;" in picture(BriefRecord("A", ["a"], [], [], [], [], "", g))
    True
    """
    model = load_model()
    facts = [r for r in brief.graph.relationships if r.type != MENTIONS]
    g = nx.Graph()
    g.add_nodes_from(brief.subject)
    g.add_edges_from((r.source, r.target, {"kind": r.type}) for r in facts)
    ranked = sorted(g.nodes, key=lambda n: (n not in brief.subject, -g.degree(n), n))[:most]
    g = g.subgraph(ranked)
    pos: dict[Any, Any] = nx.spring_layout(g, seed=7, k=1.6 / math.sqrt(max(len(g), 1))) if len(g) > 1 else {
        n: (0.0, 0.0) for n in g}  # fmt: skip
    pad = 60

    def at(n: str) -> tuple[float, float]:
        x, y = pos[n]
        across = pad + (x + 1) / 2 * (width - 2 * pad)
        down = pad / 2 + (y + 1) / 2 * (height - 1.5 * pad)
        return round(across, 1), round(down, 1)

    entities = {e.id: e for e in brief.graph.entities}
    edges = [(*at(a), *at(b), d["kind"]) for a, b, d in g.edges(data=True)]
    nodes = []
    for n in g.nodes:
        entity = entities.get(n)
        colour = model.nodes[entity.type].style.color if entity else "#999999"
        name = short_name(entity) if entity else n
        nodes.append((*at(n), 14 if n in brief.subject else 7 + min(g.degree(n), 6), colour,
                      name if len(name) <= 32 else name[:31] + "…", n in brief.subject))  # fmt: skip
    label = f"Map of {brief.title} and its neighbours"
    return _template("map.svg").render(w=width, h=height, edges=edges, nodes=nodes, label=label)


def to_html(brief: BriefRecord) -> str:
    """The whole brief as a page (``Brief.html()``)."""
    from markupsafe import Markup

    svg = Markup(picture(brief))  # noqa: S704 - built by the autoescaping template above
    caption = f"{brief.title} and the entities its facts connect it to (colours by type, as on the map)."
    who = list(zip(brief.who, brief.who_notes, strict=True))
    return _template("brief.html").render(brief=brief, who=who, svg=svg, caption=caption, zip=zip)
