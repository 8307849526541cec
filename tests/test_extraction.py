"""Recognition, resolution and relation rules on text the rules were not written against."""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable
from typing import Any

import numpy as np
import pytest

from kg.ingest.dates import normalise_date
from kg.ingest.extract import Extractor
from kg.ingest.recognise import Recogniser
from kg.ingest.resolve import FUZZY_THRESHOLD, Resolver, normalise
from kg.records import Entity
from kg.seeds import SeedSet

NEWS = (
    "Aviation Industry Corporation of China (AVIC) unveiled the Tianmu Large Model on March 3, 2025. "
    "The Ministry of Emergency Management and the National Data Administration attended the launch. "
    'Wang Jianjun, chairman of AVIC, said the "Smart Skies" platform will serve 300 airports. '
    "AVIC developed the system jointly with Alibaba Cloud, cutting inspection time by 40 percent. "
    "The Shanghai Institute of Aviation Research and Sinopec Group also took part."
)

CATALOG = [
    Entity(id="sasac", type="Agency", name="State-owned Assets Supervision and Administration Commission",
           aliases=["国资委"]),
    Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation"),
    Entity(id="zhang-yuzhuo", type="Person", name="Zhang Yuzhuo", name_zh="张玉卓"),
    Entity(id="state-grid", type="SOE", name="State Grid Corporation of China", aliases=["State Grid"]),
    Entity(id="grid-sector", type="Sector", name="Power grid"),
]  # fmt: skip


def test_unknown_names_are_found_from_their_shape() -> None:
    found = {(m.text, m.label) for m in Recogniser([])(NEWS).mentions}
    assert ("Aviation Industry Corporation of China", "SOE") in found  # "of China": state-owned
    assert ("Tianmu Large Model", "AIModel") in found
    assert ("Ministry of Emergency Management", "Agency") in found
    assert ("National Data Administration", "Agency") in found
    assert ("Wang Jianjun", "Person") in found
    assert ("Alibaba Cloud", "Company") in found
    assert ("Shanghai Institute of Aviation Research", "ResearchBody") in found
    assert any(label == "Platform" and "Smart Skies" in text for text, label in found)


def test_dates_and_figures_are_typed() -> None:
    found = Recogniser([])(NEWS, published="2025-03-10")
    assert [d.value for d in found.dates] == ["2025-03-03"]
    figures = {(f.value["value"], f.value["unit"]) for f in found.figures}
    assert (300.0, "airports") not in figures  # not a unit we know: left alone rather than guessed
    assert (40.0, "%") in figures


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("in July 2025", None, "2025-07"),
        ("late April", "2025-09-01", "2025-04"),
        ("in November", "2025-03-01", "2024-11"),  # a month after publication is last year's
        ("last year", "2025-01-15", "2024"),
        ("late April", None, None),  # cannot be placed without a publication date
    ],
)
def test_relative_dates(phrase: str, published: str | None, expected: str | None) -> None:
    assert normalise_date(phrase, published)[0] == expected


def test_resolution_rules() -> None:
    r = Resolver(CATALOG)
    assert r.resolve("China National Petroleum Corp.", "Company").entity == "cnpc"
    assert (r.resolve("CNPC", "SOE").entity, r.resolve("CNPC", "SOE").rule) == ("cnpc", "acronym")
    assert r.resolve("SASAC", "Agency").entity == "sasac"
    assert r.resolve("国资委", "Agency").entity == "sasac"
    assert r.resolve("Zhang Yu-zhuo", "Person").entity == "zhang-yuzhuo"
    fuzzy = r.resolve("China Natonal Petroleum Corporation", "SOE")  # a typo
    assert (fuzzy.entity, fuzzy.rule) == ("cnpc", "fuzzy") and fuzzy.score >= FUZZY_THRESHOLD


def test_resolution_never_merges_across_types_or_ties() -> None:
    r = Resolver(CATALOG)
    assert r.resolve("State Grid", "Person").entity is None  # a person is not an enterprise
    assert r.resolve("China National Oil Company", "SOE").entity is None  # similar, not the same
    tie = Resolver([Entity(id="a", type="SOE", name="Acme"), Entity(id="b", type="Company", name="Acme")])
    decision = tie.resolve("Acme", "Company")
    assert decision.entity is None and decision.rule.startswith("ambiguous")


def test_normalise_drops_case_quotes_and_suffixes() -> None:
    assert normalise("“The” CHINA MOBILE Communications Group Co., Ltd.") == "china mobile communications"


def test_relations_follow_the_sentence_and_the_model() -> None:
    result = Extractor(CATALOG).extract(NEWS, published="2025-03-10")
    triples = {(f.type, f.source, f.target) for f in result.facts}
    avic = "aviation-industry-corporation-of-china"
    assert ("LAUNCHES", avic, "tianmu-large-model") in triples
    assert ("PARTNERS_WITH", avic, "alibaba-cloud") in triples
    role = next(f for f in result.facts if f.type == "HOLDS_ROLE")
    assert (role.source, role.target, role.properties["role"]) == ("wang-jianjun", avic, "chairman")
    assert result.decisions["AVIC"].rule == "defined"  # "(AVIC)" after the name defines it
    launch = next(f for f in result.facts if f.type == "LAUNCHES")
    assert launch.date == "2025-03-03" and 0 < launch.confidence <= 1
    # every proposal is one the model allows between the two entities' types
    from kg.model import load_model

    types = {n.key: n.type for n in result.nodes.values()} | {
        c.key: c.type for c in result.candidates.values()
    }
    assert all(load_model().allows(f.type, types[f.source], types[f.target]) for f in result.facts)


@pytest.mark.parametrize(
    ("sentence", "proposed"),
    [
        ("State Grid developed the Guangming Large Model.", True),
        ("State Grid co-developed the Guangming Large Model.", True),
        ("State Grid redeveloped the Guangming Large Model.", False),  # a trigger starts a word
        ("State Grid undeveloped the Guangming Large Model.", False),
    ],
)
def test_verb_triggers_are_whole_words(sentence: str, proposed: bool) -> None:
    facts = Extractor(CATALOG).extract(sentence).facts
    assert any(f.type == "DEVELOPS" for f in facts) is proposed


def _plain_triggers(text: str, cuts: Iterable[int] = (), every: int = 1) -> tuple[Any, dict[int, Any]]:
    """What find_triggers finds in every ``every``-th sentence of ``text`` as the recogniser
    reads it, or with its words cut at ``cuts`` instead; and the readable definition: each
    rule's regex over the whole text, the matches in those sentences kept."""
    from kg.ingest.triggers import VERB_RULES, find_triggers

    found = _fast_recogniser()(text)
    words = found.words
    if cuts:
        vocab = _fast_recogniser().nlp.vocab
        edges = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
        words = np.array([[vocab.strings.add(text[a:b]), a, b - a] for a, b in itertools.pairwise(edges)])
    starts = [s for s, _ in found.sentences]
    expected: dict[int, Any] = {}
    for rule, rx, _ in VERB_RULES:
        for m in rx.finditer(text):
            index = bisect.bisect_right(starts, m.start()) - 1
            assert m.end() <= found.sentences[index][1]  # no trigger crosses a sentence boundary
            if index % every == every - 1:
                expected.setdefault(index, {}).setdefault(rule, []).append((m.start(), m.end(), m.group()))
    wanted = range(every - 1, len(starts), every)
    return find_triggers(text, words.astype(np.uint64), found.sentences, wanted), expected


def test_triggers_are_the_rules_regexes_matches(seedset: SeedSet) -> None:
    from benchmarks.synthetic import article

    texts = [*seedset.texts.values(), *(article(i) for i in range(20)), *EDGE_TEXTS]
    texts.append(  # a word split in two tokens, words inside tokens, phrases over two tokens
        "It cannot be developed for.\nxco-developed, AI-for-all, a/for, e.g.deploy, for2; put into use "
        "(co-developed) built\non rolled out. Rolled out, self-developed for_ for-"
    )
    total = 0
    for text in texts:
        got, expected = _plain_triggers(text)
        assert got == expected
        assert _plain_triggers(text, every=2)[0] == _plain_triggers(text, every=2)[1]
        total += sum(len(hits) for rules in expected.values() for hits in rules.values())
    assert total > 100  # the texts hold triggers


def test_each_alternative_of_a_searched_regex_holds_a_word_it_needs() -> None:
    from kg.ingest.relations import NEEDS

    for rx, words in NEEDS.items():
        alternatives = rx.pattern.split("(", 1)[1].split(")", 1)[0].split("|")  # the first group's
        assert len(alternatives) >= 2
        for alternative in alternatives:
            assert any(w in alternative.lower() for w in words), alternative


def test_subject_carried_from_previous_sentence() -> None:
    text = (
        "State Grid is expanding its digital operations across the country. "
        "It has also developed the Guangming Large Model with Huawei Technologies."
    )
    result = Extractor(CATALOG).extract(text)
    develops = next(f for f in result.facts if f.type == "DEVELOPS")
    assert (develops.source, develops.target) == ("state-grid", "guangming-large-model")
    assert develops.confidence < 0.8  # a carried-over subject is less certain


def test_sector_and_place_statements() -> None:
    text = (
        "Shenzhen-based Ping An Technologies works in sectors such as finance, healthcare and logistics. "
        "The Harbin Institute of Robotics in Harbin built a model for the shipbuilding sector. "
        "The institute opened an office in Wuhan, Hubei province last year. "
        "The group also set up labs covering healthcare and energy."
    )
    result = Extractor(CATALOG).extract(text)
    triples = {(f.type, f.source, f.target) for f in result.facts}
    assert ("LOCATED_IN", "ping-an-technologies", "shenzhen") in triples
    assert {
        ("IN_SECTOR", "ping-an-technologies", s) for s in ("finance", "healthcare", "logistics")
    } <= triples
    assert (
        "IN_SECTOR",
        "harbin-institute-of-robotics",
        "shipbuilding",
    ) not in triples  # institutes have no sector
    # "labs covering …": the sentence's subject is too far from the cue to be the one covering them
    assert not any(t[0] == "IN_SECTOR" and t[2] == "energy" for t in triples)


def test_flag_patterns_match_exactly_what_the_readable_patterns_match(seedset: SeedSet) -> None:
    import spacy
    from spacy.matcher import Matcher

    from benchmarks.synthetic import article
    from kg.ingest import patterns as P
    from kg.ingest.flags import FlagCache, native_patterns

    nlp = spacy.blank("en")
    readable, native = Matcher(nlp.vocab), Matcher(nlp.vocab, validate=False)
    flags: FlagCache = {}
    for label, pats in P.RULES:
        readable.add(label, pats)
        native.add(label, native_patterns(pats, nlp.vocab, flags))
    assert flags and all(flag >= 0 for flag in flags.values())  # every predicate became a flag
    texts = [*seedset.texts.values(), *(article(i) for i in range(10))]
    for text in texts:
        doc = nlp(text)
        assert sorted(native(doc)) == sorted(readable(doc))


def _word_pool() -> list[str]:
    """Words the patterns look for, and words around them, to build text that matches a lot."""
    from kg.ingest import patterns as P

    pool = [*P.AGENCY_HEADS, *P.RESEARCH_HEADS, *P.COMPANY_HEADS, *P.INDUSTRY_WORDS, *P.SURNAMES[:8]]
    pool += [*P.MONTHS[:14], *P.UNITS[:8], *P.SCALES, *P.TITLES[:6], *P.GENERIC_AFTER_CHINA[:4]]
    pool += "China State Grid Pangu Large Model large model Platform platform GPT-4 LLM said and of".split()  # noqa: SIM905
    pool += "in by since last next year month sector energy 14th five - year plan Guidelines on with".split()  # noqa: SIM905
    pool += ["12", "2025", "3.5", "$", "¥", "more", "than", ",", ".", '"', "“", "”", "\n", "CNPC", "AI"]
    return pool


def _plain_and_anchored() -> tuple[Any, Any, Any]:
    import spacy
    from spacy.matcher import Matcher

    from kg.ingest import patterns as P
    from kg.ingest.anchored import AnchoredMatcher

    nlp = spacy.blank("en")
    plain = Matcher(nlp.vocab)
    for label, pats in P.RULES:
        plain.add(label, pats)
    return nlp, plain, AnchoredMatcher(nlp.vocab, P.anchored_rules())


def test_anchored_matcher_finds_exactly_what_the_plain_matcher_finds(seedset: SeedSet) -> None:
    """Running each pattern only near its anchor word loses no match and adds none."""
    from benchmarks.synthetic import article

    nlp, plain, anchored = _MATCHERS()
    texts = [*seedset.texts.values(), *(article(i) for i in range(20)), *EDGE_TEXTS]
    texts += [t.replace("\n", " ") for t in seedset.texts.values()]
    total = 0
    for text in texts:
        doc = nlp.make_doc(text)
        expected = sorted(set(plain(doc)))
        assert sorted(anchored(doc)) == expected
        total += len(expected)
    assert total > 1000  # the texts exercise the patterns


def test_anchored_matches_come_in_rule_order_at_an_equal_span() -> None:
    nlp, _, anchored = _MATCHERS()
    doc = nlp.make_doc("China Mobile and China Telecom")
    labels = [(s, e, nlp.vocab.strings[m]) for m, s, e in anchored(doc)]
    assert (0, 2, "Company") in labels and (0, 2, "SOE") in labels
    assert labels.index((0, 2, "Company")) < labels.index((0, 2, "SOE"))  # Company comes first in RULES


def test_two_sets_of_word_flags_on_one_vocabulary_do_not_share_bits() -> None:
    import spacy

    from kg.ingest.flags import WordFlags

    nlp = spacy.blank("en")
    ministry = WordFlags(nlp.vocab, [[{"LOWER": {"IN": ["ministry"]}}]])
    digits = WordFlags(nlp.vocab, [[{"TEXT": {"REGEX": r"^\d+$"}}]])
    (m_bit,), (d_bit,) = ministry.cache.values(), digits.cache.values()
    assert m_bit != d_bit
    doc = nlp.make_doc("Ministry 2025")
    words = doc.to_array("ORTH").tolist()
    ministry.update(words)
    digits.update(words)
    assert [(t.check_flag(m_bit), t.check_flag(d_bit)) for t in doc] == [(True, False), (False, True)]


_MATCHERS = functools.cache(_plain_and_anchored)


@functools.cache
def _stock_pipeline() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@functools.cache
@functools.cache
def _fast_recogniser() -> Recogniser:
    return Recogniser([])


def _fast_tokenizer() -> Any:
    return _fast_recogniser().nlp


def _reference_sentences(text: str) -> tuple[list[tuple[str, int]], list[tuple[int, int]]]:
    """The readable definition: spaCy's stock tokenizer and sentencizer, then a line break
    ends a sentence (the token holding it and the one after it start one)."""
    doc = _stock_pipeline()(text)
    starts = {s.start for s in doc.sents}
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in token.text:
            starts.add(token.i)
    bounds = [*sorted(starts), len(doc)]
    spans = [(doc[a:b].start_char, doc[a:b].end_char) for a, b in itertools.pairwise(bounds)]
    return [(t.text, t.idx) for t in doc], spans


EDGE_TEXTS = [
    "",
    "\n",
    'One.\n\n\nTwo!? "Three." (Four.)\nFive',
    "  leading spaces.\r\nCRLF line\rCR only. 中文句子。下一句！",
    "Headline In Title Case For Everyone\nBody text follows. It ends.",
    "No full stop at all",
    "...!!!",
]


def test_fast_sentences_and_tokens_equal_spacys_own(seedset: SeedSet) -> None:
    import spacy

    from benchmarks.synthetic import article
    from kg.ingest.sentences import split_sentences

    nlp = _fast_tokenizer()
    texts = [*seedset.texts.values(), *(article(i) for i in range(10)), *EDGE_TEXTS]
    texts += [t.replace(". ", ".\n\n") for t in seedset.texts.values()]
    for text in texts:
        doc = nlp.make_doc(text)
        found = split_sentences(doc, text)
        tokens, spans = _reference_sentences(text)
        assert [(t.text, t.idx) for t in doc] == tokens  # the tokenizer without whitespace special cases
        assert found.spans == spans
        assert [s.start for s in doc.sents] == found.starts  # and the doc carries them for the matcher
    assert spacy.blank("en").tokenizer.rules.keys() > nlp.tokenizer.rules.keys()  # some were dropped


def test_head_complements_joined_equal_one_pattern_per_name_form(seedset: SeedSet) -> None:
    """Names with a complement ("X Center of the State Council") come from joining two matches;
    they are exactly what a pattern for the whole form would match."""
    import spacy
    from spacy.matcher import Matcher

    from benchmarks.synthetic import article
    from kg.ingest import patterns as P
    from kg.ingest.recognise import _with_complements

    nlp = spacy.blank("en")
    whole, parts = Matcher(nlp.vocab), Matcher(nlp.vocab)
    for label, body in (("Agency", P._BODY), ("ResearchBody", P._BODY), ("Company", P._COMPANY_BODY)):
        head = {"ORTH": {"IN": P.ORG_HEADS[label]}}
        whole.add(label, [[P.PROPER, body, head], [P.PROPER, body, head, *P._TAIL], [head, *P._TAIL]])
        parts.add(label, [P._named(P.ORG_HEADS[label], body)])
    parts.add("COMPLEMENT", [P.COMPLEMENT])
    texts = [*seedset.texts.values(), *(article(i) for i in range(10))]
    texts.append(
        "The Development Research Center of the State Council and the Institute of Computing of CAS."
    )
    joined_forms = 0
    for text in texts:
        doc = nlp(text)
        expected = {(s, e, nlp.vocab.strings[m]) for m, s, e in whole(doc)}
        found = parts(doc)
        names = [(s, e, nlp.vocab.strings[m]) for m, s, e in found if nlp.vocab.strings[m] != "COMPLEMENT"]
        complements = [(s, e, "COMPLEMENT") for m, s, e in found if nlp.vocab.strings[m] == "COMPLEMENT"]
        assert set(_with_complements(doc, names, complements)) == expected
        joined_forms += sum(doc[s].text not in P.HEAD_TYPES and doc[e - 1].text not in P.HEAD_TYPES
                            for s, e, _ in expected)  # fmt: skip
    assert joined_forms  # the texts do hold names with both a name part and a complement


def test_synthetic_articles_have_the_seed_articles_rate_of_names_figures_and_facts(seedset: SeedSet) -> None:
    """The extraction benchmark's articles are only a fair test if they read like the real ones."""
    from benchmarks.synthetic import article

    extractor = Extractor(seedset.graph.entities)

    def rates(texts: list[str]) -> dict[str, float]:
        kb = sum(len(t.encode()) for t in texts) / 1000
        found = [extractor.extract(t, "2025-06-01") for t in texts]
        return {
            "names": sum(len(f.found.mentions) for f in found) / kb,
            "dates and figures": sum(len(f.found.dates) + len(f.found.figures) for f in found) / kb,
            "facts": sum(len(f.facts) for f in found) / kb,
            "KB per article": kb / len(texts),
        }

    real, synthetic = rates(list(seedset.texts.values())), rates([article(i) for i in range(20)])
    for key, value in real.items():
        assert value / 1.6 <= synthetic[key] <= value * 1.6, (key, synthetic[key], value)
