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

from collections import defaultdict, deque
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc

from kg.parser.patterns import DependencyRule

__all__ = ["DependencyMatcher", "Graph", "Match", "negated"]

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
# Verbs whose object is the means of what follows: "X used M to launch P" (the parser makes M
# the subject of "launch")
_INSTRUMENT = {"use", "employ", "leverage", "tap", "harness", "utilise", "utilize", "exploit"}


@dataclass(frozen=True)
class Match:
    """A rule's word at ``trigger`` joining the entity at ``source`` to the one at ``target``."""

    rule: DependencyRule
    trigger: int
    source: int
    target: int
    properties: tuple[tuple[str, int], ...] = ()  # a property and the token its words hang from


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
        self.order = {r.id: n for n, r in enumerate(rules)}  # the file's order is the rules' priority
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
            if not rules or negated(doc, graph, i):
                continue
            for rule in rules:
                if rule.pos and token.pos_ not in rule.pos:
                    continue
                if i in entity_of and not {"self", "this"} & {*rule.source, *rule.target}:
                    continue  # a word of a name states nothing, unless the rule is about the name
                yield from self._match(doc, graph, rule, i, entity_of, first, last)

    def _rules_for(self, doc: Doc, graph: Graph, i: int) -> list[DependencyRule]:
        lemma, word = doc[i].lemma_.lower(), doc[i].lower_
        particles = [doc[t].lemma_.lower() for t in graph.step(i, "compound:prt")]
        phrasal = [r for p in particles for r in self.by_lemma.get(f"{lemma} {p}", [])]
        plain = self.by_lemma.get(lemma) or self.by_lemma.get(word, [])
        found = {r.id: r for r in [*phrasal, *plain, *self.any_word]}
        return sorted(found.values(), key=lambda r: self.order[r.id])

    def _match(
        self, doc: Doc, graph: Graph, rule: DependencyRule, i: int, entity_of: Mapping[int, Hashable],
        first: int, last: int,
    ) -> Iterator[Match]:  # fmt: skip
        def ends(paths: list[str]) -> list[int]:
            found: list[int] = []
            for path in paths:
                if path == "self":  # the rule's word is itself a name: that name, nothing else
                    found += [i] if i in entity_of and i not in found else []
                    continue
                for t in self._follow(doc, graph, rule, i, path):
                    named = self._entities(doc, graph, t, entity_of)
                    found += [e for e in named if first <= e < last and e not in found]
            return sorted(found)

        if rule.unless and ends(rule.unless):
            return
        sources = ends(rule.source)
        props = tuple(
            (name, found[0])
            for name, paths in rule.properties.items()
            for found in [[t for path in paths for t in self._follow(doc, graph, rule, i, path)]]
            if found
        )
        if rule.mutual:
            for other in sources[1:]:
                if entity_of[other] != entity_of[sources[0]]:
                    yield Match(rule, i, sources[0], other, props)
            return
        for target in ends(rule.target):
            for source in sources:
                if entity_of[source] != entity_of[target]:
                    yield Match(rule, i, source, target, props)

    def distance(self, doc: Doc, a: list[int], b: list[int], limit: int) -> int:
        """How many edges join tokens ``a`` to tokens ``b`` in the graph, either way (a name's own
        compound, flat and fixed edges count nothing); ``limit + 1`` if more.

        Breadth first with zero-weight edges in front of the queue, so it stops at ``limit``."""
        graph = doc.user_data.get("graph") or Graph(doc)
        doc.user_data["graph"] = graph
        targets = set(b)
        best = dict.fromkeys(a, 0)
        queue = deque((t, 0) for t in a)
        while queue:
            token, cost = queue.popleft()
            if token in targets:
                return cost
            if cost > best.get(token, cost):
                continue
            for label, other in [*graph.down.get(token, ()), *graph.up.get(token, ())]:
                step = 0 if label.split(":")[0] in ("compound", "flat", "fixed") else 1
                if cost + step <= limit and cost + step < best.get(other, limit + 1):
                    best[other] = cost + step
                    (queue.appendleft if step == 0 else queue.append)((other, cost + step))
        return limit + 1

    def _entities(self, doc: Doc, graph: Graph, token: int, entity_of: Mapping[int, Hashable]) -> list[int]:
        """The entities a token names: its own, its name's ("its platform P", "robots named X"),
        its examples ("firms such as H and I"), and what a copula says is one ("X is one of them")."""
        own = [token] if token in entity_of else []
        near = [t for label in _NAME_EDGES for t in graph.step(token, label)]
        for verb in (a for a in graph.step(token, "acl") if doc[a].lemma_.lower() in self.naming):
            near += graph.step(verb, "obj") + graph.step(verb, "xcomp") + graph.step(verb, "nsubj:pass")
        if graph.step(token, "cop"):
            near += graph.step(token, "nsubj")
        named = [t for t in near if t in entity_of and entity_of[t] != entity_of.get(token)]
        found = own + named + [c for t in named for c in graph.step(t, "conj:*") if c in entity_of]
        if not found:
            found = [t for t in graph.step(token, "^appos") if t in entity_of]
        # "built by X, not Y", "X, not Y, developed it": a name the text denies is no end
        return [t for t in dict.fromkeys(found) if not negated(doc, graph, t)]

    def _follow(self, doc: Doc, graph: Graph, rule: DependencyRule, i: int, path: str) -> list[int]:
        if path == "self":
            return [i]
        if path == "this":  # the rule's word, read as any other end: its name, its examples
            return [i]
        steps = [s.strip() for s in path.split(">")]
        here = _role(doc, graph, i, steps[0])
        if rule.via and len(steps) > 1:  # "signed an agreement with Y": the agreement
            here = [t for t in here if _is(doc, t, rule.via)]
        here = _only(doc, here, steps[0])
        for step in steps[1:]:
            here = _only(doc, [t for h in here for t in graph.step(h, step.split("=")[0])], step)
        return here


def _is(doc: Doc, token: int, words: list[str] | set[str]) -> bool:
    return doc[token].lemma_.lower() in words or doc[token].lower_ in words


def _only(doc: Doc, tokens: list[int], step: str) -> list[int]:
    """The tokens a step's filter admits: "amod=joint" reaches only a "joint"."""
    _, _, words = step.partition("=")
    return [t for t in tokens if _is(doc, t, set(words.split("|")))] if words else tokens


def _passive(doc: Doc, graph: Graph, i: int) -> bool:
    labels = graph.labels(i)
    if labels & {"nsubj:pass", "aux:pass", "obl:agent"}:
        return True
    participle = doc[i].tag_ == "VBN" or doc[i].morph.get("VerbForm", []) == ["Part"]
    if participle and bool(labels & {"obl:by"} or graph.step(i, "^acl")):
        return True
    # "X, spun off by Y, ...": a past form with a "by" phrase and no object, read as a participle
    return doc[i].tag_ == "VBD" and "obl:by" in labels and "obj" not in labels


def _role(doc: Doc, graph: Graph, i: int, step: str) -> list[int]:
    """The first step of a path: ``nsubj`` and ``obj`` are the logical subject and object."""
    label = step.split("=")[0]
    if label not in ("nsubj", "obj"):
        return graph.step(i, label)
    step = label
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
    for gov in graph.step(i, "^xcomp"):  # "X used M to launch P": X launches, M is the means
        if _is(doc, gov, _INSTRUMENT) and set(own) & set(graph.step(gov, "obj")) and depth <= 2:
            return _subject(doc, graph, gov, depth + 1)
    if own and all(doc[t].pos_ == "PRON" for t in own):
        antecedent = _antecedent(doc, graph, i)
        if antecedent:
            return antecedent
    if own or depth > 2:
        return own
    governors = [
        g for label in _LENDS_SUBJECT for g in graph.step(i, f"^{label}:*") + graph.step(i, f"^{label}")
    ]
    for gov in dict.fromkeys(governors):
        if doc[gov].pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PROPN"):
            return _subject(doc, graph, gov, depth + 1)
    return graph.step(i, "^acl")  # "firms adopting M": the noun the participle describes


def _antecedent(doc: Doc, graph: Graph, i: int) -> list[int]:
    """What a pronoun subject stands for within its sentence: the noun a relative clause
    describes ("the groups that said they had connected"), or the subject of the clause that
    reports it ("A and B said they had linked ...")."""
    here = i
    for _ in range(3):
        described = graph.step(here, "^acl:relcl")
        if described:
            return described
        up = graph.step(here, "^ccomp") + graph.step(here, "^conj:*") + graph.step(here, "^advcl:*")
        if not up:
            return []
        here = up[0]
        subjects = [t for t in graph.step(here, "nsubj") if doc[t].pos_ != "PRON"]
        if subjects:
            return subjects
    return []


def negated(doc: Doc, graph: Graph, i: int) -> bool:
    """Whether word ``i`` carries its own "not" or "never": a denied verb ("did not develop") or
    name ("built by X, not Y")."""
    return any(doc[t].lower_ in _NEGATION for t in graph.step(i, "advmod") + graph.step(i, "neg"))
