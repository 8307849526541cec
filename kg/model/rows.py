"""Records as flat table rows and back, for stores and tabular exports.

>>> from kg.model.records import Entity
>>> node_row(Entity(id="x", type="Sector", name="Energy"))[1]["name"]
'Energy'
"""

from __future__ import annotations

from typing import Any

from kg.model.declaration import DOCUMENT, load_model
from kg.model.records import PROVENANCE_FIELDS, Document, Entity, Evidence, Provenance, Relationship
from kg.model.schema import flatten, node_columns, rel_columns, unflatten

__all__ = ["node_row", "record_from_row", "rel_row", "relationship_from_row"]

_DOC_FIELDS = tuple(f for f in Document.model_fields if f != "id")


def node_row(record: Document | Entity) -> tuple[str, dict[str, Any]]:
    """The node type and the column values of a document or entity."""
    model = load_model()
    if isinstance(record, Document):
        values: dict[str, Any] = {"name": record.title, "aliases": []}
        values.update(record.model_dump(exclude_none=True))
        node_type = DOCUMENT
    else:
        values = {
            "id": record.id,
            "name": record.name,
            "name_zh": record.name_zh,
            "aliases": record.aliases,
            "description": record.description,
            "candidate": record.candidate or None,
            **record.properties,
        }
        node_type = record.type
    return node_type, flatten(node_columns(model, node_type), values)


def rel_row(rel: Relationship) -> dict[str, Any]:
    """The column values of a relationship, provenance included."""
    prov = rel.provenance
    values = {
        "id": rel.id,
        "evidence": [e.quote for e in prov.evidence],
        "doc_ids": [e.doc_id for e in prov.evidence],
        "evidence_start": [e.start for e in prov.evidence],
        "evidence_end": [e.end for e in prov.evidence],
        # parallel to the sentences, "" where one says nothing disputed (Neo4j lists hold no nulls)
        "evidence_says": [e.says or "" for e in prov.evidence] if prov.conflict else None,
        "conflict": prov.conflict or None,
        "date": prov.date,
        "date_note": prov.date_note,
        "dated_by": prov.dated_by,
        "status": prov.status,
        "method": prov.method,
        "confidence": prov.confidence,
        **rel.properties,
    }
    return flatten(rel_columns(load_model(), rel.type), values)


def record_from_row(node_type: str, row: dict[str, Any]) -> Document | Entity:
    """Rebuild a document or entity from its stored columns."""
    values = unflatten(node_columns(load_model(), node_type), row)
    if node_type == DOCUMENT:
        return Document(id=values["id"], **{k: values[k] for k in _DOC_FIELDS if k in values})
    core = {k: values.pop(k) for k in ("id", "name", "name_zh", "description", "candidate") if k in values}
    aliases = values.pop("aliases", None) or []
    return Entity(type=node_type, aliases=aliases, properties=values, **core)


def relationship_from_row(rel_type: str, source: str, target: str, row: dict[str, Any]) -> Relationship:
    """Rebuild a relationship from its stored columns."""
    values = unflatten(rel_columns(load_model(), rel_type), row)
    quotes = values.pop("evidence")
    says = values.pop("evidence_says", None) or [""] * len(quotes)
    starts, ends = values.pop("evidence_start"), values.pop("evidence_end")
    evidence = [
        Evidence(doc_id=d, quote=q, start=s, end=e, says=w or None)
        for q, d, s, e, w in zip(quotes, values.pop("doc_ids"), starts, ends, says, strict=True)
    ]
    meta = {k: values.pop(k) for k in PROVENANCE_FIELDS if k in values}
    return Relationship(
        id=values.pop("id"),
        type=rel_type,
        source=source,
        target=target,
        properties=values,
        provenance=Provenance(evidence=evidence, **meta),
    )
