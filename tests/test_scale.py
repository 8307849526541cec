"""A build that finishes at any size: each shortcut taken for speed gives what the plain way
gives, and a graph too large for one map is built whole with an overview map.

The times and memory are the benchmarks' (``python -m benchmarks --only seeds``), not tests'.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from benchmarks.synthetic_seeds import write_seeds
from kg.build import BuildReport
from kg.export.html import MAX_EDGES
from kg.export.json import json_text, node_link
from kg.export.overview import fits_one_map, overview
from kg.model import load_model
from kg.model.records import KnowledgeGraph
from kg.model.rows import rel_row
from kg.model.schema import arrow_schema, rel_columns
from kg.seeds.load import SeedSet, load_seeds
from kg.store import EmbeddedStore
from kg.store.tables_arrow import graph_tables
from tests.conftest import cli, run_cli


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """A synthetic seeds folder's graph: hub facts stated by many documents, disputed dates."""
    root = tmp_path_factory.mktemp("synthetic") / "seeds"
    write_seeds(root, 3_000)
    return load_seeds(root).graph


def _graphs(seedset: SeedSet, synthetic: KnowledgeGraph) -> list[KnowledgeGraph]:
    return [seedset.graph, synthetic, KnowledgeGraph()]


def test_records_built_without_a_second_check_equal_checked_ones(
    seedset: SeedSet, synthetic: KnowledgeGraph
) -> None:
    for graph in _graphs(seedset, synthetic)[:2]:
        assert KnowledgeGraph.model_validate(graph.model_dump()) == graph


def test_a_fact_stated_by_many_documents_keeps_each_sentence_once(synthetic: KnowledgeGraph) -> None:
    hub = max(synthetic.relationships, key=lambda r: len(r.provenance.evidence) * (r.type != "MENTIONS"))
    sentences = [(e.doc_id, e.start, e.quote) for e in hub.provenance.evidence]
    assert len(sentences) > 20 and len(set(sentences)) == len(sentences)
    assert any(r.provenance.conflict for r in synthetic.relationships)  # the synthetic seeds disagree too


@pytest.mark.parametrize("pretty", [False, True])
def test_json_written_in_pieces_is_what_json_dumps_writes_of_node_link_data(
    seedset: SeedSet, synthetic: KnowledgeGraph, pretty: bool
) -> None:
    for graph in _graphs(seedset, synthetic):
        text = json_text(graph, pretty)
        if pretty:  # indented: the standard encoder's text, character for character
            assert text == json.dumps(node_link(graph), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
        else:  # one line (orjson): the same data, keys in the same order, Chinese as written
            assert json.loads(text) == node_link(graph) and text.endswith("}\n")
            compact = json.dumps(node_link(graph), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            assert text == compact + "\n"
    assert "\n" not in json_text(seedset.graph).rstrip("\n")  # one line unless asked


def test_relationship_tables_built_by_column_equal_the_rows(
    seedset: SeedSet, synthetic: KnowledgeGraph
) -> None:
    model = load_model()
    for graph in _graphs(seedset, synthetic)[:2]:
        types = graph.node_types()
        _, tables = graph_tables(graph)
        for (rel_type, src, dst), table in tables.items():
            rows = [{"from": r.source, "to": r.target, **rel_row(r)} for r in graph.relationships
                    if (r.type, types[r.source], types[r.target]) == (rel_type, src, dst)]  # fmt: skip
            schema = arrow_schema(rel_columns(model, rel_type), endpoints=True)
            assert table.equals(pa.Table.from_pylist(rows, schema=schema)), rel_type


def test_an_overview_keeps_the_hubs_the_facts_among_them_and_their_sources(synthetic: KnowledgeGraph) -> None:
    part, said = overview(synthetic, size=40)
    degree = {e.id: 0 for e in synthetic.entities}
    for rel in synthetic.relationships:
        if rel.type != "MENTIONS":
            degree[rel.source] += 1
            degree[rel.target] += 1
    kept = {e.id for e in part.entities}
    assert len(kept) == 40 and min(degree[i] for i in kept) >= max(
        v for i, v in degree.items() if i not in kept
    )
    facts = [r for r in part.relationships if r.type != "MENTIONS"]
    assert facts and all(r.source in kept and r.target in kept for r in facts)
    docs = {d.id for d in part.documents}
    assert {d for r in facts for d in r.provenance.doc_ids} == docs
    assert all(r.source in docs and r.target in kept for r in part.relationships if r.type == "MENTIONS")
    assert said.startswith(f"Overview: the 40 best-connected of {len(synthetic.entities):,} entities, ")


@pytest.mark.slow
def test_export_json_is_one_line_unless_pretty_through_cli_and_api(built_db: Path, tmp_path: Path) -> None:
    import kg

    for pretty in (False, True):
        target = tmp_path / f"g-{pretty}.json"
        result = cli(
            "export", "--format", "json", "--db", str(built_db), "-o", str(target), *["--pretty"] * pretty
        )
        assert result.returncode == 0, result.stderr
        with kg.open(built_db) as graph:
            api = graph.export("json", tmp_path / "api.json", pretty=pretty)
        assert target.read_text("utf-8") == api.read_text("utf-8")
        assert (target.read_text("utf-8").count("\n") > 100) is pretty
    refused = cli(
        "export", "--format", "graphml", "--db", str(built_db), "-o", str(tmp_path / "g.graphml"), "--pretty"
    )
    assert refused.returncode == 1 and refused.stderr.strip() == "error: --pretty is for JSON, not graphml"


@pytest.fixture
def built_db(built: BuildReport) -> Path:
    return built.db_path


@pytest.mark.slow
def test_a_graph_too_large_for_one_map_is_built_whole_with_an_overview_map(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    write_seeds(seeds, 30_000)
    result = run_cli(
        "build", "--seeds", str(seeds), "--db", str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "out")
    )
    assert result.returncode == 0, result.stderr[-2000:]
    graph = load_seeds(seeds).graph
    assert not fits_one_map(graph) and len(graph.relationships) > MAX_EDGES
    with EmbeddedStore(tmp_path / "kg.lbug") as store:  # the database holds all of it
        counts = store.counts()
    assert sum(counts[t] for t in load_model().relationships) == len(graph.relationships)
    assert len(json.loads((tmp_path / "out" / "soe-kg.json").read_text("utf-8"))["links"]) == len(
        graph.relationships
    )
    page = (tmp_path / "out" / "soe-kg.html").read_text("utf-8")
    assert (
        "Overview: the 2,000 best-connected of" in page and "soekg export --format html --entity ID" in page
    )
    (note,) = [line for line in result.stdout.splitlines() if line.startswith("note: ")]
    assert "soe-kg.html: Overview: the 2,000 best-connected" in note and "soekg export --format html" in note


def test_a_long_list_of_seed_files_parsed_on_every_core_reads_as_one_at_a_time(tmp_path: Path) -> None:
    from kg.errors import KGError
    from kg.seeds.yamlio import PARALLEL_FROM, read_yaml, read_yamls

    paths = []
    for i in range(PARALLEL_FROM + 50):
        path = tmp_path / f"{i:04}.yaml"
        path.write_text(f"document: d{i}\nfacts:\n  - {{source: a, type: USES, target: b{i}}}\n", "utf-8")
        paths.append(path)
    assert list(read_yamls(paths)) == [read_yaml(p) for p in paths]
    paths[123].write_text("document: d\nfacts: [\n", "utf-8")  # the file a user broke
    paths[200].write_text("a: [b\n", "utf-8")  # a later one: the first is named
    with pytest.raises(KGError) as caught:
        list(read_yamls(paths))
    assert caught.value.path == str(paths[123]) and caught.value.line is not None
    assert str(caught.value).startswith(f"{paths[123]}:") and "invalid YAML" in str(caught.value)


def test_an_error_from_a_worker_keeps_its_class_path_and_line() -> None:
    import pickle

    from kg.review.files import Changed

    sent = Changed("the file changed on disk", path="seeds/review/a.yaml", line=3)
    back = pickle.loads(pickle.dumps(sent))  # noqa: S301 - our own bytes, as a worker sends them; what a worker's error becomes in the parent
    assert type(back) is Changed and (back.problem, back.path, back.line) == (sent.problem, sent.path, 3)
    assert str(back) == "seeds/review/a.yaml:3: the file changed on disk"
