"""Extraction of one article: recognise, resolve against the catalog and gazetteer, relate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from kg.ingest.brackets import trim
from kg.ingest.grammar import Grammar
from kg.ingest.proposals import ORGS, Node, ProposedFact
from kg.ingest.recognise import Mention, Recognised, Recogniser
from kg.ingest.relations import Relations
from kg.ingest.resolve import Decision, Resolver
from kg.ingest.rules import Rules, load_rules
from kg.model.names import normalise, slug
from kg.model.records import Entity, bounded_key
from kg.parser.parsed import Parsed
from kg.seeds.gazetteer import load_gazetteer

__all__ = ["Extraction", "Extractor", "junk_name", "known_entities"]

# Descriptive names ("a media briefing", "more than 500 scenarios") name something of one
# article: their keys carry the article's, so two articles' briefings stay two entities.
_GENERIC = ("Sector", "DataSpace", "Location")
# what a maker and its product of the same name may be to each other
_NAMESAKE_TYPES = ("DEVELOPS", "LAUNCHES", "OPERATES", "AUTHORS")


@dataclass
class Extraction:
    """Everything extraction found in one article."""

    found: Recognised
    decisions: dict[str, Decision] = field(default_factory=dict)  # mention text -> decision
    nodes: dict[Mention, Node] = field(default_factory=dict)
    candidates: dict[str, Node] = field(default_factory=dict)  # new entities, by key
    aliases: dict[str, set[str]] = field(default_factory=dict)  # candidate key -> short names defined
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)  # candidate key -> figures stated
    quotes: dict[str, int] = field(default_factory=dict)  # candidate key -> the sentence stating them
    facts: list[ProposedFact] = field(default_factory=list)

    def sentence_text(self, index: int) -> str:
        """The verbatim text of one sentence, without surrounding whitespace."""
        return self.found.tokens.sentence_text(index)


def known_entities(catalog: list[Entity]) -> list[Entity]:
    """The catalog and the gazetteer as one list: the catalog's entry wins where both have an id,
    with the gazetteer's names added to it for recognition.

    >>> ids = {e.id for e in known_entities([])}
    >>> {"sasac", "cnooc", "deepseek-r1"} <= ids
    True
    """
    gazetteer = load_gazetteer().entities
    out = {e.id: e for e in gazetteer.values()}
    for entity in catalog:
        extra = gazetteer.get(entity.id)
        if extra is not None and extra.type == entity.type:
            theirs = [
                extra.name,
                *extra.aliases,
                *([extra.name_zh] if extra.name_zh != entity.name_zh else []),
            ]
            names = [
                *entity.aliases,
                *(n for n in theirs if n and n not in entity.aliases),
            ]  # 四川省 and 四川
            entity = entity.model_copy(update={"aliases": [n for n in names if n != entity.name]})
        out[entity.id] = entity
    return list(out.values())


_VERSION = re.compile(r"[A-Z]{1,2}-?\d+(\.\d+)?[A-Za-z]?")
_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"


def junk_name(text: str) -> bool:
    """Whether a new name is no name: no letter, a fragment starting with punctuation, unbalanced
    quotes or brackets, or a date ("July 2023" is not a company).

    >>> [junk_name(t) for t in ("0+3", "-Generation Control System", '1456" blueprint', "July 2023")]
    [True, True, True, True]
    >>> [junk_name(t) for t in ("DeepSeek-R1", '"AI+" special action', "Hualong One (HPR1000)", "V2")]
    [False, False, False, False]
    """
    text = text.strip()
    if not re.search(r"[^\W\d_]", text) or re.match(r"[^\w\"“‘'(\[（《]", text):
        return True
    straight = text.count('"') % 2 or text.count("(") != text.count(")") or text.count("“") != text.count("”")
    if straight:
        return True
    return bool(
        re.fullmatch(rf"({_MONTHS}\s+)?(\d{{1,2}},?\s+)?(19|20)\d\d|{_MONTHS}(\s+\d{{1,2}})?", text, re.I)
    )


def _clean_name(text: str) -> str:
    text = trim(text)
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)


class Extractor:
    """Build once per catalog; call :meth:`extract` per article.

    >>> from kg.model.records import Entity
    >>> ex = Extractor([Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation")])
    >>> result = ex.extract("In 2024, CNPC developed the Kunlun Large Model in collaboration with Huawei.")
    >>> for fact in sorted((f.type, f.source, f.target) for f in result.facts):
    ...     print(*fact)
    DEVELOPS cnpc kunlun-large-model
    DEVELOPS huawei kunlun-large-model
    PARTNERS_WITH cnpc huawei
    """

    def __init__(self, entities: list[Entity], rules: Rules | None = None):
        self.catalog = {e.id for e in entities}
        known = known_entities(entities)
        self.entities = {e.id: e for e in known}
        self.rules = rules or load_rules()
        self.recogniser = Recogniser(known, self.rules)
        self.resolver = Resolver(known, prefer=self.catalog)
        self.relations = Relations(self.entities, self.rules)
        self.collectives = {i for i, e in self.entities.items() if e.properties.get("kind") == "collective"}
        self.synonyms = dict(s.split("=", 1) for s in self.rules.words("sector_synonyms"))
        # "the power sector" is the catalog's "Electric power": sectors compare by what they reduce to
        self.sectors = {
            self._sector(n): e.id for e in known if e.type == "Sector" for n in (*e.aliases, e.name)
        }

    def extract(
        self, text: str, published: str | None = None, scope: str = "", parsed: Parsed | None = None
    ) -> Extraction:
        """Recognise, resolve and relate; nothing is written. ``scope`` (the document's name) keeps
        the keys of descriptive entities unique to it. With the text's dependency parse
        (``parsed``), relations are read from its grammar; without it, from word order."""
        found = self.recogniser(text, published)
        result = Extraction(found=found)
        by_text: dict[str, Node] = {}
        collective: Node | None = None
        found.mentions = [
            replace(m, label="AIModel")
            if m.label in ORGS and _VERSION.fullmatch(m.text) and not m.entities
            else m
            for m in found.mentions
            if m.entities or not junk_name(m.text)
        ]  # a version tag standing alone ("V2", "R1") names a model, never a company
        for mention in sorted(found.mentions, key=lambda m: (m.refers is not None, m.start)):
            node = by_text.get(mention.refers or "") or self._node(result, mention, scope)
            if node.key in self.collectives:  # "the SOEs" after "central SOEs": the one already named
                bare = (
                    mention.first > 0
                    and found.tokens.lower[mention.first - 1] == "the"
                    and " " not in mention.text
                )
                if bare and collective is not None:
                    node = collective
                collective = node
            result.nodes[mention] = node
            by_text.setdefault(mention.text, node)
        for name, shorts in found.aliases.items():
            owner = by_text.get(name)
            if owner is not None and owner.key in result.candidates:
                result.aliases.setdefault(owner.key, set()).update(shorts)
        grammar = Grammar.of(parsed, text, self.rules.dependencies) if parsed is not None else None
        related = (
            self.relations(found, result.nodes, published, scope)
            if grammar is None
            else self.relations(found, result.nodes, published, scope, grammar)
        )
        result.properties, result.quotes = related.properties, related.quotes
        for node in related.created:
            result.candidates[node.key] = node
        names = {n.key: n.name for n in (*result.nodes.values(), *result.candidates.values())}
        result.facts = [f for f in related.facts if not self._namesake(names, f)]
        result.nodes.update(related.stated)  # the document names them where it states the figure
        return result

    def _namesake(self, names: dict[str, str], fact: ProposedFact) -> bool:
        """Whether a fact joins two entities of one name (``names``: key -> name of the article's
        entities) in a way only two different things can be joined: the start-up DeepSeek is no
        part, partner or sector of its model DeepSeek (a maker and its product may share a name:
        DeepSeek develops DeepSeek)."""
        if fact.type in _NAMESAKE_TYPES:
            return False
        ends = [
            names.get(k) or (self.entities[k].name if k in self.entities else k)
            for k in (fact.source, fact.target)
        ]
        return normalise(ends[0]) == normalise(ends[1])

    def _sector(self, name: str) -> str:
        """What a sector's name reduces to: "the electricity industry" and "the power sector" are one.

        >>> Extractor([])._sector("electricity industry")
        'power'
        """
        words = normalise(name).split()
        while len(words) > 1 and words[-1] in (
            "sector",
            "sectors",
            "industry",
            "industries",
            "field",
            "fields",
        ):
            words.pop()
        text = " ".join(words)
        return self.synonyms.get(text, text)

    def _node(self, result: Extraction, mention: Mention, scope: str) -> Node:
        if mention.entities:
            entity = self.entities[mention.entities[0]]
            rule = "catalog" if entity.id in self.catalog else "gazetteer"
            result.decisions.setdefault(mention.text, Decision(mention.text, entity.id, 100.0, rule))
            return Node(entity.id, entity.type, entity.name)
        sector = self.sectors.get(self._sector(mention.text)) if mention.label == "Sector" else None
        if sector is not None:
            return Node(sector, "Sector", self.entities[sector].name)
        decision = result.decisions.get(mention.text) or self.resolver.resolve(mention.text, mention.label)
        result.decisions.setdefault(mention.text, decision)
        if decision.entity:
            entity = self.entities[decision.entity]
            return Node(entity.id, entity.type, entity.name, decision.score)
        return self._candidate(result, mention, scope)

    def _candidate(self, result: Extraction, mention: Mention, scope: str) -> Node:
        name = _clean_name(mention.text)
        norm = self._sector(name) if mention.label == "Sector" else normalise(name)
        tokens = result.found.tokens
        fresh = (
            mention.label == "Event" and mention.first > 0 and tokens.lower[mention.first - 1] in ("a", "an")
        )
        for node in [] if fresh else result.candidates.values():  # the same new name twice is one candidate
            same = self._sector(node.name) if node.type == "Sector" else normalise(node.name)
            if same == norm and node.type == mention.label:
                return node
        return self._new(result, slug(norm if mention.label == "Sector" else name), mention, name, scope)

    def _new(self, result: Extraction, key: str, mention: Mention, name: str, scope: str) -> Node:
        """A new candidate: a descriptive name's key carries the article's (two articles' briefings
        are two entities), and a key already taken gets "-new"."""
        if mention.rule.startswith("phrase:") and mention.label not in _GENERIC and scope:
            key = f"{key}-{scope}"
        key = bounded_key(key)
        while key in self.entities or key in result.candidates:
            key = bounded_key(key + "-new")
        node = Node(key, mention.label, name, round(mention.confidence * 100, 1))
        result.candidates[key] = node
        return node
