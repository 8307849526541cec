"""Sentences of a tokenised article, and which of them are headlines, from token arrays.

The rules are spaCy's ``sentencizer`` (a sentence starts at the first word after
sentence-final punctuation) plus one of ours: a line break ends a sentence, so
titles, tags and captions stand alone. They are computed on numpy arrays of the
tokens' attributes rather than in a Python loop over Token objects, which was the
slowest part of reading an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["Sentences", "final_marks", "split_sentences"]

_ATTRS: list[int | str] = ["ORTH", "IS_PUNCT", "IDX", "LENGTH", "IS_ALPHA", "IS_TITLE", "IS_UPPER"]
_CLOSED = (".", "!", "?", "”", '"')
# A company's abbreviated legal form ends a sentence when a word that opens sentences follows it
# ("... hosted by COSCO SHIPPING (Hainan) Co. It drew ..."): the tokenizer keeps "Co." whole.
_LEGAL = ("Co.", "Corp.", "Ltd.", "Inc.", "Plc.", "Bhd.", "Cos.")
_OPENERS = (
    "It",
    "Its",
    "The",
    "This",
    "These",
    "That",
    "Those",
    "They",
    "Their",
    "He",
    "She",
    "His",
    "Her",
    "We",
    "Our",
    "In",
    "On",
    "At",
    "But",
    "And",
    "However",
    "Meanwhile",
    "A",
    "An",
)


@dataclass
class Sentences:
    """Token starts and character spans of an article's sentences, and its headline sentences."""

    starts: list[int]  # first token of each sentence
    spans: list[tuple[int, int]]  # (start_char, end_char) of each sentence
    headlines: set[int]  # indices of sentences that read as headlines or tag lines


def final_marks(vocab: Vocab) -> np.ndarray:
    """The vocabulary's ids of the sentencizer's sentence-final marks."""
    return np.array(sorted(vocab.strings.add(c) for c in Sentencizer.default_punct_chars), dtype=np.uint64)


def _ids(vocab: Vocab, words: tuple[str, ...]) -> np.ndarray:
    return np.array([vocab.strings.add(w) for w in words], dtype=np.uint64)


def split_sentences(doc: Doc, text: str, final: np.ndarray | None = None) -> Sentences:
    """Mark sentence starts on ``doc``, the tokens of ``text`` (as the ``sentencizer`` would,
    and at line breaks).

    ``text`` is passed in because ``doc.text`` is rebuilt token by token on every call.
    ``final`` is the vocabulary's ids of sentence-final marks (computed when not given).

    >>> import spacy
    >>> text = "AI Plan Unveiled For State Firms\\nCNPC met. It agreed!"
    >>> found = split_sentences(spacy.blank("en").make_doc(text), text)
    >>> [text[s:e] for s, e in found.spans], found.headlines
    (['AI Plan Unveiled For State Firms', '\\n', 'CNPC met.', 'It agreed!'], {0})
    >>> text = "The forum was hosted by Huadian Co. It drew 300 guests from Hainan Co. Ltd."
    >>> [text[s:e] for s, e in split_sentences(spacy.blank("en").make_doc(text), text).spans]
    ['The forum was hosted by Huadian Co.', 'It drew 300 guests from Hainan Co. Ltd.']
    """
    n = len(doc)
    if n == 0:
        return Sentences([], [], set())
    if final is None:
        final = final_marks(doc.vocab)
    arr = doc.to_array(_ATTRS).astype(np.int64)
    orth, punct_attr, idx, length, alpha, title, upper = arr.T
    is_final = np.isin(orth.astype(np.uint64), final)
    punct = (punct_attr == 1) | is_final
    # sentencizer: a word starts a sentence when a final mark came after the previous word
    at = np.arange(n)
    last_word = np.maximum.accumulate(np.where(punct, -1, at))
    previous_word = np.concatenate(([-1], last_word[:-1]))
    marks_before = np.concatenate(([0], np.cumsum(is_final)))  # final marks among tokens [0, i)
    starts = ~punct & (marks_before[at] - marks_before[previous_word + 1] > 0)
    starts[0] = True
    legal = np.isin(orth.astype(np.uint64), _ids(doc.vocab, _LEGAL))
    opener = np.isin(orth.astype(np.uint64), _ids(doc.vocab, _OPENERS))
    starts[1:] |= legal[:-1] & opener[1:]
    # a line break: the token holding it, and the token after it, start sentences
    breaks = np.array([m.start() for m in re.finditer("\n", text)], dtype=np.int64)
    if len(breaks):
        holders = np.unique(np.searchsorted(idx, breaks, side="right") - 1)
        starts[holders] = True
        starts[holders[holders + 1 < n] + 1] = True
    sent_start: Any = np.where(starts, 1, -1).astype(np.uint64).reshape(-1, 1)  # -1: not a start
    doc.from_array(["SENT_START"], sent_start)

    first = np.flatnonzero(starts)
    last = np.append(first[1:], n) - 1
    spans = list(zip(idx[first].tolist(), (idx[last] + length[last]).tolist(), strict=True))
    # A headline or tag line: no closing full stop, and most of its longer words capitalised.
    word = (alpha == 1) & (length > 3)
    words = np.add.reduceat(word, first)
    capital = np.add.reduceat(word & ((title == 1) | (upper == 1)), first)
    share = np.divide(capital, words, out=np.zeros(len(first)), where=words > 0)
    headlines = {
        i
        for i in np.flatnonzero((words >= 3) & (share >= 0.7)).tolist()
        if not text[spans[i][0] : spans[i][1]].rstrip().endswith(_CLOSED)
    }
    return Sentences(first.tolist(), spans, headlines)
