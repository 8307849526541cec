"""Chinese text as words and sentences: jieba's segmenter, with the names the graph knows as words.

Sentences end at 。！？； (and a closing quote or bracket right after), and at line breaks.
Words come from jieba (its dictionary ships in its PyPI package) without its HMM guesser, which
joins unknown characters into words across name boundaries (measured: 92.4 % of the development
set's gold names start and end on a word boundary with it, 96.6 % without). Every catalog and
gazetteer name and every word the rules name (titles, name endings) is added to its dictionary,
so a known name is one word (in the one dictionary a process loads). Numbers stay whole ("8.8",
"54.14"). Without jieba, text is read
character by character with the added words matched longest first, and the reader is told.

The result is the shared :class:`~kg.ingest.tokens.Tokens`: ``words`` as written (traditional
characters too), ``lower`` the simplified, lower-case forms the rules read, offsets into the
text as stored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from spacy.tokens import Doc

from kg.ingest.tokens import Tokens, vocab

__all__ = ["Segmenter", "sentence_spans"]

_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)\"]*|(?=\n)|$)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")
_ENDED = re.compile(r"[。！？!?；;：:，,][”’」』）)\"]*$")  # a line without one is a title or a tag
_FREQ = 50_000  # jieba's most frequent words are counted in the hundreds of thousands
MISSING = "jieba is not installed: Chinese is read character by character (pip install jieba)"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (blank ones left out).

    >>> text = "国资委召开会议。会议指出：要加快部署！\\n下一步"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['国资委召开会议。', '会议指出：要加快部署！', '下一步']
    """
    out = []
    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


class Segmenter:
    """jieba's tokenizer with ``extra`` words added (or, without jieba, longest-match on them).

    >>> seg = Segmenter(["准东电厂"])
    >>> seg.cut("国神公司所属准东电厂已完成部署")
    ['国', '神', '公司', '所属', '准东电厂', '已', '完成', '部署']
    """

    def __init__(self, extra: Iterable[str] = (), *, hmm: bool = False):
        self.hmm = hmm
        self.extra = sorted({w for w in extra if w.strip()}, key=len, reverse=True)
        self.note: str | None = None
        self.jieba: Any = _jieba()
        if self.jieba is None:
            self.note = MISSING
            self.longest = max(map(len, self.extra), default=1)
            self.known = set(self.extra)
            return
        self.tokenizer = _tokenizer()  # one dictionary per process: loading it is most of the cost
        for word in self.extra:
            if not _SPACE.search(word):  # jieba's dictionary holds words without spaces
                self.tokenizer.add_word(word, freq=_FREQ)  # frequent enough to be cut whole ("说明会|上")

    def cut(self, text: str) -> list[str]:
        """The words of ``text``, whitespace included, in order (they join back to ``text``)."""
        if self.jieba is None:
            return self._characters(text)
        return list(self.tokenizer.cut(text, HMM=self.hmm))

    def _characters(self, text: str) -> list[str]:
        out, i = [], 0
        while i < len(text):
            size = next((n for n in range(min(self.longest, len(text) - i), 1, -1)
                         if text[i : i + n] in self.known), 1)  # fmt: skip
            out.append(text[i : i + size])
            i += size
        return out

    def tokens(self, text: str, simple: str) -> Tokens:
        """The shared :class:`Tokens` of ``text``; ``simple`` is it in simplified characters
        (the same length), which is what is segmented and what the rules read."""
        starts: list[int] = []
        ends: list[int] = []
        sentence_starts: list[int] = []
        sentences: list[tuple[int, int]] = []
        for a, b in sentence_spans(simple):
            first = len(starts)
            at = a
            for word in _numbers_whole(self.cut(simple[a:b])):
                if not word.isspace():
                    starts.append(at)
                    ends.append(at + len(word))
                at += len(word)
            if len(starts) > first:
                sentence_starts.append(first)
                sentences.append((a, b))
        lower = [simple[s:e].lower() for s, e in zip(starts, ends, strict=True)]
        doc = Doc(vocab(), words=lower or [""], spaces=[False] * max(1, len(lower)))
        return Tokens(
            text=text,
            doc=doc,
            words=[text[s:e] for s, e in zip(starts, ends, strict=True)],
            lower=lower,
            start=starts,
            end=ends,
            sentence_starts=sentence_starts,
            sentences=sentences,
            headlines={i for i, (a, b) in enumerate(sentences) if not _ENDED.search(simple[a:b])},
        )


def _numbers_whole(parts: list[str]) -> list[str]:
    """jieba cuts "8.8" into "8", ".", "8": join digits, decimal points and thousands commas again.

    >>> _numbers_whole(["增长", "54", ".", "14", "%", "，", "3", ",", "000"])
    ['增长', '54.14', '%', '，', '3,000']
    """
    out: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if (
            part in (".", ",")
            and out
            and out[-1][-1:].isdigit()
            and i + 1 < len(parts)
            and parts[i + 1][:1].isdigit()
            and _NUMBER.fullmatch(out[-1] + part + parts[i + 1])
        ):
            out[-1] += part + parts[i + 1]
            i += 2
            continue
        out.append(part)
        i += 1
    return out


@cache
def _jieba() -> Any:
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading at INFO on stderr
    return jieba


@cache
def _tokenizer() -> Any:
    tokenizer = _jieba().Tokenizer()
    tokenizer.initialize()
    return tokenizer
