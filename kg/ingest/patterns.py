"""Token-pattern rules (phrases, figures, dates) run with spaCy's ``Matcher``.

A pattern token marked ``keep: false`` is context that must be there but is not part of
what was found ("*the* power sector"): the ``Matcher``'s alignments say which words
matched which pattern token, and only the kept ones make the span.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher

from kg.ingest.flags import WordFlags, native_patterns
from kg.ingest.rules import PatternRule
from kg.ingest.tokens import Tokens, vocab

__all__ = ["Match", "PatternMatcher"]

_EDGE = {"of", "and", "&", "the", "a", "an", "for", "on", "in", ",", "-", "(", "to"}


@dataclass(frozen=True)
class Match:
    """Words ``first`` to ``last`` (exclusive) found by ``rule``."""

    first: int
    last: int
    rule: str  # the rule's id
    type: str  # the rule's node type ("" for figures and dates)
    confidence: float


class PatternMatcher:
    """Runs rules' patterns; the longest match of each rule wins where two overlap.

    >>> from kg.ingest.rules import load_rules
    >>> from kg.ingest.tokens import tokenise
    >>> sectors = [r for r in load_rules().names.phrases if r.id == "sector-noun"]
    >>> t = tokenise("It serves the power sector.")
    >>> [(t.span(m.first, m.last), m.type) for m in PatternMatcher(sectors)(t)]
    [('power sector', 'Sector')]
    """

    def __init__(self, rules: list[PatternRule]):
        self.matcher = Matcher(vocab(), validate=False)
        # One key per pattern: the alignments then say which of its tokens each word matched.
        self.patterns: dict[str, tuple[PatternRule, list[bool]]] = {}
        readable = [
            [{k: v for k, v in t.items() if k != "keep"} for t in p] for r in rules for p in r.patterns
        ]
        # Word tests (sets, regular expressions, lengths) run as lexeme flags, set once per word
        # (kg.ingest.flags): the same patterns, checked in C instead of a Python call per token.
        self.flags = WordFlags(vocab(), readable)
        native = iter(native_patterns(readable, vocab(), self.flags.cache))
        for rule in rules:
            for n, pattern in enumerate(rule.patterns):
                key = f"{rule.id}#{n}"
                self.matcher.add(key, [next(native)], greedy="LONGEST")
                self.patterns[key] = (rule, [t.get("keep", True) is not False for t in pattern])

    def __call__(self, tokens: Tokens) -> list[Match]:
        out = set()
        strings = vocab().strings
        self.flags.update(tokens.doc.to_array("ORTH").tolist())
        found: Any = self.matcher(tokens.doc, with_alignments=True)  # (id, start, end, alignments)
        for match_id, first, _last, aligned in found:
            rule, keep = self.patterns[strings[match_id]]
            kept = [first + i for i, a in enumerate(aligned) if keep[a]]
            if not kept:
                continue
            start, end = kept[0], kept[-1] + 1
            while start < end and tokens.lower[start] in _EDGE:
                start += 1
            while end > start and tokens.lower[end - 1] in _EDGE:
                end -= 1
            if end > start:
                out.add(Match(start, end, rule.id, rule.type, rule.confidence))
        return sorted(out, key=lambda m: (m.first, m.last, m.rule))
