"""An article as words: spaCy's blank English tokenizer, sentences, and plain lists to read.

Recognition and relation rules look at words around a position thousands of times per
article; they read these lists instead of making spaCy token objects each time.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from spacy.attrs import IDX, LENGTH
from spacy.lang.en import English
from spacy.tokens import Doc

from kg.ingest.reader import MAX_BYTES
from kg.ingest.sentences import final_marks, split_sentences

__all__ = ["Tokens", "tokenise"]


@dataclass
class Tokens:
    """The words of one article, their offsets and their sentences.

    >>> t = tokenise("CNPC met Huawei. It agreed.")
    >>> t.words[:3], t.sentence_of(4), t.sentence_text(1)
    (['CNPC', 'met', 'Huawei'], 1, 'It agreed.')
    """

    text: str
    doc: Doc
    words: list[str]
    lower: list[str]
    start: list[int]  # character offset of each word
    end: list[int]
    sentence_starts: list[int]  # first word of each sentence
    sentences: list[tuple[int, int]]  # character span of each sentence
    headlines: set[int]  # sentences that read as headlines or tag lines

    def __len__(self) -> int:
        return len(self.words)

    def sentence_of(self, token: int) -> int:
        """The sentence a word is in."""
        return bisect.bisect_right(self.sentence_starts, token) - 1

    def sentence_tokens(self, index: int) -> tuple[int, int]:
        """The first word of a sentence and the one after its last."""
        following = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self)
        return self.sentence_starts[index], following

    def sentence_text(self, index: int) -> str:
        """The verbatim text of a sentence, without surrounding whitespace."""
        start, end = self.sentences[index]
        return self.text[start:end].strip()

    def span(self, first: int, last: int) -> str:
        """The text of words ``first`` to ``last`` (exclusive), as written."""
        return self.text[self.start[first] : self.end[last - 1]]

    def gap(self, a: int, b: int) -> str:
        """The text between the end of word ``a - 1`` and the start of word ``b``."""
        return self.text[self.end[a - 1] if a else 0 : self.start[b] if b < len(self) else len(self.text)]

    def token_at(self, char: int) -> int:
        """The word that starts at or after a character offset."""
        return bisect.bisect_left(self.start, char)


@cache
def _nlp() -> Any:
    nlp = English()
    # Without spaCy's whitespace special cases: they make the tokenizer re-scan the text at every
    # line break (4x slower), and whitespace is tokenised the same without them.
    tokenizer: Any = nlp.tokenizer
    tokenizer.rules = {k: v for k, v in tokenizer.rules.items() if not k.isspace()}
    nlp.max_length = MAX_BYTES + 1  # the reader's own size limit applies; no parser runs here
    return nlp


def vocab() -> Any:
    """The shared vocabulary (for matchers built on these tokens)."""
    return _nlp().vocab


def make_doc(text: str) -> Doc:
    """A phrase tokenised as articles are (for phrase matchers)."""
    return cast(Doc, _nlp().make_doc(text))


def tokenise(text: str) -> Tokens:
    """Words, offsets and sentences of an article."""
    nlp = _nlp()
    doc = nlp.make_doc(text)
    found = split_sentences(doc, text, final_marks(nlp.vocab))
    # Offsets from one array, words sliced from the text: no spaCy token objects to make.
    start, length = doc.to_array([IDX, LENGTH]).T.tolist() if len(doc) else ([], [])
    end = [s + n for s, n in zip(start, length, strict=True)]
    words = [text[s:e] for s, e in zip(start, end, strict=True)]
    return Tokens(
        text=text,
        doc=doc,
        words=words,
        lower=[w.lower() for w in words],
        start=start,
        end=end,
        sentence_starts=found.starts,
        sentences=found.spans,
        headlines=found.headlines,
    )
