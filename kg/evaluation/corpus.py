"""``soekg eval --corpus DIR --gold FILE``: what the graph receives from each article, scored.

The articles are ingested into a scratch copy of the seeds and loaded as ``soekg build``
would load them; then, for each article, the entities its Document node ``MENTIONS`` and
the relationships whose evidence cites it are compared with the gold file (the format of
``shared/devset/gold.yaml``: per article, entities with a type and names as written, and
relations ``[source, TYPE, target, fragment]``).

An entity found matches a gold entity when one of its names (as the article writes it, or
its catalog names) equals one of the gold names once normalised (case, quotes, "the",
corporate suffixes; of two such, the one of the same type), or when the two are named at
overlapping places of the text, sharing at least half of the shorter name (a goal's figure
"above 100 EFLOPS" in the gold's "capacity above 100 EFLOPS"). Each is matched at most once,
equal names first. Scores: entities by name and by name and type, typed relationships, and
entity pairs whatever their type or direction.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.evaluation.seeds import Score
from kg.model import MENTIONS
from kg.model.names import normalise
from kg.model.records import KnowledgeGraph
from kg.seeds.load import load_seeds
from kg.seeds.yamlio import read_yaml

__all__ = ["CorpusEvaluation", "evaluate_corpus"]

MEASURES = ("entities", "entities+type", "relationships", "pairs")


@dataclass
class CorpusEvaluation:
    """Scores per article and in total."""

    per_article: dict[str, dict[str, Score]] = field(default_factory=dict)
    overall: dict[str, Score] = field(default_factory=lambda: {m: Score() for m in MEASURES})
    missing: list[str] = field(default_factory=list)  # gold articles with no file in the corpus
    path: str = "surface"  # how relations were read: parser or surface
    notes: list[str] = field(default_factory=list)  # how, in words, and any article read without the parser

    def as_dict(self) -> dict[str, Any]:
        return {
            "relations": self.path,
            "overall": {k: v.as_dict() for k, v in self.overall.items()},
            "articles": {a: {k: v.as_dict() for k, v in s.items()} for a, s in self.per_article.items()},
            "missing": self.missing,
        }


@dataclass
class _Gold:
    names: dict[str, set[str]]  # key -> normalised names
    types: dict[str, str]
    places: dict[str, list[tuple[int, int]]]  # key -> where the article names it
    relations: set[tuple[str, str, str]]


def _read_gold(path: Path) -> dict[str, dict[str, Any]]:
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict):
        raise KGError("a gold file is a mapping with 'articles' (see shared/devset/README.md)", path=path)
    articles = {}
    for name, article in data["articles"].items():
        if name == "__line__":
            continue
        if not isinstance(article, dict) or not isinstance(article.get("entities"), dict):
            raise KGError(f"article {name!r}: needs 'entities' and 'relations'", path=path)
        articles[name] = article
    return articles


def _gold(article: dict[str, Any], text: str) -> _Gold:
    names, types, places = {}, {}, {}
    for key, entity in article["entities"].items():
        if key == "__line__":
            continue
        surfaces = [str(n) for n in entity.get("names") or []]
        names[key] = {normalise(n) for n in surfaces}
        types[key] = str(entity.get("type"))
        places[key] = [(m.start(), m.end()) for n in surfaces for m in re.finditer(re.escape(n), text)]
    relations = {(str(r[0]), str(r[1]), str(r[2])) for r in article.get("relations") or [] if len(r) >= 3}
    return _Gold(names, types, places, relations)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two places share at least half of the shorter one.

    >>> _overlap((10, 16), (0, 40)), _overlap((0, 10), (8, 30))
    (True, False)
    """
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared * 2 >= min(a[1] - a[0], b[1] - b[0])


def _assign(
    found: dict[str, tuple[set[str], list[tuple[int, int]], str]], gold: _Gold, typed: bool
) -> dict[str, str]:
    """Found entity id -> gold key, one to one: equal names first (the same type first among
    them), then the largest shared places.

    >>> gold = _Gold({"co": {"deepseek"}, "m": {"deepseek"}}, {"co": "Company", "m": "AIModel"},
    ...              {"co": [], "m": []}, set())
    >>> _assign({"a": ({"deepseek"}, [], "AIModel"), "b": ({"deepseek"}, [], "Company")}, gold, False)
    {'a': 'm', 'b': 'co'}
    """
    pairs = []
    for entity, (names, places, kind) in found.items():
        for key in gold.names:
            if typed and gold.types[key] != kind:
                continue
            shared = max(
                (_shared(p, q) for p in places for q in gold.places[key] if _overlap(p, q)), default=0
            )
            if names & gold.names[key] or shared:
                pairs.append((bool(names & gold.names[key]), kind == gold.types[key], shared, entity, key))
    out: dict[str, str] = {}
    taken: set[str] = set()
    # equal names first; among them the same type (DeepSeek the start-up and DeepSeek the model)
    for _, _, _, entity, key in sorted(pairs, key=lambda p: (not p[0], not p[1], -p[2], p[3], p[4])):
        if entity not in out and key not in taken:
            out[entity] = key
            taken.add(key)
    return out


def _shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _score_article(graph: KnowledgeGraph, doc_id: str, text: str, gold: _Gold) -> dict[str, Score]:
    entities = {e.id: e for e in graph.entities}
    found: dict[str, tuple[set[str], list[tuple[int, int]], str]] = {}
    for rel in graph.relationships:
        if rel.type == MENTIONS and rel.source == doc_id:
            e = entities[rel.target]
            surfaces = [
                *rel.properties.get("names", []),
                e.name,
                *e.aliases,
                *([e.name_zh] if e.name_zh else []),
            ]
            spans = list(
                zip(rel.properties.get("name_starts", []), rel.properties.get("name_ends", []), strict=True)
            )
            found[e.id] = ({normalise(s) for s in surfaces}, spans, e.type)
    rels = {(r.type, r.source, r.target) for r in graph.relationships
            if r.type != MENTIONS and doc_id in r.provenance.doc_ids}  # fmt: skip
    scores = {m: Score() for m in MEASURES}
    by_name, by_type = _assign(found, gold, False), _assign(found, gold, True)
    scores["entities"].add({by_name.get(e, f"found:{e}") for e in found}, set(gold.names))
    scores["entities+type"].add({by_type.get(e, f"found:{e}") for e in found}, set(gold.names))
    mapped = {(t, by_name.get(a, f"found:{a}"), by_name.get(b, f"found:{b}")) for t, a, b in rels}
    scores["relationships"].add(mapped, {(t, a, b) for a, t, b in gold.relations})
    scores["pairs"].add({frozenset(r[1:]) for r in mapped}, {frozenset((a, b)) for a, _, b in gold.relations})
    return scores


def evaluate_corpus(corpus: Path, gold_file: Path, seeds: Path, relations: str = "auto") -> CorpusEvaluation:
    """Ingest the corpus into a scratch copy of ``seeds`` and score each article against the gold;
    ``relations`` (auto, parser, surface) says how relations are read.

    Nothing in ``seeds`` changes.
    """
    from kg.ingest.pipeline import ingest

    articles = _read_gold(gold_file)
    if not Path(corpus).is_dir():
        raise KGError("no such corpus folder", path=corpus)
    result = CorpusEvaluation()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "seeds"
        shutil.copytree(seeds, copy, ignore=shutil.ignore_patterns("review"))
        files = {name: Path(corpus) / name for name in articles}
        result.missing = sorted(n for n, p in files.items() if not p.is_file())
        present = {n: p for n, p in files.items() if p.is_file()}
        report = ingest(list(present.values()), copy, relations=relations)
        if report.failed:
            raise KGError(report.failed[0])
        if report.path is not None:
            result.path, result.notes = report.path.name, [report.path.description, *report.path.fallbacks]
        doc_of = {line.split(" -> ")[0]: line.split(" -> ")[1] for line in report.added + report.replaced}
        loaded = load_seeds(copy)
        totals: dict[str, Score] = defaultdict(Score)
        for name, path in sorted(present.items()):
            doc_id = doc_of.get(str(path))
            if doc_id is None:
                continue  # the same text as a seed document: nothing new to score
            scores = _score_article(
                loaded.graph, doc_id, loaded.texts[doc_id], _gold(articles[name], loaded.texts[doc_id])
            )
            result.per_article[name] = scores
            for measure, score in scores.items():
                total = totals[measure]
                total.tp, total.fp, total.fn = total.tp + score.tp, total.fp + score.fp, total.fn + score.fn
        result.overall.update(totals)
    return result
