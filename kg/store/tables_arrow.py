"""The graph as Arrow tables, one per node type and per (relationship type, source, target).

This is the bulk form stores load with ``COPY``: built from a validated graph, or
directly by a bulk importer (see ``benchmarks/``), and checked here in vectorised
form (columns, unique ids, endpoints that exist) instead of record by record.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from kg.errors import KGError
from kg.model import load_model
from kg.records import Document, Entity, KnowledgeGraph
from kg.schema import arrow_schema, node_columns, rel_columns
from kg.tables import node_row, rel_row

__all__ = ["RelKey", "check_tables", "graph_tables"]

RelKey = tuple[str, str, str]  # relationship type, source node type, target node type


def graph_tables(graph: KnowledgeGraph) -> tuple[dict[str, pa.Table], dict[RelKey, pa.Table]]:
    """Arrow tables of a validated graph.

    >>> nodes, rels = graph_tables(KnowledgeGraph(entities=[Entity(id="x", type="Sector", name="E")]))
    >>> nodes["Sector"].num_rows, rels
    (1, {})
    """
    model = load_model()
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    records: list[Document | Entity] = [*graph.documents, *graph.entities]
    for record in records:
        node_type, row = node_row(record)
        rows[node_type].append(row)
    nodes = {t: pa.Table.from_pylist(r, schema=arrow_schema(node_columns(model, t))) for t, r in rows.items()}
    types = graph.node_types()
    groups: dict[RelKey, list[dict[str, Any]]] = defaultdict(list)
    for rel in graph.relationships:
        groups[(rel.type, types[rel.source], types[rel.target])].append(
            {"from": rel.source, "to": rel.target, **rel_row(rel)}
        )
    rels = {
        key: pa.Table.from_pylist(r, schema=arrow_schema(rel_columns(model, key[0]), endpoints=True))
        for key, r in groups.items()
    }
    return nodes, rels


def check_tables(nodes: dict[str, pa.Table], rels: dict[RelKey, pa.Table]) -> None:
    """Raise :class:`KGError` unless the tables fit the model and refer only to existing nodes."""
    model = load_model()
    ids: dict[str, pa.Array] = {}
    seen = 0
    for node_type, table in nodes.items():
        if node_type not in model.nodes:
            raise KGError(f"unknown node type {node_type!r}")
        expected = arrow_schema(node_columns(model, node_type))
        if table.schema.names != expected.names:
            raise KGError(
                f"{node_type} table columns {table.schema.names} differ from the model's {expected.names}"
            )
        column = table.column("id").combine_chunks()
        if column.null_count or pc.count_distinct(column).as_py() != len(column):
            raise KGError(f"{node_type} table: ids must be present and unique")
        ids[node_type] = column
        seen += len(column)
    all_ids = pa.concat_arrays(list(ids.values())) if ids else pa.array([], pa.string())
    if pc.count_distinct(all_ids).as_py() != seen:
        raise KGError("the same id is used by two node types")
    for (rel_type, src, dst), table in rels.items():
        if rel_type not in model.relationships or not model.allows(rel_type, src, dst):
            raise KGError(f"{rel_type} cannot join {src} to {dst}")
        expected = arrow_schema(rel_columns(model, rel_type), endpoints=True)
        if table.schema.names != expected.names:
            raise KGError(f"{rel_type} table columns differ from the model's")
        for end, node_type in (("from", src), ("to", dst)):
            known = ids.get(node_type, pa.array([], pa.string()))
            missing = pc.invert(pc.is_in(table.column(end), value_set=known))
            if pc.any(missing).as_py():
                first = pc.filter(table.column(end), missing)[0].as_py()
                raise KGError(f"{rel_type}: no {node_type} node {first!r}")
