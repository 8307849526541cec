"""Extraction of one article: recognise, resolve against the catalog, propose relationships."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from kg.ingest.recognise import Mention, Recognised, Recogniser
from kg.ingest.relations import Node, ProposedFact, extract_relations
from kg.ingest.resolve import Decision, Resolver, normalise, slug
from kg.records import Entity

__all__ = ["Extraction", "Extractor"]


@dataclass
class Extraction:
    """Everything extraction found in one article."""

    found: Recognised
    decisions: dict[str, Decision] = field(default_factory=dict)  # mention text -> decision
    nodes: dict[Mention, Node] = field(default_factory=dict)
    candidates: dict[str, Node] = field(default_factory=dict)  # new entities, by key
    aliases: dict[str, set[str]] = field(default_factory=dict)  # candidate key -> short names defined
    facts: list[ProposedFact] = field(default_factory=list)

    def sentence_text(self, index: int) -> str:
        """The verbatim text of one sentence, without surrounding whitespace."""
        start, end = self.found.sentences[index]
        return self.found.text[start:end].strip()


def _defined_acronyms(found: Recognised) -> dict[str, Mention]:
    """Short names the text defines: "Full Name (ABC)" or "(Sinopec)" name the same thing.

    Later uses of a defined short name that the patterns missed are added as mentions.
    """
    out: dict[str, Mention] = {}
    names = [m for m in found.mentions if m.label != "Acronym"]
    for m in names:
        match = re.match(r"\s*\(([A-Z][\w&-]{1,24})\)", found.text[m.end : m.end + 30])
        if match:
            out.setdefault(match.group(1), m)
    taken = sorted((m.start, m.end) for m in found.mentions)
    taken_starts = [s for s, _ in taken]
    reach = list(itertools.accumulate((e for _, e in taken), max))  # furthest end so far
    starts = [s for s, _ in found.sentences]
    for short in out:
        for hit in re.finditer(rf"\b{re.escape(short)}\b", found.text):
            before = bisect.bisect_left(taken_starts, hit.end()) - 1  # mentions starting before its end
            if before >= 0 and reach[before] > hit.start():
                continue  # part of a mention already found
            sentence = bisect.bisect_right(starts, hit.start()) - 1
            found.mentions.append(Mention(short, hit.start(), hit.end(), "Acronym", sentence, rule="defined"))
    return out


def _clean_name(text: str) -> str:
    text = re.sub(r"[\"“”«»]", "", text).strip()
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)


class Extractor:
    """Build once per catalog; call :meth:`extract` per article.

    >>> from kg.records import Entity
    >>> ex = Extractor([Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation")])
    >>> result = ex.extract("In 2024, CNPC developed the Kunlun Large Model in collaboration with Huawei.")
    >>> sorted((f.type, f.source, f.target) for f in result.facts)
    [('DEVELOPS', 'cnpc', 'kunlun-large-model'), ('PARTNERS_WITH', 'cnpc', 'huawei')]
    """

    def __init__(self, entities: list[Entity]):
        self.entities = {e.id: e for e in entities}
        self.recogniser = Recogniser(entities)
        self.resolver = Resolver(entities)
        central = self.resolver.resolve("central SOEs", "SOE")
        self.central = (
            Node(central.entity, "SOE", self.entities[central.entity].name) if central.entity else None
        )

    def extract(self, text: str, published: str | None = None) -> Extraction:
        """Recognise, resolve and relate; nothing is written."""
        found = self.recogniser(text, published)
        defined = _defined_acronyms(found)
        found.mentions = sorted(found.mentions, key=lambda m: (m.label == "Acronym", m.start))
        result = Extraction(found=found)
        for mention in found.mentions:
            if mention.label == "Acronym":
                decision = self.resolver.resolve(mention.text, "Company")
                if decision.entity is None:
                    owner = defined.get(mention.text)
                    if owner is None or owner not in result.nodes:
                        continue  # an unknown capitalised word, not a name
                    result.nodes[mention] = result.nodes[owner]
                    if result.nodes[owner].key in result.candidates:
                        result.aliases.setdefault(result.nodes[owner].key, set()).add(mention.text)
                    result.decisions.setdefault(mention.text, Decision(mention.text, None, 100.0, "defined"))
                    continue
                result.decisions.setdefault(mention.text, decision)
                entity = self.entities[decision.entity]
                result.nodes[mention] = Node(entity.id, entity.type, entity.name, decision.score)
                continue
            if mention.entity_id:
                decision = Decision(mention.text, mention.entity_id, 100.0, "catalog")
            else:
                decision = result.decisions.get(mention.text) or self.resolver.resolve(
                    mention.text, mention.label
                )
            result.decisions.setdefault(mention.text, decision)
            if decision.entity:
                entity = self.entities[decision.entity]
                node = Node(entity.id, entity.type, entity.name, decision.score)
            else:
                node = self._candidate(result, mention)
            result.nodes[mention] = node
        result.facts, events = extract_relations(found, result.nodes, self.central, published)
        for event in events:
            result.candidates[event.key] = event
        return result

    def _candidate(self, result: Extraction, mention: Mention) -> Node:
        name = _clean_name(mention.text)
        norm = normalise(name)
        for node in result.candidates.values():  # the same new name twice is one candidate
            if normalise(node.name) == norm and node.type == mention.label:
                return node
        key = slug(name)
        while key in self.entities or key in result.candidates:
            key += "-new"
        node = Node(key, mention.label, name, 0.0)
        result.candidates[key] = node
        return node
