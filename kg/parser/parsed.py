"""A text's dependency parse: tokens at the text's character offsets, a basic tree, enhanced edges.

Read from CoreNLP's JSON (the format of its server: sentences of tokens with
``characterOffsetBegin``/``End``, ``lemma``, ``pos``, and ``basicDependencies`` and
``enhancedPlusPlusDependencies``), checked as it is read: a reply that does not fit the text
(offsets outside it or out of order, dependencies naming tokens that do not exist) is a
:class:`ParseError`, never a wrong parse. Nothing here is specific to a language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ParseError", "Parsed", "from_corenlp", "join_parses"]

FORMAT = 1  # of the cached form (as_json); a change makes old cache entries misses


class ParseError(Exception):
    """A reply that is not a parse of the text it was given."""


@dataclass
class Parsed:
    """Tokens (words as written, lemmas, tags, character offsets), sentences and dependencies.

    ``heads``/``labels`` are the basic tree (a root is its own head); ``edges`` the enhanced++
    graph as ``(governor, label, dependent)`` token indices (root edges left out).

    >>> p = Parsed(["It", "works"], ["it", "work"], ["PRP", "VBZ"], [0, 3], [2, 8], [0],
    ...            [1, 1], ["nsubj", "root"], [(1, "nsubj", 0)])
    >>> Parsed.from_json(p.as_json()) == p
    True
    """

    words: list[str]
    lemmas: list[str]
    tags: list[str]
    starts: list[int]
    ends: list[int]
    sentences: list[int]  # the first token of each sentence
    heads: list[int]
    labels: list[str]
    edges: list[tuple[int, str, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.words)

    def as_json(self) -> dict[str, Any]:
        """A plain form for the cache."""
        return {
            "format": FORMAT,
            **{k: getattr(self, k) for k in _FIELDS},
            "edges": [list(e) for e in self.edges],
        }

    @classmethod
    def from_json(cls, data: Any) -> Parsed:
        """The parse a cached form holds; :class:`ParseError` if it is not one."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ParseError("not a cached parse of this version")
        try:
            edges = [(int(g), str(lab), int(d)) for g, lab, d in data["edges"]]
            parsed = cls(**{k: list(data[k]) for k in _FIELDS}, edges=edges)
        except (KeyError, TypeError, ValueError) as exc:
            raise ParseError(f"cached parse is damaged ({type(exc).__name__})") from None
        parsed.check()
        return parsed

    def check(self, text_length: int | None = None) -> None:
        """Raise :class:`ParseError` unless every list fits the tokens and every index is a token."""
        n = len(self.words)
        if any(len(getattr(self, k)) != n for k in _FIELDS if k != "sentences"):
            raise ParseError("token lists of different lengths")
        if any(not 0 <= h < n for h in self.heads) or any(
            not (0 <= g < n and 0 <= d < n) for g, _, d in self.edges
        ):
            raise ParseError("a dependency names a token that does not exist")
        if any(not 0 <= s < n for s in self.sentences) or self.sentences != sorted(set(self.sentences)):
            raise ParseError("sentence starts out of order")
        previous = 0
        for start, end in zip(self.starts, self.ends, strict=True):
            if start < previous or end <= start or (text_length is not None and end > text_length):
                raise ParseError("token offsets out of order or outside the text")
            previous = end


_FIELDS = ("words", "lemmas", "tags", "starts", "ends", "sentences", "heads", "labels")


def _utf16_to_index(text: str) -> list[int] | None:
    """Java counts characters in UTF-16 units: where each unit falls in ``text`` (None if all agree)."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    out = []
    for i, c in enumerate(text):
        out += [i, i] if ord(c) >= 0x10000 else [i]
    out.append(len(text))
    return out


def from_corenlp(reply: Any, text: str, offset: int = 0) -> Parsed:
    """A parse from CoreNLP's JSON for ``text`` (which starts at ``offset`` of the article).

    >>> def token(word, lemma, pos, start):
    ...     return {"word": word, "lemma": lemma, "pos": pos, "characterOffsetBegin": start,
    ...             "characterOffsetEnd": start + len(word)}
    >>> reply = {"sentences": [{"tokens": [token("It", "it", "PRP", 0), token("works", "work", "VBZ", 3)],
    ...     "basicDependencies": [{"dep": "ROOT", "governor": 0, "dependent": 2},
    ...                           {"dep": "nsubj", "governor": 2, "dependent": 1}]}]}
    >>> p = from_corenlp(reply, "It works")
    >>> p.words, p.heads, p.labels, p.edges  # no enhancedPlusPlusDependencies in this reply
    (['It', 'works'], [1, 1], ['nsubj', 'root'], [])
    """
    try:
        return _read(reply, text, offset)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ParseError(f"the reply is not a CoreNLP parse ({type(exc).__name__}: {exc})"[:200]) from None


def _read(reply: Any, text: str, offset: int) -> Parsed:
    units = _utf16_to_index(text)
    out = Parsed([], [], [], [], [], [], [], [], [])
    if not isinstance(reply, dict) or not isinstance(reply.get("sentences"), list):
        raise ValueError("no sentences")
    for sentence in reply["sentences"]:
        base = len(out.words)
        tokens = sentence["tokens"]
        if not isinstance(tokens, list) or not tokens:
            raise ValueError("a sentence without tokens")
        out.sentences.append(base)
        for token in tokens:
            start, end = int(token["characterOffsetBegin"]), int(token["characterOffsetEnd"])
            if units is not None:
                start, end = units[start], units[end]
            if not 0 <= start < end <= len(text):
                raise ValueError("token outside the text")
            out.words.append(text[start:end])
            out.lemmas.append(str(token.get("lemma") or token["word"]))
            out.tags.append(str(token.get("pos") or "X"))
            out.starts.append(start + offset)
            out.ends.append(end + offset)
            out.heads.append(len(out.words) - 1)
            out.labels.append("dep")
        size = len(tokens)
        for dep in sentence.get("basicDependencies") or []:
            child, head = int(dep["dependent"]) - 1, int(dep["governor"]) - 1
            if not (0 <= child < size and -1 <= head < size):
                raise ValueError("a dependency outside its sentence")
            out.heads[base + child] = base + (head if head >= 0 else child)
            out.labels[base + child] = "root" if head < 0 else str(dep["dep"])
        for dep in sentence.get("enhancedPlusPlusDependencies") or []:
            child, head = int(dep["dependent"]) - 1, int(dep["governor"]) - 1
            if head < 0:
                continue
            if not (0 <= child < size and 0 <= head < size):
                raise ValueError("a dependency outside its sentence")
            out.edges.append((base + head, str(dep["dep"]), base + child))
    out.check(offset + len(text))
    return out


def join_parses(parts: list[Parsed]) -> Parsed:
    """Parses of consecutive pieces of one text (offsets already the text's) as one."""
    out = Parsed([], [], [], [], [], [], [], [], [])
    for part in parts:
        base = len(out.words)
        for name in ("words", "lemmas", "tags", "starts", "ends", "labels"):
            getattr(out, name).extend(getattr(part, name))
        out.sentences += [s + base for s in part.sentences]
        out.heads += [h + base for h in part.heads]
        out.edges += [(g + base, lab, d + base) for g, lab, d in part.edges]
    return out
