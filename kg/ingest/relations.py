"""Propose relationships sentence by sentence, with the rules of ``relations.yaml``.

Verb rules read "SUBJECT(S) phrase OBJECT(S)": the subject is the nearest name before the
phrase that can be its source (skipping asides such as ", a CSG subsidiary," and names
after a preposition), with every name listed with it ("Sinopec, PetroChina and CNOOC"); the
objects are the first name after it that the model allows, and the names listed with it.
A phrase followed by "by" reads the other way ("X, developed by Y"). Without a subject in
the sentence, "it", "the company" or the organisation the text is about stands in, with
lower confidence. The other kinds of rule (units, lists of members, possessives, roles,
places, sectors, figures, telling names) live in :mod:`kg.ingest.structures`.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.coref import Memory, back_references
from kg.ingest.grammar import Grammar, clean_value
from kg.ingest.proposals import ORGS, At, Node, ProposedFact, Ref
from kg.ingest.recognise import Mention, Recognised
from kg.ingest.rules import RelationRule, Rules, load_rules
from kg.ingest.sentence import Proposer, Sentence, propose_for
from kg.ingest.structures import STRUCTURES, Context
from kg.ingest.tokens import make_doc
from kg.model import load_model

__all__ = ["Related", "Relations", "Trigger", "by_sentences"]

_GAP = 6  # words a "..." in a phrase stands for
# With a parse, a structure rule's fact stands only if the parse joins its two names by at most this
# many edges: of the entity pairs a sentence states, about four in five are this close.
_NEAR = 6
_THROUGH = 2  # ... and a surface verb rule's, if each name is this close to the rule's phrase


@dataclass
class Related:
    """What the relation rules found in one article."""

    facts: list[ProposedFact]
    created: list[Node]  # results and goals stated by figures
    properties: dict[str, dict[str, Any]]  # figures stated of new entities, by key
    quotes: dict[str, int]  # the sentence that states them
    stated: dict[Mention, Node]  # the figure mention that states each


@dataclass(frozen=True)
class Trigger:
    """A rule's phrase in a sentence: words ``first`` to ``last``."""

    rule: RelationRule
    first: int
    last: int

    @property
    def agentive(self) -> bool:
        return self.rule.kind == "verb"


@dataclass
class _Phrases:
    """Phrases by their first word: (words, rule), longest first."""

    by_first: dict[str, list[tuple[tuple[str, ...], RelationRule]]] = field(default_factory=dict)

    def add(self, phrase: str, rule: RelationRule) -> None:
        words = tuple(t.text.lower() for t in make_doc(phrase))
        self.by_first.setdefault(words[0], []).append((words, rule))
        self.by_first[words[0]].sort(key=lambda wr: -len(wr[0]))


class Relations:
    """Build once; call per article with its mentions resolved to nodes.

    >>> from kg.ingest.extract import known_entities
    >>> from kg.ingest.recognise import Recogniser
    >>> recognise = Recogniser(known_entities([]))
    >>> found = recognise("China Mobile teamed up with Huawei on the Kunlun Large Model.")
    >>> nodes = {m: Node(m.text.lower().replace(" ", "-"), m.label, m.text) for m in found.mentions}
    >>> sorted((f.source, f.type, f.target) for f in Relations()(found, nodes).facts)
    [('china-mobile', 'PARTNERS_WITH', 'huawei')]
    """

    def __init__(self, entities: dict[str, Any] | None = None, rules: Rules | None = None):
        self.entities = entities or {}
        self.rules = rules or load_rules()
        self.allowed = load_model().triples()
        self.phrases = _Phrases()
        for rule in self.rules.relations:
            if rule.kind in ("verb", "with", "mutual"):
                for phrase in rule.phrases:
                    self.phrases.add(phrase, rule)
        self.titles = frozenset(
            w for r in self.rules.relations if r.kind == "role" for p in r.phrases for w in p.split()
        )
        self.collectives = {i for i, e in self.entities.items() if e.properties.get("kind") == "collective"}
        self.sources = {
            rule.id: {a for (r, a, _) in self.allowed if r in rule.types} for rule in self.rules.relations
        }

    def __call__(
        self,
        found: Recognised,
        nodes: dict[Mention, Node],
        published: str | None = None,
        scope: str = "",
        grammar: Grammar | None = None,
    ) -> Related:
        """Facts proposed from every sentence, and the new entities the rules created (results,
        goals) with the figures they state. ``scope`` makes their keys unique to the article.
        With the article's parse (``grammar``), the dependency rules read what a verb says of
        whom; without it, the verb rules of ``relations.yaml`` read the word order."""
        tokens = found.tokens
        facts: dict[tuple[str, str, str], ProposedFact] = {}
        by_sentence, dated, figures = by_sentences(found, nodes, published)
        memory = Memory()
        ctx = Context(self.rules, found, published, scope, memory, self.entities, self.collectives)
        ctx.owner_of = grammar.owner if grammar is not None else None
        for index in range(len(tokens.sentence_starts)):
            first, last = tokens.sentence_tokens(index)
            named = [
                Ref(nodes[m], m.first, m.last) for m in by_sentence.get(index, []) if m.rule != "known:nested"
            ]
            if not named and index not in figures and not _refers(tokens.lower[first:last]):
                continue
            refs = sorted(named + back_references(self.rules, tokens, first, last, named, memory, index),
                          key=lambda r: (r.first, r.carried))  # fmt: skip
            date = dated.get(index)
            at = At(index, date.value if date else None, date.rule if date and date.rule != "date" else None)
            sentence = Sentence(index, tokens, first, last, refs, at, titles=self.titles)
            triggers = self.triggers(sentence)
            sentence.verbs = sorted(
                {t.first for t in triggers if t.rule.kind == "verb" and not t.rule.reverse}
            )
            sentence.topic = self._topic(sentence, triggers, memory)
            propose = propose_for(facts, self.allowed, sentence, _fact)
            if grammar is not None:
                grammar.propose(sentence, propose)
                # Where the grammar rules read nothing of a pair, a surface rule's fact stands if the
                # parse joins both names to its phrase (a misparsed clause, a verb no record lists).
                through = functools.partial(grammar.through, sentence, limit=_THROUGH)
                self._verbs(sentence, triggers, propose, memory, through)
            else:
                self._verbs(sentence, triggers, propose, memory)
            replaced = grammar.replaces if grammar is not None else frozenset()
            structural = grammar.checked(sentence, propose, _NEAR) if grammar is not None else propose
            for rule in self.rules.relations:
                if rule.kind in STRUCTURES and rule.kind not in replaced:
                    STRUCTURES[rule.kind](sentence, rule, structural, ctx, figures.get(index, []))
            self._remember(memory, sentence, named)
        return Related(
            list(facts.values()), list(ctx.created.values()), ctx.properties, ctx.quotes, ctx.stated
        )

    # -- triggers ------------------------------------------------------------------------------------

    def triggers(self, s: Sentence) -> list[Trigger]:
        """Every rule phrase in the sentence, the longest where two start on one word."""
        lower, out = s.tokens.lower, []
        named = {i for r in s.refs if not r.carried for i in range(r.first, r.last)}
        i = s.first
        while i < s.last:
            if i in named:  # "owned" in "State-owned Assets ... Commission" is part of a name
                i += 1
                continue
            longest = 0
            for words, rule in self.phrases.by_first.get(lower[i], []):  # longest phrases first
                end = _match(lower, i, s.last, words)
                if end is not None and end - i >= longest:
                    longest = end - i  # "built on" is not also "built"; two rules may share a phrase
                    out.append(Trigger(rule, i, end))
            i += 1
        return out

    # -- verbs -----------------------------------------------------------------------------------------

    def _verbs(
        self,
        s: Sentence,
        triggers: list[Trigger],
        propose_any: Proposer,
        memory: Memory,
        through: Callable[..., Proposer] | None = None,
    ) -> None:
        partners: dict[str, list[Ref]] = defaultdict(list)
        developed: list[tuple[Ref, Ref]] = []
        propose = propose_any
        for t in triggers:
            if through is not None:  # with a parse: only facts whose names the phrase's words join
                propose = through(t.first, t.last, propose_any)
            rule = t.rule
            lower = s.tokens.lower
            by = _agent_by(s, t)
            if rule.reverse or by is not None:
                self._passive(s, t, propose, by)
                continue
            if rule.kind == "mutual":  # "China Mobile and Huawei signed an agreement": each other
                listed = _listed_before(s, t.first, self.sources[rule.id])
                for other in listed[1:]:
                    if propose(rule.id, rule.types, listed[0], other, rule.confidence):
                        partners[listed[0].node.key].append(other)
                continue
            subjects = self._subjects(s, t.first, rule)
            closes_aside = any(end == t.first - 1 for _, end in s.asides)  # "X, director of Y, attended"
            if subjects and lower[t.first - 1] == "," and _participle(lower[t.first]) and not closes_aside:
                subjects = []  # "the Kunlun model ..., used in exploration": a clause about the model
            objects = self._objects(s, t.last, rule, subjects[0].node if subjects else None)
            if subjects and not objects:  # "DeepSeek-R1, the model that start-up DeepSeek released"
                objects = self._relative_object(s, subjects[0], rule)
            follows = next((r for r in s.after(t.last) if r.first - t.last <= 3), None)
            if not objects and rule.object and follows is None:
                event = next((r for r in s.refs if r.node.type == rule.object), None)
                last = memory.last({rule.object})
                objects = [event] if event else ([Ref(last, t.last, t.last, carried=True)] if last else [])
            topic = _topic_of(s, subjects, t, objects, triggers) if rule.kind == "with" else {}
            for subject in subjects:
                for obj in objects:
                    rel = propose(rule.id, rule.types, subject, obj, rule.confidence, topic)
                    if rule.kind == "with" and rel:
                        partners[subject.node.key].append(obj)
                    if rel == "DEVELOPS":
                        developed.append((subject, obj))
        for subject, obj in developed:  # "teamed up with Huawei and iFlytek as a co-developer of X"
            for partner in partners.get(subject.node.key, []):
                propose("develop:partner", ["DEVELOPS"], partner, obj, 0.6)
        events = [r for r in s.refs if r.node.type == "Event" and not r.carried]
        launched = [
            (r, t) for t in triggers if t.rule.id in ("launch", "develop") for r in s.after(t.last)[:1]
        ]
        for event in events:  # "unveiled X at the Digital China Summit": what the event is about
            for obj, _ in launched:
                propose("concern:launch", ["CONCERNS"], event, obj, 0.6)

    def _passive(self, s: Sentence, t: Trigger, propose: Proposer, by: int | None) -> None:
        """ "X, developed by Y", "X, released on Monday by Y", "the Kunlun model ... from CNPC": Y
        is the source."""
        rule = t.rule
        start = t.last if by is None else by + 1
        agents = self._objects(s, start, rule, None, near=3)
        for agent in agents:
            targets = {b for (r, a, b) in self.allowed if r in rule.types and a == agent.node.type}
            limit = 12 if rule.reverse else 25
            patient = next((r for r in reversed(s.before(t.first))
                            if r.node.type in targets and t.first - r.last <= limit), None)  # fmt: skip
            for p in s.listed_to(patient) if patient else []:
                propose(f"{rule.id}:by", rule.types, agent, p, rule.confidence)
                member = _member_before(s, p)  # "CSG is one of the central SOEs supervised by SASAC"
                if member is not None:
                    propose(f"{rule.id}:by", rule.types, agent, member, rule.confidence * 0.9)

    def _relative_object(self, s: Sentence, subject: Ref, rule: RelationRule) -> list[Ref]:
        """The thing a relative clause is about: "X, the model that Chinese start-up DeepSeek released"."""
        lower = s.tokens.lower
        i = subject.first - 1
        while i > s.first and lower[i] not in ("that", "which", ",") and subject.first - i <= 4:
            i -= 1
        if lower[i] not in ("that", "which"):
            return []
        targets = {b for (r, a, b) in self.allowed if r in rule.types and a == subject.node.type}
        obj = next((r for r in reversed(s.before(i)) if r.node.type in targets and i - r.last <= 12), None)
        return [obj] if obj else []

    def _subjects(self, s: Sentence, token: int, rule: RelationRule) -> list[Ref]:
        sources = self.sources[rule.id]
        aside = next(((a, b) for a, b in s.asides if a <= token < b), None)
        if aside is not None:  # "Jiutian Shanzhi, a model trained on X,": the name the aside describes
            inside = [r for r in s.before(token) if r.first >= aside[0] and r.node.type in sources]
            described = [r for r in s.before(aside[0]) if r.last >= aside[0] - 4 and r.node.type in sources]
            found = inside or described[-1:]
            return s.listed_to(found[-1]) if found else []
        candidates = [r for r in s.before(token) if r.node.type in sources and not s.in_aside(r)]
        plain = [r for r in candidates if not s.after_preposition(r)] or [
            r for r in candidates if s.tokens.lower[r.first - 1] == "at"
        ]
        if plain:
            nearest = plain[-1]
            same_place = [r for r in plain if r.first == nearest.first]
            return same_place if len(same_place) > 1 else s.listed_to(nearest)
        if s.topic is not None and s.topic.type in sources and token > s.first:
            return [Ref(s.topic, token, token, carried=True)]  # not for "Published on Monday, the X"
        return []

    def _objects(
        self, s: Sentence, token: int, rule: RelationRule, subject: Node | None, near: int = 15
    ) -> list[Ref]:
        verbs = [t for t in s.verbs if t > token]  # another verb's object is not this one's
        for ref in s.after(token):
            if (
                ref.first - token > near
                or s.boundary_between(token, ref.first)
                or s.new_clause(token, ref.first)
            ):
                return []
            if verbs and verbs[0] < ref.first:
                return []
            if subject is None or any((t, subject.type, ref.node.type) in self.allowed for t in rule.types):
                return s.listed_from(ref)
        return []

    def _topic(self, s: Sentence, triggers: list[Trigger], memory: Memory) -> Node | None:
        """The organisation the sentence is about: named before its first verb, or carried. A
        collective ("central SOEs") is what is said of many, never the one the text follows."""
        first_verb = min((t.first for t in triggers), default=s.last)
        for ref in s.refs:
            subject = ref.first < first_verb and ref.node.type in ORGS and not s.after_preposition(ref)
            if subject and ref.node.key not in self.collectives and not s.in_aside(ref):
                return ref.node
        return memory.topic

    def _remember(self, memory: Memory, s: Sentence, named: list[Ref]) -> None:
        for ref in named:
            memory.remember(ref.node, s.index)
        if s.topic is not None and s.topic.type in ORGS:
            memory.topic = s.topic
        first = next((r for r in s.refs if not s.after_preposition(r) and not r.carried), None)
        if first is not None and first.first - s.first <= 8:
            memory.subject = first.node  # "The system is built on ...": what the next "its" means
        for ref in named:
            group = [r.node for r in s.listed_from(ref)]
            if len(group) >= 2 and all(n.type in ORGS for n in group):
                memory.group = group


def by_sentences(
    found: Recognised, nodes: dict[Mention, Node], published: str | None
) -> tuple[dict[int, list[Mention]], dict[int, Mention], dict[int, list[Mention]]]:
    """Per sentence: the mentions resolved to nodes, the date it gives (a date after publication is
    a goal, "by 2027", not when it happened), and its figures."""
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in found.mentions:
        if m in nodes:
            by_sentence[m.sentence].append(m)
    dated: dict[int, Mention] = {}
    for d in found.dates:
        if not _after(d.value, published):
            dated.setdefault(d.sentence, d)
    figures: dict[int, list[Mention]] = defaultdict(list)
    for f in found.figures:
        figures[f.sentence].append(f)
    return by_sentence, dated, figures


def _match(lower: list[str], i: int, end: int, words: tuple[str, ...]) -> int | None:
    """Where the phrase ``words`` (with "..." for a few words) ends if it starts at ``i``."""
    j = i
    for n, word in enumerate(words):
        if word == "...":
            nxt = words[n + 1]
            k = next((k for k in range(j, min(end, j + _GAP + 1)) if lower[k] == nxt), None)
            if k is None or any(lower[x] in (".", ";") for x in range(j, k)):
                return None
            j = k
            continue
        if j >= end or lower[j] != word:
            return None
        j += 1
    return j


def _listed_before(s: Sentence, token: int, types: set[str]) -> list[Ref]:
    """The names listed right before ``token``, whatever their types: "China Mobile and Huawei",
    "Sinopec, Baidu and iFlytek" (none after a preposition: "with A and B")."""
    before = [r for r in s.before(token) if not s.in_aside(r)]
    if not before or token - before[-1].last > 3 or before[-1].node.type not in types:
        return []
    out = [before[-1]]
    for prev in reversed(before[:-1]):
        if prev.node == out[0].node:
            continue
        if prev.node.type not in types or not s.joined(prev, out[0]):
            break
        out.insert(0, prev)
    return [] if s.after_preposition(out[0]) else out


def _topic_of(
    s: Sentence, subjects: list[Ref], t: Trigger, partners: list[Ref], triggers: list[Trigger]
) -> dict[str, str]:
    """What two partners work on: "developed the model jointly with Baidu" (the model), "teamed up with
    Huawei on the Kunlun model" (the Kunlun model)."""
    lower, text = s.tokens.lower, s.tokens.text
    ends = [r.last for r in subjects if r.last <= t.first] + [x.last for x in triggers if x.last <= t.first]
    before = max(ends, default=t.first)
    words = s.tokens.words[before : t.first]
    if not words and partners:
        end = partners[-1].last
        if end < s.last and lower[end] in ("on", "in", "to", "for"):
            stop = next((i for i in range(end + 1, s.last) if lower[i] in (",", ".", ";")), s.last)
            words = s.tokens.words[end + 1 : stop]
    ends_ = {r.node for r in [*subjects, *partners]}
    names = [n.name for n in ends_] + [
        s.tokens.span(r.first, r.last) for r in s.refs if r.node in ends_ and r.last > r.first
    ]
    topic = clean_value(" ".join(words), *names)  # never a date ("on March 12"), a bracket or a partner
    del text
    return {"topic": topic} if topic else {}


def _member_before(s: Sentence, collective: Ref) -> Ref | None:
    """X in "X is one of the central SOEs": what is said of the collective is said of X."""
    words = " ".join(s.tokens.lower[max(s.first, collective.first - 4) : collective.first])
    if not re.search(r"\b(one of|among)( the)?( \w+)?$", words):
        return None
    return next(
        (r for r in reversed(s.before(collective.first)) if r.node.type == collective.node.type), None
    )


def _agent_by(s: Sentence, t: Trigger) -> int | None:
    """Where "by" stands right after a phrase ("developed by", "released on Monday by"), if it does."""
    lower = s.tokens.lower
    if t.rule.kind != "verb" or lower[t.last - 1] == "by":
        return None  # "powered by X": the phrase itself ends on "by"
    for i in range(t.last, min(s.last, t.last + 4)):
        if lower[i] == "by":
            return i
        if lower[i] in (",", ".", ";") or any(r.first == i for r in s.refs):
            return None
    return None


def _participle(word: str) -> bool:
    return word.endswith("ed") or word in ("built", "made", "run", "set", "put", "held", "led", "known")


def _refers(words: list[str]) -> bool:
    return any(w in ("it", "its", "they", "their", "the") for w in words)


def _after(value: str, published: str | None) -> bool:
    if not published:
        return False
    n = min(len(value), len(published))
    return value[:n] > published[:n]


def _fact(rel: str, source: str, target: str, at: At, confidence: float, rule: str, props: dict[str, Any],
          status: str | None) -> ProposedFact:  # fmt: skip
    return ProposedFact(
        rel, source, target, at.sentence, confidence, rule, props, at.date, at.date_note, status
    )
