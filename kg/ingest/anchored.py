"""spaCy's ``Matcher``, run on each rule only where its anchor word is.

The ``Matcher`` costs a step per word per pattern, and most words can take part in no
match. Each pattern names a required token, its *anchor* (the month of a date, the number
of a figure, the head word of "State Grid Corporation"). A match holds an anchor word, lies
within the pattern's reach of it on either side, and lies within one run of words that the
pattern's tokens accept; the pattern runs on those windows alone. The matches are exactly
the plain ``Matcher``'s (a test compares them on articles and on generated text).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import IDS, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.ingest.flags import WordFlags, native_patterns

__all__ = ["AnchoredMatcher", "reach", "required"]

Pattern = list[dict[str, Any]]
Match = tuple[int, int, int]  # (match id, start, end), as spaCy's Matcher gives them

# A window that ends within this many words of the next one is run together with it: a call
# of the Matcher costs about as much as matching this many words.
_JOIN_GAP = 16


def _repeats(spec: dict[str, Any]) -> tuple[int, float]:
    """The fewest and most words one pattern token takes ("OP" as spaCy reads it)."""
    op = spec.get("OP")
    if op is None:
        return 1, 1
    fixed = {"!": (1, 1), "?": (0, 1), "*": (0, math.inf), "+": (1, math.inf)}
    if op in fixed:
        return fixed[op]
    low, comma, high = str(op).strip("{}").partition(",")
    if not comma:
        return int(low), int(low)
    return int(low or 0), int(high) if high else math.inf


def reach(pattern: Pattern, anchor: int) -> tuple[float, float]:
    """How many words a match can hold before and after the word its anchor token matched.

    >>> reach([{"LOWER": "more", "OP": "?"}, {"LIKE_NUM": True}, {"LOWER": "yuan"}], 1)
    (1, 1)
    """
    extra = _repeats(pattern[anchor])[1] - 1  # a repeated anchor: the first word matched
    before = sum(_repeats(spec)[1] for spec in pattern[:anchor])
    return before + extra, sum(_repeats(spec)[1] for spec in pattern[anchor + 1 :]) + extra


def required(spec: dict[str, Any]) -> bool:
    """Whether every match holds a word meeting ``spec`` (it is neither optional nor negated).

    >>> required({"LOWER": "five"}), required({"LOWER": "five", "OP": "?"})
    (True, False)
    """
    return spec.get("OP") != "!" and _repeats(spec)[0] >= 1


Test = list[tuple[int, int]]  # (column of the words' attribute array, value): all must hold

# Word attributes the Matcher reads from the vocabulary entry; any other test (sentence starts,
# tags) is left out of anchor and member tests, which only makes them pass more words.
_WORD_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LENGTH"}


@dataclass
class _Group:
    """One label's patterns that are bounded (or not): a Matcher, and where it has to run."""

    key: int  # the label's string id
    matcher: Matcher
    before: float = 0  # the most words a match holds before its anchor word (inf: no bound)
    after: float = 0
    anchors: list[Test] = field(default_factory=list)  # a match holds a word passing one of them
    members: list[Test] = field(default_factory=list)  # every word of a match passes one of them
    single: bool = True  # every pattern is its anchor alone: the anchors are the matches


class AnchoredMatcher:
    """``rules`` as (label, pattern, anchor index or None); called like spaCy's ``Matcher``.

    A bounded pattern runs within its longest match of each anchor; an unbounded one on each
    run of words that its tokens accept, if the run holds an anchor. Without an anchor, a
    pattern runs on the whole text. Matches come sorted by start, end and rule order, so at
    an equal span the earlier rule is first.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> rules = [("DATE", [{"LOWER": "in"}, {"LOWER": "may"}, {"IS_DIGIT": True}], 1)]
    >>> matcher = AnchoredMatcher(nlp.vocab, rules)
    >>> doc = nlp("It opened in May 2025.")
    >>> [(nlp.vocab.strings[m], doc[s:e].text) for m, s, e in matcher(doc)]
    [('DATE', 'in May 2025')]
    """

    def __init__(self, vocab: Vocab, rules: Iterable[tuple[str, Pattern, int | None]]):
        self.vocab = vocab
        self.whole = Matcher(vocab, validate=False)
        self.order: dict[int, int] = {}
        self.groups: dict[tuple[str, bool], _Group] = {}
        self.columns: list[int | str] = []
        self.bits: dict[int, int] = {}  # word (orth id) -> two bits per group: anchor, member
        rules = list(rules)
        self.word_flags = WordFlags(vocab, [pattern for _, pattern, _ in rules])
        flags = self.word_flags.cache
        for label, pattern, anchor in rules:
            self.order.setdefault(vocab.strings.add(label), len(self.order))
            native = native_patterns([pattern], vocab, flags)[0]
            if anchor is None or not required(pattern[anchor]):
                self.whole.add(label, [native])
                continue
            before, after = reach(pattern, anchor)
            key = (label, max(before, after) == math.inf)
            if key not in self.groups:
                self.groups[key] = _Group(vocab.strings[label], Matcher(vocab, validate=False))
            group = self.groups[key]
            group.matcher.add(label, [native])
            group.before, group.after = max(group.before, before), max(group.after, after)
            group.anchors.append(self._word_test(native[anchor]))
            group.members += [self._word_test(spec) for spec in native]
            # A one-word pattern that the anchor test fully states: its anchors are its matches.
            group.single &= (
                len(native) == 1 and "OP" not in native[0] and len(group.anchors[-1]) == len(native[0])
            )
        assert 2 * len(self.groups) < 63, "two bits per group in a 64-bit integer"
        self._compile()
        self._group_list = list(self.groups.values())
        self._anchor_masks = np.array(
            [0 if g.single else 1 << 2 * i for i, g in enumerate(self._group_list)], dtype=np.int64
        )
        self._singles = [(g, 1 << 2 * i) for i, g in enumerate(self._group_list) if g.single]
        self._member_masks = np.left_shift(2, 2 * np.arange(len(self.groups), dtype=np.int64))
        self._before = np.array([g.before for g in self._group_list], dtype=np.float64)
        self._after = np.array([g.after for g in self._group_list], dtype=np.float64)

    def _compile(self) -> None:
        """The word tests as matrices: which (column, value) pairs each test needs, which
        tests set each bit (bit 2g: an anchor of group g; bit 2g+1: a member)."""
        pairs: list[tuple[int, int]] = []
        tests: list[Test] = []
        setting: list[int] = []  # the bit each test sets
        for g, group in enumerate(self.groups.values()):
            for bit, group_tests in ((2 * g, group.anchors), (2 * g + 1, group.members)):
                tests += group_tests
                setting += [bit] * len(group_tests)
        pairs = sorted({pair for test in tests for pair in test})
        self._pair_columns = np.array([c for c, _ in pairs], dtype=np.intp)
        self._pair_values = np.array([v for _, v in pairs], dtype=np.uint64)
        self._tests = np.zeros((len(pairs), len(tests)), dtype=np.float32)
        for t, test in enumerate(tests):
            for pair in test:
                self._tests[pairs.index(pair), t] = 1
        self._test_sizes = self._tests.sum(axis=0)
        self._test_bits = np.zeros((len(tests), 2 * len(self.groups)), dtype=np.float32)
        self._test_bits[np.arange(len(tests)), setting] = 1
        self._powers = np.left_shift(1, np.arange(2 * len(self.groups), dtype=np.int64))

    def _word_test(self, spec: dict[Any, Any]) -> Test:
        """What ``spec`` asks of the word itself, as attribute values."""
        test = []
        for key, value in spec.items():
            name = key if isinstance(key, int) else str(key).upper()
            word_level = (
                isinstance(name, int)
                or name in _WORD_ATTRS
                or (name.startswith(("IS_", "LIKE_")) and name != "IS_SENT_START")
            )
            if not word_level or isinstance(value, dict | list):
                continue  # not a word attribute, or a predicate left over once flags ran out
            attr = name if isinstance(name, int) else IDS["ORTH" if name == "TEXT" else name]
            if attr not in self.columns:
                self.columns.append(attr)
            test.append(
                (
                    self.columns.index(attr),
                    self.vocab.strings.add(value) if isinstance(value, str) else int(value),
                )
            )
        return test

    def _word_bits(self, doc: Doc, words: np.ndarray, where: np.ndarray) -> np.ndarray:
        """Per token, the anchor and member bits of its word.

        They depend on the word alone, so each distinct word is tested once and remembered.
        """
        new = [orth for orth in words.tolist() if orth not in self.bits]
        if new:
            # The words' attributes as spaCy computes them for the matcher: a doc of the new words.
            values = Doc(self.vocab, words=[self.vocab.strings[o] for o in new]).to_array(self.columns)
            values = values.reshape(len(new), len(self.columns))
            # Tests are conjunctions of "column == value" and bits disjunctions of tests: two
            # matrix products (in float32, exact for these small counts, for BLAS) decide them all.
            held = (values[:, self._pair_columns] == self._pair_values).astype(np.float32)
            passes = (held @ self._tests) == self._test_sizes
            on = (passes.astype(np.float32) @ self._test_bits) > 0
            self.bits.update(zip(new, (on.astype(np.int64) @ self._powers).tolist(), strict=True))
        known = np.fromiter((self.bits[o] for o in words.tolist()), dtype=np.int64, count=len(words))
        out: np.ndarray = known[where.reshape(-1)]
        return out

    def __call__(self, doc: Doc) -> list[Match]:
        words, where = np.unique(doc.to_array(ORTH), return_inverse=True)  # the distinct words
        self.word_flags.update(words.tolist())
        found: set[Match] = set(self.whole(doc)) if len(self.whole) else set()
        if self.groups and len(doc):
            bits = self._word_bits(doc, words, where)
            for group, mask in self._singles:  # one-word patterns: their anchors are the matches
                found.update((group.key, i, i + 1) for i in np.flatnonzero(bits & mask).tolist())
            for g, start, end in self._windows(bits):
                group = self._group_list[g]
                found.update((key, s + start, e + start) for key, s, e in group.matcher(doc[start:end]))
        return sorted(found, key=lambda m: (m[1], m[2], self.order[m[0]]))

    def _windows(self, bits: np.ndarray) -> list[tuple[int, int, int]]:
        """(group, start, end) of the spans each group's matcher must see, for all groups at once.

        For each anchor word, a match holding it lies within the pattern's reach of it and
        inside the run of member words around it (an anchor is a member: its test is weaker).
        Overlapping or near spans of a group are joined: a call costs as much as a few words.
        """
        size = len(bits)
        groups, anchors = np.nonzero(((bits[:, None] & self._anchor_masks) != 0).T)  # by group, position
        if not len(anchors):
            return []
        member = ((bits[:, None] & self._member_masks) != 0).T.astype(np.int8)
        edges = np.diff(member, axis=1, prepend=0, append=0)
        run_groups, run_starts = np.nonzero(edges == 1)
        run_ends = np.nonzero(edges == -1)[1]
        stride = size + 1
        run = np.searchsorted(run_groups * stride + run_starts, groups * stride + anchors, side="right") - 1
        low = np.maximum(run_starts[run], anchors - np.minimum(self._before[groups], size).astype(np.int64))
        high = np.minimum(run_ends[run], anchors + 1 + np.minimum(self._after[groups], size).astype(np.int64))
        # Joined per group: an offset per group keeps one group's spans from joining the next's.
        offset = groups * (2 * stride + _JOIN_GAP)
        low, high = low + offset, high + offset
        reach = np.maximum.accumulate(high)
        breaks = np.flatnonzero(low[1:] > reach[:-1] + _JOIN_GAP) + 1
        first = np.concatenate(([0], breaks))
        last = np.concatenate((breaks - 1, [len(low) - 1]))
        return list(
            zip(
                groups[first].tolist(),
                (low[first] - offset[first]).tolist(),
                (reach[last] - offset[first]).tolist(),
                strict=True,
            )
        )
