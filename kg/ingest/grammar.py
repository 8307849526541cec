"""Relations read from each sentence's grammar: the parse's structure between the entities that
recognition found.

Entities stay those of :mod:`kg.ingest.recognise` and the resolver; each name (and each
back-reference, "it", "the company") is laid on the parse's tokens by character offsets, and
the dependency rules (``rules/dependencies.yaml``, :mod:`kg.parser.matcher`) read the
structure between them. A fact keeps the sentence recognition found it in.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from kg.ingest.proposals import Ref
from kg.ingest.recognise import Mention
from kg.ingest.sentence import Proposer, Sentence
from kg.ingest.tokens import vocab
from kg.model import load_model
from kg.parser.doc import to_doc
from kg.parser.matcher import DependencyMatcher, Graph, Match, negated
from kg.parser.parsed import Parsed
from kg.parser.patterns import DependencyRules

__all__ = ["Grammar", "clean_value"]

# A value a fact carries (a topic, a role) is words, not punctuation, a bracket, a date or a
# sentence's tail: at least one letter, balanced brackets, no clause-ending mark inside.
_WHEN = re.compile(
    r"^(on |in |at |since |from )?((\d|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
    r"|(mon|tues|wednes|thurs|fri|satur|sun)day|(this|last|next) (week|month|year)|(early|late|mid)\b)",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:(?:the|a|an|its|their|his|her|our|this|these|those|such|on|in|for|to|by|at|as|of|with|from)\s+)+",
    re.I,
)
# What hangs from a value's words without being part of it: its clauses, asides, lists, the
# preposition that attaches it ("by president X": the role is "president"), and what a copula
# clause puts around it ("X is now a deputy head until 2024": the role is "deputy head").
_NOT_OF_A_VALUE = ("nmod", "acl", "appos", "conj", "cc", "advcl", "dep", "case", "mark", "parataxis",
                   "cop", "nsubj", "aux", "obl", "advmod")  # fmt: skip
_TRAILING = re.compile(r"\s+(?:and|or|of|by|at|in|on|to|for|with|from|as|the|a|an|'s|’s)$", re.I)


def clean_value(value: str, *names: str) -> str | None:
    """A fact's topic or role as an analyst may read it, or None when it is junk: punctuation, a
    bare or unbalanced bracket, a date, a fragment of the sentence, or one of ``names`` (the fact's
    own ends).

    >>> clean_value("the Kunlun model"), clean_value("( CNPC )", "CNPC"), clean_value("on Monday")
    ('Kunlun model', None, None)
    >>> clean_value("), which"), clean_value("AI", "China Mobile"), clean_value("Huawei", "Huawei")
    (None, 'AI', None)
    """
    text = " ".join(value.split()).strip(" ,;:.-–—\"'“”‘’")
    text = _LEADING.sub("", text).strip()
    while _TRAILING.search(text):  # "member of the company 's Party committee and": a fragment's tail
        text = _TRAILING.sub("", text).strip(" ,;:")
    bare = re.sub(r"[()\[\]（）]", "", text).strip().lower()
    if len(bare) < 2 or not re.search(r"[^\W\d_]", text) or _WHEN.match(text):
        return None
    if text.count("(") != text.count(")") or re.search(r"[;:.!?]\s|^\W|,\s*(which|who|and|but)\b", text):
        return None
    if re.match(r"(who|which|that|whose|where|when)\b", text, re.I) or re.search(r"\s'\s?s\b", text):
        return None  # a clause, or words joined where the text had none ("company 's")
    if any(bare == " ".join(n.lower().split()) for n in names if n):
        return None
    return text if len(text) <= 120 else None


@dataclass
class Grammar:
    """One article's parse as a ``Doc``, and the dependency rules to read it with."""

    doc: Doc
    matcher: DependencyMatcher
    starts: list[int]  # character offset of each Doc token
    replaces: frozenset[str] = frozenset()  # kinds of surface rules the dependency rules stand in for
    allowed: frozenset[tuple[str, str, str]] = frozenset()  # the model's (type, source, target)
    related: dict[int, set[frozenset[str]]] = field(default_factory=dict)  # sentence -> pairs the rules read

    @classmethod
    def of(cls, parsed: Parsed, text: str, rules: DependencyRules) -> Grammar:
        doc = to_doc(parsed, text, vocab())
        matcher = DependencyMatcher(rules.rules, rules.naming)
        return cls(doc, matcher, [t.idx for t in doc], rules.replaces, load_model().triples())

    def propose(self, s: Sentence, propose: Proposer) -> None:
        """Propose every fact the dependency rules read in sentence ``s``."""
        tokens = s.tokens
        start, end = tokens.start[s.first], tokens.end[s.last - 1]
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        refs = self._refs(s, first, last)
        entity_of: dict[int, Hashable] = {i: r.node.key for i, r in refs.items()}
        named = {r.node: r for r in s.refs if not r.carried}  # "Pangu is the first model": Pangu, named
        kept: list[tuple[Match, Ref, Ref]] = []
        said: set[tuple[int, frozenset[str]]] = set()  # one word states one relationship per pair
        for match in self.matcher(self.doc, entity_of, first, last):
            rule = match.rule
            source, target = refs[match.source], refs[match.target]
            source, target = named.get(source.node, source), named.get(target.node, target)
            if rule.source_types and source.node.type not in rule.source_types:
                continue
            if rule.target_types and target.node.type not in rule.target_types:
                continue
            if not self._allowed(rule.types, source, target):
                continue
            pair = frozenset((source.node.key, target.node.key))
            if (match.trigger, pair) not in said:
                said.add((match.trigger, pair))
                kept.append((match, source, target))
        stated = {frozenset((s_.node.key, t.node.key)) for m, s_, t in kept if not m.rule.yields}
        self.related[s.index] = {frozenset((s_.node.key, t.node.key)) for _, s_, t in kept}
        for match, source, target in kept:
            if match.rule.yields and frozenset((source.node.key, target.node.key)) in stated:
                continue  # "X released its model M": what the verb says, not what the possessive does
            props = self._properties(match, s, source, target)
            propose(match.rule.id, match.rule.types, source, target, match.rule.confidence, props)

    def _allowed(self, types: list[str], source: Ref, target: Ref) -> bool:
        return any((t, source.node.type, target.node.type) in self.allowed for t in types)

    def owner(self, s: Sentence, figure: Mention, types: set[str]) -> Ref | None:
        """Whom a figure is said of: the subject of the verb that states it ("China Unicom cut costs
        by 30 percent"), or whose the noun it measures is ("its defect rate fell by half"), read
        up the parse from the figure to its verb; None when the grammar names nobody of ``types``."""
        first, last = self._span(s)
        refs = self._refs(s, first, last)
        at = [i for i in range(first, last) if figure.start <= self.starts[i] < figure.end]
        heads = [i for i in at if self.doc[i].head.i not in at or self.doc[i].head.i == i]
        here = heads[0] if heads else None
        seen: set[int] = set()
        while here is not None and here not in seen and first <= here < last:
            seen.add(here)
            token = self.doc[here]
            candidates = [c for c in token.children if c.dep_ == "nmod:poss"] + (
                [c for c in token.children if c.dep_.startswith("nsubj")]
                if token.pos_ in ("VERB", "AUX", "ADJ")
                else []
            )
            for c in candidates:
                for t in [c, *(x for x in c.children if x.dep_ in ("compound", "nmod:poss", "flat"))]:
                    ref = refs.get(t.i)
                    if ref is not None and ref.node.type in types:
                        return ref
            if token.pos_ in ("VERB", "AUX") and any(c.dep_.startswith("nsubj") for c in token.children):
                return None  # the verb that states it names its subject, and it is no entity of ``types``
            here = token.head.i if token.head.i != here else None
        return None

    def _span(self, s: Sentence) -> tuple[int, int]:
        """The Doc tokens of sentence ``s``."""
        tokens = s.tokens
        start, end = tokens.start[s.first], tokens.end[s.last - 1]
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)

    def checked(self, s: Sentence, propose: Proposer, limit: int) -> Proposer:
        """``propose`` for the surface structure rules, keeping only facts whose two named ends the
        parse joins by at most ``limit`` dependency edges (a name's own compound, flat and fixed
        edges not counted): a sector listed in one clause is not put on a firm named in another."""
        tokens = s.tokens
        start, end = tokens.start[s.first], tokens.end[s.last - 1]
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        refs = self._refs(s, first, last)

        def guarded(rule: str, types: list[str], source: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
            if (
                isinstance(source, Ref)
                and isinstance(target, Ref)
                and source.last > source.first < target.last
            ):
                a = [i for i, r in refs.items() if r == source]
                b = [i for i, r in refs.items() if r == target]
                if a and b and self.matcher.distance(self.doc, a, b, limit) > limit:
                    return None
            return propose(rule, types, source, target, *args, **kwargs)

        return guarded

    def through(self, s: Sentence, a: int, b: int, propose: Proposer, limit: int) -> Proposer:
        """``propose`` for a surface rule whose phrase is words ``a`` to ``b``: a fact stands only if
        the parse joins each of its names to the phrase within ``limit`` edges (an end the sentence
        leaves unsaid, the event of "X attended", has no words to join), and no dependency rule
        already said something of the same two names."""
        first, last = self._span(s)
        refs = self._refs(s, first, last)
        start, end = s.tokens.start[a], s.tokens.end[b - 1]
        phrase = [i for i in range(first, last) if start <= self.starts[i] < end]
        graph = self.doc.user_data.get("graph") or self.doc.user_data.setdefault("graph", Graph(self.doc))
        denied = any(negated(self.doc, graph, i) for i in phrase)  # "X did not develop M"

        def guarded(rule: str, types: list[str], source: Any, target: Any, *args: Any, **kwargs: Any) -> Any:
            if denied or not (isinstance(source, Ref) and isinstance(target, Ref)):
                return None
            pair = frozenset((source.node.key, target.node.key))
            if pair in self.related.get(s.index, set()):
                return None
            for end_ in (source, target):
                if end_.carried and end_.first == end_.last and end_.node.type == "Event":
                    continue  # no words of its own: "X and Y attended" (the event named before)
                tokens = [i for i, r in refs.items() if r == end_]
                if not tokens or not phrase or self.matcher.distance(self.doc, tokens, phrase, limit) > limit:
                    return None
            return propose(rule, types, source, target, *args, **kwargs)

        return guarded

    def _refs(self, s: Sentence, first: int, last: int) -> dict[int, Ref]:
        """Each Doc token of the sentence that lies in a name (or a back-reference): its Ref. A name
        wins over a back-reference, a longer name over one inside it."""
        out: dict[int, Ref] = {}
        tokens = s.tokens
        ranked = sorted(s.refs, key=lambda r: (not r.carried, r.last - r.first))
        for ref in ranked:  # later (better) refs overwrite earlier ones
            a, b = tokens.start[ref.first], tokens.end[min(ref.last, s.last) - 1]
            for i in range(bisect.bisect_left(self.starts, a), last):
                if self.starts[i] >= b:
                    break
                if i >= first and self.doc[i].pos_ != "SPACE":
                    out[i] = ref
        return out

    def _properties(self, match: Match, s: Sentence, source: Ref, target: Ref) -> dict[str, Any]:
        """A fact's properties: the words a property's path reaches ("on the Kunlun model": what two
        partners work on; "deputy director of X": a role), never one of its ends ("CNPC (China
        National Petroleum Corp)"), a date or a bracket."""
        ends = {source.node, target.node}
        names = [n.name for n in ends] + [s.tokens.span(r.first, r.last) for r in s.refs
                                          if r.node in ends and r.last > r.first]  # fmt: skip
        out = {}
        for name, at in match.properties:
            value = clean_value(self._phrase(at, match), *names)
            if value:
                out[name] = value
        return out

    def _phrase(self, at: int, match: Match) -> str:
        """The words that hang from token ``at``, less what names an end of the fact and the clauses
        and asides attached to it ("deputy director" of "deputy director of SASAC, who ...")."""
        cut = {match.source, match.target}
        keep: list[int] = []

        def walk(token: Any) -> None:
            keep.append(token.i)
            for child in token.children:
                if child.i in cut or child.pos_ == "SPACE":
                    continue
                if child.dep_.split(":")[0] in _NOT_OF_A_VALUE:
                    continue
                if child.i == match.trigger and at != match.trigger:
                    continue
                walk(child)

        walk(self.doc[at])
        return "".join(self.doc[i].text_with_ws for i in sorted(keep))
