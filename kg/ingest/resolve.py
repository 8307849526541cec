"""Attach mentions to the entities already in the catalog, or propose new candidates.

Rules, in order: the same name or alias once normalised (case, quotes, punctuation,
"the", corporate suffixes); an acronym of a known name; a Chinese name's pinyin;
then fuzzy matching above :data:`FUZZY_THRESHOLD`, never between names that differ in a
number, version or ordinal. A merge is only made into an entity of a compatible type and
never when two entities tie. Every decision is
kept (mention, entity, score, rule) so a reviewer can reverse it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kg.model import compatible
from kg.model.names import acronym, normalise, versions_differ
from kg.model.records import Entity

__all__ = ["FUZZY_THRESHOLD", "Decision", "Resolver"]

FUZZY_THRESHOLD = 90.0


def _pinyin(name_zh: str) -> list[str]:
    # Imported when a catalog has Chinese names: its dictionaries are 190,000 Python objects,
    # which every full garbage collection of a process that imports kg would walk (40 ms).
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name_zh)
    if not 2 <= len(syllables) <= 4 or not all(s.isalpha() for s in syllables):
        return []
    surname, given = syllables[0], "".join(syllables[1:])
    return [surname + given, given + surname]  # compared without spaces: "Zhang Yu Zhuo" too


def _one_within_other(a: str, b: str) -> bool:
    """Whether one name's words all stand in the other's: a unit and its parent ("China National
    Nuclear Power" and "China National Nuclear"), never the same entity.

    >>> _one_within_other("china national nuclear power", "china national nuclear")
    True
    """
    wa, wb = set(a.split()), set(b.split())
    return wa != wb and (wa <= wb or wb <= wa)


@dataclass(frozen=True)
class Decision:
    """How one mention was resolved: to an entity id, or to a new candidate (``entity=None``)."""

    mention: str
    entity: str | None
    score: float
    rule: str


class Resolver:
    """Index of the catalog's names for resolving mentions.

    >>> r = Resolver([Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation"),
    ...               Entity(id="zhang-yuzhuo", type="Person", name="Zhang Yuzhuo", name_zh="张玉卓")])
    >>> r.resolve("CNPC", "SOE"), r.resolve("Zhang Yu Zhuo", "Person").rule
    (Decision(mention='CNPC', entity='cnpc', score=100.0, rule='acronym'), 'pinyin')
    >>> r.resolve("China National Petroleum Corp.", "Company").rule
    'name'
    """

    def __init__(self, entities: list[Entity], prefer: set[str] | None = None):
        self.types = {e.id: e.type for e in entities}
        self.prefer = prefer or set()  # ids that win a tie (the curated catalog's, over the gazetteer's)
        self.names: dict[str, dict[str, set[str]]] = {
            rule: defaultdict(set) for rule in ("name", "alias", "acronym", "pinyin")
        }
        for e in entities:
            self.names["name"][normalise(e.name)].add(e.id)
            for alias in [*e.aliases, *([e.name_zh] if e.name_zh else [])]:
                self.names["alias"][normalise(alias)].add(e.id)
            forms = [e.name, *e.aliases]
            forms += [
                f.split(" of ")[0] for f in forms if " of " in f
            ]  # "SASAC" for "... of the State Council"
            for form in forms:
                for acr in {acronym(form), acronym(form, hyphens=True)} - {None}:
                    if e.type != "Person":
                        self.names["acronym"][str(acr).lower()].add(e.id)
            if e.name_zh and e.type == "Person":
                for form in _pinyin(e.name_zh):
                    self.names["pinyin"][form].add(e.id)
        self.choices = {
            form: ids
            for table in ("name", "alias")
            for form, ids in self.names[table].items()
            if len(ids) == 1
        }
        self.forms = list(self.choices)
        # The same names come back article after article; the catalog does not change meanwhile.
        self.decided: dict[tuple[str, str], Decision] = {}

    def resolve(self, mention: str, label: str) -> Decision:
        """Resolve one mention recognised as ``label`` (remembered per resolver)."""
        key = (mention, label)
        if key not in self.decided:
            self.decided[key] = self._resolve(mention, label)
        return self.decided[key]

    def _resolve(self, mention: str, label: str) -> Decision:
        norm = normalise(mention)
        compact = norm.replace(" ", "")
        lookups = [("name", norm), ("alias", norm), ("pinyin", compact)]
        if mention.isupper() and " " not in mention:
            lookups.insert(0, ("acronym", mention.lower()))
        for rule, key in lookups:
            ids = {i for i in self.names[rule].get(key, set()) if compatible(label, self.types[i])}
            if len(ids) > 1 and len(ids & self.prefer) == 1:
                ids &= self.prefer
            if len(ids) == 1:
                return Decision(mention, ids.pop(), 100.0, rule)
            if len(ids) > 1:
                return Decision(mention, None, 0.0, f"ambiguous:{','.join(sorted(ids))}")
        if self.choices and len(compact) >= 4:
            best = process.extractOne(
                norm, self.forms, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD
            )
            if (
                best is not None
                and not _one_within_other(norm, best[0])
                and not versions_differ(norm, best[0])
            ):
                (entity_id,) = self.choices[best[0]]
                if compatible(label, self.types[entity_id]):
                    return Decision(mention, entity_id, round(float(best[1]), 1), "fuzzy")
        return Decision(mention, None, 0.0, "new")
