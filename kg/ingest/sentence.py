"""One sentence as the relation rules see it: its entities in order, lists, asides and clauses."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.proposals import At, Node, Ref, combined_confidence
from kg.ingest.tokens import Tokens

__all__ = ["Proposer", "Sentence"]

# What stands between two names of one list: "A, B and C", 'A and "B"', "A (ABC), B".
_LIST = re.compile(
    r"\s*(\([^()]*\)\s*)?[\"”’]?\s*(,|and|or|&|, and|, or|as well as|alongside|plus)\s*(the\s+)?[\"“‘]?\s*"
)
_PREPOSITIONS = {"of", "for", "in", "to", "from", "with", "by", "on", "about", "under", "into", "than",
                 "like", "over", "across", "via", "through", "per", "among", "including", "as", "during",
                 "after", "before", "since", "until", "following", "behind", "beyond", "within"}  # fmt: skip
BOUNDARIES = {";", ":", "—", "–", "which", "who", "whose", "while", "whereas", "but", "although", "though"}

# propose(rule id, relationship types, source, target, base confidence, extra properties)
Proposer = Callable[..., str | None]


@dataclass
class Sentence:
    """The entities one sentence names or refers to, in order (``refs``), and its date."""

    index: int
    tokens: Tokens
    first: int
    last: int
    refs: list[Ref]
    at: At
    topic: Node | None = None  # the organisation the sentence is about, once known
    titles: frozenset[str] = frozenset()  # words of roles: ", deputy director of SASAC," is an aside
    verbs: list[int] = field(default_factory=list)  # where the sentence's verb phrases start
    asides: list[tuple[int, int]] = field(default_factory=list)  # word spans of ", a unit of Y,"

    def __post_init__(self) -> None:
        self.asides = self._asides()

    def joined(self, a: Ref, b: Ref) -> bool:
        """Whether ``a`` and ``b`` stand in one list: "A, B and C", "A, a unit of X, and B",
        "director Zhang Yuzhuo and deputy director Yuan Ye"."""
        kept = [i for i in range(a.last, b.first) if not any(s <= i < e for s, e in self.asides)]
        while kept and self.tokens.lower[kept[-1]] in self.titles:
            kept.pop()  # a title before the second name
        if len(kept) != b.first - a.last:
            text = " ".join(self.tokens.words[i] for i in kept)
            return bool(_LIST.fullmatch(" " + text + " "))
        return bool(_LIST.fullmatch(self.gap(a, b)))

    def gap(self, a: Ref | int, b: Ref | int) -> str:
        """The text between the end of ``a`` and the start of ``b`` (refs or word offsets)."""
        end = a.last if isinstance(a, Ref) else a
        start = b.first if isinstance(b, Ref) else b
        return self.tokens.gap(end, start) if end <= start else ""

    def words(self, a: int, b: int) -> list[str]:
        """The lower-case words from offset ``a`` to ``b``."""
        return self.tokens.lower[max(self.first, a) : min(self.last, b)]

    def before(self, token: int) -> list[Ref]:
        return [r for r in self.refs if r.last <= token]

    def after(self, token: int) -> list[Ref]:
        return [r for r in self.refs if r.first >= token]

    def listed_from(self, ref: Ref) -> list[Ref]:
        """``ref`` and the names listed after it: "Huawei and iFlytek", "A, B and C"."""
        out = [ref]
        for nxt in self.after(ref.last):
            if self.in_aside(nxt) and not self.in_aside(ref):
                continue  # "A, a unit of X, and B": X is not in the list
            if nxt.node == out[-1].node and nxt.first - out[-1].last <= 3:
                continue  # "China National Offshore Oil Corp (CNOOC)": one name, twice
            if not self.joined(out[-1], nxt):
                break
            out.append(nxt)
        return out

    def listed_to(self, ref: Ref) -> list[Ref]:
        """The names listed before ``ref``, and ``ref``: "Sinopec, PetroChina and CNOOC"."""
        out = [ref]
        for prev in reversed(self.before(ref.first)):
            if self.in_aside(prev) and not self.in_aside(ref):
                continue
            if prev.node == out[0].node and out[0].first - prev.last <= 3:
                out[0] = prev
                continue
            if not self.joined(prev, out[0]) or prev.node.type != ref.node.type:
                break
            out.insert(0, prev)
        return out

    def in_aside(self, ref: Ref) -> bool:
        """Whether ``ref`` stands in an aside (", a CSG subsidiary,") rather than the clause itself."""
        return any(a <= ref.first and ref.last <= b for a, b in self.asides)

    def after_preposition(self, ref: Ref) -> bool:
        """Whether a preposition stands right before ``ref`` or the list it ends ("of X", "with A and
        B"): not a subject."""
        i = self._list_start(ref) - 1
        while i >= self.first and self.tokens.lower[i] in ("the", "a", "an", "its", "their", '"', "“"):
            i -= 1
        return i >= self.first and self.tokens.lower[i] in _PREPOSITIONS

    def _list_start(self, ref: Ref) -> int:
        first = ref.first
        for prev in reversed(self.before(ref.first)):
            if (
                prev.carried
                or not _LIST.fullmatch(self.gap(prev, first))
                or self.gap(prev, first).strip() == ","
            ):
                break
            first = prev.first
        return first

    def boundary_between(self, a: int, b: int) -> bool:
        """Whether a clause ends between word offsets ``a`` and ``b``."""
        return any(w in BOUNDARIES for w in self.words(a, b))

    def new_clause(self, a: int, b: int) -> bool:
        """Whether ", and", ", or" or ", but" stands between word offsets ``a`` and ``b``."""
        words = self.words(a, b)
        return any(w == "," and nxt in ("and", "or", "but") for w, nxt in itertools.pairwise(words))

    def _asides(self) -> list[tuple[int, int]]:
        lower, out = self.tokens.lower, []
        opening = {"a", "an", "another", "one", "its", "the", "which", "who", *self.titles}
        # the name an aside describes is not itself in an opening phrase ("In Shanghai, its subsidiary")
        ends = {r.last for r in self.refs if not r.carried and not self.after_preposition(r)}
        for i in range(self.first, self.last - 1):
            after_name = i in ends or (lower[i - 1] in (")", "）") and i - 1 > self.first)
            if lower[i] == "," and lower[i + 1] in opening and after_name:  # an aside describes a name
                end = next(
                    (j for j in range(i + 2, min(self.last, i + 25)) if lower[j] in (",", ";", ".")), None
                )
                if end is not None and lower[end] == ",":
                    out.append((i, end))
        return out


def propose_for(
    facts: dict[tuple[str, str, str], Any],
    allowed: frozenset[tuple[str, str, str]],
    sentence: Sentence,
    make: Callable[..., Any],
) -> Proposer:
    """A ``propose`` function for one sentence: the first allowed type, the most confident proposal."""

    def propose(
        rule: str,
        types: list[str],
        source: Ref | Node,
        target: Ref | Node,
        base: float,
        properties: dict[str, Any] | None = None,
        status: str | None = None,
    ) -> str | None:
        a = source.node if isinstance(source, Ref) else source
        b = target.node if isinstance(target, Ref) else target
        if a.key == b.key:
            return None
        rel = next((t for t in types if (t, a.type, b.type) in allowed), None)
        if rel is None:
            return None
        carried = any(isinstance(r, Ref) and r.carried for r in (source, target))
        gap = abs(target.first - source.last) if isinstance(source, Ref) and isinstance(target, Ref) else 0
        confidence = combined_confidence(base * (0.75 if carried else 1.0), gap, a, b)
        key = (rel, a.key, b.key)
        if key not in facts or facts[key].confidence < confidence:
            facts[key] = make(rel, a.key, b.key, sentence.at, confidence, rule, properties or {}, status)
        return rel

    return propose
