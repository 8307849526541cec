"""The graph as Arrow tables, one per node type and per (relationship type, source, target).

This is the bulk form stores load with ``COPY``: built from a validated graph, or
directly by a bulk importer (see ``benchmarks/``), and checked here in vectorised
form (columns, unique ids, endpoints that exist) instead of record by record.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from kg.errors import KGError
from kg.model import load_model
from kg.model.records import PROVENANCE_FIELDS, Document, Entity, KnowledgeGraph, Relationship
from kg.model.rows import node_row
from kg.model.schema import arrow_schema, node_columns, rel_columns

__all__ = ["RelKey", "check_tables", "graph_tables", "rel_table"]

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
    groups: dict[RelKey, list[Relationship]] = defaultdict(list)
    for rel in graph.relationships:
        groups[(rel.type, types[rel.source], types[rel.target])].append(rel)
    rels = {key: rel_table(key[0], group) for key, group in groups.items()}
    return nodes, rels


def rel_table(rel_type: str, rels: list[Relationship]) -> pa.Table:
    """One relationship table, built a column at a time: the rows :func:`kg.model.rows.rel_row`
    gives (a test compares), without a dictionary for each of a million relationships, and
    the evidence lists as one array of sentences cut by offsets, not a Python list each.

    >>> from kg.model.records import Evidence, Provenance
    >>> ev = Evidence(doc_id="d", quote="They met.", start=0, end=9)
    >>> rel = Relationship(id="r", type="PARTNERS_WITH", source="a", target="b",
    ...                    properties={"topic": "AI"}, provenance=Provenance(evidence=[ev]))
    >>> rel_table("PARTNERS_WITH", [rel]).to_pylist()[0]["topic"]
    'AI'
    """
    columns = rel_columns(load_model(), rel_type)
    schema = arrow_schema(columns, endpoints=True)
    provs = [r.provenance for r in rels]
    offsets = pa.array(list(itertools.accumulate((len(p.evidence) for p in provs), initial=0)), pa.int32())
    evidence = [e for p in provs for e in p.evidence]
    disputed = pa.array([not p.conflict for p in provs])  # a null list where sources agree

    def listed(values: list[Any], name: str, mask: pa.Array | None = None) -> pa.Array:
        items = pa.array(values, schema.field(name).type.value_type)
        return pa.ListArray.from_arrays(offsets, items, mask=mask)

    data: dict[str, Any] = {"from": [r.source for r in rels], "to": [r.target for r in rels]}
    for col in columns:
        name = col.name
        if name == "id":
            data[name] = [r.id for r in rels]
        elif name == "evidence":
            data[name] = listed([e.quote for e in evidence], name)
        elif name == "doc_ids":
            data[name] = listed([e.doc_id for e in evidence], name)
        elif name in ("evidence_start", "evidence_end"):
            data[name] = listed([e.start if name == "evidence_start" else e.end for e in evidence], name)
        elif name == "evidence_says":
            data[name] = listed([e.says or "" for e in evidence], name, disputed)
        elif name == "conflict":
            data[name] = [p.conflict or None for p in provs]
        elif name in PROVENANCE_FIELDS:
            data[name] = [getattr(p, name) for p in provs]
        else:
            data[name] = [_part(r.properties.get(col.prop), col.part) for r in rels]
    return pa.table(data, schema=schema)


def _part(value: Any, part: str | None) -> Any:
    """A property's value in its column: a quantity's number, unit or qualifier (as ``flatten``)."""
    if part is None or value is None:
        return value
    return [q[part] for q in value] if isinstance(value, list) else value[part]


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
