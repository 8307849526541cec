"""Turn curated facts into relationships: merge repeats, derive document mentions.

The same fact stated by two documents becomes one relationship carrying both
evidence sentences. Each document gets a ``MENTIONS`` edge to every entity it
supports, with the sentences that support it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kg.errors import KGError
from kg.model import MENTIONS
from kg.model.figures import in_words
from kg.model.records import Document, Entity, Evidence, Provenance, Relationship, checked, relationship_id
from kg.seeds.named import Named

__all__ = ["FactRecord", "assemble"]

EVENT = "Event"


@dataclass(slots=True)  # a million of them for a large seeds folder
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


def _agree(key: str, old: Any, new: Any) -> Any:
    """The one value ``old`` and ``new`` both state, or ``_DISAGREE``; a missing value agrees."""
    if old is None or old == new:
        return new if old is None else old
    if new is None:
        return old
    if key == "date" and str(old).startswith(str(new)):  # same date, less precise
        return old
    if key == "date" and str(new).startswith(str(old)):
        return new
    return _DISAGREE


_DISAGREE = object()
# Most of a large graph's relationships are documents' mentions, nearly all without properties
# or disputes: they share one empty mapping and one empty list (nothing changes a record's own).
_NO_PROPERTIES: dict[str, Any] = {}
_NO_CONFLICT: list[str] = []


def _words(key: str, value: Any) -> str:
    """A disputed value as a reader sees it: ``date 2025-03-27``, ``investment 10 billion yuan``."""
    return f"{key} {in_words(value)}"


def _merge(group: list[FactRecord]) -> Relationship:
    """One relationship from every statement of one fact.

    Sources disagree all the time (two dates for one launch): the first source's value stands
    (curated before rule proposals, then in the order given: the earliest published first),
    every sentence is kept, the provenance lists the disputed keys under ``conflict``, and
    each sentence ``says`` its own.
    """
    # Curated facts first: a rule's proposal only fills gaps and never overrides them.
    group = sorted(group, key=lambda f: f.method != "curated")
    first = group[0]
    curated = first.method == "curated"
    props: dict[str, Any] = {}
    meta: dict[str, Any] = {"date": None, "date_note": None, "status": None}
    disputed: set[str] = set()
    for fact in group:
        if curated and fact.method != "curated":
            continue  # an unreviewed proposal neither overrides nor disputes a reviewed fact
        stated = {**fact.properties, **{k: getattr(fact, k) for k in meta}}
        merged = {**props, **meta}
        for key, value in stated.items():
            agreed = _agree(key, merged.get(key), value)
            if agreed is _DISAGREE:
                disputed.add(key)
            elif key in meta:
                meta[key] = agreed
            else:
                props[key] = agreed
    for fact in group[1:] if curated else []:
        for key, value in fact.properties.items():  # gaps a reviewed fact leaves, a proposal fills
            props.setdefault(key, value)
        for key in meta:
            meta[key] = meta[key] if meta[key] is not None else getattr(fact, key)
    disputed.discard("date_note")  # a note is prose about the date, not a second value
    evidence: list[Evidence] = []
    seen: set[tuple[str, int, str]] = set()  # each sentence once (a set: a hub fact has thousands)
    for fact in group:
        says = ""
        if disputed:
            stated = {**fact.properties, **{k: getattr(fact, k) for k in meta}}
            says = "; ".join(_words(k, stated[k]) for k in sorted(disputed) if stated.get(k) is not None)
        for ev in fact.evidence:
            if (ev.doc_id, ev.start, ev.quote) in seen:
                continue
            seen.add((ev.doc_id, ev.start, ev.quote))
            evidence.append(checked(Evidence, **{**ev.__dict__, "says": says or None}) if disputed else ev)
    method = first.method
    confidence = 1.0 if curated else max(f.confidence for f in group)
    try:
        provenance = Provenance(
            evidence=evidence, method=method, confidence=confidence, conflict=sorted(disputed), **meta
        )
        provenance = checked(
            Provenance, **provenance.__dict__
        )  # the same values, held in a third of the room
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = err["msg"].removeprefix("Value error, ")
        raise KGError(f"{'.'.join(map(str, err['loc']))}: {msg}", path=first.where) from None
    # Each fact's properties were checked as it was read: the relationship is built without a second check.
    return checked(
        Relationship,
        id=relationship_id(first.type, first.source, first.target),
        type=first.type,
        source=first.source,
        target=first.target,
        properties=props,
        provenance=provenance,
    )


def _date_by_event(rel: Relationship, events: dict[str, Entity]) -> None:
    """A fact about a dated event whose own sentences give no date takes the event's (and its
    note), naming it in ``dated_by``: the brief, the timeline, a plain ``r.date`` in Cypher,
    the exports and the diff then all see one date."""
    prov = rel.provenance
    if prov.date is not None:
        return
    for end in (rel.target, rel.source):
        if end in events:
            event = events[end].properties
            prov.date, prov.date_note, prov.dated_by = event["date"], event.get("date_note"), end
            return


def assemble(
    documents: list[Document],
    entities: list[Entity],
    facts: list[FactRecord],
    mentions: list[tuple[str, Evidence, list[str]]],
    named: list[Named] | None = None,
) -> tuple[list[Relationship], list[str]]:
    """Merge facts into relationships and derive ``MENTIONS``; return them with warnings.
    ``facts`` is emptied (its records are dropped as they are merged).

    ``mentions`` are the catalog's source quotes; ``named`` the places documents name entities
    (their ``MENTIONS`` edges keep the names as written and their offsets).
    """
    order = {d.id: i for i, d in enumerate(documents)}

    def evidence_key(ev: Evidence) -> tuple[int, int]:
        return order[ev.doc_id], ev.start

    published = {d.id: (d.published or "9999", order[d.id]) for d in documents}

    def earliest(fact: FactRecord) -> tuple[str, int]:
        # Where sources disagree the earliest-published one's value stands: nearest the event.
        return min(published[ev.doc_id] for ev in fact.evidence)

    groups: dict[tuple[str, str, str], list[FactRecord]] = defaultdict(list)
    for fact in facts:
        groups[(fact.type, fact.source, fact.target)].append(fact)
    facts.clear()  # each record is in its group now, and goes once merged: a million are not held twice
    relationships = []
    events = {e.id: e for e in entities if e.type == EVENT and e.properties.get("date")}
    for key in list(groups):
        rel = _merge(sorted(groups.pop(key), key=earliest))
        rel.provenance.evidence.sort(key=evidence_key)
        _date_by_event(rel, events)
        relationships.append(rel)

    # (document, entity) -> [(evidence, supported properties)]
    support: dict[tuple[str, str], list[tuple[Evidence, Sequence[str]]]] = defaultdict(list)
    for entity_id, ev, props in mentions:
        support[(ev.doc_id, entity_id)].append((ev, props))
    for rel in relationships:
        for ev in rel.provenance.evidence:
            for end in (rel.source, rel.target):
                support[(ev.doc_id, end)].append((ev, ()))
    places: dict[tuple[str, str], list[Named]] = defaultdict(list)
    for place in named or []:
        places[(place.sentence.doc_id, place.entity)].append(place)
        support[(place.sentence.doc_id, place.entity)].append((place.sentence, ()))
    mentioned = {entity_id for _, entity_id in support}
    for doc_id, entity_id in sorted(support):
        items = support.pop((doc_id, entity_id))  # dropped as used: the largest of these structures
        merged: dict[Evidence, list[str]] = {}
        for ev, said in items:
            merged.setdefault(ev, [])
            merged[ev].extend(p for p in said if p not in merged[ev])
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
            checked(
                Relationship,
                id=relationship_id(MENTIONS, doc_id, entity_id),
                type=MENTIONS,
                source=doc_id,
                target=entity_id,
                properties=properties or _NO_PROPERTIES,
                provenance=checked(Provenance, evidence=evidence, method="derived", conflict=_NO_CONFLICT),
            )
        )

    warnings = [
        f"catalog entity {e.id!r} is not supported by any document sentence"
        for e in entities
        if e.id not in mentioned
    ]
    return relationships, warnings
