"""``soekg eval``: precision, recall and F1 of extraction against the curated seed facts.

Each document is extracted with a catalog that lacks the entities only that
document mentions, so they must be found from the shape of the language, as in a
new article; a new candidate counts as found when its name resolves to the
held-out entity, or when it is named inside a sentence the curated data quotes for a
held-out entity of its type. Entities only the gazetteer knows are left out: the
curated facts never judged them. Entities are scored by id, relationships by (type, source, target),
and also as unordered, untyped pairs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ingest.extract import Extractor
from kg.ingest.paths import choose_path
from kg.ingest.resolve import Resolver
from kg.model import MENTIONS
from kg.seeds.load import load_seeds

__all__ = ["Score", "evaluate"]


@dataclass
class Score:
    """True positives, false positives and false negatives, and what follows from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[Any], gold: set[Any]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Counts and rounded scores.

        >>> s = Score(); s.add({1, 2, 3}, {2, 3, 4}); s.as_dict()["f1"]
        0.667
        """
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass
class Evaluation:
    """Scores per document and overall."""

    per_document: dict[str, dict[str, Score]] = field(default_factory=dict)
    overall: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    path: str = "surface"  # how relations were read: parser or surface
    notes: list[str] = field(default_factory=list)  # how, in words, and any article read without the parser

    def as_dict(self) -> dict[str, Any]:
        return {
            "relations": self.path,
            "overall": {k: v.as_dict() for k, v in self.overall.items()},
            "documents": {d: {k: v.as_dict() for k, v in s.items()} for d, s in self.per_document.items()},
        }


def _quoted_by(
    cand: Any,
    where: dict[str, list[int]],
    held_out: set[str],
    entities: dict[str, Any],
    quoted: dict[tuple[str, str], list[tuple[int, int]]],
    doc_id: str,
    taken: set[str],
) -> str:
    """The held-out entity of the candidate's type whose curated sentences hold the candidate's
    name ("82.5 percent" in the sentence behind a curated outcome), or a new id."""
    for entity in sorted(held_out - taken):
        if entities[entity].type == cand.type and any(
            s <= at < e for at in where.get(cand.key, []) for s, e in quoted[(doc_id, entity)]
        ):
            return str(entity)
    return f"new:{cand.key}"


def evaluate(root: Path, relations: str = "auto") -> Evaluation:
    """Score extraction on every seed document that has curated facts; ``relations`` (auto, parser,
    surface) says how relations are read (:mod:`kg.ingest.paths`)."""
    path = choose_path(relations)
    seeds = load_seeds(root, reviews=False)
    graph = seeds.graph
    entities = {e.id: e for e in graph.entities}
    mentioned: dict[str, set[str]] = defaultdict(set)
    docs_of: dict[str, set[str]] = defaultdict(set)
    gold_rels: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    quoted: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)  # (doc, entity) -> sentences
    for rel in graph.relationships:
        if rel.type == MENTIONS:
            mentioned[rel.source].add(rel.target)
            docs_of[rel.target].add(rel.source)
            quoted[(rel.source, rel.target)] += [(e.start, e.end) for e in rel.provenance.evidence]
        else:
            for doc_id in rel.provenance.doc_ids:
                gold_rels[doc_id].add((rel.type, rel.source, rel.target))
    result = Evaluation(path=path.name, notes=[path.description])
    for doc in graph.documents:
        if not gold_rels[doc.id]:
            continue
        held_out = {e for e in mentioned[doc.id] if docs_of[e] == {doc.id}}
        extractor = Extractor([e for e in graph.entities if e.id not in held_out])
        text = seeds.texts[doc.id]
        extraction = extractor.extract(text, doc.published, parsed=path.parse(text, doc.id))
        matcher = Resolver([entities[e] for e in held_out])
        gold_id = {}
        events_by_date = {
            entities[e].properties.get("date"): e for e in held_out if entities[e].type == "Event"
        }
        where: dict[str, list[int]] = defaultdict(list)  # candidate key -> where the text names it
        for mention, node in extraction.nodes.items():
            where[node.key].append(mention.start)
        taken: set[str] = set()
        for cand in extraction.candidates.values():
            decision = matcher.resolve(cand.name, cand.type)
            gold_id[cand.key] = decision.entity or _quoted_by(
                cand, where, held_out, entities, quoted, doc.id, taken
            )
            if cand.type == "Event":  # an event is the same event when it has the same date
                when = cand.name.rsplit("(", 1)[-1].rstrip(")")
                gold_id[cand.key] = events_by_date.get(when, gold_id[cand.key])
            taken.add(gold_id[cand.key])
        # An entity the gazetteer knows and the curated catalog does not list was never judged by
        # the curated facts: it is left out rather than counted wrong.
        unjudged = set(extractor.entities) - set(entities)
        keys = {n.key for n in extraction.nodes.values()} | set(extraction.candidates)
        predicted = {gold_id.get(k, k) for k in keys if k not in unjudged}
        rels = {
            (f.type, gold_id.get(f.source, f.source), gold_id.get(f.target, f.target))
            for f in extraction.facts
            if not unjudged & {f.source, f.target}
        }
        scores = {name: Score() for name in ("entities", "new entities", "relationships", "pairs")}
        scores["entities"].add(predicted, mentioned[doc.id])
        scores["new entities"].add(
            predicted & held_out | {p for p in predicted if p.startswith("new:")}, held_out
        )
        scores["relationships"].add(rels, gold_rels[doc.id])
        scores["pairs"].add({frozenset(r[1:]) for r in rels}, {frozenset(r[1:]) for r in gold_rels[doc.id]})
        result.per_document[doc.id] = scores
        for name, score in scores.items():
            total = result.overall[name]
            total.tp, total.fp, total.fn = total.tp + score.tp, total.fp + score.fp, total.fn + score.fn
    result.notes += path.fallbacks
    return result
