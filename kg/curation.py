"""Turn curated facts into relationships: merge repeats, derive document mentions.

The same fact stated by two documents becomes one relationship carrying both
evidence sentences. Each document gets a ``MENTIONS`` edge to every entity it
supports, with the sentences that support it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kg.errors import KGError
from kg.records import Document, Entity, Evidence, Provenance, Relationship, relationship_id

__all__ = ["FactRecord", "assemble"]

MENTIONS = "MENTIONS"


@dataclass
class FactRecord:
    """One curated statement as read from a facts file, before merging."""

    type: str
    source: str
    target: str
    evidence: list[Evidence]
    properties: dict[str, Any] = field(default_factory=dict)
    date: Any = None
    date_note: str | None = None
    status: str | None = None
    method: str = "curated"
    confidence: float = 1.0
    where: str = ""


def _merge_value(key: str, old: Any, new: Any, where: str, other: str) -> Any:
    if old is None or old == new:
        return new if old is None else old
    if new is None:
        return old
    if key == "date" and str(old).startswith(str(new)):  # same date, less precise
        return old
    if key == "date" and str(new).startswith(str(old)):
        return new
    raise KGError(f"{key} {new!r} contradicts {old!r} given at {other}", path=where)


def _merge(group: list[FactRecord]) -> Relationship:
    # Curated facts first: a rule's proposal only fills gaps and never contradicts them.
    group = sorted(group, key=lambda f: f.method != "curated")
    first = group[0]
    curated = first.method == "curated"
    props: dict[str, Any] = {}
    meta: dict[str, Any] = {"date": None, "date_note": None, "status": None}
    evidence: list[Evidence] = []
    for fact in group:
        gap_only = curated and fact.method != "curated"
        for key, value in fact.properties.items():
            if not gap_only or props.get(key) is None:
                props[key] = _merge_value(key, props.get(key), value, fact.where, first.where)
        for key in meta:
            if not gap_only or meta[key] is None:
                meta[key] = _merge_value(key, meta[key], getattr(fact, key), fact.where, first.where)
        evidence.extend(ev for ev in fact.evidence if ev not in evidence)
    method = first.method
    confidence = 1.0 if curated else max(f.confidence for f in group)
    try:
        provenance = Provenance(evidence=evidence, method=method, confidence=confidence, **meta)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = err["msg"].removeprefix("Value error, ")
        raise KGError(f"{'.'.join(map(str, err['loc']))}: {msg}", path=first.where) from None
    return Relationship(
        id=relationship_id(first.type, first.source, first.target),
        type=first.type,
        source=first.source,
        target=first.target,
        properties=props,
        provenance=provenance,
    )


def assemble(
    documents: list[Document],
    entities: list[Entity],
    facts: list[FactRecord],
    mentions: list[tuple[str, Evidence, list[str]]],
) -> tuple[list[Relationship], list[str]]:
    """Merge facts into relationships and derive ``MENTIONS``; return them with warnings."""
    order = {d.id: i for i, d in enumerate(documents)}

    def evidence_key(ev: Evidence) -> tuple[int, int]:
        return order[ev.doc_id], ev.start

    groups: dict[tuple[str, str, str], list[FactRecord]] = defaultdict(list)
    for fact in facts:
        groups[(fact.type, fact.source, fact.target)].append(fact)
    relationships = []
    for group in groups.values():
        rel = _merge(group)
        rel.provenance.evidence.sort(key=evidence_key)
        relationships.append(rel)

    # (document, entity) -> [(evidence, supported properties)]
    support: dict[tuple[str, str], list[tuple[Evidence, list[str]]]] = defaultdict(list)
    for entity_id, ev, props in mentions:
        support[(ev.doc_id, entity_id)].append((ev, props))
    for rel in relationships:
        for ev in rel.provenance.evidence:
            for end in (rel.source, rel.target):
                support[(ev.doc_id, end)].append((ev, []))
    for (doc_id, entity_id), items in sorted(support.items()):
        merged: dict[Evidence, list[str]] = {}
        for ev, props in items:
            merged.setdefault(ev, [])
            merged[ev].extend(p for p in props if p not in merged[ev])
        evidence = sorted(merged, key=evidence_key)
        supports = sorted({p for props in merged.values() for p in props})
        relationships.append(
            Relationship(
                id=relationship_id(MENTIONS, doc_id, entity_id),
                type=MENTIONS,
                source=doc_id,
                target=entity_id,
                properties={"supports": supports} if supports else {},
                provenance=Provenance(evidence=evidence, method="derived"),
            )
        )

    mentioned = {entity_id for _, entity_id in support}
    warnings = [
        f"catalog entity {e.id!r} is not supported by any document sentence"
        for e in entities
        if e.id not in mentioned
    ]
    return relationships, warnings
