"""A fact as an editor writes it: names mid-sentence in their own case (a descriptive name in
lower case, with "the" where English wants one), the one verb form the model declares made to
agree with a plural subject, and clean punctuation.
"""

from __future__ import annotations

import re

from kg.model import load_model
from kg.model.records import Entity, KnowledgeGraph, Relationship
from kg.seeds.quotes import Naming

__all__ = ["Wording", "agree", "short_name", "tidy"]

_SHORT = re.compile(r"[A-Za-z][A-Za-z0-9 .&'-]*")
# The head nouns of institutions' names, which English writes with "the" ("the State Council").
_INSTITUTIONS = {"Council", "Ministry", "Commission", "Committee", "Department", "Bureau",
                 "Administration", "Authority", "Center", "Centre", "Institute", "Journal", "Office",
                 "Academy", "University"}  # fmt: skip
_BREAK = {"of", "for", "on", "in", "at", "to", "with", "by", "from", "into", "under", "across"}
_IRREGULAR_PLURALS = {"consortia", "criteria", "media", "people"}
# Nouns ending in -ing (most such heads are activities, which take no article: "leads AI training").
_ING_NOUNS = {"meeting", "briefing", "hearing", "signing", "opening", "gathering", "building", "listing",
              "ruling"}  # fmt: skip
_TITLE = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)*")


def short_name(entity: Entity) -> str:
    """The name a fact sentence uses: the first short English alias (the "SASAC", "CNPC"
    readers know), else the full name, which the brief's opening gives.

    >>> short_name(Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation",
    ...                   aliases=["CNPC", "中国石油"]))
    'CNPC'
    """
    for alias in entity.aliases:
        if _SHORT.fullmatch(alias) and len(alias) < len(entity.name):
            return alias
    return entity.name


def agree(says: str, plural: bool) -> str:
    """The model's verb (third person singular) for a plural subject.

    >>> [agree(v, True) for v in ("is part of", "applies to", "supervises", "works with", "held")]
    ['are part of', 'apply to', 'supervise', 'work with', 'held']
    """
    if not plural:
        return says
    first, _, rest = says.partition(" ")
    if first in ("is", "has"):
        first = {"is": "are", "has": "have"}[first]
    elif first.endswith("ies"):
        first = first[:-3] + "y"
    elif first.endswith(("sses", "shes", "ches", "xes", "zes")):
        first = first[:-2]
    elif first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return f"{first} {rest}".strip()


def tidy(text: str) -> str:
    """One space between words, no space before punctuation, and no doubled full stop.

    >>> tidy("Central SOEs must invest in cybersecurity. .")
    'Central SOEs must invest in cybersecurity.'
    """
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return re.sub(r"([.!?])(?:\s*\.)+", r"\1", text)


def _head(name: str) -> str:
    """The head word of a name: the last word before its first preposition or bracket."""
    words: list[str] = []
    for word in re.sub(r"\(.*?\)", " ", name).replace(",", " ").split():
        if word.casefold() in _BREAK and words:
            break
        words.append(word)
    return words[-1] if words else name


def plural(name: str) -> bool:
    """Whether a name stands for several things ("Central SOEs", "data industry consortia").

    >>> plural("Central SOEs"), plural("Opening ceremony of SASAC's AI training program"), plural("Telecoms")
    (True, False, True)
    """
    head = _head(name).strip("\"'“”").casefold()
    if head in _IRREGULAR_PLURALS:
        return True
    return len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is"))


class Wording:
    """Names and verbs for the facts of one graph."""

    def __init__(self, graph: KnowledgeGraph, naming: Naming):
        model = load_model()
        self.proper_types = set(model.brief.proper_names)
        self.bare_types = set(model.brief.bare_names)
        self.entities = {e.id: e for e in graph.entities}
        self.titles = {d.id: d.title for d in graph.documents}
        self.naming = naming
        # Words written with a capital inside names, or in a person's or place's name, and never in
        # lower case: proper words, which a descriptive name keeps at its start ("China's first ...").
        capital, lower = set(), set()
        for entity in graph.entities:
            for form in naming.forms(entity.id):
                words = re.findall(r"[A-Za-z][\w-]*", form.replace("'s", "").replace("’s", ""))
                for i, word in enumerate(words):
                    if word[0].islower():
                        lower.add(word.casefold())
                    elif i > 0 or entity.type in ("Person", "Location"):
                        capital.add(word)
        self.proper_words = {w for w in capital if w.casefold() not in lower}

    def plural(self, node_id: str) -> bool:
        """Whether the node's name stands for several things."""
        entity = self.entities.get(node_id)
        return entity is not None and plural(short_name(entity))

    def name(self, node_id: str, article: bool = True) -> str:
        """The node's name as a sentence writes it mid-sentence.

        A proper name stays as it is ("the" before an institution's: "the State Council"),
        unless the documents write it in lower case ("central SOEs"); a descriptive name loses
        its capital ("the opening ceremony of SASAC's AI training program").
        """
        entity = self.entities.get(node_id)
        if entity is None:
            return self.titles.get(node_id, node_id)
        short = short_name(entity)
        if entity.type in self.proper_types:
            lowered = short[0].lower() + short[1:]
            if lowered != short and lowered in self.naming.written.get(node_id, ()):
                return lowered
            first = short.split()[0]
            institution = _head(short) in _INSTITUTIONS and not first.isupper() and " " in short
            return f"the {short}" if article and institution else short
        for form in self.naming.forms(node_id):  # a slogan the documents quote: "going global"
            if form[:1] in "\"“'" and form[1:2].islower():
                return form
        words = short.split()
        second = words[1] if len(words) > 1 else ""
        lower = (
            bool(_TITLE.fullmatch(words[0]))
            and words[0] not in self.proper_words
            and not _TITLE.match(second)
            and (len(words) > 1 or entity.type in self.bare_types)
        )
        text = words[0].lower() + short[len(words[0]) :] if lower else short
        head = _head(text)
        wants_the = (
            article
            and entity.type not in self.bare_types
            and head.isalpha()
            and head.islower()
            and not plural(text)
            and (not head.endswith("ing") or head in _ING_NOUNS)  # an activity: "leads AI talent training"
            and not words[0].endswith(("'s", "’s"))
            and words[0].casefold() not in ("the", "a", "an")
        )
        return f"the {text}" if wants_the else text

    def clause(self, rel: Relationship) -> str:
        """Subject, verb and object of the fact ("Central SOEs implement the ...")."""
        says = load_model().relationships[rel.type].says or rel.type.lower().replace("_", " ")
        verb = agree(says, self.plural(rel.source))
        before, slot, after = verb.partition("{}")
        bare = before.rstrip().endswith((":", " the", " a"))  # the verb brings its own article
        obj = self.name(rel.target, article=not bare)
        subject = self.name(rel.source)
        text = f"{subject} {before.strip()} {obj}{after}" if slot else f"{subject} {verb} {obj}"
        return text[0].upper() + text[1:]
