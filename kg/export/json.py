"""The graph as networkx, and as node-link JSON (``networkx.node_link_data``, edges under ``links``)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from kg.common.atomic import replacing
from kg.export.formats import Format
from kg.model import DOCUMENT, load_model
from kg.model.figures import figure_texts
from kg.model.records import (
    PROVENANCE_FIELDS,
    Document,
    Entity,
    Evidence,
    KnowledgeGraph,
    Provenance,
    Relationship,
)

__all__ = [
    "from_networkx",
    "json_chunks",
    "json_text",
    "node_link",
    "to_networkx",
    "write_json",
    "write_json_to",
]


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
        prov = {k: attrs.pop(k) for k in PROVENANCE_FIELDS if k in attrs}
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


def _nodes(graph: KnowledgeGraph) -> Iterator[dict[str, Any]]:
    """The nodes of :func:`node_link`, one at a time, in its order (the graph is canonical)."""
    for doc in graph.documents:
        attrs = doc.model_dump(exclude={"id"}, exclude_none=True)
        yield {"type": DOCUMENT, "name": doc.title, "aliases": [], **attrs, "id": doc.id}  # no figures
    for ent in graph.entities:
        core = ent.model_dump(include={"name", "name_zh", "description"}, exclude_none=True)
        if ent.candidate:
            core["candidate"] = True
        attrs = {"type": ent.type, **core, "aliases": list(ent.aliases), **ent.properties, "id": ent.id}
        yield figure_texts(attrs) if ent.properties else attrs  # figures are properties


def _links(graph: KnowledgeGraph) -> Iterator[dict[str, Any]]:
    """The links of :func:`node_link`, one at a time, in networkx's order: by source node in
    node order, then by target in the order the source's first edge to it came, then by id."""
    out: dict[str, dict[str, list[Relationship]]] = {}
    for rel in graph.relationships:
        out.setdefault(rel.source, {}).setdefault(rel.target, []).append(rel)
    nodes: list[Document | Entity] = [*graph.documents, *graph.entities]
    for node in nodes:
        for rels in out.get(node.id, {}).values():
            for rel in rels:
                prov = rel.provenance.model_dump(exclude_none=True)
                if not prov["conflict"]:
                    del prov["conflict"]  # most facts: sources agree
                attrs = {"id": rel.id, "type": rel.type, **rel.properties, **prov,
                         "source": rel.source, "target": rel.target, "key": rel.id}  # fmt: skip
                yield figure_texts(attrs) if rel.properties else attrs  # figures are properties


def json_chunks(graph: KnowledgeGraph, pretty: bool = False) -> Iterator[str]:
    """The text of :func:`json_text`, a node or a link at a time: a large graph is written
    without its whole text (or its node-link data) in memory. On one line it is compact JSON
    written by orjson (several times the standard encoder's speed on a large graph); indented,
    it is what ``json.dumps(node_link(graph), indent=1, sort_keys=True)`` writes."""
    graph = graph.canonical()
    head = {"directed": True, "graph": {"name": "soe-ai-kg", "model_version": load_model().version}}

    def dumps(value: Any, depth: int = 0) -> str:
        if not pretty:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
        return text.replace("\n", "\n" + " " * depth)

    sep, colon = (",\n ", ": ") if pretty else (",", ":")

    def listed(name: str, items: Iterator[dict[str, Any]]) -> Iterator[str]:
        yield f'{sep}"{name}"{colon}['
        count = 0
        for batch in _batched(items):
            if pretty:
                yield "".join(
                    f"{',' if count + i else ''}\n  {dumps(item, 2)}" for i, item in enumerate(batch)
                )
            else:  # a thousand at a time through the encoder, the list's brackets cut off
                yield ("," if count else "") + dumps(list(batch))[1:-1]
            count += len(batch)
        yield "\n ]" if pretty and count else "]"

    yield "{\n " if pretty else "{"
    yield f'"directed"{colon}true{sep}"graph"{colon}{dumps(head["graph"], 1)}'
    yield from listed("links", _links(graph))
    yield f'{sep}"multigraph"{colon}true'
    yield from listed("nodes", _nodes(graph))
    yield "\n}\n" if pretty else "}\n"


def _batched(items: Iterator[dict[str, Any]], size: int = 1000) -> Iterator[tuple[dict[str, Any], ...]]:
    while batch := tuple(itertools.islice(items, size)):  # itertools.batched, before Python 3.12
        yield batch


def json_text(graph: KnowledgeGraph, pretty: bool = False) -> str:
    """Node-link JSON (UTF-8, stable key order), as :func:`write_json` writes it: on one line,
    or indented when ``pretty`` (as ``json.dumps`` writes :func:`node_link`; a test compares).

    >>> json_text(KnowledgeGraph())[:64]
    '{"directed":true,"graph":{"model_version":1,"name":"soe-ai-kg"},'
    """
    return "".join(json_chunks(graph, pretty))


def write_json(graph: KnowledgeGraph, path: Path, pretty: bool = False) -> Path:
    """Write node-link JSON (UTF-8, stable key order) to ``path``, whole or not at all, and
    return the path."""
    with replacing(path) as tmp:
        write_json_to(graph, tmp, pretty)
    return path


def write_json_to(graph: KnowledgeGraph, path: Path, pretty: bool = False) -> None:
    """Write the text of :func:`json_text` into ``path`` (the caller makes it whole or nothing),
    a piece at a time: a graph of millions of relationships never has its whole text in memory."""
    with path.open("w", encoding="utf-8") as handle:
        buffer: list[str] = []
        held = 0
        for chunk in json_chunks(graph, pretty):
            buffer.append(chunk)
            held += len(chunk)
            if held >= 1 << 22:  # by size: a chunk of a thousand links may be megabytes
                handle.write("".join(buffer))
                buffer.clear()
                held = 0
        handle.write("".join(buffer))


FORMATS = [
    Format(
        "json", lambda graph, path, o: write_json(graph, path, pretty=o.pretty), "soe-kg.json", 0, pretty=True
    )
]
