"""A brief as a Word document: headings, the facts as a list, and every note a real Word
footnote (the quote, the document's title, publisher and date, and its URL as a link).

python-docx has no API for notes, so the footnotes part (``word/footnotes.xml``) is written
here with its relationship, as Word itself writes it: the two separator notes, one note per
source, a ``footnoteReference`` where a note is first cited and a ``NOTEREF`` cross-reference
(Word's "insert cross-reference to a footnote number") where it is cited again, so every
format numbers the notes alike. The document's properties name the brief and the project.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor

from kg.brief.record import BriefRecord, Note
from kg.common.atomic import replacing
from kg.common.visible import NOT_XML, written_out
from kg.version import VERSION as __version__

__all__ = ["PRODUCER", "write_docx"]

PRODUCER = "soe-ai-kg"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = f'xmlns:w="{_W}" xmlns:r="{_R}"'
_APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def _x(text: str) -> str:
    """``text`` with control characters written out (\\x1b): Word's XML 1.0 cannot hold them,
    and python-docx refuses the whole document for one (as GraphML does, :mod:`kg.common.visible`)."""
    return written_out(text, NOT_XML)


def _t(text: str) -> str:
    """Text for a ``w:t`` element written here: escaped, and what XML cannot hold written out."""
    return escape(_x(text))


def _footnote(note: Note, link: str | None) -> str:
    """One footnote: its number mark, the quote, the source, and the URL as a link."""
    ref = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
    body = f'<w:r><w:t xml:space="preserve"> “{_t(note.quote)}” — {_t(note.source())}.</w:t></w:r>'
    if note.url:
        body += '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
        body += (f'<w:hyperlink r:id="{link}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
                 f"<w:t>{_t(note.url)}</w:t></w:r></w:hyperlink>")  # fmt: skip
    return (f'<w:footnote w:id="{note.number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f"{ref}{body}</w:p></w:footnote>")  # fmt: skip


_SEPARATORS = "".join(
    f'<w:footnote w:type="{kind}" w:id="{i}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    f'w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
    for i, kind in ((-1, "separator"), (0, "continuationSeparator"))
)


class _Notes:
    """Adds note references to paragraphs: a footnote where a note is first cited, a
    cross-reference to it where it is cited again."""

    def __init__(self, doc: Any):
        self.doc = doc
        self.placed: set[int] = set()

    def cite(self, paragraph: Any, numbers: list[int]) -> None:
        for i, number in enumerate(numbers):
            if i:  # "2,3", not "23"
                paragraph.add_run(",").font.superscript = True
            p = paragraph._p
            if number not in self.placed:
                self.placed.add(number)
                p.append(parse_xml(f'<w:bookmarkStart {_NS} w:id="{number}" w:name="_RefNote{number}"/>'))
                p.append(parse_xml(f'<w:r {_NS}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                                   f'<w:footnoteReference w:id="{number}"/></w:r>'))  # fmt: skip
                p.append(parse_xml(f'<w:bookmarkEnd {_NS} w:id="{number}"/>'))
                continue
            style = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            for run in ('<w:fldChar w:fldCharType="begin"/>',
                        f'<w:instrText xml:space="preserve"> NOTEREF _RefNote{number} \\f \\h </w:instrText>',
                        '<w:fldChar w:fldCharType="separate"/>', f"{style}<w:t>{number}</w:t>",
                        '<w:fldChar w:fldCharType="end"/>'):  # fmt: skip
                p.append(parse_xml(f"<w:r {_NS}>{run}</w:r>"))


def _styles(doc: Any) -> None:
    """Word's own footnote styles (its built-in names), and a link style for URLs."""
    styles = doc.styles
    text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
    text.style_id = "FootnoteText"
    text.base_style = styles["Normal"]
    text.font.size = Pt(9)
    text.paragraph_format.space_after = Pt(2)
    reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    reference.style_id = "FootnoteReference"
    reference.font.superscript = True
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.underline = True
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)


def _properties(doc: Any, brief: BriefRecord) -> None:
    """The document's properties: the brief's title and scope, the project as its author and
    the application that wrote it."""
    props = doc.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = _x(brief.title)
    props.subject = "Brief: " + _x(brief.title)
    props.author = props.last_modified_by = PRODUCER
    props.comments = _x(brief.scope)
    props.keywords = "soe-ai-kg; brief; sourced"
    props.category = "Brief"
    props.created = props.modified = now
    props.revision = 1
    app = next(p for p in doc.part.package.iter_parts() if p.partname == "/docProps/app.xml")
    app._blob = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{_APP}">'
        f"<Application>{PRODUCER} {escape(__version__)}</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()


def _footnotes_part(doc: Any, brief: BriefRecord) -> None:
    """The footnotes part, related to the document, and the settings that name its separators."""
    package = doc.part.package
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, b"", package)
    links = {n.number: part.relate_to(n.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
             for n in brief.notes if n.url}  # fmt: skip
    notes = "".join(_footnote(n, links.get(n.number)) for n in brief.notes)
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {_NS}>{_SEPARATORS}{notes}'
    xml += "</w:footnotes>"
    part._blob = xml.encode()
    doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    settings = doc.settings.element
    pr = parse_xml(f'<w:footnotePr {_NS}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    compat = settings.find(f"{{{_W}}}compat")
    if compat is not None:
        compat.addprevious(pr)  # the schema's order: footnotePr comes before compat
    else:
        settings.append(pr)


def write_docx(brief: BriefRecord, path: Path) -> Path:
    """Write ``brief`` to ``path`` (whole, or not at all) and return it.

    >>> import tempfile
    >>> from kg.model.records import KnowledgeGraph
    >>> b = BriefRecord("Acme\x1b[2J", ["acme"], [], [], [], [], "Brief", KnowledgeGraph())
    >>> write_docx(b, Path(tempfile.mkdtemp()) / "b.docx").stat().st_size > 0
    True
    """
    doc = WordDocument()
    doc.styles["Normal"].font.size = Pt(11)
    _styles(doc)
    _properties(doc, brief)
    cite = _Notes(doc).cite
    doc.add_heading(_x(brief.title), level=0)
    doc.add_paragraph().add_run(_x(brief.scope)).italic = True
    for (heading, lines), numbers in zip(brief.who, brief.who_notes, strict=True):
        doc.add_heading(_x(heading), level=2 if len(brief.who) > 1 else 3)
        for line, n in zip(lines, numbers, strict=True):
            cite(doc.add_paragraph(_x(line)), [n] if n else [])
    for section in brief.sections:
        doc.add_heading(_x(section.title), level=1)
        if not section.facts:
            doc.add_paragraph("Nothing in the graph.")
        for fact in section.facts:
            item = doc.add_paragraph(style="List Bullet")
            for part in fact.parts:
                item.add_run(_x(part.text))
                cite(item, part.notes)
            if fact.unreviewed:
                item.add_run(" (unreviewed)").italic = True
            if fact.disagreement:
                item.add_run(" Sources disagree: ")
                for i, (says, n) in enumerate(fact.disagreement):
                    item.add_run(("; " if i else "") + _x(says))
                    cite(item, [n])
                item.add_run(".")
    if not brief.sections:
        doc.add_paragraph("No facts in the graph match these options.")
    _footnotes_part(doc, brief)
    with replacing(path) as tmp:
        doc.save(str(tmp))
    return path
