"""The curated seeds: documents intact, every quote in its document, key facts present."""

from __future__ import annotations

import hashlib

import yaml

from kg.model.records import KnowledgeGraph
from kg.seeds.load import SeedSet
from tests.conftest import SEEDS


def _rel(graph: KnowledgeGraph, rel_type: str, source: str, target: str):
    found = [r for r in graph.relationships if (r.type, r.source, r.target) == (rel_type, source, target)]
    assert found, f"missing {rel_type} {source} -> {target}"
    return found[0]


def test_documents_are_the_shared_originals(seedset: SeedSet) -> None:
    assert len(seedset.graph.documents) == 5
    for doc in seedset.graph.documents:
        data = (SEEDS / doc.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc.sha256
        # Document ids keep the identifier the original file name carries.
        assert doc.id == "doc-" + (SEEDS / doc.path).stem.split("_")[1]
        assert doc.date_basis in {"stated", "inferred", "unknown"}
        assert doc.date_note, f"{doc.id}: say how the date was read"


def test_every_evidence_quote_is_in_its_document_at_its_offsets(seedset: SeedSet) -> None:
    docs = {d.id: (SEEDS / d.path).read_text(encoding="utf-8") for d in seedset.graph.documents}
    checked = 0
    for rel in seedset.graph.relationships:
        assert rel.provenance.evidence, rel.id
        for ev in rel.provenance.evidence:
            assert docs[ev.doc_id][ev.start : ev.end] == ev.quote, (rel.type, rel.source, rel.target)
            checked += 1
    assert checked > 300


def test_curated_quotes_in_files_are_verbatim() -> None:
    """Read the fact files directly (not through the loader) and look for each quote."""
    texts = {}
    for meta in (SEEDS / "documents").glob("*.meta.yaml"):
        doc_id = yaml.safe_load(meta.read_text(encoding="utf-8"))["id"]
        texts[doc_id] = meta.with_name(meta.name.replace(".meta.yaml", ".txt")).read_text(encoding="utf-8")
    for path in (SEEDS / "facts").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for fact in data["facts"]:
            quotes = fact["evidence"] if isinstance(fact["evidence"], list) else [fact["evidence"]]
            for quote in quotes:
                assert quote in texts[data["document"]], (path.name, quote[:60])


def test_no_catalog_entry_is_unsupported(seedset: SeedSet) -> None:
    assert seedset.warnings == []
    mentioned = {r.target for r in seedset.graph.relationships if r.type == "MENTIONS"}
    assert mentioned == {e.id for e in seedset.graph.entities}


def test_key_facts_an_analyst_expects(seedset: SeedSet) -> None:
    g = seedset.graph
    entities = {e.id: e for e in g.entities}
    kunlun = entities["kunlun-large-model"]
    assert kunlun.properties["parameters"] == {"value": 300e9, "unit": "parameters", "qualifier": "exact"}
    assert [q["value"] for q in kunlun.properties["parameter_history"]] == [33e9, 70e9, 300e9]
    assert _rel(g, "DEVELOPS", "cnpc", "kunlun-large-model")
    hub = entities["cm-chengdu-hub"].properties
    assert (hub["intelligent_computing"]["value"], hub["intelligent_computing"]["unit"]) == (1675, "PFLOPS")
    assert entities["crrc-dubai-blue-line-contract"].properties["value"]["unit"] == "USD"
    assert _rel(g, "PARTNERS_WITH", "chn-energy", "hikvision").properties["topic"]
    assert _rel(g, "PARTNERS_WITH", "chn-energy", "huawei")
    assert _rel(g, "USES", "china-mobile", "deepseek-model")
    launch = _rel(g, "LAUNCHES", "sasac", "ai-huanxin")
    assert launch.provenance.date == "2025-07"
    assert _rel(g, "SUPERVISES", "sasac", "central-soes")
    assert _rel(g, "HOLDS_ROLE", "zhang-yuzhuo", "sasac").properties["role"] == "Party Secretary and Director"
    assert entities["zhang-yuzhuo"].name_zh == "张玉卓"
    assert entities["zhu-songchun"].name_zh == "朱松纯"
    assert entities["bigai"].name_zh == "北京通用人工智能研究院"
    target = entities["target-2027-smart-terminals-70"].properties
    assert (target["value"]["value"], target["year"]) == (70, 2027)


def test_a_fact_stated_twice_keeps_both_sources(seedset: SeedSet) -> None:
    rel = _rel(seedset.graph, "SETS_TARGET", "ai-plus-guideline", "target-2027-smart-terminals-70")
    assert rel.provenance.doc_ids == ["doc-b788352872a1fbc9", "doc-61c2d96440bd8ec1"]
    issues = _rel(seedset.graph, "ISSUES", "state-council", "ai-plus-guideline")
    assert issues.provenance.date == "2025-08"  # one document gives the year, the other only the month


def test_every_document_supports_some_facts(seedset: SeedSet) -> None:
    per_doc = {d.id: 0 for d in seedset.graph.documents}
    for rel in seedset.graph.relationships:
        if rel.type != "MENTIONS":
            for doc_id in rel.provenance.doc_ids:
                per_doc[doc_id] += 1
    assert all(n >= 5 for n in per_doc.values()), per_doc
