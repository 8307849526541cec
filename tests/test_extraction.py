"""Recognition, resolution and relation rules on text the rules were not written against."""

from __future__ import annotations

import functools
import itertools
from typing import Any

import pytest

from kg.ingest.dates import normalise_date
from kg.ingest.extract import Extraction, Extractor
from kg.ingest.recognise import Recogniser
from kg.ingest.resolve import FUZZY_THRESHOLD, Resolver
from kg.model import load_model
from kg.model.names import normalise
from kg.model.records import Entity
from kg.seeds.load import SeedSet

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


@functools.cache
def _extractor(catalog: tuple[Entity, ...] = tuple(CATALOG)) -> Extractor:
    return Extractor(list(catalog))


def _extract(text: str, published: str | None = "2025-06-01") -> Extraction:
    return _extractor().extract(text, published, scope="t")


def _names(result: Extraction) -> set[tuple[str, str]]:
    return {(m.text, node.type) for m, node in result.nodes.items()}


def _facts(result: Extraction) -> set[tuple[str, str, str]]:
    """Facts as (source name, type, target name), names as the entities' canonical names."""
    names = {n.key: n.name for n in result.nodes.values()} | {k: n.name for k, n in result.candidates.items()}
    names |= {k: e.name for k, e in _extractor().entities.items()}
    return {(names[f.source], f.type, names[f.target]) for f in result.facts}


def test_unknown_names_are_found_from_their_shape() -> None:
    found = _names(_extract(NEWS))
    assert ("AVIC", "SOE") in found  # the gazetteer's central SOE
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
    assert (300.0, "airports") in figures  # what a figure counts is its noun
    assert (40.0, "%") in figures


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("in July 2025", None, "2025-07"),
        ("late April", "2025-09-01", "2025-04"),
        ("in November", "2025-03-01", "2024-11"),  # a month after publication is last year's
        ("last year", "2025-01-15", "2024"),
        ("late April", None, None),  # cannot be placed without a publication date
        ("on Wednesday", "2025-09-17", "2025-09-17"),  # the publication day is a Wednesday
        ("Saturday", "2025-10-12", "2025-10-11"),
        ("September 17", "2025-09-17", "2025-09-17"),
        ("December 23 last year", "2026-03-03", "2025-12-23"),
        ("last December", "2025-04-22", "2024-12"),
        ("February 30", "2025-04-22", None),  # no such day
    ],
)
def test_relative_dates(phrase: str, published: str | None, expected: str | None) -> None:
    assert normalise_date(phrase, published)[0] == expected


def test_a_weekday_dates_the_facts_of_its_sentence() -> None:
    result = _extract("On Wednesday, State Grid unveiled the Guangming Large Model.", "2025-09-17")
    launch = next(f for f in result.facts if f.type == "LAUNCHES")
    assert launch.date == "2025-09-17" and "Wednesday" in str(launch.date_note)


def test_resolution_rules() -> None:
    r = Resolver(CATALOG)
    assert r.resolve("China National Petroleum Corp.", "Company").entity == "cnpc"
    assert (r.resolve("CNPC", "SOE").entity, r.resolve("CNPC", "SOE").rule) == ("cnpc", "acronym")
    assert r.resolve("SASAC", "Agency").entity == "sasac"
    assert r.resolve("国资委", "Agency").entity == "sasac"
    assert r.resolve("Zhang Yu-zhuo", "Person").entity == "zhang-yuzhuo"
    fuzzy = r.resolve("China Natonal Petroleum Corporation", "SOE")  # a typo
    assert (fuzzy.entity, fuzzy.rule) == ("cnpc", "fuzzy") and fuzzy.score >= FUZZY_THRESHOLD


def test_resolution_never_merges_across_types_ties_or_parents() -> None:
    r = Resolver([*CATALOG, Entity(id="cnnc", type="SOE", name="China National Nuclear Corporation")])
    assert r.resolve("State Grid", "Person").entity is None  # a person is not an enterprise
    assert r.resolve("China National Oil Company", "SOE").entity is None  # similar, not the same
    assert r.resolve("China National Nuclear Power", "SOE").entity is None  # a unit is not its parent
    tie = Resolver([Entity(id="a", type="SOE", name="Acme"), Entity(id="b", type="Company", name="Acme")])
    decision = tie.resolve("Acme", "Company")
    assert decision.entity is None and decision.rule.startswith("ambiguous")


def test_a_cut_off_subsidiary_name_never_resolves_to_its_parent() -> None:
    result = _extract("China National Nuclear Power Co reported record output, said CNNC.")
    power = next(n for m, n in result.nodes.items() if m.text.startswith("China National Nuclear Power"))
    assert power.key != "cnnc" and power.type == "SOE"


def test_normalise_drops_case_quotes_and_suffixes() -> None:
    assert normalise("“The” CHINA MOBILE Communications Group Co., Ltd.") == "china mobile communications"


def test_acronyms_and_dictionary_words_match_as_written() -> None:
    result = _extract("MOST said most firms use AI. Bright ideas are bright. The Xinhua report is out.")
    names = _names(result)
    assert ("MOST", "Agency") in names  # the Ministry of Science and Technology
    assert not any(text == "most" for text, _ in names)


def test_relations_follow_the_sentence_and_the_model() -> None:
    result = _extract(NEWS, published="2025-03-10")
    facts = _facts(result)
    avic = "Aviation Industry Corporation of China"
    assert (avic, "LAUNCHES", "Tianmu Large Model") in facts
    assert (avic, "PARTNERS_WITH", "Alibaba Cloud") in facts
    role = next(f for f in result.facts if f.type == "HOLDS_ROLE")
    assert role.properties["role"] == "chairman"
    launch = next(f for f in result.facts if f.type == "LAUNCHES")
    assert launch.date == "2025-03-03" and 0 < launch.confidence <= 1
    types = {n.key: n.type for n in result.nodes.values()} | {
        c.key: c.type for c in result.candidates.values()
    }
    types |= {k: e.type for k, e in _extractor().entities.items()}
    assert all(load_model().allows(f.type, types[f.source], types[f.target]) for f in result.facts)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # one-word and CamelCase brands, hyphenated versions linked to their family
        ("Sinopec, PetroChina and CNOOC linked their models to DeepSeek-R1.",
         {("China Petrochemical Corporation", "USES", "DeepSeek-R1"), ("PetroChina", "USES", "DeepSeek-R1"),
          ("China National Offshore Oil Corporation", "USES", "DeepSeek-R1"), ("DeepSeek-R1", "PART_OF", "DeepSeek")}),
        ("Sinochem adopted iFlytek's Spark model and Huawei's PanGu models.",
         {("iFlytek", "DEVELOPS", "iFlytek Spark")}),
        ("Its research arm TeleAI released TeleChat2-115B in September.", {("TeleAI", "LAUNCHES", "TeleChat2-115B")}),
        # "and", "&" and "Co" inside names; a subsidiary in apposition
        ("China Oil and Gas Pipeline Network Corp built the network.", set()),
        ("Beijing Zhiwang Digital Technology, a unit of PipeChina, built the tool.",
         {("Beijing Zhiwang Digital Technology", "PART_OF", "China Oil & Gas Pipeline Network Corporation")}),
        # reduced passives and "by" phrases
        ("The platform was controlled by SASAC, and the Yuanqi model was developed by CEC.",
         {("China Electronics Corporation", "DEVELOPS", "Yuanqi")}),
        ("The Guideline on AI Plus, issued by the State Council, took effect.",
         {("State Council of the People's Republic of China", "ISSUES", "Guideline on AI Plus")}),
        # partners in a list, and the co-developed thing
        ("China Mobile teamed up with Huawei and iFlytek as a co-developer of the Kunlun model.",
         {("China Mobile Communications Group", "PARTNERS_WITH", "Huawei Technologies"),
          ("China Mobile Communications Group", "PARTNERS_WITH", "iFlytek"),
          ("China Mobile Communications Group", "DEVELOPS", "Kunlun"), ("iFlytek", "DEVELOPS", "Kunlun")}),
        ("CNPC signed a strategic cooperation agreement with Baidu on Monday.",
         {("China National Petroleum Corporation", "PARTNERS_WITH", "Baidu")}),
        # objects after "such as"
        ("China Telecom deployed models such as DeepSeek-R1 and Qwen.",
         {("China Telecommunications Corporation", "DEPLOYS", "DeepSeek-R1"),
          ("China Telecommunications Corporation", "DEPLOYS", "Qwen")}),
        # "the company" and "it" carry the subject
        ("Sinopec is expanding its AI work. The company has built the Changjiang model.",
         {("China Petrochemical Corporation", "DEVELOPS", "Changjiang")}),
    ],
)  # fmt: skip
def test_relations_from_news_sentence_shapes(sentence: str, expected: set[tuple[str, str, str]]) -> None:
    facts = _facts(_extract(sentence))
    assert expected <= facts, sorted(facts)


def test_name_forms_of_news_english() -> None:
    text = (
        "Zhang Ping'an, chairman of China National Nuclear Power Co., Ltd. "
        '(hereinafter referred to as "CNNP"), spoke. CNNP set up the Tianshu large language model. '
        'It also launched "Smart Reactor", an AI model, and the "Digital Power Grid Upgrade Action for '
        'New Energy Integration" programme. Xinhua and the Global Times reported the news. '
        "China Southern Power Grid and China Southern Power both spoke."
    )
    names = _names(_extract(text))
    assert ("Zhang Ping'an", "Person") in names
    assert any(t.startswith("China National Nuclear Power Co") and k == "SOE" for t, k in names)
    assert ("CNNP", "SOE") in names
    assert ("Tianshu", "AIModel") in names
    assert ("Xinhua", "MediaOutlet") in names and ("Global Times", "MediaOutlet") in names
    assert ("China Southern Power Grid", "SOE") in names


def test_a_place_in_brackets_is_part_of_a_units_name_and_co_ends_a_sentence() -> None:
    """A unit named by its place ("X (Hong Kong) Co") is one name, however many words the place
    has; "Co." before "It" ends the sentence, so the next sentence's pronoun is no part of it."""
    text = (
        "The forum was hosted by COSCO SHIPPING (Hong Kong) Co and COSCO SHIPPING (Hainan) Co. "
        "It drew 300 guests."
    )
    names = _names(_extract(text))
    assert ("COSCO SHIPPING (Hong Kong) Co", "SOE") in names
    assert any(t.startswith("COSCO SHIPPING (Hainan) Co") and "It" not in t for t, _ in names), names
    assert not any(t in ("Co", "Co.") for t, _ in names), names


@pytest.mark.parametrize(
    ("text", "false"),
    [
        ("The tools help achieve natural language processing at scale.", "natural language processing"),
        (
            "The company completed 43 upgrades in the power sector last year.",
            "43 upgrades:Sector",
        ),  # an Outcome
        ("PetroChina sells Natural Gas to cities.", "Natural Gas"),
        ("Foundation models are spreading.", "Foundation"),
        ("The nation's top State-owned assets regulator said so.", "State-owned"),
        ("Firms invest where the government and industry urgently need it.", "government and industry"),
        ("It built a trusted data space. Ten hubs serve this data space.", "data space"),
        ("SASAC set reforms.Executor of National Strategy\nSASAC leads.", "National Strategy"),
        ('The bank wants to turn lending into a "pipeline" model.', "pipeline"),  # a figure of speech
        ("Sector-specific models come next.", "Sector"),  # a compound that only opens the sentence
        ("SOURCE Bank of Communications Co., Ltd.", "SOURCE"),  # a press release's source line
        ("On the new action plan, Zhou noted that it worked.", "Zhou:Policy"),  # a speaker, no apposition
        ("The firm uses AI-driven systems and intelligent robots.", "systems"),  # a class, no one system
        ("The firm uses AI-driven systems and intelligent robots.", "intelligent robots"),
        ("It is strengthening security supervision in mines.", "strengthening"),  # a verb opens no scenario
    ],
)
def test_no_false_entities(text: str, false: str) -> None:
    """``false`` ("name" or "name:Type") is not a name found, nor inside one (but "trusted data space")."""
    name, _, kind = false.partition(":")
    names = _names(_extract(text))
    assert not any(name in t and kind in ("", k) for t, k in names if t != "trusted data space"), names


def test_an_article_defines_its_own_short_names() -> None:
    """The article's definition of a short name wins over the gazetteer's, and a known firm's longer
    name is its own, not a unit of the firm its first words name."""
    extractor = Extractor(
        [
            Entity(
                id="crec", type="SOE", name="China Railway Group Limited", aliases=["China Railway", "CREC"]
            ),
            Entity(
                id="chn-energy",
                type="SOE",
                name="China Energy Investment Corporation",
                aliases=["China Energy"],
            ),
            Entity(
                id="ceec", type="SOE", name="China Energy Engineering Corporation", aliases=["Energy China"]
            ),
        ]
    )
    operator = extractor.extract(
        "China State Railway Group Co., Ltd. (China Railway), the rail operator, ran more trains. "
        "China Railway also tested a dispatching model.",
        "2025-06-01",
        scope="t",
    )
    assert "crec" not in {n.key for n in operator.nodes.values()}
    builder = extractor.extract("China Energy Engineering Group Co. signed a deal.", "2025-06-01", scope="t")
    assert {n.key for n in builder.nodes.values()} == {"ceec"}
    acronym = extractor.extract(
        "China Railway Engineering Group Limited (CREC) built the bridge. CREC said so.",
        "2025-06-01",
        scope="t",
    )
    assert {n.key for n in acronym.nodes.values()} == {"crec"}


def test_a_firm_called_a_state_firms_unit_is_a_state_firm() -> None:
    extractor = Extractor(
        [
            Entity(id="cnnp", type="SOE", name="China National Nuclear Power", aliases=["CNNP"]),
            Entity(id="dongfeng", type="SOE", name="Dongfeng Motor Corporation", aliases=["Dongfeng Motor"]),
        ]
    )
    text = (
        "Haiyang Nuclear Power Co, a CNNP subsidiary, won the award. Chairman of Haiyang Nuclear Power Co "
        "Li Ming spoke. Lantu Auto Technology Co, a unit of Dongfeng Motor, joined. "
        "Zhipu Huazhang Technology Co, a start-up, joined too."
    )
    names = {(m.text, n.type) for m, n in extractor.extract(text, "2025-06-01", scope="t").nodes.items()}
    assert {("Haiyang Nuclear Power Co", "SOE"), ("Lantu Auto Technology Co", "SOE")} <= names
    assert ("Haiyang Nuclear Power Co", "Company") not in names  # every mention of the name alike
    assert ("Zhipu Huazhang Technology Co", "Company") in names


def test_every_recognised_name_is_placed() -> None:
    """A candidate no fact uses is still an entity of the document, at its offsets."""
    result = _extract("Officials met on Monday. Zhipu Huazhang Technology Co was also named.")
    (mention,) = [m for m in result.nodes if m.text == "Zhipu Huazhang Technology Co"]
    assert result.found.text[mention.start : mention.end] == mention.text
    assert result.nodes[mention].key in result.candidates


def test_figures_become_properties_outcomes_and_targets() -> None:
    text = (
        "China Telecom released Xingchen (星辰), a large language model with 100 billion parameters. "
        'The carrier unveiled its "AI+" action plan. It will double its computing capacity by 2028 '
        "and open 100 strategic high-value scenarios. Its cloud has reached more than 600 projects."
    )
    result = _extract(text, published="2025-10-12")
    xingchen = next(k for k, n in result.candidates.items() if n.name == "Xingchen")
    assert result.properties[xingchen]["parameters"] == "100 billion parameters"
    targets = {n.name for n in result.candidates.values() if n.type == "Target"}
    assert any("double its computing capacity" in t for t in targets)
    assert any(n.type == "Outcome" and n.name == "more than 600 projects" for n in result.candidates.values())
    assert any(f.type == "SETS_TARGET" for f in result.facts)


def test_subject_carried_from_previous_sentence() -> None:
    text = (
        "State Grid is expanding its digital operations across the country. "
        "It has also developed the Guangming Large Model with Huawei Technologies."
    )
    result = _extract(text)
    develops = next(f for f in result.facts if f.type == "DEVELOPS")
    assert develops.source == "state-grid" and develops.confidence < 0.8  # a carried subject is less certain


def test_sector_and_place_statements() -> None:
    text = (
        "Shenzhen-based Ping An Technologies works in sectors such as finance, healthcare and logistics. "
        "The Harbin Institute of Robotics in Harbin built a model for the shipbuilding sector. "
        "The institute opened an office in Wuhan, Hubei province last year."
    )
    facts = _facts(_extract(text))
    assert ("Ping An Technologies", "LOCATED_IN", "Shenzhen") in facts
    assert {("Ping An Technologies", "IN_SECTOR", s) for s in ("finance", "healthcare", "logistics")} <= facts
    assert ("Wuhan", "LOCATED_IN", "Hubei") in facts
    assert not any(a == "Harbin Institute of Robotics" and t == "IN_SECTOR" for a, t, _ in facts)  # no sector


EDGE_TEXTS = [
    "",
    "\n",
    'One.\n\n\nTwo!? "Three." (Four.)\nFive',
    "  leading spaces.\r\nCRLF line\rCR only. 中文句子。下一句！",
    "Headline In Title Case For Everyone\nBody text follows. It ends.",
    "No full stop at all",
    "...!!!",
]


@functools.cache
def _stock_pipeline() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


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


def test_fast_sentences_and_tokens_equal_spacys_own(seedset: SeedSet) -> None:
    import spacy

    from benchmarks.synthetic import article
    from kg.ingest.tokens import _nlp, tokenise

    texts = [*seedset.texts.values(), *(article(i) for i in range(10)), *EDGE_TEXTS]
    texts += [t.replace(". ", ".\n\n") for t in seedset.texts.values()]
    for text in texts:
        found = tokenise(text)
        tokens, spans = _reference_sentences(text)
        assert list(zip(found.words, found.start, strict=True)) == tokens  # no whitespace special cases
        assert found.sentences == spans
    assert spacy.blank("en").tokenizer.rules.keys() > _nlp().tokenizer.rules.keys()  # some were dropped


@pytest.mark.slow
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


def test_sectors_resolve_by_what_they_reduce_to_and_lists_need_a_sector_first() -> None:
    power = Entity(id="power", type="Sector", name="Electric power")
    extractor = Extractor([*CATALOG, power])
    result = extractor.extract(
        "Its platform serves the power sector and the electricity industry.", None, "t"
    )
    assert {n.key for n in result.nodes.values() if n.type == "Sector"} == {"power"}
    assert not result.candidates
    listed = _names(_extract("The group works in 16 industries, including energy, construction and finance."))
    assert {t for t, k in listed if k == "Sector"} == {"energy", "construction", "finance"}
    duties = _names(_extract("The deal covers many tasks, including line design, construction and testing."))
    assert not any(k == "Sector" for _, k in duties)


def test_three_fields_listed_together_are_sectors_without_a_cue() -> None:
    listed = _names(_extract("Applications are to reach raw materials, equipment manufacturing, consumer goods "
                             "and electronic information first."))  # fmt: skip
    assert {t for t, k in listed if k == "Sector"} == {
        "raw materials", "equipment manufacturing", "consumer goods", "electronic information"
    }  # fmt: skip
    two = _names(_extract("The plan covers design, construction and power for the new line."))
    assert not any(k == "Sector" for _, k in two)  # two known fields and a task: no list of fields
    lines = _names(_extract("He heads the unit's automotive, energy, transportation and logistics business."))
    assert not any(k == "Sector" for _, k in lines)  # a unit's lines of business
