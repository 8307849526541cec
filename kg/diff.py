"""What changed between two builds: documents, entities and facts added, removed or changed
(a new sentence for a fact already known, a changed date, status or figure, a fact reviewed).

``MENTIONS`` edges are left out: they follow from the documents and facts listed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from kg.errors import KGError
from kg.model import MENTIONS
from kg.model.figures import in_words
from kg.model.records import Document, Entity, KnowledgeGraph, Relationship
from kg.seeds.quotes import editor_date

__all__ = ["Change", "GraphDiff", "diff", "read_graph"]

_PLURAL = {"document": "documents", "entity": "entities", "fact": "facts"}
Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Change:
    """One difference: what kind, on what (a document, an entity or a fact), and the details."""

    kind: Kind
    item: Literal["document", "entity", "fact"]
    type: str  # the node or relationship type
    id: str
    name: str  # a document's title, an entity's name, a fact as "Source TYPE Target"
    details: tuple[str, ...] = ()

    def row(self) -> list[str]:
        """The change as a table row: kind, item, type, name, details."""
        return [self.kind, self.item, self.type, self.name, "; ".join(self.details)]


@dataclass
class GraphDiff:
    """Every change from ``old`` to ``new``, grouped by item and type.

    >>> a = KnowledgeGraph(entities=[Entity(id="x", type="SOE", name="X")])
    >>> b = KnowledgeGraph(entities=[Entity(id="x", type="SOE", name="X Group")])
    >>> diff(a, b).changes[0].details
    ('name: X → X Group',)
    """

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many of each (kind, item): ``{"added fact": 3, ...}``."""
        out: dict[str, int] = {}
        for c in self.changes:
            key = f"{c.kind} {c.item}"
            out[key] = out.get(key, 0) + 1
        return out

    def summary(self) -> str:
        """One line: "3 documents added, 5 entities added, 12 facts added, 2 facts changed"."""
        if not self.changes:
            return "no changes"
        parts = []
        for item in ("document", "entity", "fact"):
            for kind in ("added", "removed", "changed"):
                n = sum(1 for c in self.changes if c.item == item and c.kind == kind)
                if n:
                    parts.append(f"{n} {_PLURAL[item] if n != 1 else item} {kind}")
        return ", ".join(parts)

    def ids(self, kinds: tuple[str, ...] = ("added", "changed")) -> dict[str, str]:
        """The ids of what was added or changed, and how (for a map's change view)."""
        return {c.id: c.kind for c in self.changes if c.kind in kinds}

    def as_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "summary": self.summary(),
                "changes": [asdict(c) | {"details": list(c.details)} for c in self.changes]}  # fmt: skip

    def _repr_markdown_(self) -> str:  # a notebook shows it
        return self.markdown()

    def markdown(self) -> str:
        """The changes as Markdown: a heading per item and kind, a line per change."""
        from kg.brief.markdown import text

        out = [f"# Changes from {text(self.old)} to {text(self.new)}", "", text(self.summary()), ""]
        for item, title in (("document", "Documents"), ("entity", "Entities"), ("fact", "Facts")):
            for kind in ("added", "removed", "changed"):
                rows = [c for c in self.changes if c.item == item and c.kind == kind]
                if rows:
                    out += [f"## {title} {kind} ({len(rows)})", ""]
                    for c in rows:
                        detail = f": {text('; '.join(c.details))}" if c.details else ""
                        out.append(f"- {text(c.type)} **{text(c.name)}**{detail}")
                    out.append("")
        return "\n".join(out).rstrip() + "\n"


def _compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    details = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a != b:
            before = in_words(a) if a not in (None, [], "") else "none"
            after = in_words(b) if b not in (None, [], "") else "none"
            details.append(f"{key}: {before} → {after}")
    return details


def _entity_fields(e: Entity) -> dict[str, Any]:
    return {"name": e.name, "name_zh": e.name_zh, "aliases": sorted(e.aliases), "description": e.description,
            "type": e.type, **e.properties}  # fmt: skip


def _fact_name(rel: Relationship, names: dict[str, str]) -> str:
    return f"{names.get(rel.source, rel.source)} {rel.type} {names.get(rel.target, rel.target)}"


def _fact_changes(a: Relationship, b: Relationship) -> list[str]:
    pa, pb = a.provenance, b.provenance
    details = _compare(
        {**a.properties, "date": pa.date, "status": pa.status, "conflict": pa.conflict},
        {**b.properties, "date": pb.date, "status": pb.status, "conflict": pb.conflict},
    )
    if pa.method == "rule" and pb.method != "rule":
        details.append("reviewed (was unreviewed)")
    elif pa.method != "rule" and pb.method == "rule":
        details.append("now unreviewed")
    before = {(e.doc_id, e.quote) for e in pa.evidence}
    after = {(e.doc_id, e.quote) for e in pb.evidence}
    details += [f"new sentence in {doc}: “{quote}”" for doc, quote in sorted(after - before)]
    details += [f"sentence gone from {doc}: “{quote}”" for doc, quote in sorted(before - after)]
    return details


def _documents(old: list[Document], new: list[Document]) -> list[Change]:
    a, b = {d.id: d for d in old}, {d.id: d for d in new}
    out = []
    for doc_id in sorted(b.keys() - a.keys()):
        d = b[doc_id]
        when = editor_date(d.published)
        out.append(Change("added", "document", "Document", doc_id, d.title,
                          tuple(x for x in (d.publisher, when) if x)))  # fmt: skip
    out += [Change("removed", "document", "Document", i, a[i].title) for i in sorted(a.keys() - b.keys())]
    for doc_id in sorted(a.keys() & b.keys()):
        if a[doc_id].sha256 != b[doc_id].sha256:
            out.append(Change("changed", "document", "Document", doc_id, b[doc_id].title, ("text changed",)))
    return out


def diff(
    old: KnowledgeGraph, new: KnowledgeGraph, old_label: str = "old", new_label: str = "new"
) -> GraphDiff:
    """Every change from ``old`` to ``new``: documents, then entities, then facts, each by type
    and name."""
    result = GraphDiff(old_label, new_label, _documents(old.documents, new.documents))
    a, b = {e.id: e for e in old.entities}, {e.id: e for e in new.entities}
    names = {i: e.name for i, e in {**a, **b}.items()}
    entities: list[Change] = []
    for i in b.keys() - a.keys():
        entities.append(
            Change("added", "entity", b[i].type, i, b[i].name, ("unreviewed",) if b[i].candidate else ())
        )
    for i in a.keys() - b.keys():
        entities.append(Change("removed", "entity", a[i].type, i, a[i].name))
    for i in a.keys() & b.keys():
        details = _compare(_entity_fields(a[i]), _entity_fields(b[i]))
        if a[i].candidate and not b[i].candidate:
            details.append("reviewed (was a candidate)")
        if details:
            entities.append(Change("changed", "entity", b[i].type, i, b[i].name, tuple(details)))
    fa = {r.id: r for r in old.relationships if r.type != MENTIONS}
    fb = {r.id: r for r in new.relationships if r.type != MENTIONS}
    facts: list[Change] = []
    for i in fb.keys() - fa.keys():
        rel = fb[i]
        details = [f"date {rel.provenance.date}"] if rel.provenance.date else []
        details += ["unreviewed"] if rel.provenance.method == "rule" else []
        facts.append(Change("added", "fact", rel.type, i, _fact_name(rel, names), tuple(details)))
    for i in fa.keys() - fb.keys():
        facts.append(Change("removed", "fact", fa[i].type, i, _fact_name(fa[i], names)))
    for i in fa.keys() & fb.keys():
        details = _fact_changes(fa[i], fb[i])
        if details:
            facts.append(Change("changed", "fact", fb[i].type, i, _fact_name(fb[i], names), tuple(details)))
    order = {"added": 0, "removed": 1, "changed": 2}
    result.changes += sorted(entities, key=lambda c: (order[c.kind], c.type, c.name, c.id))
    result.changes += sorted(facts, key=lambda c: (order[c.kind], c.type, c.name, c.id))
    return result


def read_graph(path: Path) -> KnowledgeGraph:
    """A graph saved as node-link JSON (a build's ``soe-kg.json``, a kept build, an export),
    or an embedded database file, read and validated.

    >>> read_graph(Path("nowhere.json"))
    Traceback (most recent call last):
    ...
    kg.errors.KGError: nowhere.json: file not found
    """
    from kg.export.json import from_networkx
    from kg.seeds.yamlio import read_bytes
    from kg.store import EmbeddedStore

    if path.suffix.lower() != ".json":
        with EmbeddedStore(path) as store:
            return store.read_graph()
    try:
        data = json.loads(read_bytes(path))
        return from_networkx(nx.node_link_graph(data, edges="links", directed=True, multigraph=True))
    except KGError:
        raise
    except RecursionError:  # json reads nesting by recursion: 100,000 levels end Python's stack
        raise KGError("not a soe-ai-kg JSON export (nested too deep to read)", path=path) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KGError(f"not a soe-ai-kg JSON export ({problem[:200]})", path=path) from None
