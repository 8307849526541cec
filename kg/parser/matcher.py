"""Dependency rules matched over a parsed ``Doc``'s enhanced++ graph.

Enhanced++ edges carry what a tree cannot: every member of "A, B and C" is the verb's
subject, a relative clause's verb has its antecedent as argument ("the model that X
released"), prepositions name their edges (``obl:into``, ``nmod:such_as``). On top of them
the matcher reads a word's logical subject and object whatever the voice ("M was developed
by X", "M, developed by X" and "X developed M" alike), lends a verb without a subject the
subject of the verb it depends on ("X ... has each reported hooking ..."), and reads a noun
that is no entity through its name ("its platform P", "the Kunlun model") or its examples
("firms such as H and I"). It knows nothing of a language's words: only labels and lemmas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.parser.patterns import DependencyRule

__all__ = ["DependencyMatcher", "Graph", "Match"]

_NAME_EDGES = (
    "compound",
    "flat",
    "appos",
    "nmod:such_as",
    "nmod:including",
    "nmod:like",
    "nmod:among",
    "nmod:alongside",
    "dep",
)
_LENDS_SUBJECT = ("xcomp", "conj", "advcl", "dep")  # a verb without a subject takes its governor's
_NEGATION = {"not", "never", "n't", "no"}


@dataclass(frozen=True)
class Match:
    """A rule's word at ``trigger`` joining the entity at ``source`` to the one at ``target``."""

    rule: DependencyRule
    trigger: int
    source: int
    target: int
    topic: int | None = None


class Graph:
    """A ``Doc``'s enhanced edges, both ways."""

    def __init__(self, doc: Doc):
        edges = doc.user_data.get("enhanced")
        if not edges:  # a parse without enhanced edges: its tree
            edges = [(t.head.i, t.dep_, t.i) for t in doc if t.head.i != t.i]
        self.down: dict[int, list[tuple[str, int]]] = defaultdict(list)
        self.up: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for gov, label, dep in edges:
            self.down[gov].append((label, dep))
            self.up[dep].append((label, gov))

    def step(self, token: int, label: str) -> list[int]:
        """The tokens one edge ``label`` away (``^label``: upwards; ``x:*``: any subtype of x)."""
        edges, want = (self.up, label[1:]) if label.startswith("^") else (self.down, label)
        wild = want.endswith(":*")
        base = want[:-2]
        return [t for lab, t in edges.get(token, ()) if lab == want or (wild and lab.split(":")[0] == base)]

    def labels(self, token: int) -> set[str]:
        return {lab for lab, _ in self.down.get(token, ())}


class DependencyMatcher:
    """Rules indexed by lemma; call with a ``Doc``, the entity at each token, and a token range."""

    def __init__(self, rules: tuple[DependencyRule, ...], naming: frozenset[str] = frozenset()):
        self.by_lemma: dict[str, list[DependencyRule]] = defaultdict(list)
        self.any_word = [r for r in rules if "*" in r.lemmas]
        for rule in rules:
            for lemma in rule.lemmas:
                self.by_lemma[lemma].append(rule)
        self.naming = naming  # verbs that name a noun: "robots named X", "a platform called Y"

    def __call__(self, doc: Doc, entity_of: Mapping[int, Hashable], first: int, last: int) -> Iterator[Match]:
        graph = doc.user_data.get("graph")
        if graph is None:
            graph = doc.user_data["graph"] = Graph(doc)
        for i in range(first, last):
            token = doc[i]
            rules = self._rules_for(doc, graph, i)
            if not rules or _negated(doc, graph, i):
                continue
            for rule in rules:
                if rule.pos and token.pos_ not in rule.pos:
                    continue
                if i in entity_of and "self" not in rule.target:  # a word of a name states nothing
                    continue
                yield from self._match(doc, graph, rule, i, entity_of, first, last)

    def _rules_for(self, doc: Doc, graph: Graph, i: int) -> list[DependencyRule]:
        lemma, word = doc[i].lemma_.lower(), doc[i].lower_
        particles = [doc[t].lemma_.lower() for t in graph.step(i, "compound:prt")]
        phrasal = [r for p in particles for r in self.by_lemma.get(f"{lemma} {p}", [])]
        plain = self.by_lemma.get(lemma) or self.by_lemma.get(word, [])
        return list({r.id: r for r in [*phrasal, *plain, *self.any_word]}.values())

    def _match(
        self, doc: Doc, graph: Graph, rule: DependencyRule, i: int, entity_of: Mapping[int, Hashable],
        first: int, last: int,
    ) -> Iterator[Match]:  # fmt: skip
        def ends(paths: list[str]) -> list[int]:
            found: list[int] = []
            for path in paths:
                for t in self._follow(doc, graph, rule, i, path):
                    named = self._entities(doc, graph, t, entity_of)
                    found += [e for e in named if first <= e < last and e not in found]
            return sorted(found)

        if rule.unless and ends(rule.unless):
            return
        sources = ends(rule.source)
        topic = next((t for path in rule.topic for t in self._follow(doc, graph, rule, i, path)), None)
        if rule.mutual:
            for other in sources[1:]:
                if entity_of[other] != entity_of[sources[0]]:
                    yield Match(rule, i, sources[0], other, topic)
            return
        for target in ends(rule.target):
            for source in sources:
                if entity_of[source] != entity_of[target]:
                    yield Match(rule, i, source, target, topic)

    def _entities(self, doc: Doc, graph: Graph, token: int, entity_of: Mapping[int, Hashable]) -> list[int]:
        """The entities a token names: its own, its name's ("its platform P", "robots named X"),
        its examples ("firms such as H and I"), and what a copula says is one ("X is one of them")."""
        own = [token] if token in entity_of else []
        near = [t for label in _NAME_EDGES for t in graph.step(token, label)]
        for named in (a for a in graph.step(token, "acl") if doc[a].lemma_.lower() in self.naming):
            near += graph.step(named, "obj") + graph.step(named, "xcomp") + graph.step(named, "nsubj:pass")
        if graph.step(token, "cop"):
            near += graph.step(token, "nsubj")
        found = own + [t for t in near if t in entity_of and entity_of[t] != entity_of.get(token)]
        found += [c for t in found for c in graph.step(t, "conj:*") if c in entity_of]
        if not found:
            found = [t for t in graph.step(token, "^appos") if t in entity_of]
        return list(dict.fromkeys(found))

    def _follow(self, doc: Doc, graph: Graph, rule: DependencyRule, i: int, path: str) -> list[int]:
        if path == "self":
            return [i]
        steps = [s.strip() for s in path.split(">")]
        here = _role(doc, graph, i, steps[0])
        if rule.via and len(steps) > 1:  # "signed an agreement with Y": the agreement
            here = [t for t in here if doc[t].lemma_.lower() in rule.via or doc[t].lower_ in rule.via]
        for step in steps[1:]:
            here = [t for h in here for t in graph.step(h, step)]
        return here


def _passive(doc: Doc, graph: Graph, i: int) -> bool:
    labels = graph.labels(i)
    if labels & {"nsubj:pass", "aux:pass", "obl:agent"}:
        return True
    participle = doc[i].tag_ == "VBN" or doc[i].morph.get("VerbForm", []) == ["Part"]
    return participle and bool(labels & {"obl:by"} or graph.step(i, "^acl"))


def _role(doc: Doc, graph: Graph, i: int, step: str) -> list[int]:
    """The first step of a path: ``nsubj`` and ``obj`` are the logical subject and object."""
    if step not in ("nsubj", "obj"):
        return graph.step(i, step)
    passive = _passive(doc, graph, i)
    if step == "obj":
        if passive:
            return graph.step(i, "nsubj:pass") + graph.step(i, "nsubj") + graph.step(i, "^acl")
        return graph.step(i, "obj")
    if passive:
        return graph.step(i, "obl:agent") + graph.step(i, "obl:by")
    return _subject(doc, graph, i, depth=0)


def _subject(doc: Doc, graph: Graph, i: int, depth: int) -> list[int]:
    own = graph.step(i, "nsubj") + graph.step(i, "nsubj:xsubj")
    described = graph.step(i, "^acl:relcl")
    if described and own and all(doc[t].pos_ == "PRON" for t in own):
        return described  # "the groups that said they had connected ...": the groups
    if own or depth > 2:
        return own
    governors = [
        g for label in _LENDS_SUBJECT for g in graph.step(i, f"^{label}:*") + graph.step(i, f"^{label}")
    ]
    for gov in dict.fromkeys(governors):
        if doc[gov].pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PROPN"):
            return _subject(doc, graph, gov, depth + 1)
    return graph.step(i, "^acl")  # "firms adopting M": the noun the participle describes


def _negated(doc: Doc, graph: Graph, i: int) -> bool:
    return any(doc[t].lower_ in _NEGATION for t in graph.step(i, "advmod") + graph.step(i, "neg"))
