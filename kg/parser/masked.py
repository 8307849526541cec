"""Parsing with each name as one word, laid back on the article by character offsets.

A parser reads a multi-word name ("China Oil and Gas Pipeline Network Corp", "Mobile Model
Management Platform") as nouns and compounds, and often wrongly: a name's word read as a verb, a
list split inside a name, the "and" of "Oil and Gas" taken for the list's. So each name that
recognition found is replaced by one placeholder word of fitting kind (a firm's, a person's, a
place's or a thing's proper noun) before parsing, and the parse of that text is laid back on the
article: each name is one token spanning the whole name, with the placeholder's tag and the
name's last word as its lemma ("the Tianshu model" is still a "model"). Nothing here is
specific to the project's entities: callers say what each name is.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.parser.parsed import Parsed, ParseError

__all__ = ["KINDS", "Name", "mask", "parse_masked", "unmask"]

# Placeholders: words the parser reads as one proper noun of each kind, none a common English word.
KINDS: dict[str, tuple[str, ...]] = {
    "org": ("Siemens", "Nokia", "Ericsson", "Unilever", "Toyota", "Airbus", "Boeing", "Nestle",
            "Renault", "Volvo", "Philips", "Bosch"),
    "person": ("Smith", "Jones", "Taylor", "Wilson", "Johnson", "Miller", "Davis", "Clark",
               "Lewis", "Walker", "Harris", "Baker"),
    "place": ("Paris", "Berlin", "Madrid", "Lisbon", "Oslo", "Dublin", "Prague", "Vienna",
              "Warsaw", "Athens", "Helsinki", "Budapest"),
    "thing": ("Zephyr", "Orion", "Atlas", "Titan", "Nimbus", "Vega", "Aurora", "Helios",
              "Polaris", "Apollo", "Hermes", "Juno"),
}  # fmt: skip


@dataclass(frozen=True)
class Name:
    """A name at characters ``start`` to ``end`` of the text, of a kind of :data:`KINDS`."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Masked:
    """A text with its names replaced: the new text and, per placeholder, where it stands in the
    new text and which name of the original it stands for."""

    text: str
    new: list[tuple[int, int]]  # placeholder spans in the masked text, in order
    old: list[tuple[int, int]]  # the names they replace, in the original text


def mask(text: str, names: list[Name]) -> Masked:
    """``text`` with each name (overlapping ones: the first, longest) replaced by a placeholder.

    >>> m = mask("China Mobile hired Wang Lei.", [Name(0, 12, "org"), Name(19, 27, "person")])
    >>> m.text, m.new, m.old
    ('Siemens hired Smith.', [(0, 7), (14, 19)], [(0, 12), (19, 27)])
    """
    lower = text.lower()
    free = {k: [w for w in words if w.lower() not in lower] or list(words) for k, words in KINDS.items()}
    used = dict.fromkeys(KINDS, 0)
    parts: list[str] = []
    new: list[tuple[int, int]] = []
    old: list[tuple[int, int]] = []
    position, length = 0, 0
    for name in sorted(names, key=lambda n: (n.start, -n.end)):
        if name.start < position or name.end <= name.start or name.kind not in KINDS:
            continue
        word = free[name.kind][used[name.kind] % len(free[name.kind])]
        used[name.kind] += 1
        parts.append(text[position : name.start])
        length += name.start - position
        new.append((length, length + len(word)))
        old.append((name.start, name.end))
        parts.append(word)
        length += len(word)
        position = name.end
    parts.append(text[position:])
    return Masked("".join(parts), new, old)


def unmask(parsed: Parsed, masked: Masked, text: str) -> Parsed:
    """The parse of ``masked.text`` laid on the original ``text``: a placeholder's token spans
    its whole name, with the name's last word as lemma. :class:`ParseError` if a placeholder was
    cut into several tokens, or a token straddles one's start.

    >>> m = mask("China Mobile grew.", [Name(0, 12, "org")])
    >>> p = Parsed(["Siemens", "grew", "."], ["Siemens", "grow", "."], ["NNP", "VBD", "."],
    ...            [0, 8, 12], [7, 12, 13], [0], [1, 1, 1], ["nsubj", "root", "punct"])
    >>> u = unmask(p, m, "China Mobile grew.")
    >>> u.words, u.lemmas, u.starts, u.ends
    (['China Mobile', 'grew', '.'], ['mobile', 'grow', '.'], [0, 13, 17], [12, 17, 18])
    """
    starts = [a for a, _ in masked.new]

    def place(position: int, end: bool) -> int:
        k = bisect.bisect_right(starts, position - (1 if end else 0)) - 1
        if k >= 0 and masked.new[k][0] <= position - (1 if end else 0) < masked.new[k][1]:
            return masked.old[k][1] if end else masked.old[k][0]  # inside a placeholder
        if k < 0:
            return position
        return position - masked.new[k][1] + masked.old[k][1]  # shifted by the names before it

    out = Parsed(list(parsed.words), list(parsed.lemmas), list(parsed.tags), [], [],
                 list(parsed.sentences), list(parsed.heads), list(parsed.labels), list(parsed.edges))  # fmt: skip
    inside = dict.fromkeys(range(len(masked.new)), 0)
    for i, (a, b) in enumerate(zip(parsed.starts, parsed.ends, strict=True)):
        k = bisect.bisect_right(starts, a) - 1
        holds = k >= 0 and masked.new[k][0] <= a < masked.new[k][1]
        if holds:
            if a != masked.new[k][0]:
                raise ParseError("a name's placeholder was cut into several tokens")
            inside[k] += 1
        elif k + 1 < len(starts) and a < starts[k + 1] < b:
            raise ParseError("a token straddles a name's placeholder")
        start, end = place(a, False), place(b, True)
        out.starts.append(start)
        out.ends.append(end)
        out.words[i] = text[start:end]
        if holds:
            last = re.findall(r"[^\W_]+", text[masked.old[k][0] : masked.old[k][1]])
            out.lemmas[i] = last[-1].lower() if last else out.lemmas[i]
    out.check(len(text))
    return out


def parse_masked(parse: Callable[[str], Parsed | None], text: str, names: list[Name]) -> Parsed | None:
    """The parse of ``text`` with each of ``names`` as one word (``parse`` parses a text, or
    returns None where it cannot); where the placeholders do not come back whole, the plain text's.
    """
    masked = mask(text, names)
    if not masked.new:
        return parse(text)
    parsed = parse(masked.text)
    if parsed is None:
        return None
    try:
        return unmask(parsed, masked, text)
    except ParseError:
        return parse(text)
