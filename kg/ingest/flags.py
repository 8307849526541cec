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
from collections.abc import Callable, Iterable
from typing import Any

from spacy.vocab import Vocab

__all__ = ["FlagCache", "WordFlags", "native_patterns"]

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


def _key(attr: str, op: str, arg: Any) -> tuple[str, str, str]:
    """One flag per distinct test: a set is the same set whatever the order of its words."""
    if op in ("IN", "NOT_IN") and isinstance(arg, list | tuple):
        arg = sorted(set(map(str, arg)))
    return (attr, op, repr(arg))


# Flag bits spaCy leaves free for users (FLAG19 to FLAG63): below 19 are its own IS_/LIKE_ flags.
_USER_BITS = range(19, 64)
_TABLE = "kg_word_flags"


class WordFlags:
    """Lexeme flags for the word tests of ``patterns``, set on each word when first seen.

    ``Vocab.add_flag`` would run every test on every new word as spaCy creates it, one Python
    call per flag: most of the cost of a new word. Here the flags of the words of a doc are
    set before it is matched (:meth:`update`), with set tests looked up by word in one step.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> flags = WordFlags(nlp.vocab, [[{"LOWER": {"IN": ["ministry"]}}]])
    >>> doc = nlp("The Ministry")
    >>> flags.update(doc.to_array("ORTH").tolist())
    >>> doc[1].check_flag(flags.cache[("LOWER", "IN", "['ministry']")])
    True
    """

    def __init__(self, vocab: Vocab, patterns: list[Pattern]):
        self.vocab = vocab
        self.cache: FlagCache = {}
        self.by_text: dict[str, list[int]] = {}  # "ORTH"/"TEXT" IN: the bits a word sets
        self.by_lower: dict[str, list[int]] = {}  # "LOWER" IN
        self.tests: list[tuple[int, Callable[[str], bool]]] = []  # every other test
        self.seen: set[int] = set()  # words (orth ids) whose flags are set
        # Bits others use: flags set through add_flag, and those of other WordFlags on this
        # vocabulary, recorded in its lookups since these bits have no getter to show them.
        owned = (
            vocab.lookups.get_table(_TABLE)
            if vocab.lookups.has_table(_TABLE)
            else vocab.lookups.add_table(_TABLE)
        )
        taken = set(getattr(vocab, "lex_attr_getters", {})) | set(owned.get("bits", []))
        free = iter(bit for bit in _USER_BITS if bit not in taken)
        for spec in (spec for pattern in patterns for spec in pattern):
            for attr, value in spec.items():
                for op, arg in value.items() if attr != "OP" and isinstance(value, dict) else ():
                    key = _key(attr, op, arg)
                    test = _test(attr, op, arg) if key not in self.cache else None
                    bit = next(free, -1) if test is not None else -1
                    self.cache.setdefault(key, bit)
                    if bit < 0:
                        continue
                    index = {"ORTH": self.by_text, "TEXT": self.by_text, "LOWER": self.by_lower}.get(attr)
                    if op == "IN" and index is not None:
                        for word in arg:
                            index.setdefault(word, []).append(bit)
                    else:
                        self.tests.append((bit, test))  # type: ignore[arg-type]  # not None here
        owned["bits"] = sorted({*owned.get("bits", []), *(bit for bit in self.cache.values() if bit >= 0)})

    def update(self, words: Iterable[int]) -> None:
        """Set the flags of the ``words`` (orth ids, as ``doc.to_array("ORTH")``) not seen before."""
        for orth in set(words) - self.seen:
            self.seen.add(orth)
            word = self.vocab[orth]
            text = word.orth_
            for bit in (*self.by_text.get(text, ()), *self.by_lower.get(text.lower(), ())):
                word.set_flag(bit, True)
            for bit, test in self.tests:
                if test(text):
                    word.set_flag(bit, True)


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
                    key = _key(attr, op, arg)
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
