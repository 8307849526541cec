"""Every sentence of every brief of the seeds claims only what its notes say: its entities
and the dates, statuses and phrases it states appear in one of its notes, or carry a mark
saying what they rest on; its first note names both ends, or the sentence says none does.

The checks here read the rendered sentence and the notes' quotes with rules of their own
(years, month names, day numbers, status words), not with the brief's code.
"""

from __future__ import annotations

import re

import pytest

import kg
from kg.brief import Brief
from kg.brief.compose import facts_of
from kg.brief.wording import Wording
from kg.build import BuildReport
from kg.model import load_model
from kg.seeds.quotes import MONTHS, Naming

DATE_MARKS = ("[date inferred: ", "[year from the document's date]", "[date from the document's date]",
              "[date from curation]")  # fmt: skip
STATUS_STEMS = {"announced": ["announc", "launch", "unveil", "release"], "planned": ["plan", "will ", "aim"],
                "pilot": ["pilot", "trial"], "deployed": ["deploy", "in use", "applied in"],
                "operational": ["operation", "operating", "in service", "running"],
                "completed": ["complet", "finished", "built"]}  # fmt: skip


@pytest.fixture(scope="module")
def g(built: BuildReport) -> kg.KG:
    return kg.open(built.db_path)


def _briefs(g: kg.KG) -> list[Brief]:
    """A brief of every entity with a fact (one without is refused: see test_one_answer)."""
    graph = g.store.read_graph()
    with_facts = {end for r in graph.relationships if r.type != "MENTIONS" for end in (r.source, r.target)}
    return [g.brief(e.id) for e in sorted(graph.entities, key=lambda e: e.id) if e.id in with_facts]


def _words_of_names(text: str, names: list[str]) -> str:
    """The sentence less its two names (a name's own figures and years are the entity's)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


@pytest.mark.slow
def test_every_sentence_of_every_seed_brief_is_supported_or_marked(g: kg.KG) -> None:
    graph = g.store.read_graph()
    naming = Naming(graph)
    wording = Wording(graph, naming)
    rels = {r.id: r for r in graph.relationships}
    checked = marked = 0
    for brief in _briefs(g):
        quotes = {n.number: n.quote for n in brief.notes}
        for fact in facts_of(brief):
            text, cited = fact.text, [quotes[n] for n in fact.notes]
            own = fact.evidence
            assert own, text
            source, target = fact.ends
            # Entities: each end is named by a note, or the sentence says which is not.
            for end in (source, target):
                if not any(naming.names(e, end) for e in own):
                    said = re.search(r"\[no note names ([^\]]*)\]", text)
                    assert said and wording.name(end) in said[1].split(" or "), text
                    marked += 1
            # The first note names both ends, or the sentence says none does.
            if not (naming.names(own[0], source) and naming.names(own[0], target)):
                assert "[no note names" in text or "[no single note names both]" in text, text
            names = [wording.name(source), wording.name(target)]
            rest = _words_of_names(text, [n[0].upper() + n[1:] for n in names] + names)
            rest = re.sub(r"\[date inferred: [^\]]*\]", " ", rest)  # the note about a date quotes it
            # Dates: every year, month and day the sentence gives is in a note, or marked.
            years = re.findall(r"\b(?:19|20)\d\d\b", rest)
            months = [m for m in MONTHS if re.search(rf"\b{m}\b", rest)]
            days = re.findall(rf"\b(\d{{1,2}}) (?:{'|'.join(MONTHS)})\b", rest)
            if years or months or days:
                stated = (
                    all(any(y in q for q in cited) for y in years)
                    and all(any(re.search(rf"\b{m}\b|\b{m[:3]}\.", q) for q in cited) for m in months)
                    and all(any(re.search(rf"\b{d}\b", q) for q in cited) for d in days)
                )
                assert stated or any(mark in text for mark in DATE_MARKS), text
                checked += 1
            # Statuses: a status word the sentence gives is in a note, or marked as curation's.
            for status in load_model().statuses:
                if re.search(rf"\({status}\)|; {status}\)|\({status};", rest):
                    assert any(s in q.lower() for q in cited for s in STATUS_STEMS[status]), text
                    checked += 1
                elif f"status from curation: {status}" in rest:
                    marked += 1
            # Phrases (a topic, a role, a summary): their words are in a note, or marked.
            for value in rels[fact.relationship].properties.values():
                words = [w.casefold()[:5] for w in re.findall(r"[A-Za-z]{4,}", str(value))]
                found = max((sum(w in q.casefold() for w in words) for q in cited), default=0)
                if words and found < (len(words) if len(words) <= 6 else 0.75 * len(words)):
                    assert "[in the curators' words]" in text, (text, value)
                    marked += 1
                else:
                    checked += 1
    assert checked > 50 and marked > 10  # the seeds exercise both sides


def test_a_value_no_note_states_is_marked_for_what_it_rests_on(g: kg.KG) -> None:
    cnpc = {f.text for f in facts_of(g.brief("CNPC"))}
    assert "CNPC develops Kunlun (status from curation: deployed)." in cnpc
    assert "CNPC is part of central SOEs [no single note names both]." in cnpc
    sasac = facts_of(g.brief("SASAC"))
    training = next(
        f for f in sasac if f.text.startswith("SASAC launched the specialized AI training program")
    )
    assert "on 24 October 2024 [date inferred: October 24; the year is inferred" in training.text
    qiushi = next(f for f in sasac if f.text.startswith("SASAC published in Qiushi"))
    assert qiushi.text == "SASAC published in Qiushi in January 2025 [date from the document's date]."
    # A notes' document dated by inference says so.
    assert g.brief("SASAC").notes[0].source().endswith("October 2024 (date inferred)")


def test_a_date_from_an_event_comes_with_the_note_that_states_it(g: kg.KG) -> None:
    brief = g.brief("China Baowu")
    (fact,) = facts_of(brief)
    assert len(fact.parts) == 2 and fact.parts[0].text.endswith("on 24 October 2024")
    (dating,) = fact.parts[0].notes
    note = brief.notes[dating - 1]
    assert note.quote.startswith("On October 24, the State-owned Assets Supervision")
    assert fact.parts[1].text.startswith(" [date inferred: October 24; the year is inferred")
    assert re.search(r"on 24 October 2024\[\^\d+\] \\\[date inferred", brief.markdown())


def test_the_first_note_names_both_ends(g: kg.KG) -> None:
    """Huawei's note first: the sentence naming CHN Energy alone used to lead."""
    hood = {f.text: f for f in facts_of(g.brief("SASAC"))}
    supervises = hood["SASAC supervises central SOEs."]
    assert "SASAC" in supervises.evidence[0].quote and "central SOEs" in supervises.evidence[0].quote
    (partner,) = facts_of(g.brief("Huawei"))
    assert partner.text.endswith("[no single note names both].")
    assert "Huawei" in partner.evidence[0].quote  # the note naming the brief's subject's partner first


def test_the_map_leads_with_the_sentence_naming_both(built: BuildReport) -> None:
    from kg.export.html import build_network

    graph = kg.open(built.db_path).store.read_graph()
    _, details = build_network(graph)
    rel = next(
        r
        for r in graph.relationships
        if (r.type, r.source, r.target) == ("SUPERVISES", "sasac", "central-soes")
    )
    first = details[f"e:{rel.id}"]["evidence"][0]["quote"]
    assert "SASAC" in first and "central SOEs" in first
