"""The verb triggers of the relation rules, and finding them in an article by their first word.

Each rule lists the phrases that state it (``developed``, ``put into use``…) and the
relationship types it may express, most specific first. A trigger is a whole-word match
of one of its rule's phrases, as ``re.finditer`` of ``\\b(?:phrase|…)\\b`` finds them.

Searching the text with eleven regexes took longer than any other relation rule. A
phrase starts with a word, so only the article's words that can begin a phrase are
tried: they are picked from the array of word ids the recogniser already has, and each
distinct word is looked at once.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

__all__ = ["VERB_RULES", "Hits", "find_triggers"]

# rule -> the phrases that state it, and the relationship types it can express, most specific first
_PHRASES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "develop",
        ("co-developed", "codeveloped", "developed", "develops", "developing", "self-developed", "built",
         "builds", "created", "creates", "designed"),
        ("DEVELOPS",),
    ),
    ("launch", ("launched", "launches", "launch", "unveiled", "rolled out"), ("LAUNCHES",)),
    (
        "issue",
        ("issued", "issues", "released", "published", "promulgated", "proposed"),
        ("ISSUES", "LAUNCHES"),
    ),
    (
        "deploy",
        ("deployed", "deploys", "deploying", "applied", "adopted", "introduced", "rolled out", "put into use",
         "put into operation"),
        ("DEPLOYS",),
    ),
    (
        "use",
        ("integrating", "integrated", "integrates", "based on", "powered by", "using", "uses", "built on",
         "leveraging", "leverages"),
        ("USES",),
    ),
    ("supervise", ("supervises", "supervised", "oversees", "overseeing", "administers", "regulates"),
     ("SUPERVISES",)),
    ("operate", ("operates", "operated", "operating", "runs", "full operation of"), ("OPERATES",)),
    ("lead", ("led", "leads", "leading", "spearheaded", "spearheads", "pioneering", "pioneered"), ("LEADS",)),
    (
        "implement",
        ("implements", "implement", "implementing", "implemented", "carrying out", "carry out"),
        ("IMPLEMENTS", "PROMOTES"),
    ),
    (
        "promote",
        ("promote", "promotes", "promoted", "promoting", "emphasised the need to", "emphasized the need to",
         "urged", "deploy"),
        ("PROMOTES", "APPLIES_TO"),
    ),
    ("apply-to", ("among", "for"), ("APPLIES_TO",)),
]  # fmt: skip

# rule, its whole-word regex, relationship types: what a trigger is, by definition
VERB_RULES: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = [
    (rule, re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b"), rels)
    for rule, phrases, rels in _PHRASES
]

_WORD = re.compile(r"\w+")
# The rules a word can start: as a whole word, or as the beginning of a word that runs on into
# the next token (spaCy splits "cannot" in two).
_STARTS_WORD: dict[str, tuple[int, ...]] = defaultdict(tuple)
_STARTS_PREFIX: dict[str, tuple[int, ...]] = defaultdict(tuple)
for _i, (_rule, _said, _) in enumerate(_PHRASES):
    for _first in sorted({_WORD.findall(p)[0] for p in _said}):
        _STARTS_WORD[_first] += (_i,)
        for _n in range(1, len(_first) + 1):
            if _i not in _STARTS_PREFIX[_first[:_n]]:
                _STARTS_PREFIX[_first[:_n]] += (_i,)
_STARTS_WORD, _STARTS_PREFIX = dict(_STARTS_WORD), dict(_STARTS_PREFIX)  # lookups add no keys

# rule -> (start, end, words)
Hits = dict[str, list[tuple[int, int, str]]]
Candidates = tuple[tuple[int, tuple[int, ...]], ...]  # (offset in the token, rules) pairs
_SEEN: dict[int, Candidates] = {}  # word id -> where in the word a trigger may start; ids are hashes


def _candidates(token: str) -> Candidates:
    """Where in ``token`` a word starts that may begin a phrase, and the rules it may begin.

    >>> _candidates("co-developed")[:1]
    ((0, (0,)),)
    """
    out = []
    for word in _WORD.finditer(token):  # whole words: each starts after a mark or at the start
        start, end = word.span()
        rules = (_STARTS_PREFIX if end == len(token) else _STARTS_WORD).get(word.group(), ())
        if rules:
            out.append((start, rules))
    return tuple(out)


def find_triggers(
    text: str,
    words: np.ndarray,
    sentences: list[tuple[int, int]],
    wanted: Iterable[int],
) -> dict[int, Hits]:
    """Every trigger in the ``wanted`` sentences, by sentence and rule: (start, end, words).

    ``words`` holds a row per token of ``text``: its word id, character offset and length.
    The result is what ``rx.finditer`` over the text finds for each rule's regex, in those
    sentences (a test compares them): no trigger crosses a sentence boundary, as its words are
    joined by spaces or hyphens, never by a line break or a full stop, so a match in another
    sentence never hides one in these. Any split of the text in tokens gives the same result.

    >>> import numpy as np
    >>> from spacy.strings import hash_string
    >>> text = "CNPC developed it. It rained."
    >>> rows = [[hash_string(w), text.index(w), len(w)] for w in ("CNPC", "developed", "it")]
    >>> words = np.array(rows, dtype=np.uint64)
    >>> find_triggers(text, words, [(0, 18), (19, 29)], [0])
    {0: {'develop': [(5, 14, 'developed')]}}
    """
    wanted = set(wanted)
    out: dict[int, Hits] = {}
    if not wanted or not len(words):
        return out
    starts = [s for s, _ in sentences]
    ids, first, where = np.unique(words[:, 0], return_index=True, return_inverse=True)
    maybe = []
    for word, at in zip(ids.tolist(), first.tolist(), strict=True):
        found = _SEEN.get(word)
        if found is None:
            offset, length = int(words[at, 1]), int(words[at, 2])
            found = _SEEN[word] = _candidates(text[offset : offset + length])
        maybe.append(bool(found))
    tokens = np.flatnonzero(np.asarray(maybe, dtype=bool)[where.reshape(-1)])
    reached = [0] * len(VERB_RULES)  # per rule, where its last match ended: finditer goes on from there
    for word, offset in words[tokens][:, :2].tolist():
        for start_in, rules in _SEEN[word]:
            start = offset + start_in
            index = bisect.bisect_right(starts, start) - 1
            if index not in wanted:
                continue
            for r in rules:
                if start < reached[r]:
                    continue
                match = VERB_RULES[r][1].match(text, start)
                if match is None:
                    continue
                reached[r] = match.end()
                hits = out.setdefault(index, {})
                hits.setdefault(VERB_RULES[r][0], []).append((start, match.end(), match.group()))
    return out
