"""Known names: every name, alias and Chinese name of the catalog and the gazetteer, found in text.

A name of one word, or an acronym, matches only as written (or in capitals): "MOST" is the
ministry, "most" is not; "Bright" is a model's gloss, "bright" is not. A longer name matches
whatever its case, but must start as it does ("China Mobile", "CHINA MOBILE", never "china
mobile" inside a sentence). One surface may name entities of different types ("DeepSeek" the
start-up and its models): the span keeps them all and the words around it choose.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher

from kg.ingest.tokens import Tokens, make_doc, vocab
from kg.model.names import normalise
from kg.model.records import Entity

__all__ = ["Known", "Lexicon", "known_names"]


@dataclass(frozen=True)
class Known:
    """Words ``first`` to ``last`` (exclusive) name one of ``entities`` (ids)."""

    first: int
    last: int
    entities: tuple[str, ...]


def _forms(entity: Entity) -> set[str]:
    """The names to look for: "the government" is a description, not a name to find everywhere."""
    names = {entity.name, *entity.aliases, *([entity.name_zh] if entity.name_zh else [])}
    forms = {" ".join(n.split()) for n in names if n.strip()}
    forms |= {f.replace("'", "\u2019") for f in forms}  # news sites print "People's" as "People’s"
    return {f for f in forms if f.split()[0] not in ("the", "a", "an", "this", "its")}


def known_names(entities: list[Entity]) -> dict[str, set[str]]:
    """Every name and alias of the known entities, normalised, and the ids it names: whether a
    longer name found in the text is itself a known entity's ("China Energy Engineering Group Co"
    is Energy China's, not a unit of CHN Energy).

    >>> known_names([Entity(id="ceec", type="SOE", name="China Energy Engineering Corporation")])
    {'china energy engineering': {'ceec'}}
    """
    out: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            out[normalise(name)].add(entity.id)
    return dict(out)


class Lexicon:
    """Build once per catalog; call on tokens.

    >>> lex = Lexicon([Entity(id="most", type="Agency", name="Ministry of Science and Technology",
    ...                       aliases=["MOST"])])
    >>> from kg.ingest.tokens import tokenise
    >>> t = tokenise("MOST said most firms joined the Ministry of Science and Technology.")
    >>> [(t.span(k.first, k.last), k.entities) for k in lex(t)]
    [('MOST', ('most',)), ('Ministry of Science and Technology', ('most',))]
    """

    def __init__(self, entities: list[Entity]):
        self.types = {e.id: e.type for e in entities}
        self.exact = PhraseMatcher(vocab(), attr="ORTH")
        self.folded = PhraseMatcher(vocab(), attr="LOWER")
        exact: dict[str, set[str]] = defaultdict(set)
        folded: dict[str, set[str]] = defaultdict(set)
        for entity in entities:
            if entity.type == "Sector":
                continue  # "Energy" is a sector only where the text speaks of sectors (phrase rules)
            for form in _forms(entity):
                doc = make_doc(form)
                if len(doc) == 1:
                    exact[entity.id].update({form, form.upper()})
                else:
                    folded[entity.id].add(form)
        for entity_id, forms in exact.items():
            self.exact.add(entity_id, [make_doc(f) for f in sorted(forms)])
        for entity_id, forms in folded.items():
            self.folded.add(entity_id, [make_doc(f) for f in sorted(forms)])
        self.starts_upper = {
            entity_id: all(f[0].isupper() or not f[0].isalpha() for f in forms)
            for entity_id, forms in folded.items()
        }

    def __call__(self, tokens: Tokens) -> list[Known]:
        found: dict[tuple[int, int], list[str]] = defaultdict(list)
        strings = vocab().strings
        for match_id, first, last in self.exact(tokens.doc):
            found[(first, last)].append(strings[match_id])
        for match_id, first, last in self.folded(tokens.doc):
            entity_id = strings[match_id]
            head = tokens.words[first]
            if self.starts_upper.get(entity_id) and head[0].isalpha() and not head[0].isupper():
                continue  # "china mobile" in lower case is not a name as written
            found[(first, last)].append(entity_id)
        return [Known(first, last, tuple(dict.fromkeys(ids))) for (first, last), ids in sorted(found.items())]
