"""The Word brief read back as Word's XML: real footnotes in the document's own footnotes
part (the quote, title, publisher, date and URL as a link), each cited where a reader first
meets it and cross-referenced where it is cited again, and properties naming the brief and
the project."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import pytest

import kg
from kg.brief.compose import compose, facts_of
from kg.brief.word import PRODUCER
from kg.build import BuildReport
from kg.model.records import (
    Document,
    Entity,
    Evidence,
    KnowledgeGraph,
    Provenance,
    Relationship,
    relationship_id,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SHA = "0" * 64
URL = "https://example.org/report?id=7&lang=en"


def _graph() -> KnowledgeGraph:
    docs = [Document(id="doc-a", title="Sinopec & Baidu <team up>", publisher="Example News", published="2025-06-12",
                     date_basis="stated", url=URL, sha256=SHA, path="a.txt"),
            Document(id="doc-b", title="Refinery AI", publisher=None, published="2025", date_basis="inferred",
                     sha256=SHA, path="b.txt")]  # fmt: skip
    ents = [Entity(id="sinopec", type="SOE", name="Sinopec"), Entity(id="baidu", type="Company", name="Baidu"),
            Entity(id="cj", type="AIModel", name="Changjiang")]  # fmt: skip
    a = Evidence(
        doc_id="doc-a", quote="Sinopec and Baidu built Changjiang <b>together</b> & more.", start=0, end=57
    )
    b = Evidence(doc_id="doc-b", quote="Sinopec runs Changjiang at 20 refineries.", start=0, end=41)

    def fact(kind: str, s: str, t: str, *ev: Evidence) -> Relationship:
        return Relationship(id=relationship_id(kind, s, t), type=kind, source=s, target=t,
                            provenance=Provenance(evidence=list(ev)))  # fmt: skip

    return KnowledgeGraph(documents=docs, entities=ents, relationships=[
        fact("PARTNERS_WITH", "sinopec", "baidu", a), fact("DEVELOPS", "sinopec", "cj", a, b),
        fact("DEPLOYS", "sinopec", "cj", b)])  # fmt: skip


def _xml(path: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(name))  # noqa: S314 - a file the test itself wrote


def test_every_note_is_a_word_footnote_with_its_source(tmp_path: Path) -> None:
    graph = _graph()
    brief = compose(graph, ["sinopec"], whole=graph, scope="test")
    path = brief.save(tmp_path / "brief.docx")
    notes = {n.number: n for n in brief.notes}
    assert len(notes) == 2

    footnotes = _xml(path, "word/footnotes.xml")
    found = {int(f.get(f"{W}id")): f for f in footnotes.iter(f"{W}footnote")}
    assert [found[-1].get(f"{W}type"), found[0].get(f"{W}type")] == ["separator", "continuationSeparator"]
    for number, note in notes.items():
        text = "".join(t.text or "" for t in found[number].iter(f"{W}t"))
        assert note.quote in text and note.title in text  # the escaped "<b>" and "&" read back as written
        assert found[number].find(f".//{W}footnoteRef") is not None  # Word draws the note's own number
    first = "".join(t.text or "" for t in found[1].iter(f"{W}t"))
    assert "Example News, 12 June 2025" in first and first.endswith(URL)
    assert "Refinery AI”, 2025 (date inferred)" in "".join(t.text or "" for t in found[2].iter(f"{W}t"))
    (link,) = found[1].iter(f"{W}hyperlink")
    rels = {r.get("Id"): r for r in _xml(path, "word/_rels/footnotes.xml.rels")}
    target = rels[link.get(f"{R}id")]
    assert (target.get("Target"), target.get("TargetMode")) == (URL, "External")

    # The document cites each note once as a footnote, in reading order, and again by reference.
    body = _xml(path, "word/document.xml")
    refs = [int(r.get(f"{W}id")) for r in body.iter(f"{W}footnoteReference")]
    assert refs == sorted(notes)
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    again = [i.text for i in body.iter(f"{W}instrText")]
    assert again and all(re.fullmatch(r" NOTEREF (_RefNote\d+) \\f \\h ", t) for t in again)
    assert {re.search(r"_RefNote\d+", t)[0] for t in again} <= bookmarks  # type: ignore[index]
    cited = sum(len(p.notes) for f in facts_of(brief) for p in f.parts)
    assert len(refs) + len(again) == cited

    # Word's package: the part is declared and related; the settings name the separators.
    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode()
    assert 'PartName="/word/footnotes.xml"' in types and "footnotes+xml" in types
    doc_rels = [r.get("Type") for r in _xml(path, "word/_rels/document.xml.rels").iter(f"{PKG}Relationship")]
    assert any(t.endswith("/footnotes") for t in doc_rels)
    settings = [child.tag for child in _xml(path, "word/settings.xml")]
    assert settings.index(f"{W}footnotePr") < settings.index(f"{W}compat")
    styles = {s.get(f"{W}styleId") for s in _xml(path, "word/styles.xml").iter(f"{W}style")}
    assert {"FootnoteText", "FootnoteReference", "Hyperlink"} <= styles


def test_the_documents_properties_name_the_brief_and_the_project(built: BuildReport, tmp_path: Path) -> None:
    brief = kg.open(built.db_path).brief("CNPC")
    path = brief.save(tmp_path / "cnpc.docx")
    props = docx.Document(str(path)).core_properties  # python-docx opens it again
    assert (props.title, props.author, props.last_modified_by) == (brief.title, PRODUCER, PRODUCER)
    assert props.comments == brief.scope and props.created is not None
    app = _xml(path, "docProps/app.xml")
    application = app.find(
        "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application"
    )
    assert application is not None and application.text is not None and application.text.startswith(PRODUCER)
    footnotes = _xml(path, "word/footnotes.xml")
    texts = ["".join(t.text or "" for t in f.iter(f"{W}t")) for f in footnotes.iter(f"{W}footnote")
             if int(f.get(f"{W}id", "0")) > 0]  # fmt: skip
    assert len(texts) == len(brief.notes) and all(
        n.quote in t for n, t in zip(brief.notes, texts, strict=True)
    )


@pytest.mark.parametrize("hostile", ["Bell\x07 and escape \x1b[2J", "</w:t><w:t>injected", "]]><![CDATA["])
def test_document_text_stays_text_in_the_notes(tmp_path: Path, hostile: str) -> None:
    graph = _graph()
    doc = graph.documents[0].model_copy(update={"title": hostile})
    graph = KnowledgeGraph(documents=[doc, graph.documents[1]], entities=graph.entities,
                           relationships=graph.relationships)  # fmt: skip
    path = compose(graph, ["sinopec"], whole=graph).save(tmp_path / "hostile.docx")
    footnotes = _xml(path, "word/footnotes.xml")  # well-formed XML whatever the title holds
    text = "".join(t.text or "" for t in footnotes.iter(f"{W}t"))
    assert hostile.replace("\x07", "\\x07").replace("\x1b", "\\x1b") in text
    assert len(list(footnotes.iter(f"{W}footnote"))) == 2 + 2
