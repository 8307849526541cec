"""What a brief holds, apart from how it is composed or written: its notes, sections and parts.

>>> Section("Partners").facts
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.brief.sentence import Fact
from kg.model.records import KnowledgeGraph
from kg.seeds.quotes import editor_date

__all__ = ["BriefRecord", "Note", "Section"]


@dataclass(frozen=True)
class Note:
    """A footnote: the quote, and where it comes from."""

    number: int
    quote: str
    doc_id: str
    title: str
    publisher: str | None
    published: str | None
    url: str | None
    date_basis: str = "stated"  # how the document's date was established: stated, inferred or unknown

    def source(self) -> str:
        """Title, publisher and date, as a citation reads: "Title", Publisher, 7 March 2025; a
        date the document does not state says so ("October 2024, date inferred"), and a
        document with no date is "undated".

        >>> Note(1, "q", "d", "A report", "Xinhua", "2024-10", None, "inferred").source()
        '“A report”, Xinhua, October 2024 (date inferred)'
        """
        when = editor_date(self.published) or "undated"
        if self.published and self.date_basis == "inferred":
            when += " (date inferred)"
        return ", ".join(x for x in (f"“{self.title}”", self.publisher, when) if x)


@dataclass
class Section:
    title: str
    facts: list[Fact] = field(default_factory=list)


@dataclass
class BriefRecord:
    """What a composed brief holds; :class:`kg.brief.compose.Brief` adds the ways to write it
    (the writers read this, so they never import the composer)."""

    title: str
    subject: list[str]  # the ids it is about (one entity, or a pair)
    who: list[tuple[str, list[str]]]  # (heading, lines) per entity
    who_notes: list[list[int]]  # the notes of each "who" line, in order
    sections: list[Section]
    notes: list[Note]
    scope: str  # what was asked: depth, dates, publishers, unreviewed facts
    graph: KnowledgeGraph  # the part of the graph it covers (for the map)
