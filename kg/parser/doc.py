"""A spaCy ``Doc`` from a parse: the parser's tokens, heads, labels, lemmas and tags, laid on the
text so that every token's ``idx`` is its character offset in the article and ``doc.text`` is
the article itself. Whatever lies between two tokens other than one space (line breaks, runs
of spaces, characters the parser skipped) becomes a token of its own, attached to the token
before it, so nothing of the text is lost or moved. The enhanced++ edges, which a tree cannot
hold, go with the ``Doc`` as ``doc.user_data["enhanced"]`` in the ``Doc``'s token indices.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.parser.parsed import Parsed

__all__ = ["to_doc", "upos"]

# Penn Treebank tags (CoreNLP's English) to universal parts of speech; a tag already universal
# is kept, and one neither knows is X. Rules speak of universal parts of speech only.
_PTB = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "VB": "VERB", "VBD": "VERB",
    "VBG": "VERB", "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "MD": "AUX", "JJ": "ADJ", "JJR": "ADJ",
    "JJS": "ADJ", "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "IN": "ADP", "TO": "PART",
    "RP": "ADP", "DT": "DET", "PDT": "DET", "WDT": "DET", "CD": "NUM", "PRP": "PRON", "PRP$": "PRON",
    "WP": "PRON", "WP$": "PRON", "EX": "PRON", "CC": "CCONJ", "POS": "PART", "UH": "INTJ", "FW": "X",
    "SYM": "SYM", "$": "SYM", "#": "SYM", "HYPH": "PUNCT", "NFP": "PUNCT", "ADD": "X", "AFX": "ADJ",
    "GW": "X", "LS": "X", "XX": "X", ",": "PUNCT", ".": "PUNCT", ":": "PUNCT", "``": "PUNCT",
    "''": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT",
}  # fmt: skip
_UNIVERSAL = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
              "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"}  # fmt: skip


def upos(tag: str, label: str = "") -> str:
    """The universal part of speech of a parser's tag (an auxiliary by its label).

    >>> upos("VBD"), upos("VBZ", "cop"), upos("NOUN"), upos("??")
    ('VERB', 'AUX', 'NOUN', 'X')
    """
    if tag in _UNIVERSAL:
        return tag
    pos = _PTB.get(tag, "X")
    return "AUX" if pos == "VERB" and label.split(":")[0] in ("aux", "cop") else pos


def to_doc(parsed: Parsed, text: str, vocab: Vocab) -> Doc:
    """The ``Doc`` of ``parsed`` over ``text``; ``doc.user_data["parsed_index"]`` maps each parse
    token to its ``Doc`` token.

    >>> from spacy.vocab import Vocab
    >>> p = Parsed(["It", "works"], ["it", "work"], ["PRP", "VBZ"], [1, 5], [3, 10], [0],
    ...            [1, 1], ["nsubj", "root"], [(1, "nsubj", 0)])
    >>> doc = to_doc(p, " It  works", Vocab())
    >>> doc.text == " It  works"
    True
    >>> [(t.text, t.idx, t.dep_, t.head.text, t.pos_) for t in doc if t.pos_ != "SPACE"]
    [('It', 1, 'nsubj', 'works', 'PRON'), ('works', 5, 'ROOT', 'works', 'VERB')]
    >>> [(t.text, t.idx, t.head.text) for t in doc if t.pos_ == "SPACE"]
    [(' ', 0, 'It'), ('  ', 3, 'It')]
    >>> doc.user_data["enhanced"]
    [(3, 'nsubj', 1)]
    """
    words: list[str] = []
    spaces: list[bool] = []
    index: list[int] = []  # parse token -> doc token
    extra: dict[int, int] = {}  # gap token -> the doc token it hangs from
    position = 0
    for i in range(len(parsed)):
        _gap(text[position : parsed.starts[i]], words, spaces, extra)
        index.append(len(words))
        words.append(text[parsed.starts[i] : parsed.ends[i]])
        spaces.append(False)
        position = parsed.ends[i]
    _gap(text[position:], words, spaces, extra)
    heads = list(range(len(words)))
    deps = ["dep"] * len(words)
    lemmas, tags, pos = list(words), ["_SP"] * len(words), ["SPACE"] * len(words)
    for i, at in enumerate(index):
        heads[at] = index[parsed.heads[i]]
        deps[at] = "ROOT" if parsed.labels[i] == "root" else parsed.labels[i]
        lemmas[at], tags[at], pos[at] = (
            parsed.lemmas[i],
            parsed.tags[i],
            upos(parsed.tags[i], parsed.labels[i]),
        )
    for gap, before in extra.items():
        heads[gap] = before if before >= 0 else (index[0] if index else gap)
    doc = Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, lemmas=lemmas, tags=tags, pos=pos)
    doc.user_data["enhanced"] = [(index[g], label, index[d]) for g, label, d in parsed.edges]
    doc.user_data["parsed_index"] = index
    return doc


def _gap(gap: str, words: list[str], spaces: list[bool], extra: dict[int, Any]) -> None:
    """Lay the text between two tokens: one space is the previous token's, anything else a token."""
    if not gap:
        return
    if gap == " " and words:
        spaces[-1] = True
        return
    if words and gap.endswith(" ") and not gap.endswith("  ") and not gap.isspace():
        gap, spaces_after = gap[:-1], True
    else:
        spaces_after = False
    extra[len(words)] = len(words) - 1 if words else -1
    words.append(gap)
    spaces.append(spaces_after)
