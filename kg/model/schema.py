"""Database schema derived from the model: columns, LadybugDB DDL, Neo4j constraints and index.

A ``quantity`` property ``p`` is stored as three columns ``p`` (the number),
``p_unit`` and ``p_qualifier``, because Neo4j properties cannot hold maps; the
same flattening is used for both engines so one query library fits both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from kg.model.declaration import GraphModel, PropertySpec

__all__ = [
    "SOURCES_INDEX",
    "SOURCES_WAIT_S",
    "Column",
    "arrow_schema",
    "flatten",
    "ladybug_ddl",
    "neo4j_constraints",
    "neo4j_sources_index",
    "node_columns",
    "rel_columns",
    "unflatten",
]

_DB_TYPES = {
    "string": "STRING",
    "text": "STRING",
    "date": "STRING",  # ISO text of varying precision sorts correctly as a string
    "integer": "INT64",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "string_list": "STRING[]",
    "integer_list": "INT64[]",
}
_ARROW_TYPES = {
    "STRING": pa.string(),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "STRING[]": pa.list_(pa.string()),
    "INT64[]": pa.list_(pa.int64()),
    "DOUBLE[]": pa.list_(pa.float64()),
}
_QUANTITY_PARTS = (("value", ""), ("unit", "_unit"), ("qualifier", "_qualifier"))


@dataclass(frozen=True)
class Column:
    """One stored column: its name, engine type, and the property (and part) it holds."""

    name: str
    db_type: str
    prop: str
    part: str | None = None  # "value", "unit" or "qualifier" for quantities


def _columns(props: dict[str, PropertySpec]) -> list[Column]:
    cols = [Column("id", "STRING", "id")]
    for name, spec in props.items():
        if spec.type in ("quantity", "quantity_list"):
            is_list = spec.type == "quantity_list"
            for part, suffix in _QUANTITY_PARTS:
                base = "DOUBLE" if part == "value" else "STRING"
                cols.append(Column(name + suffix, base + ("[]" if is_list else ""), name, part))
        else:
            cols.append(Column(name, _DB_TYPES[spec.type], name))
    return cols


def node_columns(model: GraphModel, node_type: str) -> list[Column]:
    """Columns of a node table, ``id`` first.

    >>> from kg.model.declaration import load_model
    >>> [c.name for c in node_columns(load_model(), "ComputingInfrastructure")][-3:]
    ['intelligent_computing', 'intelligent_computing_unit', 'intelligent_computing_qualifier']
    """
    return _columns(model.node_property_specs(node_type))


def rel_columns(model: GraphModel, rel_type: str) -> list[Column]:
    """Columns of a relationship table, ``id`` first (provenance, then its own)."""
    return _columns(model.rel_property_specs(rel_type))


def _q(name: str) -> str:
    return f"`{name}`"  # names come from the model only; quoting avoids keyword clashes


def ladybug_ddl(model: GraphModel) -> list[str]:
    """``CREATE NODE/REL TABLE`` statements for every type in the model.

    >>> from kg.model.declaration import load_model
    >>> ladybug_ddl(load_model())[0][:48]
    'CREATE NODE TABLE `Document`(`id` STRING PRIMARY'
    """
    out = []
    for node_type in model.nodes:
        cols = ", ".join(
            f"{_q(c.name)} {c.db_type}" + (" PRIMARY KEY" if c.name == "id" else "")
            for c in node_columns(model, node_type)
        )
        out.append(f"CREATE NODE TABLE {_q(node_type)}({cols})")
    for rel_type in model.relationships:
        pairs = ", ".join(f"FROM {_q(a)} TO {_q(b)}" for a, b in model.pairs(rel_type))
        cols = ", ".join(f"{_q(c.name)} {c.db_type}" for c in rel_columns(model, rel_type))
        out.append(f"CREATE REL TABLE {_q(rel_type)}({pairs}, {cols})")
    return out


def neo4j_constraints(model: GraphModel) -> list[str]:
    """One uniqueness constraint on ``id`` per label, so loads can MERGE on it.

    >>> from kg.model.declaration import load_model
    >>> neo4j_constraints(load_model())[1]
    'CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE'
    """
    return [
        f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in model.nodes
    ]


# The full-text index of every relationship's sources: its documents (doc_ids) and its date,
# each value one term (the keyword analyzer). Neo4j indexes a relationship property for the types
# it names only, and its full-text indexes alone take many types and lists of text; the library's
# Neo4j forms of document_facts and timeline find their relationships through it.
SOURCES_INDEX = "relationship_sources"
SOURCES_PROPERTIES = ("doc_ids", "date")
SOURCES_ANALYZER = "keyword"
SOURCES_WAIT_S = 600  # how long a load waits for the index to come online (about 10 s at 1M)


def neo4j_sources_index(model: GraphModel) -> str:
    """The statement that makes :data:`SOURCES_INDEX` for every relationship type of the model.

    >>> from kg.model.declaration import load_model
    >>> neo4j_sources_index(load_model())[:80]
    'CREATE FULLTEXT INDEX relationship_sources IF NOT EXISTS FOR ()-[r:SUPERVISES|PA'
    """
    types = "|".join(model.relationships)
    keys = ", ".join(f"r.{key}" for key in SOURCES_PROPERTIES)
    return (
        f"CREATE FULLTEXT INDEX {SOURCES_INDEX} IF NOT EXISTS FOR ()-[r:{types}]-() ON EACH [{keys}] "
        f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{SOURCES_ANALYZER}'}}}}"
    )


def constraint_name(label: str) -> str:
    """The name of a label's id constraint in Neo4j.

    >>> constraint_name("DataSpace")
    'dataspace_id'
    """
    return f"{label.lower()}_id"


def arrow_schema(columns: list[Column], *, endpoints: bool = False) -> pa.Schema:
    """Arrow schema for bulk loading; relationship tables start with from/to keys."""
    fields = [pa.field("from", pa.string()), pa.field("to", pa.string())] if endpoints else []
    fields += [pa.field(c.name, _ARROW_TYPES[c.db_type]) for c in columns]
    return pa.schema(fields)


def flatten(columns: list[Column], values: dict[str, Any]) -> dict[str, Any]:
    """Spread a record's values over its columns (quantities into three)."""
    row: dict[str, Any] = {}
    for col in columns:
        value = values.get(col.prop)
        if col.part is not None and value is not None:
            value = [q[col.part] for q in value] if isinstance(value, list) else value[col.part]
        row[col.name] = value
    return row


def unflatten(columns: list[Column], row: dict[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`flatten`; columns that are null are left out."""
    out: dict[str, Any] = {}
    for col in columns:
        value = row.get(col.name)
        if value is None:
            continue
        if col.part is None:
            out[col.prop] = value
        elif isinstance(value, list):
            parts = out.setdefault(col.prop, [{} for _ in value])
            for item, v in zip(parts, value, strict=True):
                item[col.part] = v
        else:
            out.setdefault(col.prop, {})[col.part] = value
    return out
