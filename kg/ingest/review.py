"""The content of a review file (:mod:`kg.seeds.review_files`) for one document, from what extraction
proposes."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from kg.model.quantity import Quantity

if TYPE_CHECKING:  # extraction loads spaCy; reading a review file must not
    from kg.ingest.extract import Extraction

__all__ = ["review_data"]


def review_data(doc_id: str, extraction: Extraction) -> dict[str, Any]:
    """The review file's content for one document."""
    places: dict[tuple[str, str], list[int]] = defaultdict(list)
    for mention, node in sorted(extraction.nodes.items(), key=lambda kv: kv[0].start):
        places[(mention.text, node.key)].append(mention.start)
    mentions = []
    for (text, key), starts in places.items():
        decision = extraction.decisions.get(text)
        rule = decision.rule if decision and decision.entity == key else "new"
        score = decision.score if decision and decision.entity == key else 0.0
        mentions.append({"text": text, "proposed": key, "entity": key, "rule": rule, "score": score,
                         "at": starts})  # fmt: skip
    from kg.ingest.zh.script import has_cjk, pinyin  # pypinyin loads only when there is Chinese

    candidates = []
    for c in extraction.candidates.values():
        row: dict[str, Any] = {"key": c.key, "type": c.type, "name": c.name}
        if has_cjk(c.name):  # a new Chinese name: as written, its pinyin for search, English for review
            row.update({"name_zh": c.name, "pinyin": pinyin(c.name), "name_en": ""})
        if extraction.aliases.get(c.key):
            row["aliases"] = sorted(extraction.aliases[c.key])
        properties = extraction.properties.get(c.key)
        if properties:  # figures the document states of it, with the sentence that states them
            row["properties"] = {
                name: q if isinstance(q, str) else str(Quantity(**q)) for name, q in properties.items()
            }
            row["quote"] = extraction.sentence_text(extraction.quotes[c.key])
        candidates.append({**row, "accept": True})
    facts = []
    for fact in sorted(extraction.facts, key=lambda f: (f.sentence, f.type, f.source, f.target)):
        row = {"type": fact.type, "source": fact.source, "target": fact.target}
        row.update(fact.properties)
        row["evidence"] = extraction.sentence_text(fact.sentence)
        for key in ("date", "date_note", "status"):
            if getattr(fact, key):
                row[key] = getattr(fact, key)
        row.update({"confidence": fact.confidence, "rule": fact.rule, "accept": True})
        facts.append(row)
    # Figures and dates found, for the reviewer to attach where they belong (not loaded as facts).
    figures = [
        {"text": f.text, **f.value, "sentence": extraction.sentence_text(f.sentence)}
        for f in extraction.found.figures
    ]
    dates = [{"text": d.text, "date": d.value, "note": d.rule} for d in extraction.found.dates]
    return {
        "document": doc_id,
        "mentions": mentions,
        "candidates": candidates,
        "facts": facts,
        "figures": figures,
        "dates": dates,
    }
