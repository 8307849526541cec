"""One Chinese sentence as the relation rules see it: its entities in order, its clauses and lists.

Clauses end at ，；：(a list's items are joined by 、和与及 instead). A back-reference ("该公司",
"该系统", "这一大模型", "会上") stands for the last entity of its kind named before it, marked
``carried`` so facts read through it get a lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.coref import Memory
from kg.ingest.proposals import ORGS, At, Node, ProposedFact, Ref, combined_confidence
from kg.ingest.recognise import Mention, Recognised
from kg.ingest.rules import Rules
from kg.ingest.tokens import Tokens

__all__ = ["BACK", "POINTING", "PREPOSITIONS", "Shared", "ZhSentence", "proposer"]

_CLAUSE_END = "，；：,;:。！？!?"
POINTING = ("该", "这一", "此", "这款", "这套", "这个", "这项", "这座", "这台", "这种", "此次", "本次")
_OWNED = re.compile(r"^[”」]?[）)]?(?:[（(][^（）()]*[）)])?(?:所属|旗下|下属)?的?$")
_RELATIVE = re.compile(r"^[^，。；：、“”]{1,16}的$")
PREPOSITIONS = (
    "在",
    "于",
    "据",
    "对",
    "向",
    "从",
    "为",
    "被",
    "与",
    "和",
    "把",
    "将",
    "通过",
    "依托",
    "借助",
    "基于",
    "以",
)
_LIST_GAP = re.compile(
    r"^\s*(?:[（(][^（）()]{1,20}[）)])?\s*[”」]?\s*(?:(?:、|和|与|及|以及)\s*[“「]?[^、，。；：,;:\s“”「」]{2,10}[”」]?\s*(?=、|和|与|及|以及))*"
    r"(?:、|和|与|及|以及|同|跟|,)?\s*[“「]?\s*$"
)  # "A、B和C", "A与B", "A（简称）、B", and an item not recognised between two: "A、某局、C"
# What a back-reference names: the kind of the entity it stands for.
BACK: dict[str, frozenset[str]] = {
    "该公司": ORGS, "该集团": ORGS, "公司": ORGS, "集团": ORGS, "该企业": ORGS, "该院": ORGS,
    "该系统": frozenset({"Platform"}), "该平台": frozenset({"Platform"}), "智控系统": frozenset(),
    "这一大模型": frozenset({"AIModel"}), "该大模型": frozenset({"AIModel"}),
    "该模型": frozenset({"AIModel"}),
    "模型": frozenset({"AIModel"}), "会上": frozenset({"Event"}), "会议": frozenset({"Event"}),
    "这一战略": frozenset({"Policy"}), "该战略": frozenset({"Policy"}), "《实施意见》": frozenset({"Policy"}),
}  # fmt: skip


@dataclass
class ZhSentence:
    """The entities one sentence names or refers to (``refs``, in order) and where they stand."""

    index: int
    tokens: Tokens
    simple: str  # the whole article in simplified characters
    start: int  # character span of the sentence
    end: int
    refs: list[Ref]
    at: At
    spans: dict[Ref, tuple[int, int]] = field(default_factory=dict)  # character span of each ref

    def span(self, ref: Ref) -> tuple[int, int]:
        if ref not in self.spans:
            self.spans[ref] = (self.tokens.start[ref.first], self.tokens.end[ref.last - 1])
        return self.spans[ref]

    def text(self, a: int, b: int) -> str:
        """Simplified text between character offsets ``a`` and ``b``."""
        return self.simple[max(a, self.start) : min(b, self.end)]

    def clause(self, char: int) -> tuple[int, int]:
        """The clause holding character ``char``: from after the last ，；： before it to the next."""
        a = max((self.simple.rfind(c, self.start, char) for c in _CLAUSE_END), default=-1)
        a = self.start if a < self.start else a + 1
        ends = [i for i in (self.simple.find(c, char, self.end) for c in _CLAUSE_END) if i >= 0]
        return a, min(ends, default=self.end)

    def before(self, char: int) -> list[Ref]:
        return [r for r in self.refs if self.span(r)[1] <= char]

    def after(self, char: int) -> list[Ref]:
        return [r for r in self.refs if self.span(r)[0] >= char]

    def joined(self, a: Ref, b: Ref) -> bool:
        """Whether ``a`` and ``b`` stand in one list: "A、B和C", "A与B", "A（简称）、B"."""
        return bool(_LIST_GAP.match(self.text(self.span(a)[1], self.span(b)[0])))

    def listed_from(self, ref: Ref) -> list[Ref]:
        out = [ref]
        for nxt in self.after(self.span(ref)[1]):
            if nxt.node == out[-1].node:
                continue
            if not self.joined(out[-1], nxt) or nxt.node.type != ref.node.type:
                break
            out.append(nxt)
        return out

    def listed_to(self, ref: Ref) -> list[Ref]:
        out = [ref]
        for prev in reversed(self.before(self.span(ref)[0])):
            if prev.node == out[0].node:
                continue
            if not self.joined(prev, out[0]) or prev.node.type != ref.node.type:
                break
            out.insert(0, prev)
        return out

    def subject(self, char: int, kinds: tuple[str, ...]) -> Ref | None:
        """The subject of the clause holding ``char``, or of the clause before it where this one
        has none ("X已将…接入业务，覆盖A、B等行业": X): the name opening a clause (not after a
        preposition), followed to its head: through a unit or an owner ("A所属B的C": B, the
        organisation that owns C) and through a relative clause ("A与B合作开发的C": C)."""
        clause = self.clause(char)
        while True:
            refs = [r for r in self.refs if self.in_clause(r, clause) and self.span(r)[1] <= char]
            first = next((r for r in refs if not self._after_preposition(r)), None)
            if first is not None:
                head = self._head(first, refs)
                return head if head.node.type in kinds else None
            if clause[0] <= self.start + 1:
                return None
            clause = self.clause(clause[0] - 2)

    def _after_preposition(self, ref: Ref) -> bool:
        a = self.span(self.listed_to(ref)[0])[0]
        return self.text(a - 2, a).endswith(PREPOSITIONS)

    def _head(self, ref: Ref, refs: list[Ref]) -> Ref:
        owner = ref if ref.node.type in ORGS else None
        while (nxt := next((r for r in refs if self.span(r)[0] >= self.span(ref)[1]), None)) is not None:
            gap = self.text(self.span(ref)[1], self.span(nxt)[0])
            if nxt.node == ref.node:  # "A（简称“A”）": the short name defined
                pass
            elif _OWNED.match(gap):  # "A所属B", "A的C": C is A's
                owner = nxt if nxt.node.type in ORGS else owner
            elif _RELATIVE.match(gap):  # "A与B合作开发的C": C
                owner = None
            else:
                break
            ref = nxt
        return owner or ref

    def listed(self, ref: Ref) -> list[Ref]:
        """Every name listed with ``ref``, before and after it."""
        return self.listed_to(ref) + self.listed_from(ref)[1:]

    def in_clause(self, ref: Ref, clause: tuple[int, int]) -> bool:
        a, b = self.span(ref)
        return clause[0] <= a and b <= clause[1]


@dataclass
class Shared:
    """What the shape rules share across an article."""

    rules: Rules
    found: Recognised
    simple: str
    published: str | None
    scope: str
    memory: Memory
    entities: dict[str, Any]
    allowed: frozenset[tuple[str, str, str]]
    nested: list[tuple[Node, Mention]] = field(
        default_factory=list
    )  # known names inside the sentence's names
    created: dict[str, Node] = field(default_factory=dict)  # results and goals found in figures
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    quotes: dict[str, int] = field(default_factory=dict)
    stated: dict[Mention, Node] = field(default_factory=dict)
    goal_sentence: int = -1  # the last sentence that set out goals
    document: list[Node] = field(default_factory=list)  # every entity the article names

    def __post_init__(self) -> None:
        self.mention_at = {(m.start, m.end): m for m in self.found.mentions}
        titles = sorted(self.rules.words("titles"), key=len, reverse=True)
        self.title_words = tuple(titles)
        self.titles = re.compile(rf"(?:(?:{'|'.join(map(re.escape, titles))})[、和及]?)+$")


def back_references(
    s: ZhSentence, memory: Memory, taken: set[int], heads: dict[str, frozenset[str]], seen: list[Node]
) -> list[Ref]:
    """Refs for "该公司", "该系统", "这一大模型", "会上" in the sentence (not inside a name); for a
    pointing word and a kind's word ("这一系统", "该平台", "这套装置": the last thing of that kind named),
    and for a kind's word opening a clause ("电站每年可提供…": the last thing named so ending)."""
    out = []
    t = s.tokens
    first, last = t.sentence_tokens(s.index)
    for i in range(first, last):
        if i in taken:
            continue
        word = t.lower[i]
        h = (
            i + 2
            if word == "这" and i + 2 < last and t.lower[i + 1] in ("一", "个", "款", "套", "项")
            else i + 1
        )
        if (word in POINTING or h == i + 2) and h < last and h not in taken and t.lower[h] in heads:
            of_kind = [n for n in reversed(seen) if n.type in heads[t.lower[h]]]
            # "这一系统": the last thing named as a system, else the last of the kind's types
            node = next((n for n in of_kind if n.name.endswith(t.lower[h])), of_kind[0] if of_kind else None)
            if node is not None:
                out.append(Ref(node, i, h + 1, carried=True))
            continue
        if word in heads and (i == first or t.lower[i - 1] in ("，", "；")) and word not in BACK:
            node = next((n for n in reversed(seen) if n.type in heads[word] and n.name.endswith(word)), None)
            if node is not None:
                out.append(Ref(node, i, i + 1, carried=True))
            continue
        kinds = BACK.get(word)
        if not kinds:
            continue
        bare = t.lower[i] in ("公司", "集团", "模型", "会议")
        if bare and i > first and t.lower[i - 1] not in ("，", "该", "这一"):
            continue  # "公司" is the company only at a clause's start
        node = memory.topic if kinds == ORGS and memory.topic is not None else memory.last(set(kinds))
        if node is not None:
            out.append(Ref(node, i, i + 1, carried=True))
    return out


Proposer = Callable[..., str | None]


def proposer(
    facts: dict[tuple[str, str, str], ProposedFact], allowed: frozenset[tuple[str, str, str]], at: At
) -> Proposer:
    """``propose(rule, types, source, target, base, properties)``: the first allowed type, the most
    confident proposal kept."""

    def propose(
        rule: str,
        types: list[str],
        source: Ref,
        target: Ref,
        base: float,
        properties: dict[str, Any] | None = None,
    ) -> str | None:
        a, b = source.node, target.node
        if a.key == b.key:
            return None
        rel = next((t for t in types if (t, a.type, b.type) in allowed), None)
        if rel is None:
            return None
        carried = source.carried or target.carried
        gap = abs(target.first - source.last) // 2  # Chinese words are short: two count as one
        confidence = combined_confidence(base * (0.75 if carried else 1.0), gap, a, b)
        key = (rel, a.key, b.key)
        if key not in facts or facts[key].confidence < confidence:
            facts[key] = ProposedFact(rel, a.key, b.key, at.sentence, confidence, rule, properties or {},
                                      at.date, at.date_note)  # fmt: skip
        return rel

    return propose


def node_ref(node: Node, at: int) -> Ref:
    """A ref to ``node`` carried into a sentence at word ``at``."""
    return Ref(node, at, at + 1, carried=True)
