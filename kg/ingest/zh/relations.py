"""Propose relationships from Chinese sentences with the rules of ``rules/zh/relations.yaml``.

Verb rules read "SUBJECT(S) phrase OBJECT(S)" within a clause: the subject is the nearest name
before the phrase that can be its source (with every name listed with it, "A、B和C"), else the
sentence's first such name, else the organisation the text is about; the objects are the first
name after the phrase the model allows, and the names listed with it. "X自研的Y" reads the same
(the object after 的). The other shapes live in :mod:`kg.ingest.zh.shapes`.
"""

from __future__ import annotations

from typing import Any

from kg.ingest.coref import Memory
from kg.ingest.proposals import ORGS, At, Node, ProposedFact, Ref
from kg.ingest.recognise import Mention, Recognised
from kg.ingest.relations import Related, by_sentences
from kg.ingest.rules import RelationRule, Rules
from kg.ingest.zh.clause import (
    BACK,
    PREPOSITIONS,
    Proposer,
    Shared,
    ZhSentence,
    back_references,
    node_ref,
    proposer,
)
from kg.ingest.zh.script import simplified
from kg.ingest.zh.shapes import SHAPES
from kg.model import load_model

__all__ = ["ChineseRelations"]


_ANY = (
    "Agency",
    "SOE",
    "Company",
    "ResearchBody",
    "MediaOutlet",
    "Person",
    "Platform",
    "AIModel",
    "DataSpace",
    "ComputingInfrastructure",
    "Policy",
    "Target",
    "Outcome",
    "Event",
    "Initiative",
)


_JOINT = ("联合", "携手", "会同", "联手", "协同", "牵头", "与", "和", "同")
_FRONTING = ("将", "把", "为", "给", "向", "对")


class ChineseRelations:
    """Build once; call per article with its mentions resolved to nodes."""

    def __init__(self, entities: dict[str, Any] | None = None, rules: Rules | None = None):
        from kg.ingest.rules import load_rules

        self.entities = entities or {}
        self.rules = rules or load_rules(language="zh")
        self.allowed = load_model().triples()
        self.sources = {  # what the subject of a rule's phrase may be (either end, for a reversed one)
            r.id: {x for (t, a, b) in self.allowed if t in r.types for x in ((a, b) if r.reverse else (a,))}
            for r in self.rules.relations
        }
        self.heads = {  # a kind's word, for "这一系统", "该平台", "电站…": the thing last named so
            h: frozenset(k.type for k in self.rules.names.kinds if h in k.heads)
            for kind in self.rules.names.kinds
            if kind.type not in (*ORGS, "Sector", "Location", "Person")
            for h in kind.heads
            if len(h) >= 2
        }
        self.phrases = sorted(
            ((p, r) for r in self.rules.relations if r.kind == "verb" for p in r.phrases),
            key=lambda pr: -len(pr[0]),
        )

    def __call__(
        self, found: Recognised, nodes: dict[Mention, Node], published: str | None = None, scope: str = ""
    ) -> Related:
        tokens = found.tokens
        simple = simplified(tokens.text)[0]
        facts: dict[tuple[str, str, str], ProposedFact] = {}
        by_sentence, dated, figures = by_sentences(found, nodes, published)
        memory = Memory()
        seen: list[Node] = []  # what the article has named so far, in order
        shared = Shared(self.rules, found, simple, published, scope, memory, self.entities, self.allowed)
        shared.document = list(dict.fromkeys(nodes.values()))
        for index, (start, end) in enumerate(tokens.sentences):
            mentions = by_sentence.get(index, [])
            named = [Ref(nodes[m], m.first, m.last) for m in mentions if m.rule != "known:nested"]
            date = dated.get(index)
            at = At(index, date.value if date else None, date.rule if date and date.rule != "date" else None)
            taken = {i for m in mentions for i in range(m.first, m.last)}
            s = ZhSentence(index, tokens, simple, start, end, [], at)
            for m, ref in zip((m for m in mentions if m.rule != "known:nested"), named, strict=True):
                s.spans[ref] = (m.start, m.end)
            back = back_references(s, memory, taken, self.heads, seen)
            s.refs = sorted(named + back, key=lambda r: (s.span(r)[0], r.carried))
            propose = proposer(facts, self.allowed, at)
            shared.nested = [(nodes[m], m) for m in mentions if m.rule == "known:nested"]
            self._verbs(s, propose, memory)
            for rule in self.rules.relations:
                if rule.kind in SHAPES:
                    SHAPES[rule.kind](s, rule, propose, shared, figures.get(index, []))
            self._remember(memory, s, named)
            seen += [r.node for r in named if r.node not in seen[-3:]]
        return Related(list(facts.values()), list(shared.created.values()), shared.properties, shared.quotes,
                       shared.stated)  # fmt: skip

    def _triggers(self, s: ZhSentence) -> list[tuple[int, int, RelationRule]]:
        out: list[tuple[int, int, RelationRule]] = []
        inside = [s.span(r) for r in s.refs if not r.carried]
        text = s.simple
        for phrase, rule in self.phrases:
            at = text.find(phrase, s.start, s.end)
            while at >= 0:
                b = at + len(phrase)
                free = not any(x < b and at < y for x, y in inside)
                longer = any(a0 <= at and b <= b0 and (a0, b0) != (at, b) for a0, b0, _ in out)
                if free and not longer:
                    out.append((at, b, rule))
                at = text.find(phrase, b, s.end)
        return sorted(out, key=lambda t: t[0])

    def _verbs(self, s: ZhSentence, propose: Proposer, memory: Memory) -> None:
        triggers = self._triggers(s)
        for a, b, rule in triggers:
            subjects = self._subjects(s, a, rule, memory)
            relative = s.simple.startswith("的", b)
            if not subjects or (relative and not _agent_of_relative(s, subjects[-1], a)):
                continue  # "已将模型与1月20日发布的DeepSeek-R1打通": who released it is not said
            objects = self._fronted(s, subjects[-1], a, rule, ("将", "把")) or self._objects(
                s, b, rule, subjects[0].node
            )
            if relative:  # "A自主研发的大语言模型都已接入B": what A made is named before the next verb
                following = min((t[0] for t in triggers if t[0] >= b), default=s.end)
                objects = [o for o in objects if s.span(o)[0] < following]
            if not objects:
                objects = self._passive(s, subjects[0], rule) or self._fronted(
                    s, subjects[-1], a, rule, _FRONTING
                )
            if not objects and rule.object:
                event = next((r for r in s.refs if r.node.type == rule.object), None)
                last = memory.last({rule.object})
                objects = [event] if event else ([node_ref(last, subjects[0].last)] if last else [])
            for subject in subjects:
                for obj in objects:
                    source, target = (obj, subject) if rule.reverse else (subject, obj)  # "Y赋能X": X uses Y
                    if propose(rule.id, rule.types, source, target, rule.confidence) is None and rule.reverse:
                        propose(rule.id, rule.types, subject, obj, rule.confidence)  # "X公司…已应用于Y工程"

    def _subjects(self, s: ZhSentence, a: int, rule: RelationRule, memory: Memory) -> list[Ref]:
        sources = self.sources[rule.id]
        clause = s.clause(a)
        before = [r for r in s.before(a) if r.node.type in sources and not self._after_preposition(s, r)]
        near = [r for r in before if s.in_clause(r, clause)]
        if near:
            agents = s.listed_to(near[-1])
            first = s.span(agents[0])[0]
            ahead = [r for r in near if s.span(r)[1] <= first and s.text(s.span(r)[1], first) in _JOINT]
            return (s.listed_to(ahead[-1]) if ahead else []) + agents  # "X联合Y发布Z": both
        subject = s.subject(a, _ANY)  # the subject carried from an earlier clause of the sentence
        if subject is not None:
            return s.listed(subject) if subject.node.type in sources else []  # "A与B、C等企业均表示，已…"
        if before:
            return s.listed_to(before[0])
        topic = memory.topic
        if topic is not None and topic.type in sources and clause[0] > s.start:
            return [node_ref(topic, s.tokens.token_at(a))]
        return []

    def _after_preposition(self, s: ZhSentence, ref: Ref) -> bool:
        a = s.span(s.listed_to(ref)[0])[0]
        before = s.text(a - 2, a)
        return before.endswith(PREPOSITIONS) and not before.endswith(("和", "与"))

    def _objects(self, s: ZhSentence, b: int, rule: RelationRule, subject: Node) -> list[Ref]:
        clause = s.clause(b)
        for ref in s.after(b):
            if not s.in_clause(ref, clause):
                return []
            if self._allows(rule, subject, ref.node):
                return s.listed_from(ref)
        return []

    def _fronted(
        self, s: ZhSentence, subject: Ref, a: int, rule: RelationRule, marks: tuple[str, ...]
    ) -> list[Ref]:
        """An object put before the verb: "X将Y接入", "X把Y部署在…", "Y为X提供算力支撑"."""
        for ref in s.after(s.span(subject)[1]):
            if s.span(ref)[1] > a:
                break
            first = s.listed_to(ref)[0]
            if s.text(s.span(first)[0] - 1, s.span(first)[0]) in marks and self._allows(
                rule, subject.node, ref.node
            ):
                return s.listed_from(first)
        return []

    def _allows(self, rule: RelationRule, subject: Node, obj: Node) -> bool:
        pairs = [(obj, subject), (subject, obj)] if rule.reverse else [(subject, obj)]
        return any((t, a.type, b.type) in self.allowed for t in rule.types for a, b in pairs)

    def _passive(self, s: ZhSentence, subject: Ref, rule: RelationRule) -> list[Ref]:
        """ "X由Y打造", "X，由Y运营": the thing named before 由 is the verb's object."""
        a = s.span(s.listed_to(subject)[0])[0]
        if s.text(a - 1, a) != "由":
            return []
        clause = s.clause(a - 1)
        for ref in reversed(s.before(a - 1)):
            if not s.in_clause(ref, clause):
                break
            if self._allows(rule, subject.node, ref.node):
                return s.listed_to(ref)
        earlier = s.subject(clause[0] - 2, _ANY) if clause[0] - 1 > s.start else None
        return s.listed_to(earlier) if earlier and self._allows(rule, subject.node, earlier.node) else []

    def _remember(self, memory: Memory, s: ZhSentence, named: list[Ref]) -> None:
        for ref in named:
            memory.remember(ref.node, s.index)
        first = next((r for r in named if r.node.type in ORGS and not self._after_preposition(s, r)), None)
        if first is not None and s.span(first)[0] - s.start <= 12:
            memory.topic = first.node
        thing = next((r for r in named if r.node.type not in ("Location", "Sector", "Person")), None)
        if thing is not None:
            memory.subject = thing.node


def _agent_of_relative(s: ZhSentence, subject: Ref, verb: int) -> bool:
    """Whether ``subject`` is the agent of a relative clause "…V的X": named in it, right before the
    verb or a few words before it within the clause ("华为去年发布的盘古大模型"), or marked by 由."""
    if "由" in s.simple[s.clause(verb)[0] : verb]:
        return True  # "由麒麟软件打造的X": read as a passive
    start, end = s.span(subject)
    if subject.carried and s.simple[start:end] not in BACK:
        return False  # carried from before, not named in the relative clause ("公司自研的X" is)
    gap = s.simple[end:verb]
    return end <= verb and len(gap) <= 10 and not any(c in gap for c in "，。；：,;:")
