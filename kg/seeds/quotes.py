"""What a cited sentence states: whether it names an entity, and whether it gives a date, a
status or a phrase that a brief puts beside a fact.

A brief cites first the sentence that names both ends of a fact, and marks what none of its
sentences states; the map's tooltip leads with that sentence too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.model import MENTIONS
from kg.model.records import Entity, Evidence, KnowledgeGraph, Relationship

__all__ = ["MONTHS", "Naming", "date_parts", "editor_date", "states_phrase", "states_status", "stems"]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
# Words that say a fact's status in a sentence ("has been deployed", "will launch", "in operation").
_STATUS_WORDS = {
    "announced": ("announc", "unveil", "launch", "release"),
    "planned": ("plan", "will ", "to be ", "aim"),
    "pilot": ("pilot", "trial"),
    "deployed": ("deploy", "put into use", "applied in", "in use"),
    "operational": ("operation", "operating", "in service", "running"),
    "completed": ("complet", "finished", "built"),
}
_FUNCTION = {"a", "an", "the", "of", "for", "and", "or", "in", "on", "at", "to", "with", "by", "from",
             "into", "its", "their", "his", "her", "as", "is", "are", "was", "were", "be", "this", "that",
             "than"}  # fmt: skip
_BREAK = {"of", "for", "on", "in", "at", "to", "with", "by", "from", "into", "under", "across", "between",
          "through"}  # fmt: skip
_WORD = re.compile(r"[\w%.+]+(?:['’-][\w%]+)*")


def _plain(text: str) -> str:
    """Curly quotes and apostrophes as straight ones, for matching."""
    return text.translate(str.maketrans("‘’“”", "''\"\""))


def stems(text: str) -> list[str]:
    """The words of ``text`` reduced for matching: case, a possessive and a plural ``s`` go, and
    a word is known by its first six letters ("training" and "trained" are one word here).

    >>> stems("SASAC's AI training programmes, 2024"), stems("trains trained")
    (['sasac', 'ai', 'train', 'progra', '2024'], ['train', 'train'])
    """
    out = []
    for word in _WORD.findall(_plain(text)):
        word = word.casefold().rstrip(".").removesuffix("'s")
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
                word = word[: -len(suffix)]
                break
        out.append(word[:6])
    return out


def _content(text: str) -> list[str]:
    words = _WORD.findall(_plain(text))
    return [s for w, s in zip(words, stems(text), strict=True) if w.casefold() not in _FUNCTION]


def states_phrase(quote: str, phrase: str) -> bool:
    """Whether ``quote`` states ``phrase`` (a topic, a role, a summary): its content words are in
    the quote, all of them for a short phrase, three in four for a sentence-long one.

    >>> states_phrase("SASAC works with the NDRC in major projects and policies.", "major projects")
    True
    >>> states_phrase("CHN Energy built the plant.", "jointly developed")
    False
    """
    words = _content(phrase)
    if not words:
        return True
    have = set(stems(quote))
    found = sum(1 for w in words if w in have)
    return found == len(words) if len(words) <= 6 else found >= 0.75 * len(words)


def states_status(quote: str, status: str) -> bool:
    """Whether ``quote`` says a fact's status in words ("has been deployed" is ``deployed``).

    >>> states_status("It was deployed at 20 sites.", "deployed"), states_status("It was built.", "planned")
    (True, False)
    """
    text = _plain(quote).casefold()
    return any(word in text for word in _STATUS_WORDS.get(status, (status,)))


def date_parts(quote: str, iso: str) -> dict[str, bool]:
    """Which parts of an ISO date ``quote`` states: its ``year``, ``month`` (by name) and ``day``
    (a number beside the month's name). Parts the date does not have count as stated.

    >>> date_parts("On October 24, SASAC launched a training program.", "2024-10-24")
    {'year': False, 'month': True, 'day': True}
    >>> date_parts("In July 2025, SASAC launched it.", "2025-07")
    {'year': True, 'month': True, 'day': True}
    """
    parts = iso.split("-")
    text = _plain(quote)
    year = re.search(rf"(?<!\d){parts[0]}(?!\d)", text) is not None
    month = day = True
    if len(parts) > 1:
        name = MONTHS[int(parts[1]) - 1]
        pattern = rf"\b(?:{name}|{name[:3]}\.?)(?![a-z])"
        month = re.search(pattern, text) is not None
        if len(parts) > 2:
            d = str(int(parts[2]))
            after, before = rf"{pattern}\s+{d}(?!\d)", rf"(?<!\d){d}(?:st|nd|rd|th)?\s+(?:of\s+)?{pattern}"
            day = re.search(f"{after}|{before}", text) is not None
    return {"year": year, "month": month, "day": day}


class Naming:
    """Which sentences name which entities, from a graph: by a name, alias or Chinese name, by
    the names its documents were found to use at those places (``MENTIONS``), or, for a
    descriptive name ("Opening ceremony of SASAC's AI training program"), by its head words
    ("the opening ceremony").

    >>> from kg.model.records import Relationship, Provenance
    >>> soe = Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation", aliases=["CNPC"])
    >>> naming = Naming(KnowledgeGraph.model_construct(documents=[], entities=[soe], relationships=[]))
    >>> naming.names(Evidence(doc_id="d", quote="CNPC, for instance, built it.", start=0, end=29), "cnpc")
    True
    """

    def __init__(self, graph: KnowledgeGraph):
        self.entities: dict[str, Entity] = {e.id: e for e in graph.entities}
        self.places: dict[tuple[str, str], list[tuple[int, int]]] = {}
        self.written: dict[str, set[str]] = {}
        for rel in graph.relationships:
            if rel.type != MENTIONS:
                continue
            names = rel.properties.get("names") or []
            self.written.setdefault(rel.target, set()).update(names)
            starts, ends = rel.properties.get("name_starts") or [], rel.properties.get("name_ends") or []
            self.places.setdefault((rel.source, rel.target), []).extend(zip(starts, ends, strict=False))

    def forms(self, entity_id: str) -> set[str]:
        """Every name the entity is known by, as written."""
        entity = self.entities.get(entity_id)
        if entity is None:
            return set()
        written = self.written.get(entity_id, ())
        return {f for f in (entity.name, entity.name_zh, *entity.aliases, *written) if f}

    def names(self, ev: Evidence, entity_id: str) -> bool:
        """Whether the sentence ``ev`` names the entity."""
        if any(ev.start <= s and e <= ev.end for s, e in self.places.get((ev.doc_id, entity_id), [])):
            return True
        quote = _plain(ev.quote)
        for form in self.forms(entity_id):
            form = _plain(form).strip("\"' ")
            # a one-word name or an acronym only as written ("MOST" is a ministry, "most" is not)
            flags = 0 if " " not in form or form.isupper() else re.IGNORECASE
            if form and re.search(rf"(?<!\w){re.escape(form)}(?!\w)", quote, flags):
                return True
        entity = self.entities.get(entity_id)
        return entity is not None and _describes(quote, entity.name)

    def naming_first(
        self, rel: Relationship, evidence: Iterable[Evidence] | None = None, prefer: Iterable[str] = ()
    ) -> list[Evidence]:
        """The sentences of a fact in the order to cite them: those naming both its ends first,
        then those naming the ``prefer``-red entities (a brief's subject), then those naming one
        end, each group in its own order."""
        items = list(rel.provenance.evidence if evidence is None else evidence)
        if len(items) < 2:  # nothing to order: a map of 100k facts calls this once per fact
            return items
        wanted = [p for p in prefer if p in (rel.source, rel.target)]

        def rank(e: Evidence) -> tuple[bool, int, int]:
            named = [self.names(e, end) for end in (rel.source, rel.target)]
            return not all(named), -sum(self.names(e, p) for p in wanted), -sum(named)

        return sorted(items, key=rank)


def _describes(quote: str, name: str) -> bool:
    """A descriptive name is named by its head words (the words before its first preposition:
    the last of them, the head noun, and at least half of them in the sentence), or by three
    in five of all its words ("SOE push on critical industrial needs": "State-owned enterprises
    will focus on addressing critical needs in fields like ... the country's industrial system").

    >>> _describes("The opening ceremony was chaired by Tan Zuojun.", "Opening ceremony of SASAC's programme")
    True
    >>> _describes("The ceremony was chaired by Tan Zuojun.", "Opening ceremony of SASAC's programme")
    True
    >>> _describes("The ceremony was chaired by Tan Zuojun.", "Specialized AI training program")
    False
    """
    core: list[str] = []
    for word in _WORD.findall(_plain(re.sub(r"\(.*?\)", " ", name))):
        if word.casefold() in _BREAK and core:
            break
        core.append(word)
    words, every = _content(" ".join(core)), _content(name)
    have = set(stems(quote))
    if words and words[-1] in have and sum(1 for w in words if w in have) * 2 >= len(words):
        return True
    return bool(every) and sum(1 for w in every if w in have) >= 0.6 * len(every)


def editor_date(iso: str | None, preposition: bool = False) -> str:
    """An ISO date of any precision as an editor writes it.

    >>> editor_date("2025-03-07"), editor_date("2025-03"), editor_date("2025")
    ('7 March 2025', 'March 2025', '2025')
    >>> editor_date("2025-03-07", preposition=True), editor_date("2025-03", preposition=True)
    ('on 7 March 2025', 'in March 2025')
    """
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 3:
        text = f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    elif len(parts) == 2:
        text = f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    else:
        text = parts[0]
    if not preposition:
        return text
    return ("on " if len(parts) == 3 else "in ") + text
