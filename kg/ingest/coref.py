"""Back-references: "it", "its", "they", "the company", "the model", "the state-owned carrier".

A noun phrase with "the" or "this" whose noun is one of a kind's ``nouns`` (``names.yaml``)
refers to the last entity of that kind named before it; "it" and "its" to the organisation
the text is about (or, after a verb, to the last thing named); "they" to the last list of
organisations. Each becomes a :class:`~kg.ingest.proposals.Ref` marked ``carried``, so
facts read through it get a lower confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.ingest.proposals import ORGS, Node, Ref
from kg.ingest.rules import Rules
from kg.ingest.tokens import Tokens

__all__ = ["Memory", "back_references"]

_DETERMINERS = {"the", "this", "that", "these", "those"}
_PRONOUNS = {"it", "its", "they", "their", "them"}
_FAMILY = {"SOE": ORGS - {"MediaOutlet"}, "Company": {"Company", "SOE"}, "Agency": {"Agency"}}


@dataclass
class Memory:
    """What the article has named so far."""

    topic: Node | None = None  # the organisation the text is about
    subject: Node | None = None  # what the last sentence was about, whatever its kind
    group: list[Node] = field(default_factory=list)  # the last list of organisations ("they")
    # per type: the latest sentence that named one, and what it named first
    latest: dict[str, list[tuple[int, int, Node]]] = field(default_factory=dict)  # (sentence, order, node)
    counts: dict[Node, tuple[int, int]] = field(default_factory=dict)  # organisation -> (times named, last)
    order: int = 0

    def remember(self, node: Node, sentence: int) -> None:
        """Note that ``sentence`` names ``node`` (in order of the text)."""
        self.order += 1
        history = self.latest.setdefault(node.type, [])
        if not history or history[-1][0] != sentence:
            history.append((sentence, self.order, node))
            del history[:-2]  # the latest two sentences are all "before" ever needs
        if node.type in ORGS:
            self.counts[node] = (self.counts.get(node, (0, 0))[0] + 1, self.order)

    def salient(self, exclude: set[str]) -> Node | None:
        """The organisation named most often so far (the later one on a tie): whom the article is
        about when a title stands alone ("Chairman Yang Jie said")."""
        counts = {n: c for n, c in self.counts.items() if n.key not in exclude}
        return max(counts, key=lambda n: counts[n]) if counts else None

    def last(self, types: set[str], before: int | None = None) -> Node | None:
        """The entity of one of ``types`` named in the latest sentence that names one (before sentence
        ``before``); the first of them there, as a sentence names what it is about first."""
        found = [h for t in types for h in self.latest.get(t, []) if before is None or h[0] < before]
        return min(found, key=lambda h: (-h[0], h[1]))[2] if found else None


def back_references(
    rules: Rules, tokens: Tokens, first: int, last: int, named: list[Ref], memory: Memory, sentence: int
) -> list[Ref]:
    """The back-references of the sentence of words ``first`` to ``last``.

    ``named`` are the sentence's own entity mentions (a reference never overlaps them).
    """
    nouns = _nouns(rules)
    taken = {i for r in named for i in range(r.first, r.last)}
    lower, out = tokens.lower, []
    subject: list[Ref] = []  # "it set up X ..., and it released Y": the same "it"
    i = first
    while i < last:
        if i in taken:
            i += 1
            continue
        word = lower[i]
        if word in _PRONOUNS:
            before = lower[i - 1] if i > first else ""
            if word == "it" and subject and not _object_position(before):
                out.append(Ref(subject[0].node, i, i + 1, carried=True))
            else:
                refs = _pronoun(word, i, named, memory, sentence, before)
                if word == "it" and refs and not _object_position(before):
                    subject[:] = refs
                out += refs
            i += 1
            continue
        if word in _DETERMINERS:
            found = _described(tokens, i, last, nouns, taken)
            if found is not None:
                end, kind = found
                family = set(_FAMILY.get(kind, {kind}))
                node = memory.last(family) if kind != "Person" else None
                if memory.topic is not None and memory.topic.type in family and kind in ("SOE", "Company"):
                    node = memory.topic  # "the energy giant", "the group": the firm the text follows
                earlier = [r.node for r in named if r.last <= i and r.node.type in family]
                node = earlier[-1] if earlier else node
                if node is not None:
                    out.append(Ref(node, i, end, carried=True))
                i = end
                continue
        i += 1
    return out


_NOUNS: dict[int, dict[str, list[tuple[tuple[str, ...], str]]]] = {}


def _nouns(rules: Rules) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The kinds' nouns by their first word, longest first (once per rule set)."""
    if id(rules) not in _NOUNS:
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for noun, kind in sorted(((tuple(n.split()), k.type) for k in rules.names.kinds for n in k.nouns),
                                 key=lambda nt: -len(nt[0])):  # fmt: skip
            by_first.setdefault(noun[0], []).append((noun, kind))
        _NOUNS[id(rules)] = by_first
    return _NOUNS[id(rules)]


def _described(
    tokens: Tokens, i: int, last: int, nouns: dict[str, list[tuple[tuple[str, ...], str]]], taken: set[int]
) -> tuple[int, str] | None:
    """ "the state-owned carrier", "the model": where the phrase ends and the kind it names."""
    lower = tokens.lower
    j, words = i, 0
    while words < 3:  # up to three words before the noun; a hyphen's pieces are one ("state-owned")
        j += 1
        if j < last and lower[j] == "-":
            continue
        words += 1
        if j >= last or j in taken:
            return None
        for noun, kind in nouns.get(lower[j], ()):
            end = j + len(noun)
            if (
                end <= last
                and tuple(lower[j:end]) == noun
                and (end >= last or lower[end] not in ("of", "'s"))
            ):
                return end, kind
        if not (lower[j].replace("-", "").isalpha() and lower[j] not in _DETERMINERS):
            return None
    return None


def _pronoun(
    word: str, i: int, named: list[Ref], memory: Memory, sentence: int, before: str = ""
) -> list[Ref]:
    """``before`` is the word before the pronoun: after a verb or preposition "it" is an object."""
    earlier = [r for r in named if r.last <= i]
    if word in ("they", "their", "them"):
        group = _last_group(earlier) or memory.group
        if len(group) >= 2:  # "Sinopec, PetroChina and CNOOC ... said they had": each of them
            return [Ref(node, i, i + 1, carried=True) for node in group]
        node = memory.topic
    elif word == "its" or not earlier or not _object_position(before):
        orgs = [r.node for r in earlier if r.node.type in ORGS]
        subject = memory.subject if memory.subject is not None and memory.subject.type != "Person" else None
        node = orgs[-1] if orgs else (subject if word == "its" and subject else memory.topic)
    else:  # "CSG introduced it": the last thing named before this sentence
        node = memory.last(_THINGS, before=sentence) or memory.topic
    return [Ref(node, i, i + 1, carried=True)] if node is not None else []


_THINGS = {"AIModel", "Platform", "Policy", "Initiative", "DataSpace", "ComputingInfrastructure"}
_PREPOSITIONS = {
    "in",
    "on",
    "for",
    "to",
    "with",
    "by",
    "from",
    "of",
    "at",
    "into",
    "onto",
    "over",
    "under",
    "behind",
}


def _object_position(before: str) -> bool:
    """ "introduced it", "run on it": an object; "November it released", "and it said": a subject."""
    return (
        before in _PREPOSITIONS
        or (before.endswith(("ed", "es")) and len(before) > 3)
        or before in ("made", "built", "put", "run", "set", "sent", "took", "gave", "called", "keep", "use")
    )


def _last_group(refs: list[Ref]) -> list[Node]:
    """The last run of two or more organisations named one after another (a list)."""
    groups: list[list[Node]] = []
    current: list[Node] = []
    end = -10
    for ref in (r for r in refs if r.node.type in ORGS):
        if current and ref.first - end <= 3:
            if ref.node not in current:
                current.append(ref.node)
        else:
            groups.append(current)
            current = [ref.node]
        end = ref.last
    groups.append(current)
    return next((g for g in reversed(groups) if len(g) >= 2), [])
