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
from kg.named import Named
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


def _lenient(
    key: str, old: Any, new: Any, fact: FactRecord, first: FactRecord, lenient: bool, disagree: list[str]
) -> Any:
    try:
        return _merge_value(key, old, new, fact.where, first.where)
    except KGError:
        if not lenient:
            raise
        disagree.append(f"another source gives {key} {new}")
        return old


def _merge(group: list[FactRecord]) -> Relationship:
    # Curated facts first: a rule's proposal only fills gaps and never contradicts them.
    group = sorted(group, key=lambda f: f.method != "curated")
    first = group[0]
    curated = first.method == "curated"
    props: dict[str, Any] = {}
    meta: dict[str, Any] = {"date": None, "date_note": None, "status": None}
    evidence: list[Evidence] = []
    disagree: list[str] = []
    for fact in group:
        gap_only = curated and fact.method != "curated"
        # Two unreviewed proposals that disagree (two articles giving two dates) are both kept as
        # evidence; the first one's value stands and the note says what the other one gives.
        lenient = fact.method != "curated"
        for key, value in fact.properties.items():
            if not gap_only or props.get(key) is None:
                props[key] = _lenient(key, props.get(key), value, fact, first, lenient, disagree)
        for key in meta:
            if not gap_only or meta[key] is None:
                meta[key] = _lenient(key, meta[key], getattr(fact, key), fact, first, lenient, disagree)
        evidence.extend(ev for ev in fact.evidence if ev not in evidence)
    if disagree:
        meta["date_note"] = "; ".join(filter(None, [meta["date_note"], *disagree]))
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
    named: list[Named] | None = None,
) -> tuple[list[Relationship], list[str]]:
    """Merge facts into relationships and derive ``MENTIONS``; return them with warnings.

    ``mentions`` are the catalog's source quotes; ``named`` the places documents name entities
    (their ``MENTIONS`` edges keep the names as written and their offsets).
    """
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
    places: dict[tuple[str, str], list[Named]] = defaultdict(list)
    for place in named or []:
        places[(place.sentence.doc_id, place.entity)].append(place)
        support[(place.sentence.doc_id, place.entity)].append((place.sentence, []))
    for (doc_id, entity_id), items in sorted(support.items()):
        merged: dict[Evidence, list[str]] = {}
        for ev, props in items:
            merged.setdefault(ev, [])
            merged[ev].extend(p for p in props if p not in merged[ev])
        evidence = sorted(merged, key=evidence_key)
        supports = sorted({p for props in merged.values() for p in props})
        properties: dict[str, Any] = {"supports": supports} if supports else {}
        at = sorted({(p.start, p.text) for p in places.get((doc_id, entity_id), [])})
        if at:
            properties.update(
                names=[n for _, n in at],
                name_starts=[s for s, _ in at],
                name_ends=[s + len(n) for s, n in at],
            )
        relationships.append(
            Relationship(
                id=relationship_id(MENTIONS, doc_id, entity_id),
                type=MENTIONS,
                source=doc_id,
                target=entity_id,
                properties=properties,
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
