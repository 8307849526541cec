"""What the review page knows besides a review file: the seeds' documents and entities, the
gazetteer, the types the model allows between two entities, and what curated facts say.

Built once per server from ``seeds/`` (curated data only: the review files are what is being
decided) and shared by every review file the server was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from kg.model import DOCUMENT, MENTIONS, compatible, load_model
from kg.model.figures import in_words
from kg.model.names import normalise
from kg.model.records import Document, Relationship
from kg.seeds.curation import _DISAGREE, _agree
from kg.seeds.gazetteer import load_gazetteer
from kg.seeds.load import load_seeds

__all__ = ["Known", "SeedContext", "allowed_pairs", "allowed_types"]

ALTERNATIVES = 6  # other entities offered for a name: enough to fix a merge, few enough to read


@dataclass(frozen=True)
class Known:
    """An entity the page can point a fact at: its name, type and where it comes from."""

    key: str
    name: str
    type: str
    kind: str  # catalog, gazetteer or candidate


@cache
def allowed_pairs() -> dict[str, list[str]]:
    """``"SOE>Platform"`` -> the relationship types the model allows between the two, for every
    pair of node types that has any (the page offers them when a fact is added by hand).

    >>> allowed_pairs()["Person>SOE"]
    ['HOLDS_ROLE', 'COMMENTS_ON']
    """
    types = [t for t in load_model().nodes if t != DOCUMENT]
    pairs = {f"{a}>{b}": allowed_types(a, b) for a in types for b in types}
    return {k: v for k, v in pairs.items() if v}


def allowed_types(source_type: str | None, target_type: str | None) -> list[str]:
    """The relationship types the model allows from ``source_type`` to ``target_type``, in the
    model's order (derived from ``kg/model.yaml``, never listed here).

    >>> allowed_types("Person", "SOE")
    ['HOLDS_ROLE', 'COMMENTS_ON']
    >>> allowed_types("SOE", "Sector")
    ['IN_SECTOR']
    """
    model = load_model()
    triples = model.triples()
    return [r for r in model.relationships if r != MENTIONS and (r, source_type, target_type) in triples]


@dataclass
class SeedContext:
    """The curated seeds, read once: documents, texts, entities by key, and curated facts."""

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    known: dict[str, Known] = field(default_factory=dict)
    facts: dict[tuple[str, str, str], Relationship] = field(default_factory=dict)
    _names: list[tuple[str, str]] = field(default_factory=list)  # (normalised name, key)

    @classmethod
    def load(cls, root: Path) -> SeedContext:
        """Read ``root`` (a one-line :class:`KGError` when the curated seeds do not load)."""
        seeds = load_seeds(root, reviews=False)
        gazetteer = load_gazetteer()
        context = cls(root=root, texts=seeds.texts)
        context.documents = {d.id: d for d in seeds.graph.documents}
        for e in gazetteer.entities.values():
            context.known[e.id] = Known(e.id, e.name, e.type, "gazetteer")
        for e in seeds.graph.entities:
            # A gazetteer entry that entered the graph is the gazetteer's own object; the catalog's
            # entries (which win over the gazetteer's of the same id) are new ones.
            if gazetteer.entities.get(e.id) is not e:
                context.known[e.id] = Known(e.id, e.name, e.type, "catalog")
        context.facts = {
            (r.type, r.source, r.target): r for r in seeds.graph.relationships if r.type != MENTIONS
        }
        context._names = [
            (normalise(n), e.id)
            for e in [*gazetteer.entities.values(), *seeds.graph.entities]
            for n in [e.name, *e.aliases, e.name_zh or ""]
            if n.strip()
        ]
        return context

    @cached_property
    def _forms(self) -> list[str]:
        return [form for form, _ in self._names]

    def alternatives(self, names: list[str], entity_type: str | None, skip: set[str]) -> list[dict[str, Any]]:
        """Catalog and gazetteer entities whose names are close to any of ``names``, those of a
        compatible type first, best score first (``skip``: keys not to offer)."""
        best: dict[str, float] = {}
        for name in names:
            norm = normalise(name)
            if not norm:
                continue
            for _, score, i in process.extract(
                norm, self._forms, scorer=fuzz.WRatio, limit=25, score_cutoff=75
            ):
                key = self._names[i][1]
                # another type only when the names nearly agree: a wrong type is the rarer mistake
                if key not in skip and (score >= 90 or compatible(entity_type or "", self.known[key].type)):
                    best[key] = max(best.get(key, 0.0), float(score))
        ranked = sorted(
            best.items(),
            key=lambda kv: (not compatible(entity_type or "", self.known[kv[0]].type), -kv[1], kv[0]),
        )
        return [{**self.describe(key), "score": round(score, 1)} for key, score in ranked[:ALTERNATIVES]]

    def describe(self, key: str) -> dict[str, Any]:
        """An entity as the page shows it."""
        known = self.known[key]
        return {"key": key, "name": known.name, "type": known.type, "kind": known.kind}

    def conflicts(self, fact: dict[str, Any], doc_id: str) -> list[dict[str, Any]]:
        """What each source says where a proposal disagrees with the curated fact it would join
        (a date, a status, a property); empty when they agree or there is no such fact."""
        curated = self.facts.get((str(fact["type"]), str(fact["source"]), str(fact["target"])))
        if curated is None:
            return []
        prov = curated.provenance
        theirs = {**curated.properties, "date": prov.date, "status": prov.status}
        own_keys = set(load_model().relationships[str(fact["type"])].properties)
        ours = {k: fact.get(k) for k in ("date", "status", *own_keys)}
        disputed = sorted(k for k, v in ours.items() if _agree(k, theirs.get(k), v) is _DISAGREE)
        if not disputed:
            return []
        said = [
            {
                "doc": ev.doc_id,
                "title": self.documents[ev.doc_id].title if ev.doc_id in self.documents else ev.doc_id,
                "quote": ev.quote,
                "says": ev.says or _says(disputed, theirs),
            }
            for ev in prov.evidence
        ]
        this = {
            "doc": doc_id,
            "title": "this article",
            "quote": str(fact.get("evidence")),
            "says": _says(disputed, ours),
        }
        return [*said, this]

    def node_types(self) -> dict[str, str]:
        """Every node type an entity may have, with its colour (``kg/model.yaml``'s styles)."""
        return {name: t.style.color for name, t in load_model().nodes.items() if name != DOCUMENT}


def _says(keys: list[str], values: dict[str, Any]) -> str:
    """ "date 2025-03-27; status pilot": the disputed values one source gives."""
    return "; ".join(f"{k} {in_words(values[k])}" for k in keys if values.get(k) is not None) or "nothing"
