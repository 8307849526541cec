"""The graph as networkx, and as node-link JSON (``networkx.node_link_data``, edges under ``links``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from kg.atomic import write_text
from kg.figures import figure_texts
from kg.model import DOCUMENT, load_model
from kg.records import Document, Entity, Evidence, KnowledgeGraph, Provenance, Relationship

__all__ = ["from_networkx", "json_text", "node_link", "to_networkx", "write_json"]

_PROVENANCE = ("date", "date_note", "dated_by", "status", "method", "confidence", "conflict")


def to_networkx(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """A ``MultiDiGraph``: nodes keyed by id, edges keyed by relationship id.

    >>> g = to_networkx(KnowledgeGraph(entities=[Entity(id="x", type="Sector", name="Energy")]))
    >>> g.nodes["x"]
    {'type': 'Sector', 'name': 'Energy', 'aliases': []}
    """
    g = nx.MultiDiGraph(name="soe-ai-kg", model_version=load_model().version)
    graph = graph.canonical()
    for doc in graph.documents:
        attrs = doc.model_dump(exclude={"id"}, exclude_none=True)
        g.add_node(doc.id, type=DOCUMENT, name=doc.title, aliases=[], **attrs)
    for ent in graph.entities:
        core = ent.model_dump(include={"name", "name_zh", "description"}, exclude_none=True)
        if ent.candidate:
            core["candidate"] = True
        g.add_node(ent.id, type=ent.type, **core, aliases=list(ent.aliases), **ent.properties)
    for rel in graph.relationships:
        prov = rel.provenance.model_dump(exclude_none=True)
        if not prov["conflict"]:
            del prov["conflict"]  # most facts: sources agree
        g.add_edge(rel.source, rel.target, key=rel.id, id=rel.id, type=rel.type, **rel.properties, **prov)
    return g


def _without_texts(attrs: dict[str, Any]) -> dict[str, Any]:
    """Attributes less the words an export wrote beside each figure (``K_text`` beside ``K``)."""
    return {k: v for k, v in attrs.items() if not (k.endswith("_text") and k.removesuffix("_text") in attrs)}


def from_networkx(g: nx.MultiDiGraph) -> KnowledgeGraph:
    """Rebuild (and re-validate) a :class:`KnowledgeGraph` from :func:`to_networkx` output."""
    documents, entities, relationships = [], [], []
    for node_id, attrs in g.nodes(data=True):
        attrs = _without_texts(attrs)
        node_type = attrs.pop("type")
        if node_type == DOCUMENT:
            attrs.pop("name", None)
            attrs.pop("aliases", None)
            documents.append(Document(id=node_id, **attrs))
        else:
            core = {
                k: attrs.pop(k)
                for k in ("name", "name_zh", "description", "aliases", "candidate")
                if k in attrs
            }
            entities.append(Entity(id=node_id, type=node_type, properties=attrs, **core))
    for source, target, attrs in g.edges(data=True):
        attrs = _without_texts(attrs)
        evidence = [Evidence(**e) for e in attrs.pop("evidence")]
        prov = {k: attrs.pop(k) for k in _PROVENANCE if k in attrs}
        rel_id, rel_type = attrs.pop("id"), attrs.pop("type")
        relationships.append(
            Relationship(
                id=rel_id,
                type=rel_type,
                source=source,
                target=target,
                properties=attrs,
                provenance=Provenance(evidence=evidence, **prov),
            )
        )
    return KnowledgeGraph(documents=documents, entities=entities, relationships=relationships)


def node_link(graph: KnowledgeGraph) -> dict[str, Any]:
    """Node-link data as ``networkx.node_link_data`` writes it, edges under ``links``; each
    figure has its words beside it (``parameters_text``: "300 billion parameters")."""
    data: dict[str, Any] = nx.node_link_data(to_networkx(graph), edges="links")
    data["nodes"] = [figure_texts(n) for n in data["nodes"]]
    data["links"] = [figure_texts(e) for e in data["links"]]
    return data


def json_text(graph: KnowledgeGraph) -> str:
    """Node-link JSON (UTF-8, stable key order), as :func:`write_json` writes it."""
    return json.dumps(node_link(graph), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_json(graph: KnowledgeGraph, path: Path) -> Path:
    """Write node-link JSON (UTF-8, stable key order) and return the path."""
    return write_text(path, json_text(graph))
