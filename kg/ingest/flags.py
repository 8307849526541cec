"""Token patterns made fast: set, regular-expression and length tests become lexeme flags.

spaCy's ``Matcher`` runs ``{"LOWER": {"IN": [...]}}``, ``{"TEXT": {"REGEX": ...}}`` and
``{"LENGTH": {">=": 2}}`` as Python calls on every token, for every pattern that reaches
it: most of the extraction time. All of them depend on the word alone, so each becomes a
lexeme flag, computed once per distinct word in the vocabulary and then checked in C.
The patterns in :mod:`kg.ingest.patterns` stay written the readable way; this module
rewrites them for a vocabulary, with the same meaning.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

from spacy.vocab import Vocab

__all__ = ["FlagCache", "add_flags", "native_patterns"]

Pattern = list[dict[str, Any]]

_VIEWS: dict[str, Callable[[str], Any]] = {"ORTH": str, "TEXT": str, "LOWER": str.lower, "LENGTH": len}
_COMPARE = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le, ">": operator.gt,
            "<": operator.lt}  # fmt: skip


def _test(attr: str, op: str, arg: Any) -> Callable[[str], bool] | None:
    # Each test runs once for every new word of every article: they are kept to one call.
    view = _VIEWS.get(attr)
    if view is None:
        return None
    exact = view is str
    if op == "IN":
        members = frozenset(arg)
        return members.__contains__ if exact else lambda text: view(text) in members
    if op == "NOT_IN":
        members = frozenset(arg)
        return lambda text: (text if exact else view(text)) not in members
    if op == "REGEX":
        search = re.compile(arg).search
        return lambda text: search(text if exact else view(text)) is not None
    if op in _COMPARE:
        compare = _COMPARE[op]
        return lambda text: bool(compare(view(text), arg))
    return None


FlagCache = dict[tuple[str, str, str], int]


def add_flags(patterns: list[Pattern], vocab: Vocab, flags: FlagCache) -> None:
    """Give every word-level predicate of ``patterns`` a lexeme flag, in one pass over ``vocab``.

    ``Vocab.add_flag`` sets a new flag on every word already in the vocabulary, one pass per
    flag; this does what it does for all the flags at once. Predicates left without a flag
    (the 64 bits used up) are cached as -1 and kept as they are.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> flags: FlagCache = {}
    >>> add_flags([[{"LOWER": {"IN": ["ministry"]}}]], nlp.vocab, flags)
    >>> nlp.vocab["Ministry"].check_flag(flags[("LOWER", "IN", "['ministry']")])
    True
    """
    getters: dict[int, Any] = vocab.lex_attr_getters  # type: ignore[attr-defined]  # no stub
    tests: dict[tuple[str, str, str], Callable[[str], bool]] = {}
    for spec in (spec for pattern in patterns for spec in pattern):
        for attr, value in spec.items():
            if attr == "OP" or not isinstance(value, dict):
                continue
            for op, arg in value.items():
                key = (attr, op, repr(arg))
                test = _test(attr, op, arg) if key not in flags and key not in tests else None
                if test is not None:
                    tests[key] = test
                elif key not in flags and key not in tests:
                    flags[key] = -1
    free = [bit for bit in range(1, 64) if bit not in getters]
    words = list(vocab)
    for (key, test), bit in zip(tests.items(), free, strict=False):
        for word in words:
            word.set_flag(bit, test(word.orth_))
        getters[bit] = test  # words added later get the flag from here, as with add_flag
        flags[key] = bit
    for key in tests:
        flags.setdefault(key, -1)  # no free bit left


def native_patterns(patterns: list[Pattern], vocab: Vocab, flags: FlagCache) -> list[Pattern]:
    """``patterns`` with every word-level predicate replaced by a lexeme flag of ``vocab``.

    ``flags`` caches the flag of each (attribute, operator, argument) across calls. Once the
    vocabulary's 64 flag bits are used up, the remaining predicates are kept as they are.

    >>> import spacy
    >>> from spacy.matcher import Matcher
    >>> nlp = spacy.blank("en")
    >>> pattern = [{"IS_TITLE": True}, {"LOWER": {"IN": ["ministry", "commission"]}}]
    >>> fast = native_patterns([pattern], nlp.vocab, {})
    >>> matcher = Matcher(nlp.vocab, validate=False)
    >>> matcher.add("Agency", fast)
    >>> doc = nlp("The Finance Ministry met.")
    >>> [doc[s:e].text for _, s, e in matcher(doc)]
    ['Finance Ministry']
    """
    out = []
    for pattern in patterns:
        rewritten = []
        for spec in pattern:
            token: dict[Any, Any] = {}
            for attr, value in spec.items():
                if attr == "OP" or not isinstance(value, dict):
                    token[attr] = value
                    continue
                kept: dict[str, Any] = {}
                for op, arg in value.items():
                    key = (attr, op, repr(arg))
                    if key not in flags:
                        test = _test(attr, op, arg)
                        try:
                            flags[key] = vocab.add_flag(test) if test else -1
                        except ValueError:  # no free flag bit left
                            flags[key] = -1
                    if flags[key] >= 0:
                        token[flags[key]] = True
                    else:
                        kept[op] = arg
                if kept:
                    token[attr] = kept
            rewritten.append(token)
        out.append(rewritten)
    return out
