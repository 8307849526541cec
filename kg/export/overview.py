"""The map of a graph too large for one page: its hubs.

A page shows at most :data:`~kg.export.html.MAX_NODES` nodes and
:data:`~kg.export.html.MAX_EDGES` relationships, and far fewer are readable. A build whose
graph is larger still writes its database and JSON in full; its map is an overview of the
best-connected entities, the facts among them and the documents those facts cite, and says
so on the page and in the build's message, with the command that maps any other part.
"""

from __future__ import annotations

from collections import Counter

from kg.export.html import MAX_EDGES, MAX_NODES
from kg.model import MENTIONS
from kg.model.records import KnowledgeGraph

__all__ = ["OVERVIEW_NODES", "fits_one_map", "overview"]

OVERVIEW_NODES = 2_000  # entities in an overview: the hubs, laid out here and readable at once
OVERVIEW_EDGES = 20_000  # relationships in it, its facts first: the page opens in seconds


def fits_one_map(graph: KnowledgeGraph) -> bool:
    """Whether the whole graph fits one map page.

    >>> fits_one_map(KnowledgeGraph())
    True
    """
    nodes = len(graph.documents) + len(graph.entities)
    return nodes <= MAX_NODES and len(graph.relationships) <= MAX_EDGES


def overview(graph: KnowledgeGraph, size: int = OVERVIEW_NODES) -> tuple[KnowledgeGraph, str]:
    """The ``size`` best-connected entities of ``graph`` (most facts first, ids breaking ties),
    the facts among them, the documents those cite and their mentions of the entities kept;
    and a sentence saying what the overview shows of the whole.

    >>> from kg.model.records import Entity
    >>> part, said = overview(KnowledgeGraph(entities=[Entity(id="x", type="Sector", name="X")]), 10)
    >>> said
    'Overview: the 1 best-connected of 1 entities, with the 0 facts among them (of 0).'
    """
    degree: Counter[str] = Counter()
    for rel in graph.relationships:
        if rel.type != MENTIONS:
            degree.update((rel.source, rel.target))
    ranked = sorted(graph.entities, key=lambda e: (-degree[e.id], e.id))[:size]
    keep = {e.id for e in ranked}
    facts = [r for r in graph.relationships if r.type != MENTIONS and r.source in keep and r.target in keep]
    facts = facts[: OVERVIEW_EDGES * 3 // 4]  # room for the documents' mentions
    cited = {d for r in facts for d in r.provenance.doc_ids}
    documents = [d for d in graph.documents if d.id in cited][: MAX_NODES - len(ranked)]
    shown = {d.id for d in documents}  # a fact's other sources are still named in its details
    room = OVERVIEW_EDGES - len(facts)
    mentions = [
        r for r in graph.relationships if r.type == MENTIONS and r.source in shown and r.target in keep
    ]
    total = sum(1 for r in graph.relationships if r.type != MENTIONS)
    said = (
        f"Overview: the {len(ranked):,} best-connected of {len(graph.entities):,} entities, "
        f"with the {len(facts):,} facts among them (of {total:,})."
    )
    part = KnowledgeGraph.model_construct(
        documents=documents,
        entities=[e for e in graph.entities if e.id in keep],
        relationships=facts + mentions[:room],
    )
    return part, said
