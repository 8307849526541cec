"""What a brief says: who an entity is, its facts grouped by kind, each sentence footnoted
with the verbatim quote it rests on and that quote's document (title, publisher, date, URL).

Composing is separate from writing it out (Markdown, HTML, DOCX), so every format says
the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import write_text
from kg.errors import KGError
from kg.export.views import neighbourhood
from kg.figures import in_words
from kg.model import load_model
from kg.records import Document, Entity, Evidence, KnowledgeGraph, Relationship

__all__ = ["Brief", "Fact", "Note", "Section", "compose", "editor_date", "short_name"]

MENTIONS = "MENTIONS"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


_SHORT = re.compile(r"[A-Za-z][A-Za-z0-9 .&'-]*")


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
        text = f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    elif len(parts) == 2:
        text = f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    else:
        text = parts[0]
    if not preposition:
        return text
    return ("on " if len(parts) == 3 else "in ") + text


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

    def source(self) -> str:
        """Title, publisher and date, as a citation reads: "Title", Publisher, 7 March 2025."""
        return ", ".join(x for x in (f"“{self.title}”", self.publisher, editor_date(self.published)) if x)


@dataclass
class Fact:
    """One sentence of the brief and the footnotes it rests on."""

    text: str
    evidence: list[Evidence]
    notes: list[int] = field(default_factory=list)  # numbered in reading order once composed
    unreviewed: bool = False
    says: list[str] = field(default_factory=list)  # where sources disagree: what each sentence gives
    date: str | None = None
    relationship: str = ""  # the relationship's id, for diffs and tests

    @property
    def disagreement(self) -> list[tuple[str, int]]:
        """Where sources disagree: what each sentence gives, with its note."""
        return list(zip(self.says, self.notes, strict=True)) if self.says else []


@dataclass
class Section:
    title: str
    facts: list[Fact] = field(default_factory=list)


@dataclass
class Brief:
    """A composed brief; write it with :mod:`kg.brief.markdown`, :mod:`kg.brief.page` or
    :mod:`kg.brief.word` (or ``.markdown()``, ``.html()``, ``.save(path)``)."""

    title: str
    subject: list[str]  # the ids it is about (one entity, or a pair)
    who: list[tuple[str, list[str]]]  # (heading, lines) per entity
    who_notes: list[list[int]]  # the notes of each "who" line, in order
    sections: list[Section]
    notes: list[Note]
    scope: str  # what was asked: depth, dates, publishers, unreviewed facts
    graph: KnowledgeGraph  # the part of the graph it covers (for the map)

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
            note = Note(number, ev.quote, doc.id, doc.title, doc.publisher, doc.published, doc.url)
            self.notes.append(note)
            self._number[key] = number
        return self._number[key]


_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
_ISO = re.compile(r"\b\d{4}(-\d{2}){0,2}\b")


def _clauses(rel: Relationship) -> str:
    """The relationship's own properties as the phrases the model gives them ("on industrial AI")."""
    specs = load_model().relationships[rel.type].properties
    out = []
    for key, value in rel.properties.items():
        template = (specs[key].brief if key in specs else None) or f"({key}: {{}})"
        out.append(template.format(in_words(value)))
    return "".join((" " if not c.startswith((",", ":")) else "") + c for c in out)


def _sentence(rel: Relationship, names: dict[str, str]) -> str:
    prov = rel.provenance
    says = load_model().relationships[rel.type].says or rel.type.lower().replace("_", " ")
    text = f"{names[rel.source]} {says} {names[rel.target]}{_clauses(rel)}"
    if prov.date:
        text += f" {editor_date(prov.date, preposition=True)}"
    if prov.status:
        text += f" ({prov.status})"
    return text + "."


def _who(entity: Entity, graph: KnowledgeGraph) -> tuple[tuple[str, list[str]], list[Evidence | None]]:
    """Who an entity is: type, names, description, and its figures with units, each figure
    footnoted with the sentence that states it."""
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
        lines.append(f"{key.replace('_', ' ').capitalize()}: {in_words(value)}.")
        evidence = supports.get(key, [])
        sources.append(evidence[0] if evidence else None)
    return (heading, lines), sources


def compose(
    graph: KnowledgeGraph,
    subject: list[str],
    *,
    documents: list[Document],
    publishers: list[str] | None = None,
    unreviewed: str = "mark",
    depth: int = 1,
    scope: str = "",
) -> Brief:
    """A brief on ``subject`` (one entity id, or two) from ``graph`` (already narrowed to the
    neighbourhood, dates and review state asked for); ``documents`` are every document, for
    the notes. Only sentences from ``publishers`` are cited when given (case-insensitive);
    ``unreviewed`` is ``"mark"`` (kept, marked) or ``"omit"``.
    """
    if unreviewed not in ("mark", "omit"):
        raise ValueError("unreviewed must be 'mark' or 'omit'")
    model = load_model()
    by_id = {d.id: d for d in documents}
    entities = {e.id: e for e in graph.entities}
    types = graph.node_types()
    names = {e.id: short_name(e) for e in graph.entities} | {d.id: d.title for d in graph.documents}
    wanted = {p.casefold() for p in publishers or []}
    who, who_sources = [], []
    for entity_id in subject:
        block, sources = _who(entities[entity_id], graph)
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
    ordered = sorted(facts, key=lambda r: (r.provenance.date or "9999", names[r.source], r.type, r.target))
    for rel in ordered:
        evidence = [e for e in rel.provenance.evidence
                    if not wanted or (by_id[e.doc_id].publisher or "").casefold() in wanted]  # fmt: skip
        if not evidence:
            continue
        fact = Fact(text=_sentence(rel, names), evidence=evidence, unreviewed=rel.provenance.method == "rule",
                    date=rel.provenance.date, relationship=rel.id)  # fmt: skip
        if rel.provenance.conflict:
            fact.says = [_ISO.sub(lambda m: editor_date(m[0]), e.says or "no value given") for e in evidence]
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
            fact.notes = [notes.cite(e) for e in fact.evidence]
    title = " and ".join(entities[s].name for s in subject)
    return Brief(title=title, subject=subject, who=who, who_notes=who_notes, sections=kept,
                 notes=notes.notes, scope=scope, graph=graph)  # fmt: skip


def facts_of(brief: Brief) -> list[Fact]:
    """Every fact sentence of a brief, in order."""
    return [f for s in brief.sections for f in s.facts]
