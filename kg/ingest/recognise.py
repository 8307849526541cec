"""Find what an article names: known entities, new names, descriptive phrases, figures, dates.

Known names come from the catalog and the gazetteer (:mod:`kg.ingest.lexicon`), new proper
names from their shape (:mod:`kg.ingest.names`), descriptive names ("the power sector", "a
media briefing"), figures and dates from the token patterns of ``names.yaml``
(:mod:`kg.ingest.patterns`). Where two overlap the longer wins, and at equal length a known
name. Short names an article defines are then found wherever it uses them: "China
Telecom Artificial Intelligence Research Institute (TeleAI)", "Dawate (大瓦特, "Big Watt")",
'(hereinafter referred to as "X")', 'whose name translates as "Big Watt"'.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.matcher import PhraseMatcher

from kg.ingest.dates import normalise_date
from kg.ingest.lexicon import Known, Lexicon, known_names
from kg.ingest.mention import Mention
from kg.ingest.names import NameFinder, is_capitalised
from kg.ingest.patterns import Match, PatternMatcher
from kg.ingest.rules import Rules, load_rules
from kg.ingest.tokens import Tokens, make_doc, tokenise, vocab
from kg.ingest.units import state_units
from kg.model import ORGANISATIONS, compatible
from kg.model.names import normalise
from kg.model.quantity import Quantity
from kg.model.records import Entity

__all__ = ["Mention", "Recognised", "Recogniser"]

_DEMONSTRATIVES = {"this", "that", "these", "those"}
_LIST_CUES = {",", "and", "as well as"}  # a sector only after another sector

_CJK = re.compile(r"[\u3400-\u9fff]")
# Verbs after a name that say an organisation acts: "DeepSeek released ...", "DeepSeek's models".
_ACTS = {
    "released",
    "launched",
    "said",
    "says",
    "announced",
    "developed",
    "unveiled",
    "'s",
    "’s",
    "founded",
    "raised",
    "signed",
    "partnered",
    "built",
    "introduced",
    "opened",
    "plans",
    "is",
    "was",
    "has",
}
_SHORT = re.compile(r"^[A-Z][A-Za-z0-9&.+-]{1,14}$")  # CNPC, SGCC, TeleAI, PipeChina
_DEFINING = re.compile(
    r"^\s*(?:,\s*)?(?:\(|,)?\s*(?:hereinafter(?: referred to)? as|also known as|known as|dubbed|"
    r"(?:whose name )?(?:translates|translated) as|meaning|or)\s*[\"“]([^\"”]{2,60})[\"”]"
)


@dataclass
class Recognised:
    """An article's words and sentences, and what was found in them."""

    tokens: Tokens
    mentions: list[Mention] = field(default_factory=list)
    dates: list[Mention] = field(default_factory=list)
    figures: list[Mention] = field(default_factory=list)
    known: list[Known] = field(default_factory=list)  # every known name, nested ones included
    aliases: dict[str, set[str]] = field(default_factory=dict)  # name text -> short names defined

    @property
    def text(self) -> str:
        return self.tokens.text

    @property
    def sentences(self) -> list[tuple[int, int]]:
        return self.tokens.sentences


class Recogniser:
    """Build once per catalog (catalog and gazetteer entities), then call on article texts.

    >>> from kg.model.records import Entity
    >>> rec = Recogniser([Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation",
    ...                          aliases=["CNPC"])])
    >>> found = rec("CNPC launched the Kunlun model, said Li Zhen, a researcher.")
    >>> [(m.text, m.label, m.entities) for m in found.mentions]
    [('CNPC', 'SOE', ('cnpc',)), ('Kunlun', 'AIModel', ()), ('Li Zhen', 'Person', ())]
    """

    def __init__(self, entities: list[Entity], rules: Rules | None = None):
        self.rules = rules or load_rules()
        self.types = {e.id: e.type for e in entities}
        self.lexicon = Lexicon(entities)
        self.known_names = known_names(entities)
        self.names = NameFinder(self.rules, self.types, self.known_names)
        # One matcher for every token-pattern rule: one pass over the words, word tests shared.
        names = self.rules.names
        self.patterns = PatternMatcher([*names.phrases, *names.figures, *names.dates])
        self.kinds = {"phrase": {r.id for r in names.phrases}, "figure": {r.id for r in names.figures},
                      "date": {r.id for r in names.dates}}  # fmt: skip
        self.sector_names = PhraseMatcher(vocab(), attr="ORTH")  # as written: "energy", not "Energy"
        self.sector_names.add("sector", [make_doc(s) for s in self.rules.words("sectors")])
        self.sector_cues = set(self.rules.words("sector_cues"))

    def __call__(self, text: str, published: str | None = None) -> Recognised:
        tokens = tokenise(text)
        found = Recognised(tokens=tokens, known=self.lexicon(tokens))
        matches = self.patterns(tokens)
        found.dates = self._dates(tokens, published, [m for m in matches if m.rule in self.kinds["date"]])
        found.figures = self._figures(tokens, [m for m in matches if m.rule in self.kinds["figure"]])
        in_figure = {i for f in found.figures for i in range(f.first, f.last)}
        candidates: list[tuple[int, int, int, Mention]] = []  # first, last, priority, mention
        for k in found.known:
            entities = self._by_context(tokens, k)
            mention = self._mention(
                tokens, k.first, k.last, self.types[entities[0]], "known", entities=entities
            )
            candidates.append((k.first, k.last, 3, mention))
        for c in [*self.names.find(tokens, found.known), *self.names.quoted(tokens)]:
            if in_figure.issuperset(range(c.first, c.last)):
                continue  # "3,000 AI+DICT projects": part of a figure
            mention = self._mention(
                tokens, c.first, c.last, c.type, c.rule, confidence=c.confidence, parent=c.parent
            )
            candidates.append((c.first, c.last, 2, mention))
        for m in [*(m for m in matches if m.rule in self.kinds["phrase"]), *self._sectors(tokens)]:
            if tokens.sentence_of(m.first) in tokens.headlines:
                continue
            if m.first and tokens.lower[m.first - 1] in _DEMONSTRATIVES:
                continue  # "this data space": one named before (a back-reference), not a new one
            mention = self._mention(
                tokens, m.first, m.last, m.type, f"phrase:{m.rule}", confidence=m.confidence
            )
            candidates.append((m.first, m.last, 1, mention))
        found.mentions = _named_after_description(tokens, _longest(candidates))
        found.mentions += self._nested(found)
        self._defined(found)
        found.mentions = state_units(tokens, found.mentions)
        return found

    def _nested(self, found: Recognised) -> list[Mention]:
        """Known organisations named inside a longer name ("Huawei" in "Huawei Ascend computing
        cluster"): the document names them too. Marked so relation rules read the longer name."""
        chosen = {(m.first, m.last) for m in found.mentions}
        outer = sorted((m.first, m.last, m.text) for m in found.mentions if m.rule != "known")  # none overlap
        new = [(a, b) for a, b, _ in outer]
        starts = [a for a, _ in new]
        out = []
        for k in found.known:
            entity = k.entities[0]
            if self.types[entity] not in _ORGS or (k.first, k.last) in chosen:
                continue
            i = bisect.bisect_right(starts, k.first) - 1  # the new name starting at or before it
            if i >= 0 and self.known_names.get(normalise(outer[i][2]), {entity}) != {entity}:
                continue  # "China Energy" in "China Energy Engineering Group Co": another known firm's name
            if i >= 0 and new[i][0] <= k.first and k.last <= new[i][1]:
                out.append(self._mention(found.tokens, k.first, k.last, self.types[entity], "known:nested",
                                         entities=k.entities))  # fmt: skip
        return out

    def _sectors(self, tokens: Tokens) -> list[Match]:
        """Industries named on their own in a list or after "in", "including", "from ... to"; three or
        more listed together need no cue ("raw materials, equipment manufacturing and consumer goods")."""
        out: list[Match] = []
        found = sorted(self.sector_names(tokens.doc), key=lambda m: m[1])
        listed = self._listed_sectors(tokens, [(a, b) for _, a, b in found])
        for _, first, last in found:
            if (first, last) in listed:
                out.append(Match(first, last, "sector-list", "Sector", 0.6))
                continue
            before = " ".join(tokens.lower[max(0, first - 2) : first])
            after = tokens.lower[last] if last < len(tokens) else "."
            cue = next((c for c in self.sector_cues if before == c or before.endswith(" " + c)), None)
            if cue in _LIST_CUES:  # "energy, construction and finance", not "line design, construction"
                gap = 2 if before.endswith(", and") else 1
                cue = cue if out and out[-1].last == first - gap else None
            if cue and (after in _SECTOR_ENDS or not after.isalpha()):
                out.append(Match(first, last, "sector-list", "Sector", 0.6))
        return out

    def _listed_sectors(self, tokens: Tokens, spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
        """The spans that stand in a list of three or more field names joined by commas and "and"."""
        runs: list[list[tuple[int, int]]] = []
        # "equipment manufacturing", not the "manufacturing" inside it
        inside = {(a, b) for a, b in spans for x, y in spans if x <= a and b <= y and (x, y) != (a, b)}
        longest = [span for span in spans if span not in inside]
        for a, b in longest:
            gap = " ".join(tokens.lower[runs[-1][-1][1] : a]) if runs else ""
            if runs and gap in (",", "and", ", and", "or", ", or"):
                runs[-1].append((a, b))
            else:
                runs.append([(a, b)])
        # "its automotive, energy and logistics business": a unit's lines of business, not fields named
        owned = {"business", "businesses", "unit", "units", "department", "division", "team", "operations"}
        return {
            span
            for run in runs
            if len(run) >= 3 and (run[-1][1] >= len(tokens) or tokens.lower[run[-1][1]] not in owned)
            for span in run
        }

    def _by_context(self, tokens: Tokens, known: Known) -> tuple[str, ...]:
        """A surface that names entities of several types ("DeepSeek" the start-up and its models):
        the one the words around it speak of first."""
        if len({self.types[e] for e in known.entities}) < 2:
            return known.entities
        kind = self.names.kind_in_context(tokens, known.first, known.last)
        if kind is None and self.names.used_before(tokens, known.first):
            kind_type = "AIModel"
        elif kind is None:
            nxt = tokens.lower[known.last] if known.last < len(tokens) else ""
            kind_type = "Company" if nxt in _ACTS else "AIModel"
        else:
            kind_type = kind.type
        return tuple(sorted(known.entities, key=lambda e: self.types[e] != kind_type))

    def _mention(self, tokens: Tokens, first: int, last: int, label: str, rule: str, **kw: Any) -> Mention:
        start, end = tokens.start[first], tokens.end[last - 1]
        return Mention(tokens.text[start:end], start, end, label, tokens.sentence_of(first), first, last,
                       rule=rule, **kw)  # fmt: skip

    def _defined(self, found: Recognised) -> None:
        """Short names and glosses an article defines, and every later use of them."""
        tokens, text = found.tokens, found.text
        defined: dict[str, Mention] = {}
        known = {m.text: m for m in found.mentions if m.entities and m.rule == "known"}
        for i, m in enumerate(found.mentions):
            if m.label in ("Sector", "Outcome", "Target") or not is_capitalised(m.text.split()[0]):
                continue
            shorts = self._definitions(text, m)
            ids = {
                known[s].entities[0]
                for s in shorts
                if s in known and compatible(m.label, known[s].label) and not _words_of(s, m.text)
            }
            if not m.entities and len(ids) == 1:  # "China Railway Group Limited (CREC)": CREC's full name
                # (but "China State Railway Group (China Railway)" defines the words it shortens to)
                (entity,) = ids
                m = found.mentions[i] = replace(m, entities=(entity,), label=self.types[entity])
            for short in shorts:
                defined.setdefault(short, m)
                found.aliases.setdefault(m.text, set()).add(short)
        found.mentions = [  # a name the article defined for another one stands for it ("Big Watt")
            replace(
                m,
                refers=defined[m.text].refers or defined[m.text].text,
                label=defined[m.text].label,
                entities=defined[m.text].entities,
            )
            if m.text in defined and _stands_for(m, defined[m.text])
            else m
            for m in found.mentions
        ]
        people = {
            m.text.split()[0]: m for m in found.mentions if m.label == "Person" and len(m.text.split()) >= 2
        }
        taken = sorted((m.start, m.end) for m in found.mentions if m.rule != "known:nested")  # none overlap
        taken_starts = [s for s, _ in taken]

        def free(start: int, end: int) -> bool:  # no mention overlaps [start, end)
            i = bisect.bisect_left(taken_starts, end) - 1  # the last mention starting before the end
            return i < 0 or taken[i][1] <= start

        extra = []
        for short, owner in defined.items():
            for hit in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text):
                if free(hit.start(), hit.end()):
                    first, last = tokens.token_at(hit.start()), tokens.token_at(hit.end())
                    extra.append(self._alias(tokens, hit, owner, first, last, "defined"))
        for i, word in enumerate(tokens.words):  # "Liu said": a surname standing for a named person
            person = people.get(word)
            if person is not None and person.start < tokens.start[i] and free(tokens.start[i], tokens.end[i]):
                surname = re.compile(re.escape(word)).match(text, tokens.start[i])
                if surname is not None and (i + 1 >= len(tokens) or not is_capitalised(tokens.words[i + 1])):
                    extra.append(self._alias(tokens, surname, person, i, i + 1, "surname"))
        found.mentions = sorted(found.mentions + extra, key=lambda m: m.start)

    def _alias(
        self, tokens: Tokens, hit: re.Match[str], owner: Mention, first: int, last: int, rule: str
    ) -> Mention:
        return Mention(hit.group(), hit.start(), hit.end(), owner.label, tokens.sentence_of(first), first,
                       max(last, first + 1), owner.entities, rule, owner.confidence, owner.parent,
                       refers=owner.refers or owner.text)  # fmt: skip

    def _definitions(self, text: str, m: Mention) -> list[str]:
        """What the parenthesis or phrase after a name defines: acronyms, glosses, Chinese names."""
        out = []
        tail = text[m.end : m.end + 160]
        paren = re.match(r"\s*\(([^()]{1,80})\)", tail)
        if paren:
            for part in re.split(r"[,，;、]\s*", paren.group(1)):
                part = part.strip()
                quoted = re.fullmatch(
                    r"(?:(?:hereinafter )?(?:referred to as|called) )?[\"“]([^\"”]{2,40})[\"”]", part
                )
                if quoted:
                    out.append(quoted.group(1))
                elif _CJK.search(part) or _SHORT.match(part) or _words_of(part, m.text):
                    out.append(part)
            tail = tail[paren.end() :]
        sentence_end = re.search(r"[.!?]\s", tail)
        phrase = _DEFINING.match(tail[: sentence_end.start() if sentence_end else None])
        if phrase is None:
            phrase = re.search(r"\b(?:translates|translated) as [\"“]([^\"”]{2,40})[\"”]", tail[:120])
        if phrase:
            out.append(phrase.group(1))
        return [o for o in out if o != m.text and not re.fullmatch(r"[\d\s-]+", o)]

    def _dates(self, tokens: Tokens, published: str | None, matches: list[Match]) -> list[Mention]:
        out = []
        for m in _longest_matches(matches):
            iso, note = normalise_date(tokens.span(m.first, m.last), published)
            if iso:
                out.append(self._mention(tokens, m.first, m.last, "DATE", note or "date", value=iso))
        return out

    def _figures(self, tokens: Tokens, matches: list[Match]) -> list[Mention]:
        out = []
        for m in _longest_matches(matches):
            number = next(
                i for i in range(m.first, m.last) if tokens.words[i][:1].isdigit() or i == m.last - 1
            )
            if (
                number + 1 < len(tokens)
                and tokens.end[number] == tokens.start[number + 1]
                and (tokens.words[number + 1][:1].isalpha())
            ):
                continue  # "4G base stations": a name with a digit, not a count
            phrase = tokens.span(m.first, m.last)
            try:
                q = Quantity.model_validate(re.sub(r"\s*\bpercent\b", "%", phrase).replace(" %", "%"))
            except ValueError:
                continue
            out.append(self._mention(tokens, m.first, m.last, "FIGURE", "figure", value=q.model_dump()))
        return out


_ORGS = ORGANISATIONS


def _words_of(short: str, name: str) -> bool:
    """Whether ``short`` is two to four capitalised words of ``name``, in any order: "China Railway"
    for "China State Railway Group", "Energy China" for "China Energy Engineering Group Co".

    >>> _words_of("Energy China", "China Energy Engineering Group"), _words_of("Big Watt", "Dawate")
    (True, False)
    """
    words, of = short.split(), {w.lower() for w in name.split()}
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and w.lower() in of for w in words) and short != name


_SECTOR_ENDS = {
    "and",
    "or",
    "to",
    "sector",
    "sectors",
    "industry",
    "industries",
    "fields",
    "by",
    "as",
    "with",
    "in",
}


def _stands_for(m: Mention, owner: Mention) -> bool:
    """Whether mention ``m`` of a short name the article defined names ``owner``: the article's
    definition wins over the gazetteer's ("China State Railway Group (China Railway)": not CREC),
    but not where the words around it made it something else ("the journal China Railway")."""
    if owner is m or (m.entities and m.entities == owner.entities):
        return False
    return compatible(m.label, owner.label) and (m.label == owner.label or m.label != "MediaOutlet")


def _named_after_description(tokens: Tokens, mentions: list[Mention]) -> list[Mention]:
    """ "a data circulation network, DSSN": the name is the entity, the phrase describes it."""
    out = []
    for m, nxt in zip(mentions, [*mentions[1:], None], strict=False):
        described = nxt is not None and m.rule.startswith("phrase:") and not nxt.rule.startswith("phrase:")
        if described and tokens.gap(m.last, nxt.first).strip() == "," and nxt.label == m.label:  # type: ignore[union-attr]
            continue
        out.append(m)
    return out


def _longest(candidates: list[tuple[int, int, int, Mention]]) -> list[Mention]:
    """Non-overlapping mentions: the longest first, a known name before a new one at equal length."""
    chosen: list[Mention] = []
    taken: set[int] = set()
    for first, last, _, mention in sorted(candidates, key=lambda c: (-(c[1] - c[0]), -c[2], c[0])):
        if taken.isdisjoint(range(first, last)):
            chosen.append(mention)
            taken.update(range(first, last))
    return sorted(chosen, key=lambda m: m.start)


def _longest_matches(matches: list[Any]) -> list[Any]:
    chosen: list[Any] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (-(m.last - m.first), m.first)):
        if taken.isdisjoint(range(m.first, m.last)):
            chosen.append(m)
            taken.update(range(m.first, m.last))
    return sorted(chosen, key=lambda m: m.first)
