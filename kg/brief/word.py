"""A brief as a Word document (python-docx): headings, the facts as a list, each sentence's
note numbers in superscript, and the numbered sources at the end (endnotes, as many
newsrooms' templates place them)."""

from __future__ import annotations

from pathlib import Path

from docx import Document as WordDocument
from docx.shared import Pt

from kg.atomic import replacing
from kg.brief.compose import Brief
from kg.visible import NOT_XML, written_out

__all__ = ["write_docx"]


def _notes(paragraph: object, numbers: list[int]) -> None:
    if numbers:
        run = paragraph.add_run(",".join(map(str, numbers)))  # type: ignore[attr-defined]
        run.font.superscript = True


def _x(text: str) -> str:
    """``text`` with control characters written out (\\x1b): Word's XML 1.0 cannot hold them,
    and python-docx refuses the whole document for one (as GraphML does, :mod:`kg.visible`)."""
    return written_out(text, NOT_XML)


def write_docx(brief: Brief, path: Path) -> Path:
    """Write ``brief`` to ``path`` (whole, or not at all) and return it.

    >>> import tempfile
    >>> from kg.records import KnowledgeGraph
    >>> b = Brief("Acme\x1b[2J", ["acme"], [], [], [], [], "Brief", KnowledgeGraph())
    >>> write_docx(b, Path(tempfile.mkdtemp()) / "b.docx").stat().st_size > 0
    True
    """
    doc = WordDocument()
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = _x(brief.title)
    doc.add_heading(_x(brief.title), level=0)
    doc.add_paragraph(_x(brief.scope)).runs[0].italic = True
    for (heading, lines), numbers in zip(brief.who, brief.who_notes, strict=True):
        doc.add_heading(_x(heading), level=2 if len(brief.who) > 1 else 3)
        for line, n in zip(lines, numbers, strict=True):
            _notes(doc.add_paragraph(_x(line)), [n] if n else [])
    for section in brief.sections:
        doc.add_heading(_x(section.title), level=1)
        if not section.facts:
            doc.add_paragraph("Nothing in the graph.")
        for fact in section.facts:
            item = doc.add_paragraph(_x(fact.text), style="List Bullet")
            _notes(item, fact.notes)
            if fact.unreviewed:
                item.add_run(" (unreviewed)").italic = True
            if fact.disagreement:
                item.add_run(" Sources disagree: ")
                for i, (says, n) in enumerate(fact.disagreement):
                    item.add_run(("; " if i else "") + _x(says))
                    _notes(item, [n])
                item.add_run(".")
    doc.add_heading("Sources", level=1)
    for note in brief.notes:
        text = f"{note.number}. “{note.quote}” — {note.source()}." + (f" {note.url}" if note.url else "")
        doc.add_paragraph(_x(text))
    with replacing(path) as tmp:
        doc.save(str(tmp))
    return path
