"""Views of the graph for maps and desktop tools: a neighbourhood, a set of ids, filters.

Every view keeps the documents its relationships cite, so sources stay visible.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from kg.errors import KGError
from kg.model import MENTIONS
from kg.model.records import KnowledgeGraph

__all__ = ["View", "neighbourhood", "select"]

Review = Literal["all", "reviewed", "unreviewed"]


@dataclass
class View:
    """What to show; every field left empty means "everything"."""

    entity: str | None = None  # an id: show its neighbourhood
    depth: int = 1
    ids: set[str] | None = None  # only these nodes (e.g. a query's answer)
    node_types: set[str] = field(default_factory=set)
    rel_types: set[str] = field(default_factory=set)
    since: str | None = None  # relationships dated from (undated ones are kept unless a range is asked)
    until: str | None = None
    document: str | None = None  # only facts this document supports
    review: Review = "all"

    def narrows(self) -> bool:
        """Whether anything is asked beyond the whole graph.

        >>> View().narrows(), View(review="reviewed").narrows()
        (False, True)
        """
        return self.describe() != "everything"

    def describe(self) -> str:
        """The filters set, as an analyst would read them back.

        >>> View(entity="cnpc", depth=2, since="2030").describe()
        'around cnpc, depth 2; dated from 2030'
        """
        parts = [f"around {self.entity}, depth {self.depth}"] if self.entity else []
        parts += [f"{len(self.ids)} selected ids"] if self.ids is not None else []
        parts += [f"node types {', '.join(sorted(self.node_types))}"] if self.node_types else []
        parts += [f"relationship types {', '.join(sorted(self.rel_types))}"] if self.rel_types else []
        parts += [f"dated from {self.since}"] if self.since else []
        parts += [f"dated until {self.until}"] if self.until else []
        parts += [f"document {self.document}"] if self.document else []
        parts += [f"{self.review} facts"] if self.review != "all" else []
        return "; ".join(parts) or "everything"


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if date is None:
        return False
    # At the coarser precision of the two: until "2026" takes 2026-12-31, since "2026-03" takes "2026".
    after = since is None or since[: len(date)] <= date[: len(since)]
    return after and (until is None or date[: len(until)] <= until[: len(date)])


def neighbourhood(graph: KnowledgeGraph, start: str, depth: int) -> set[str]:
    """Ids within ``depth`` steps of ``start``, documents' mentions left out (breadth-first, linear)."""
    neighbours: dict[str, set[str]] = {}
    for rel in graph.relationships:
        if rel.type != MENTIONS:
            neighbours.setdefault(rel.source, set()).add(rel.target)
            neighbours.setdefault(rel.target, set()).add(rel.source)
    seen, queue = {start}, deque([(start, 0)])
    while queue:
        node, dist = queue.popleft()
        if dist == depth:
            continue
        for nxt in neighbours.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, dist + 1))
    return seen


def select(graph: KnowledgeGraph, view: View) -> KnowledgeGraph:
    """The part of ``graph`` that ``view`` asks for.

    >>> from kg.seeds.load import load_seeds
    >>> from pathlib import Path
    >>> g = load_seeds(Path("seeds")).graph
    >>> part = select(g, View(entity="cnpc", depth=1))
    >>> sorted(e.id for e in part.entities)
    ['central-soes', 'cnpc', 'energy-and-chemicals', 'kunlun-large-model']
    """
    types = graph.node_types()
    if view.entity is not None and view.entity not in types:
        raise KGError(f"no entity with id {view.entity!r} to centre the view on")
    keep = set(types)
    if view.entity is not None:
        keep &= neighbourhood(graph, view.entity, view.depth)
    if view.ids is not None:
        keep &= view.ids
    if view.node_types:
        keep = {i for i in keep if types[i] in view.node_types or types[i] == "Document"}
    rels = []
    for rel in graph.relationships:
        if rel.source not in keep and rel.type != MENTIONS:
            continue
        if rel.target not in keep or (rel.type == MENTIONS and rel.source not in keep):
            continue
        if view.rel_types and rel.type not in view.rel_types and rel.type != MENTIONS:
            continue
        prov = rel.provenance
        if rel.type != MENTIONS and not _in_range(prov.date, view.since, view.until):
            continue
        if view.document and view.document not in prov.doc_ids:
            continue
        if view.review == "reviewed" and prov.method == "rule":
            continue
        if view.review == "unreviewed" and prov.method != "rule" and rel.type != MENTIONS:
            continue
        rels.append(rel)
    filtered = any((view.rel_types, view.since, view.until, view.document, view.review != "all"))
    if filtered:  # only what the kept facts connect
        linked = {end for r in rels if r.type != MENTIONS for end in (r.source, r.target)}
        keep &= linked | ({view.entity} if view.entity else set())
        rels = [r for r in rels if r.source in keep or r.type == MENTIONS]
        rels = [r for r in rels if r.target in keep]
    cited = {d for r in rels for d in r.provenance.doc_ids}
    documents = [d for d in graph.documents if d.id in cited or (d.id in keep and not filtered)]
    doc_ids = {d.id for d in documents}
    rels = [r for r in rels if r.type != MENTIONS or r.source in doc_ids]
    return KnowledgeGraph.model_construct(
        documents=documents,
        entities=[e for e in graph.entities if e.id in keep],
        relationships=rels,
    )
