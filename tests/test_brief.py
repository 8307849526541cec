"""Briefs: every sentence footnoted with a quote its document really holds; Markdown, HTML
(in Chromium, printed to PDF) and DOCX say the same thing."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

import kg
from kg.brief import Brief
from kg.brief.compose import facts_of
from kg.brief.wording import agree
from kg.build import BuildReport
from kg.errors import KGError
from kg.model import load_model
from kg.seeds.load import SeedSet
from tests.conftest import CHROMIUM, ROOT, SEEDS, Page, cli, offline_page

SNAPSHOT = ROOT / "tests" / "data" / "brief-sasac.md"


@pytest.fixture(scope="module")
def g(built: BuildReport) -> kg.KG:
    return kg.open(built.db_path)


def _check_sources(brief: Brief, seedset: SeedSet) -> None:
    """Every note's quote is verbatim in its document, with that document's title, publisher,
    date and URL; notes are numbered as a reader meets them, and each is used."""
    documents = {d.id: d for d in seedset.graph.documents}
    for note in brief.notes:
        doc = documents[note.doc_id]
        assert note.quote in (SEEDS / doc.path).read_text("utf-8"), note
        assert (note.title, note.publisher, note.published, note.url) == (
            doc.title,
            doc.publisher,
            doc.published,
            doc.url,
        )
    read = [n for numbers in brief.who_notes for n in numbers if n] + [
        n for f in facts_of(brief) for n in f.notes
    ]
    assert sorted(set(read)) == [n.number for n in brief.notes]
    assert list(dict.fromkeys(read)) == sorted(set(read))  # first met, first numbered
    assert all(f.notes for f in facts_of(brief))  # no sentence without its source


@pytest.mark.parametrize(("entity", "other"), [("CNPC", None), ("SASAC", None), ("Huawei", None),
                                               ("CHN Energy", None), ("SASAC", "China Mobile")])  # fmt: skip
def test_every_footnote_quotes_its_document(
    g: kg.KG, seedset: SeedSet, entity: str, other: str | None
) -> None:
    brief = g.brief(entity, other)
    assert facts_of(brief)
    _check_sources(brief, seedset)


def test_facts_are_grouped_by_meaning_and_say_what_the_graph_says(g: kg.KG) -> None:
    brief = g.brief("SASAC")
    sections = {s.title: [f.text for f in s.facts] for s in brief.sections}
    assert list(sections) == ["Oversight and structure", "Partners", "Models, platforms and infrastructure",
                              "Policies, programmes and targets", "Events and publications", "Results", "People"]  # fmt: skip
    assert (
        "SASAC launched AI Huanxin (status from curation: operational) in July 2025."
        in sections["Models, platforms and infrastructure"]
    )
    assert "SASAC reported SOE total assets of 317.1 trillion yuan in 2023." in sections["Results"]
    assert "Li Zhen serves at SASAC as vice-chairman." in sections["People"]
    # a publication is written, not organised; it and the meetings are events, not partners
    assert any(
        t.startswith("SASAC wrote the SASAC article in the first Qiushi issue")
        for t in sections["Events and publications"]
    )
    assert not any("held the SASAC article" in t for t in sections["Events and publications"])
    assert (
        brief.who[0][0]
        == "State-owned Assets Supervision and Administration Commission of the State Council (国务院国有资产监督管理委员会)"
    )
    pair = g.brief("CHN Energy", "Huawei")
    assert [s.title for s in pair.sections] == ["Between them", "Connected to both"]
    assert [f.text for f in pair.sections[0].facts] == [
        "CHN Energy works with Huawei on deploying the MineHarmony operating system in its mines "
        "[no single note names both]."
    ]


def test_collective_bodies_and_events_are_not_partners(g: kg.KG) -> None:
    """Central SOEs carrying out a programme, companies at a ceremony: organisations involved."""
    for name in (
        "AI Plus special action",
        "Opening ceremony of SASAC's AI training program for central SOEs",
    ):
        sections = {s.title: [f.text for f in s.facts] for s in g.brief(name).sections}
        assert "Partners" not in sections and sections["Organisations involved"], sections
    action = {s.title: [f.text for f in s.facts] for s in g.brief("AI Plus special action").sections}
    assert "Central SOEs implement the AI Plus special action (planned)." in action["Organisations involved"]


def test_sentences_read_as_an_editor_writes(g: kg.KG) -> None:
    """Common nouns in lower case mid-sentence, a verb that agrees, one full stop, one verb
    form per relationship (the model's)."""
    texts = [
        f.text for e in ("SASAC", "central-soes", "CHN Energy", "CNPC", "CRRC") for f in facts_of(g.brief(e))
    ]
    assert (
        "SASAC launched the specialized AI training program for central SOEs on 24 October 2024"
        in " ".join(texts)
    )
    assert "CNPC is in the energy and chemicals sector." in texts
    assert any(t.startswith("Central SOEs implement ") for t in texts)
    assert not any(re.search(r"\.\.|\s[,.;:]|\s\s", t) for t in texts), [t for t in texts if ".." in t]
    assert not any(re.search(r" (?:launched|held|supervises|develops) (?:Specialized|Opening|Launch|Central) ", t)
                   for t in texts)  # fmt: skip
    types = {r.id: r.type for r in g.store.read_graph().relationships}
    model = load_model()
    for fact in (f for e in ("SASAC", "central-soes", "CRRC", "Opening ceremony of SASAC's AI training program for central SOEs")
                 for f in facts_of(g.brief(e))):  # fmt: skip
        says = model.relationships[types[fact.relationship]].says.split("{}")[0].strip()
        assert f" {says} " in fact.text or f" {agree(says, True)} " in fact.text, (
            fact.text
        )  # the model's one verb
    comment = next(t for t in texts if t.startswith("Li Jin commented on central SOEs: "))
    assert comment.count(".") == 1 and comment.endswith(
        "cybersecurity [no note names Li Jin or central SOEs]."
    )


def test_options_narrow_the_brief(g: kg.KG, seedset: SeedSet) -> None:
    july = g.brief("SASAC", since="2025-07", until="2025-07")
    assert {f.date for f in facts_of(july)} == {"2025-07"}
    daily = g.brief("SASAC", publishers=["china daily"])
    publishers = {d.id: d.publisher for d in seedset.graph.documents}
    assert daily.notes and {publishers[n.doc_id] for n in daily.notes} == {"China Daily"}
    assert len(facts_of(daily)) < len(facts_of(g.brief("SASAC")))
    wide = g.brief("CNPC", depth=2)
    assert len(facts_of(wide)) > len(facts_of(g.brief("CNPC")))


def test_markdown_snapshot(g: kg.KG) -> None:
    """The seed brief on SASAC as an editor receives it (set SOEKG_UPDATE_SNAPSHOTS=1 to rewrite
    it after a deliberate change, and read the diff)."""
    text = g.brief("SASAC").markdown()
    if os.environ.get("SOEKG_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")
    notes = re.findall(r"^\[\^(\d+)\]: “", text, flags=re.MULTILINE)
    assert notes == [str(n) for n in range(1, len(notes) + 1)]


@pytest.mark.slow
def test_the_command_prints_what_the_api_composes(g: kg.KG, built: BuildReport, tmp_path: Path) -> None:
    printed = cli("brief", "SASAC", "--db", str(built.db_path))
    as_text = cli("brief", "SASAC", "-o", str(tmp_path / "sasac.txt"), "--db", str(built.db_path))
    assert as_text.returncode == 0 and (tmp_path / "sasac.txt").read_text("utf-8") == printed.stdout
    assert printed.returncode == 0 and printed.stdout == g.brief("SASAC").markdown()
    written = cli(
        "brief", "CNPC", "-f", "docx", "-o", str(tmp_path / "cnpc.docx"), "--db", str(built.db_path)
    )
    assert written.returncode == 0, written.stderr
    paragraphs = "\n".join(p.text for p in docx.Document(str(tmp_path / "cnpc.docx")).paragraphs)
    assert all(f.parts[0].text in paragraphs for f in facts_of(g.brief("CNPC")))
    usage = cli("brief", "CNPC", "-f", "pdf", "--db", str(built.db_path))
    assert usage.returncode == 2 and "unknown brief format" in usage.stderr  # a usage mistake
    for args, message in ((["Nobody"], "no entity called 'Nobody'"),
                          (["CNPC", "--unreviewed", "hide"], "unreviewed takes mark or omit"),
                          (["CNPC", "--since", "2025-13"], "must be an ISO date")):  # fmt: skip
        refused = cli("brief", *args, "--db", str(built.db_path))
        assert refused.returncode == 1 and message in refused.stderr and len(refused.stderr.splitlines()) == 1


@pytest.mark.slow
def test_disagreeing_sources_are_shown_with_their_notes(seeds_copy: Path, tmp_path: Path) -> None:
    from tests.test_conflicts import _ingest_two

    db = _ingest_two(seeds_copy, tmp_path, "March 12, 2025", "March 27, 2025")
    brief = kg.open(db).brief("China Mobile", "Huawei")
    (fact,) = brief.sections[0].facts
    assert sorted(says for says, _ in fact.disagreement) == ["date 12 March 2025", "date 27 March 2025"]
    assert re.search(
        r"Sources disagree: date 2\d March 2025\[\^\d\]; date 1\d March 2025\[\^\d\]\.", brief.markdown()
    )


@pytest.mark.slow
def test_unreviewed_facts_are_marked_or_left_out(seeds_copy: Path, tmp_path: Path) -> None:
    from tests.test_ingest import ARTICLE

    article = tmp_path / "sinopec-baidu.md"
    article.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "kg.lbug"
    assert (
        cli(
            "ingest", str(article), "--seeds", str(seeds_copy), "--db", str(db), "--out", str(tmp_path / "o")
        ).returncode
        == 0
    )
    g = kg.open(db)
    marked = g.brief("Sinopec")
    assert any(f.unreviewed for f in facts_of(marked)) and "*(unreviewed)*" in marked.markdown()
    with pytest.raises(KGError, match=r"no facts about China Petrochemical Corporation match these options "
                                      r"\(unreviewed facts left out\); nothing was written"):  # fmt: skip
        g.brief("Sinopec", unreviewed="omit")  # all of them are unreviewed: nothing to write


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    with offline_page(browser, 1100, 1400) as page:
        yield page


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)")
def test_the_html_brief_opens_offline_and_prints(g: kg.KG, page: Page, tmp_path: Path) -> None:
    brief = g.brief("SASAC")
    path = brief.save(tmp_path / "sasac.html")
    page.page.goto(path.as_uri())
    assert page.remote_requests == [] and page.errors == []
    shown = page.page.inner_text("body")
    assert all(f.text in shown for f in facts_of(brief)) and all(n.quote in shown for n in brief.notes)
    targets = page.page.eval_on_selector_all("sup a", "links => links.map(a => a.getAttribute('href'))")
    assert targets and all(page.page.query_selector(t) is not None for t in set(targets))  # every note exists
    assert page.page.eval_on_selector_all("svg circle", "c => c.length") > 10  # the map is drawn
    pdf = page.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "brief-sasac.pdf").write_bytes(pdf)
