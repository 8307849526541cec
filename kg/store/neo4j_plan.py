"""The statements a Neo4j load sends, derived from the model; values go only in parameters.

Labels and relationship types come from the model, never from data. Rows are sent
in batches with ``UNWIND $rows``, nodes ``MERGE``d on their constrained ``id`` and
relationships matched through labelled endpoints, so a re-load updates in place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kg.model import DOCUMENT, GraphModel, load_model
from kg.model.records import Document, Entity, KnowledgeGraph
from kg.model.rows import node_row, rel_row
from kg.model.schema import constraint_name, neo4j_constraints

__all__ = [
    "DEFAULT_BATCH",
    "Statement",
    "count_query",
    "delete_query",
    "graph_ids",
    "load_plan",
    "match_pattern",
    "node_statement",
    "rel_statement",
    "stale_statements",
    "stored_ids_query",
]

DEFAULT_BATCH = 5_000


@dataclass(frozen=True)
class Statement:
    """One query and its parameters, with what it loads (for progress and summaries)."""

    query: str
    parameters: dict[str, Any]
    what: str
    rows: int = 0


def node_statement(label: str, create: bool = False) -> str:
    """The batched upsert for one node label; with ``create``, the batched insert for a label
    the database holds none of yet (nothing to match: each row is a new node).

    >>> print(node_statement("SOE"))
    UNWIND $rows AS row
    MERGE (n:SOE {id: row.id})
    SET n = row
    >>> print(node_statement("SOE", create=True).splitlines()[1])
    CREATE (n:SOE)
    """
    write = f"CREATE (n:{label})" if create else f"MERGE (n:{label} {{id: row.id}})"
    return f"UNWIND $rows AS row\n{write}\nSET n = row"


def rel_statement(rel_type: str, source: str, target: str, create: bool = False) -> str:
    """The batched upsert for one relationship type between two labels (with ``create``, the
    insert for a type the database holds none of yet).

    The endpoints are matched through their labels, so each lookup uses the id constraint.

    >>> print(rel_statement("LEADS", "SOE", "Initiative", create=True).splitlines()[3])
    CREATE (a)-[r:LEADS]->(b)
    """
    # Rows are [source id, target id, properties]: a list, so that every key named is a property.
    write = (
        f"CREATE (a)-[r:{rel_type}]->(b)" if create else f"MERGE (a)-[r:{rel_type} {{id: row[2].id}}]->(b)"
    )
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{source} {{id: row[0]}})\n"
        f"MATCH (b:{target} {{id: row[1]}})\n"
        f"{write}\n"
        "SET r = row[2]"
    )


def stale_statements(model: GraphModel) -> list[tuple[str, str]]:
    """(label or type, query) removing what a previous load had and this graph no longer has,
    given every id the graph has as ``$ids``: for the exported script, which cannot read the
    server first. A load reads the stored ids instead (:func:`stored_ids_query`)."""
    out = [(label, f"MATCH (n:{label}) WHERE NOT n.id IN $ids DETACH DELETE n") for label in model.nodes]
    out += [(rel, f"MATCH ()-[r:{rel}]->() WHERE NOT r.id IN $ids DELETE r") for rel in model.relationships]
    return out


def match_pattern(model: GraphModel, name: str) -> str:
    """The pattern matching a label's nodes or a type's relationships, bound to ``x``.

    >>> match_pattern(load_model(), "SOE"), match_pattern(load_model(), "LEADS")
    ('(x:SOE)', '()-[x:LEADS]->()')
    """
    return f"(x:{name})" if name in model.nodes else f"()-[x:{name}]->()"


def count_query(model: GraphModel, name: str) -> str:
    """How many nodes of a label or relationships of a type are stored (Neo4j's count store).

    >>> print(count_query(load_model(), "LEADS"))
    MATCH ()-[x:LEADS]->() RETURN count(x) AS n
    """
    return f"MATCH {match_pattern(model, name)} RETURN count(x) AS n"


def stored_ids_query(model: GraphModel, name: str) -> str:
    """The ids stored for a label or relationship type, with the element id to delete one by.

    >>> print(stored_ids_query(load_model(), "SOE"))
    MATCH (x:SOE) RETURN x.id AS id, elementId(x) AS element
    """
    return f"MATCH {match_pattern(model, name)} RETURN x.id AS id, elementId(x) AS element"


def delete_query(model: GraphModel, name: str) -> str:
    """Delete a batch of a label's nodes (with their relationships) or of a type's relationships,
    by element id: each lookup is a seek, and no parameter holds more than one batch.

    >>> print(delete_query(load_model(), "PARTNERS_WITH"))
    UNWIND $elements AS element
    MATCH ()-[x:PARTNERS_WITH]->()
    WHERE elementId(x) = element
    DELETE x
    """
    delete = "DETACH DELETE x" if name in model.nodes else "DELETE x"
    pattern = match_pattern(model, name)
    return f"UNWIND $elements AS element\nMATCH {pattern}\nWHERE elementId(x) = element\n{delete}"


def graph_ids(graph: KnowledgeGraph) -> dict[str, set[str]]:
    """The ids of the graph by label and by relationship type."""
    ids: dict[str, set[str]] = defaultdict(set)
    for document in graph.documents:
        ids[DOCUMENT].add(document.id)
    for entity in graph.entities:
        ids[entity.type].add(entity.id)
    for rel in graph.relationships:
        ids[rel.type].add(rel.id)
    return ids


def _storable(row: dict[str, Any]) -> dict[str, Any]:
    """A row as Neo4j stores it: no empty lists. ``neo4j-admin import`` cannot write an empty array
    (an empty cell is no property), so a load leaves them out too and both give the same store;
    reading back, a missing list is an empty one.

    >>> _storable({"id": "x", "aliases": [], "name": "X"})
    {'id': 'x', 'name': 'X'}
    """
    return {k: v for k, v in row.items() if v != []}


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def load_plan(
    graph: KnowledgeGraph, batch_size: int = DEFAULT_BATCH, clean_up: bool = True
) -> list[Statement]:
    """Every statement of a load, in order: constraints, nodes, relationships, and (``clean_up``)
    the removal of what the graph no longer has, by :func:`stale_statements`.

    >>> from kg.model.records import Entity
    >>> g = KnowledgeGraph(entities=[Entity(id=f"s{i}", type="Sector", name=str(i)) for i in range(12)])
    >>> [s.what for s in load_plan(g, batch_size=5) if s.rows]
    ['Sector', 'Sector', 'Sector']
    """
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    model = load_model()
    plan = [
        Statement(q, {}, f"constraint {constraint_name(label)}")
        for label, q in zip(model.nodes, neo4j_constraints(model), strict=True)
    ]
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    records: list[Document | Entity] = [*graph.documents, *graph.entities]
    for record in records:
        label, row = node_row(record)
        nodes[label].append(_storable(row))
    for label, rows in nodes.items():
        query = node_statement(label)
        plan += [Statement(query, {"rows": b}, label, len(b)) for b in _batches(rows, batch_size)]
    types = graph.node_types()
    rels: dict[tuple[str, str, str], list[list[Any]]] = defaultdict(list)
    for rel in graph.relationships:
        rel_rows_of = rels[(rel.type, types[rel.source], types[rel.target])]
        rel_rows_of.append([rel.source, rel.target, _storable(rel_row(rel))])
    for (rel_type, source, target), rel_rows in rels.items():
        query = rel_statement(rel_type, source, target)
        plan += [Statement(query, {"rows": b}, rel_type, len(b)) for b in _batches(rel_rows, batch_size)]
    if clean_up:
        ids = graph_ids(graph)
        plan += [Statement(q, {"ids": sorted(ids.get(name, ()))}, f"clean {name}")
                 for name, q in stale_statements(model)]  # fmt: skip
    return plan
