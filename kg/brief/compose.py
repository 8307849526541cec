"""What a brief says: who an entity is, its facts grouped by kind, each sentence footnoted
with the verbatim quote it rests on and that quote's document (title, publisher, date, URL).

Composing is separate from writing it out (Markdown, HTML, DOCX), so every format says
the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kg.brief.record import BriefRecord, Note, Section
from kg.brief.sentence import Fact, Writer
from kg.brief.wording import short_name
from kg.common.atomic import write_text
from kg.errors import KGError
from kg.export.views import neighbourhood
from kg.model import MENTIONS, load_model
from kg.model.figures import in_words
from kg.model.records import Document, Entity, Evidence, KnowledgeGraph
from kg.seeds.quotes import editor_date, states_phrase

__all__ = ["Brief", "Fact", "Note", "Section", "compose", "editor_date", "short_name"]


class Brief(BriefRecord):
    """A composed brief; write it with :mod:`kg.brief.markdown`, :mod:`kg.brief.page` or
    :mod:`kg.brief.word` (or ``.markdown()``, ``.html()``, ``.save(path)``)."""

    def markdown(self) -> str:
        """The brief as Markdown with footnotes (``[^1]``)."""
        from kg.brief.markdown import to_markdown

        return to_markdown(self)

    def html(self) -> str:
        """The brief as one self-contained, print-ready HTML page with its map."""
        from kg.brief.page import to_html

        return to_html(self)

    def save(self, path: Path | str, fmt: str | None = None) -> Path:
        """Write the brief as ``fmt`` (``markdown``, ``html``, ``docx``) or, without one, as its
        file name says (``.md``, ``.html``, ``.docx``); whole or not at all.

        >>> import tempfile, kg
        >>> kg.open(kgdb).brief("CNPC").save(tempfile.mkdtemp() + "/cnpc.md").suffix
        '.md'
        """
        path = Path(path)
        if fmt is None:
            by_suffix = {
                ".md": "markdown",
                ".markdown": "markdown",
                ".html": "html",
                ".htm": "html",
                ".docx": "docx",
            }
            fmt = by_suffix.get(path.suffix.lower())
            if fmt is None:
                raise KGError("a brief is written as .md, .html or .docx; name the file so", path=path)
        if fmt == "markdown":
            return write_text(path, self.markdown())
        if fmt == "html":
            return write_text(path, self.html())
        if fmt == "docx":
            from kg.brief.word import write_docx

            return write_docx(self, path)
        raise KGError(f"unknown brief format {fmt!r} (choose markdown, html or docx)")

    def _repr_markdown_(self) -> str:  # a notebook shows it
        return self.markdown()


_ISO = re.compile(r"\b\d{4}(-\d{2}){0,2}\b")


class _Notes:
    """Numbers footnotes in order of first use; one sentence of one document is one note."""

    def __init__(self, documents: dict[str, Document]):
        self.documents = documents
        self.notes: list[Note] = []
        self._number: dict[tuple[str, int, str], int] = {}

    def cite(self, ev: Evidence) -> int:
        key = (ev.doc_id, ev.start, ev.quote)
        if key not in self._number:
            doc = self.documents[ev.doc_id]
            number = len(self.notes) + 1
            note = Note(number, ev.quote, doc.id, doc.title, doc.publisher, doc.published, doc.url,
                        doc.date_basis)  # fmt: skip
            self.notes.append(note)
            self._number[key] = number
        return self._number[key]


def _who(
    entity: Entity, graph: KnowledgeGraph, cited: Callable[[Evidence], bool]
) -> tuple[tuple[str, list[str]], list[Evidence | None]]:
    """Who an entity is: type, names, description, and its figures with units, each figure
    footnoted with the sentence that states it (a figure no ``cited`` sentence states is left
    out: a brief citing some publishers only)."""
    heading = entity.name + (f" ({entity.name_zh})" if entity.name_zh else "")
    lines = [f"Type: {entity.type}."]
    if entity.aliases:
        lines.append("Also known as " + "; ".join(entity.aliases) + ".")
    if entity.description:
        lines.append(entity.description)
    sources: list[Evidence | None] = [None] * len(lines)
    supports: dict[str, list[Evidence]] = {}
    for rel in graph.relationships:
        if rel.type == MENTIONS and rel.target == entity.id:
            for prop in rel.properties.get("supports") or []:
                supports.setdefault(prop, []).extend(rel.provenance.evidence)
    for key, value in entity.properties.items():
        words = in_words(value)
        found = supports.get(key, [])
        evidence = sorted(filter(cited, found), key=lambda e: not states_phrase(e.quote, words))
        if found and not evidence:
            continue
        lines.append(f"{key.replace('_', ' ').capitalize()}: {words}.")
        sources.append(evidence[0] if evidence else None)  # the sentence that states the figure
    if None in sources:
        lines.append("Lines without a note are the project's catalog entry, not a document's words.")
        sources.append(None)
    return (heading, lines), sources


def compose(
    graph: KnowledgeGraph,
    subject: list[str],
    *,
    whole: KnowledgeGraph,
    publishers: list[str] | None = None,
    unreviewed: str = "mark",
    depth: int = 1,
    scope: str = "",
) -> Brief:
    """A brief on ``subject`` (one entity id, or two) from ``graph`` (already narrowed to the
    neighbourhood, dates and review state asked for); ``whole`` is the whole graph, for the
    notes' documents, the names documents use and the sentences behind figures. Only sentences
    from ``publishers`` are cited when given (case-insensitive); ``unreviewed`` is ``"mark"``
    (kept, marked) or ``"omit"``.
    """
    if unreviewed not in ("mark", "omit"):
        raise ValueError("unreviewed must be 'mark' or 'omit'")
    model = load_model()
    by_id = {d.id: d for d in whole.documents}
    entities = {e.id: e for e in graph.entities}
    types = graph.node_types()
    wanted = {p.casefold() for p in publishers or []}

    def wanted_source(e: Evidence) -> bool:
        return not wanted or (by_id[e.doc_id].publisher or "").casefold() in wanted

    who, who_sources = [], []
    for entity_id in subject:
        block, sources = _who(entities[entity_id], whole, wanted_source)
        who.append(block)
        who_sources.append(sources)
    sections = {title: Section(title) for title in model.brief.sections}
    pair = len(subject) == 2
    between = Section("Between them")
    shared = Section("Connected to both")
    neighbours: dict[str, set[str]] = {s: set() for s in subject}
    facts = [r for r in graph.relationships if r.type != MENTIONS]
    near = set().union(*(neighbourhood(graph, s, depth - 1) for s in subject))
    facts = [r for r in facts if r.source in near or r.target in near]  # depth 1: the subject's own facts
    if unreviewed == "omit":
        facts = [r for r in facts if r.provenance.method != "rule"]
    for rel in facts:
        for s in subject:
            if s in (rel.source, rel.target):
                neighbours[s].add(rel.target if rel.source == s else rel.source)
    common = set.intersection(*neighbours.values()) - set(subject) if pair else set()
    writer = Writer(whole, by_id, subject, wanted_source)
    mid = writer.wording.name
    ordered = sorted(facts, key=lambda r: (r.provenance.date or "9999", mid(r.source).casefold(), r.type,
                                           r.target))  # fmt: skip
    for rel in ordered:
        evidence = [e for e in rel.provenance.evidence if wanted_source(e)]
        if not evidence:
            continue
        fact = writer.fact(rel, evidence)
        if rel.provenance.conflict:
            said = [e.says or "no value given" for e in fact.evidence]
            fact.says = [_ISO.sub(lambda m: editor_date(m[0]), s) for s in said]
        ends = {rel.source, rel.target}
        if pair and ends == set(subject):
            between.facts.append(fact)
        elif pair:
            if ends & common:
                shared.facts.append(fact)
        else:
            focus = subject[0]
            other = rel.target if rel.source == focus else rel.source
            sections[model.brief.section(rel.type, types[other])].facts.append(fact)
    kept = [between, shared] if pair else [s for s in sections.values() if s.facts]
    notes = _Notes(by_id)  # numbered as a reader meets them
    who_notes = [[notes.cite(e) if e else 0 for e in sources] for sources in who_sources]
    for section in kept:
        for fact in section.facts:
            for part in fact.parts:
                part.notes = [notes.cite(e) for e in part.evidence]
    title = " and ".join(entities[s].name for s in subject)
    return Brief(title=title, subject=subject, who=who, who_notes=who_notes, sections=kept,
                 notes=notes.notes, scope=scope, graph=graph)  # fmt: skip


def facts_of(brief: Brief) -> list[Fact]:
    """Every fact sentence of a brief, in order."""
    return [f for s in brief.sections for f in s.facts]
