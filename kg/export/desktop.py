r"""GraphML and GEXF for desktop tools (Gephi, yEd, Cytoscape): scalar attributes only.

Lists are joined with " | " and figures are spread over value, unit and qualifier
columns, exactly as the database stores them, with the figure in words beside them
(``parameters_text``: "300 billion parameters"). Control characters, which XML 1.0 cannot
hold, are written out as ``\xNN``; JSON, CSV and Cypher exports keep them exact.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from kg.common.atomic import replacing
from kg.common.visible import NOT_XML, written_out
from kg.export.formats import Format
from kg.model.figures import figure_texts
from kg.model.records import Document, Entity, KnowledgeGraph
from kg.model.rows import node_row, rel_row

__all__ = ["flat_graph", "write_gexf", "write_graphml"]


def _scalar(value: Any) -> Any:
    value = " | ".join(str(v) for v in value) if isinstance(value, list) else value
    return written_out(value, NOT_XML) if isinstance(value, str) else value


def flat_graph(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """A networkx graph whose attributes are all strings, numbers or booleans.

    >>> sector = Entity(id="x", type="Sector", name="Energy", aliases=["a", "b"])
    >>> flat_graph(KnowledgeGraph(entities=[sector])).nodes["x"]
    {'type': 'Sector', 'label': 'Energy', 'name': 'Energy', 'aliases': 'a | b'}
    """
    out = nx.MultiDiGraph()
    records: list[Document | Entity] = [*graph.documents, *graph.entities]
    for record in records:
        node_type, row = node_row(record)
        attrs = {k: _scalar(v) for k, v in figure_texts(row).items() if v not in (None, []) and k != "id"}
        out.add_node(row["id"], type=node_type, label=_scalar(row["name"]), **attrs)
    for rel in graph.relationships:
        attrs = {
            k: _scalar(v) for k, v in figure_texts(rel_row(rel)).items() if v not in (None, []) and k != "id"
        }
        out.add_edge(rel.source, rel.target, key=rel.id, id=rel.id, type=rel.type, label=rel.type, **attrs)
    return out


def write_graphml(graph: KnowledgeGraph, path: Path) -> Path:
    """Write GraphML (yEd, Cytoscape, Gephi)."""
    with replacing(path) as tmp:
        nx.write_graphml(flat_graph(graph), tmp)
    return path


def write_gexf(graph: KnowledgeGraph, path: Path) -> Path:
    """Write GEXF (Gephi)."""
    with replacing(path) as tmp:
        nx.write_gexf(flat_graph(graph), tmp)
    return path


FORMATS = [
    Format("graphml", lambda graph, path, _: write_graphml(graph, path), "soe-kg.graphml", 2),
    Format("gexf", lambda graph, path, _: write_gexf(graph, path), "soe-kg.gexf", 3),
]
