"""One fact as one sentence of a brief, claiming only what its notes say.

A date, status or phrase the fact's own sentences do not state is either given with the note
that states it (an event's date, from the sentence that dates the event) or marked for what it
is, in square brackets as an editor's insertion: "status from curation", "date inferred: …",
"year from the document's date", "in the curators' words". The first note is one that names
both ends of the fact; where none does, the sentence says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kg.brief.wording import Wording, tidy
from kg.model import MENTIONS, load_model
from kg.model.figures import in_words
from kg.model.records import Document, Evidence, KnowledgeGraph, Relationship
from kg.seeds.quotes import Naming, date_parts, editor_date, states_phrase, states_status

__all__ = ["Fact", "Part", "Writer", "editor_date"]


@dataclass
class Part:
    """A piece of a sentence and the notes right after it."""

    text: str
    evidence: list[Evidence] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)  # numbered once the brief is composed


@dataclass
class Fact:
    """One sentence of the brief: its pieces (the last holds the fact's own notes)."""

    parts: list[Part]
    unreviewed: bool = False
    says: list[str] = field(default_factory=list)  # where sources disagree: what each own sentence gives
    date: str | None = None
    relationship: str = ""  # the relationship's id, for diffs and tests
    ends: tuple[str, str] = ("", "")  # its source and target ids

    @property
    def text(self) -> str:
        """The sentence without its note numbers."""
        return "".join(p.text for p in self.parts)

    @property
    def evidence(self) -> list[Evidence]:
        """The fact's own sentences, the one naming both ends first."""
        return self.parts[-1].evidence

    @property
    def notes(self) -> list[int]:
        """Every note of the sentence, in reading order."""
        return [n for p in self.parts for n in p.notes]

    @property
    def disagreement(self) -> list[tuple[str, int]]:
        """Where sources disagree: what each of the fact's sentences gives, with its note."""
        return list(zip(self.says, self.parts[-1].notes, strict=True)) if self.says else []


class Writer:
    """Writes the facts of one graph (the documents give each note's date); a note naming the
    ``subject`` is cited before one that does not, and only sentences ``cited`` allows are."""

    def __init__(
        self,
        graph: KnowledgeGraph,
        documents: dict[str, Document],
        subject: list[str] | None = None,
        cited: Callable[[Evidence], bool] = lambda e: True,
    ):
        self.subject = subject or []
        self.cited = cited
        self.naming = Naming(graph)
        self.wording = Wording(graph, self.naming)
        self.documents = documents
        self.dating: dict[str, list[Evidence]] = {}  # an event's sentences that date it
        for rel in graph.relationships:
            if rel.type == MENTIONS and "date" in (rel.properties.get("supports") or []):
                self.dating.setdefault(rel.target, []).extend(rel.provenance.evidence)

    def fact(self, rel: Relationship, evidence: list[Evidence]) -> Fact:
        """The sentence for ``rel``, citing ``evidence`` (its sentences a brief may cite)."""
        own = self.naming.naming_first(rel, evidence, prefer=self.subject)
        quotes = [e.quote for e in own]
        inline, aside = self._clauses(rel, quotes)
        prov = rel.provenance
        if prov.status:
            stated = any(states_status(q, prov.status) for q in quotes)
            aside.append(prov.status if stated else f"status from curation: {prov.status}")
        text = self.wording.clause(rel) + inline + (f" ({'; '.join(aside)})" if aside else "")
        parts: list[Part] = []
        if prov.date:
            text += " " + editor_date(prov.date, preposition=True)
            dating = self._dating(rel, own)
            if dating is not None:
                parts.append(Part(text, [dating]))
                quotes = [*quotes, dating.quote]
                text = ""
            text += self._date_mark(rel, quotes, dating or (own[0] if own else None))
        text += self._naming_mark(rel, own)
        parts.append(Part(tidy(text + ".") if text.strip() else ".", own))
        if len(parts) > 1:
            parts[0].text = tidy(parts[0].text)
            parts[1].text = parts[1].text if parts[1].text.startswith((" ", ".")) else " " + parts[1].text
        return Fact(parts=parts, unreviewed=prov.method == "rule", date=prov.date, relationship=rel.id,
                    ends=(rel.source, rel.target))  # fmt: skip

    def _clauses(self, rel: Relationship, quotes: list[str]) -> tuple[str, list[str]]:
        """The fact's own properties as the model phrases them: those read inline ("on
        industrial AI", "as vice-chairman"; a sentence-long one, ": Central SOEs must …", last)
        and those said in brackets ("built"), each marked where no sentence states it."""
        specs = load_model().relationships[rel.type].properties
        inline, aside = [], []
        for key, value in rel.properties.items():
            words = in_words(value).strip().rstrip(".;,")
            template = (specs[key].brief if key in specs else None) or f"({key}: {{}})"
            mark = "" if any(states_phrase(q, words) for q in quotes) else " [in the curators' words]"
            if template.startswith("(") and template.endswith(")"):
                aside.append(template[1:-1].format(words) + mark)
            else:
                inline.append(template.format(words) + mark)
        inline.sort(key=lambda c: c.startswith(":"))
        return "".join(("" if c.startswith((",", ":")) else " ") + c for c in inline), aside

    def _dating(self, rel: Relationship, own: list[Evidence]) -> Evidence | None:
        """The sentence that dates the event a fact takes its date from, when the fact's own
        sentences do not give that date: the one that states most of it."""
        prov = rel.provenance
        if not prov.dated_by or prov.date is None:
            return None
        date = prov.date
        if any(all(date_parts(e.quote, date).values()) for e in own):
            return None
        candidates = [e for e in self.dating.get(prov.dated_by, []) if e not in own and self.cited(e)]
        if not candidates:
            return None
        best = max(candidates, key=lambda e: sum(date_parts(e.quote, date).values()))
        return best if any(date_parts(best.quote, date).values()) else None

    def _date_mark(self, rel: Relationship, quotes: list[str], cited: Evidence | None) -> str:
        """Nothing when a cited sentence states the whole date; else what the date rests on."""
        prov = rel.provenance
        date = prov.date or ""
        stated = [date_parts(q, date) for q in quotes]
        if any(all(s.values()) for s in stated):
            return ""
        if prov.date_note:
            return f" [date inferred: {prov.date_note.rstrip('.')}]"
        doc = self.documents.get(cited.doc_id) if cited else None
        published = doc.published if doc else None
        if published and published[:4] == date[:4]:
            if any(s["month"] and s["day"] for s in stated):
                return " [year from the document's date]"
            if published.startswith(date) or date.startswith(published):
                return " [date from the document's date]"
        return " [date from curation]"

    def _naming_mark(self, rel: Relationship, own: list[Evidence]) -> str:
        """Said where no cited sentence names an end, or none names both."""
        if not own:
            return ""
        names = self.naming.names
        ends = (rel.source, rel.target)
        missing = [self.wording.name(end) for end in ends if not any(names(e, end) for e in own)]
        if missing:
            return f" [no note names {' or '.join(missing)}]"
        if not (names(own[0], rel.source) and names(own[0], rel.target)):
            return " [no single note names both]"
        return ""
