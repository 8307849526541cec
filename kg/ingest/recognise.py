"""Find entities, dates and figures in an article with spaCy's rule machinery.

A blank English tokenizer (no model download) splits the words, :mod:`kg.ingest.sentences`
the sentences; a ``PhraseMatcher``
finds the catalog's names, aliases and Chinese names; a ``Matcher`` finds names
the catalog does not know from their shape (see :mod:`kg.ingest.patterns`).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import numpy as np
from spacy.attrs import IDS, IDX, IS_STOP, LENGTH, LOWER, ORTH
from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.ingest import patterns as P
from kg.ingest.anchored import AnchoredMatcher
from kg.ingest.dates import normalise_date
from kg.ingest.reader import MAX_BYTES
from kg.ingest.sentences import final_marks, split_sentences
from kg.quantity import Quantity
from kg.records import Entity

__all__ = ["Mention", "Recognised", "Recogniser"]

_LEADING = {"the", "a", "an", "its", "their", "this", "these", "said"}
_NAMES = {value: name for name, value in IDS.items()}
_LIST_CUES = ["such", "like", "including", "covering", "spanning"]
_SOE_PREFIX = {"China", "Chinese", "National", "State", "Sino"}
_MONTHS = (
    {m: i for i, m in enumerate(P.MONTHS[:12], 1)}
    | {m: i for i, m in enumerate(["jan", "feb", "mar", "apr"], 1)}
    | {"jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
)


@dataclass(frozen=True)
class Mention:
    """A span of the article: what it names (or states) and how it was found."""

    text: str
    start: int
    end: int
    label: str  # a node type, or DATE / FIGURE
    sentence: int
    entity_id: str | None = None  # set when the catalog names it
    rule: str = ""
    value: Any = None  # ISO date or Quantity dict for DATE / FIGURE


@dataclass
class Recognised:
    """Sentences (offsets) and what was found in them."""

    text: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    figures: list[Mention] = field(default_factory=list)
    # a row per token: its word id, character offset and length (for the verb triggers)
    words: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), dtype=np.uint64))


class _SentenceOf:
    """Which sentence a token is in: a binary search over sentence starts, not a per-token table."""

    def __init__(self, starts: list[int]):
        self.starts = starts

    def __getitem__(self, token: int) -> int:
        return bisect.bisect_right(self.starts, token) - 1


def _with_complements(
    doc: Doc, names: list[tuple[int, int, str]], complements: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Head-and-complement matches typed by their head word, and each joined to the names
    that end on that head: "Development Research Center" + "Center of the State Council"."""
    ending: dict[tuple[int, str], list[int]] = defaultdict(list)
    for start, end, label in names:
        ending[(end - 1, label)].append(start)
    out = list(names)
    for start, end, _ in complements:
        label = P.HEAD_TYPES[doc[start].text]
        out.append((start, end, label))
        out += [(first, end, label) for first in ending.get((start, label), [])]
    return out


# spaCy's blank English, its tokenizer without whitespace special cases: they make the tokenizer
# re-scan the whole text for special cases whenever a line break appears (4x slower), and
# whitespace is tokenised the same without them. A subclass of the language, as spaCy's docs
# show for custom language data, so the tokenizer is built once.
_NewsEnglish: Any = type(
    "_NewsEnglish",
    (English,),
    {
        "Defaults": type(
            "_NewsDefaults",
            (English.Defaults,),
            {
                "tokenizer_exceptions": {
                    k: v for k, v in English.Defaults.tokenizer_exceptions.items() if not k.isspace()
                }
            },
        )
    },
)


# The word attributes extraction reads (the patterns' and this module's and kg.ingest.sentences'):
# spaCy computes every attribute it has for each new word, a dozen Python calls more than these.
_WORD_ATTRIBUTES = {"LOWER", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_PUNCT", "IS_SPACE", "IS_STOP",
                    "IS_TITLE", "IS_UPPER", "LIKE_NUM"}  # fmt: skip
assert {
    a for _, pats in P.RULES for pat in pats for spec in pat for a in spec if a.startswith(("IS_", "LIKE_"))
} <= (
    _WORD_ATTRIBUTES | {"IS_SENT_START"}  # a token attribute, not the word's
), "a pattern reads a word attribute that is not computed"


def _keep_word_attributes(vocab: Any) -> None:
    """Stop spaCy computing word attributes that nothing here reads, for words added from now."""
    getters = vocab.lex_attr_getters
    for attr in [a for a in getters if a in _NAMES and _NAMES[a] not in _WORD_ATTRIBUTES]:
        del getters[attr]


_Span = TypeVar("_Span", bound=tuple[Any, ...])


class _Words:
    """A doc's words as ids and character offsets, read without making token objects."""

    def __init__(self, doc: Doc, text: str, sentence_of: _SentenceOf):
        self.doc_text = text  # the doc's own text: ``doc.text`` rebuilds it token by token
        self.sentence_of = sentence_of
        array = doc.to_array([LOWER, ORTH, IDX, LENGTH, IS_STOP]).reshape(len(doc), 5)
        self.located = array[:, 1:4]  # word id, character offset, length
        columns = cast(list[list[int]], array.T.tolist())  # ids and offsets: integers
        self.lower: list[int] = columns[0]
        self.orth: list[int] = columns[1]
        self.idx: list[int] = columns[2]
        self.length: list[int] = columns[3]
        self.stop: list[int] = columns[4]

    def text(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end``, as ``doc[start:end].text``."""
        return self.doc_text[self.idx[start] : self.idx[end - 1] + self.length[end - 1]]

    def mention(self, start: int, end: int, label: str, **kw: Any) -> Mention:
        """Tokens ``start`` to ``end`` as a mention of ``label``."""
        first, last = self.idx[start], self.idx[end - 1] + self.length[end - 1]
        return Mention(self.doc_text[first:last], first, last, label, self.sentence_of[start], **kw)


def longest_first(spans: list[_Span]) -> list[_Span]:
    """Spans (start, end, ...) without overlaps, the longest kept, in order: the rule of
    ``spacy.util.filter_spans``, on tuples (a test compares them).

    >>> longest_first([(0, 2, "a"), (1, 4, "b"), (5, 6, "c")])
    [(1, 4, 'b'), (5, 6, 'c')]
    """
    result = []
    seen: set[int] = set()
    for span in sorted(spans, key=lambda s: (s[1] - s[0], -s[0]), reverse=True):
        if span[0] not in seen and span[1] - 1 not in seen:
            result.append(span)
            seen.update(range(span[0], span[1]))
    return sorted(result, key=lambda s: s[0])


class _Ids:
    """The string ids of the words that trimming looks for."""

    def __init__(self, strings: Any):
        def ids(words: Any) -> frozenset[int]:
            return frozenset(strings.add(w) for w in words)

        self.with_, self.sector, self.hyphen, self.and_ = (
            strings.add(w) for w in ("with", "sector", "-", "and")
        )
        self.company_heads = ids(P.COMPANY_HEADS)
        self.connectors = ids(("and", "&", "of", "the"))
        self.role_nouns = ids(P.ROLE_NOUNS)
        self.leading = ids(_LEADING)
        self.skip = {"Person": ids([*_LEADING, *P.TITLES]), "Platform": ids([*_LEADING, "platform"])}
        self.opening = ids((",", "(", "'", "’"))
        self.closing = ids((",", ".", ")", ":", ";"))
        self.soe_prefix = ids(_SOE_PREFIX)


class Recogniser:
    """Build once per catalog, then call on article texts.

    >>> from kg.records import Entity
    >>> rec = Recogniser([Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation",
    ...                          aliases=["CNPC"])])
    >>> found = rec("CNPC launched the Kunlun Large Model, said Li Zhen, a researcher.")
    >>> [(m.text, m.label, m.entity_id) for m in found.mentions]
    [('CNPC', 'SOE', 'cnpc'), ('Kunlun Large Model', 'AIModel', None), ('Li Zhen', 'Person', None)]
    """

    def __init__(self, entities: list[Entity]):
        self.nlp = _NewsEnglish()
        # spaCy refuses texts over 1M characters for the sake of its parser, which is not used
        # here; the reader's own size limit applies instead.
        self.nlp.max_length = MAX_BYTES + 1
        _keep_word_attributes(self.nlp.vocab)
        self.final_marks = final_marks(self.nlp.vocab)
        self.list_cues = np.array([self.nlp.vocab.strings.add(w) for w in _LIST_CUES], dtype=np.uint64)
        self.types = {e.id: e.type for e in entities}
        self.ids = _Ids(self.nlp.vocab.strings)
        self.catalog = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for entity in entities:
            names = {entity.name, *entity.aliases, *([entity.name_zh] if entity.name_zh else [])}
            self.catalog.add(entity.id, [self.nlp.make_doc(n) for n in names if n.strip()])
        # Word-level tests become lexeme flags (see kg.ingest.flags): the same patterns, run in C.
        # The readable patterns were validated when written; flags are not pattern keys spaCy knows.
        # Each pattern runs only near its anchor word (see kg.ingest.anchored).
        self.rules = AnchoredMatcher(self.nlp.vocab, P.anchored_rules())

    def __call__(self, text: str, published: str | None = None) -> Recognised:
        doc = self.nlp.make_doc(text)
        sentences = split_sentences(doc, text, self.final_marks)
        found = Recognised(text=text, sentences=sentences.spans)
        matches: dict[str, list[tuple[int, int, str]]] = {
            "DATE": [],
            "FIGURE": [],
            "COMPLEMENT": [],
            "names": [],
        }
        for match_id, start, end in self.rules(doc):
            label = self.nlp.vocab.strings[match_id]
            matches[label if label in matches else "names"].append((start, end, label))
        # Words as ids and offsets, read once: trimming looks at thousands of match edges, and
        # making spaCy token and span objects for them cost more than the matching.
        words = _Words(doc, text, _SentenceOf(sentences.starts))
        found.words = words.located
        names = _with_complements(doc, matches["names"], matches["COMPLEMENT"])
        found.mentions = self._entities(doc, words, sentences.headlines, names)
        for start, end, _ in longest_first(matches["DATE"]):
            iso, note = normalise_date(words.text(start, end), published)
            if iso:
                found.dates.append(words.mention(start, end, "DATE", rule=note or "date", value=iso))
        for start, end, _ in longest_first(matches["FIGURE"]):
            try:
                q = Quantity.model_validate(words.text(start, end).replace("percent", "%"))
            except ValueError:
                continue
            found.figures.append(words.mention(start, end, "FIGURE", rule="figure", value=q.model_dump()))
        return found

    def _entities(
        self, doc: Doc, words: _Words, headlines: set[int], shapes: list[tuple[int, int, str]]
    ) -> list[Mention]:
        spans: list[tuple[int, int, str]] = []
        entity_of: dict[tuple[int, int], str] = {}
        for match_id, start, end in self.catalog(doc):
            entity_id = self.nlp.vocab.strings[match_id]
            spans.append((start, end, self.types[entity_id]))
            entity_of.setdefault((start, end), entity_id)
        from_catalog = len(spans)
        orth = words.orth
        for start, end, label in shapes:
            if words.sentence_of[start] in headlines:
                continue  # Title Case headlines and tag lists look like names everywhere
            trimmed = self._trim(words, start, end, label)
            if trimmed is not None:
                label = "Company" if label == "Partner" else label
                if label == "Company" and not self.ids.soe_prefix.isdisjoint(orth[trimmed[0] : trimmed[1]]):
                    label = "SOE"
                spans.append((*trimmed, label))
        spans += self._lists(doc)
        # Longest wins; at equal length the catalog's span (listed first) is kept.
        chosen = longest_first([(*span, i < from_catalog) for i, span in enumerate(spans)])
        out = []
        for start, end, label, catalog in chosen:
            entity = entity_of[(start, end)] if catalog else None
            rule = "catalog" if entity else f"shape:{label}"
            out.append(words.mention(start, end, label, entity_id=entity, rule=rule))
        return out

    def _trim(self, words: _Words, start: int, end: int, label: str) -> tuple[int, int] | None:
        """Cut what the patterns swallow around a name: determiners, titles, cue words."""
        lower, orth, ids = words.lower, words.orth, self.ids
        if label == "Partner":  # keep the name after "with"
            start = max(i for i in range(start, end) if lower[i] == ids.with_) + 1
        if label == "Sector" and lower[end - 1] == ids.sector:
            end -= 1  # the sector's name, without the word "sector"
        if label == "Location" and ids.hyphen in orth[start:end]:  # "Beijing-headquartered"
            end = orth.index(ids.hyphen, start, end)
        if label in ("Agency", "ResearchBody"):
            # "X Institute of Y and Sinopec (Group)": after "and", a lone name or a company is
            # another organisation; "Ministry of Industry and Information Technology" is one.
            for i in range(start + 1, end - 1):
                if lower[i] == ids.and_ and (end - i - 1 == 1 or orth[end - 1] in ids.company_heads):
                    end = i
                    break
        while end > start and lower[end - 1] in ids.connectors:
            end -= 1  # a name does not end on a connector
        if (
            end < len(lower)
            and lower[end] in ids.role_nouns
            and label in ("Agency", "Company")
            and end - start <= 2
        ):
            return None  # "Party Committee Member" is a role, not an organisation
        skip = ids.skip.get(label, ids.leading)
        while start < end and (lower[start] in skip or orth[start] in ids.opening):
            start += 1
        while end > start and orth[end - 1] in ids.closing:
            end -= 1
        if end - start < 1 or (end - start == 1 and words.stop[start]):
            return None
        return start, end

    def _lists(self, doc: Doc) -> list[tuple[int, int, str]]:
        """Items of "models such as X and Y" and "sectors such as a, b and c"."""
        out: list[tuple[int, int, str]] = []
        # Only list cues are looked at, found in the array of lower-case word ids.
        cues = np.flatnonzero(np.isin(doc.to_array("LOWER")[:-2], self.list_cues))
        for i in cues.tolist():
            tok = doc[i]
            j = i + 2 if tok.lower_ == "such" and doc[i + 1].lower_ == "as" else i + 1
            head = doc[i - 1].lower_ if i else ""
            if tok.lower_ in {"covering", "spanning"}:
                head = "sectors"  # "consortia covering transportation, energy and finance"
            if head in {"models", "model"}:
                label = "AIModel"
            elif head in {"sectors", "fields", "industries", "sector", "field"}:
                label = "Sector"
            else:
                continue
            item_start = j
            k = j
            while k < len(doc) and k - j < 40:
                t = doc[k]
                boundary = t.text in {",", "—", ";", "."} or t.lower_ in {"and", "or"}
                if boundary or t.is_space:
                    if k > item_start and (label != "AIModel" or doc[item_start].is_title):
                        out.append((item_start, k, label))
                    item_start = k + 1
                    if t.text in {";", "."} or t.is_space or (t.text == "," and doc[k - 1].lower_ == "and"):
                        break
                    if t.lower_ in {"and", "or"}:
                        # the last item runs to the next punctuation
                        end = next(
                            (
                                m
                                for m in range(k + 1, min(len(doc), k + 8))
                                if doc[m].is_punct or doc[m].lower_ in {"with", "to", "in", "the"}
                            ),
                            k + 1,
                        )
                        if end > k + 1:
                            out.append((k + 1, end, label))
                        break
                k += 1
        return out
