"""The Python API and its CLI twin give the same answers; bad questions get one clear message."""

from __future__ import annotations

import inspect
import json

import pandas as pd
import pytest

import kg
from kg.build import BuildReport
from kg.errors import KGError
from kg.query.results import Results
from tests.conftest import cli, run_cli


@pytest.fixture(scope="module")
def g(built: BuildReport) -> kg.KG:
    graph = kg.open(built.db_path)
    yield graph
    graph.close()


def _cli_answer(built: BuildReport, query: str, params: dict[str, object]) -> list[dict[str, object]]:
    args = [x for k, v in params.items() for x in ("--param", f"{k}={v}")]
    answer = cli("query", query, *args, "--json", "--db", str(built.db_path))
    assert answer.returncode == 0, (query, answer.stderr)
    return json.loads(answer.stdout)  # type: ignore[no-any-return]


@pytest.mark.slow
def test_every_library_query_gives_the_same_rows_through_cli_and_api(g: kg.KG, built: BuildReport) -> None:
    for query in g.queries():
        assert _cli_answer(built, query.name, query.params) == g.run(query.name, **query.params).records()


# The arguments an analyst would give each method: names, not ids, as in a notebook.
METHOD_ARGS: dict[str, tuple[object, ...]] = {
    "partners": ("CHN Energy",),
    "company_partners": ("Hikvision",),
    "model_history": ("Kunlun",),
    "agency": ("SASAC",),
    "document": ("000_b788352872a1fbc9",),  # a file stem
    "timeline": ("2026-01-01", "2026-12-31"),
    "evidence": ("CHN Energy", "Huawei"),
    "paths": ("CNPC", "SASAC"),
    "neighbourhood": ("Kunlun", 2),
}


@pytest.mark.slow
def test_every_api_method_gives_the_rows_its_cli_query_gives(g: kg.KG, built: BuildReport) -> None:
    """Walk every public method that answers with a table: its CLI twin, `soekg query` with the
    query and parameters the answer names, prints the same rows."""
    methods = [name for name, fn in inspect.getmembers(kg.KG, inspect.isfunction)
               if not name.startswith("_") and inspect.signature(fn).return_annotation in ("Results", Results)
               and name not in ("run", "cypher", "builds")]  # fmt: skip
    assert len(methods) >= 13
    for name in methods:
        answer = getattr(g, name)(*METHOD_ARGS.get(name, ()))
        assert answer.query in g.library, name
        # the curated seeds agree with each other (tests/test_conflicts.py has seeds that do not)
        assert len(answer) > 0 or name == "conflicts", f"{name}{METHOD_ARGS.get(name, ())} answers nothing"
        assert _cli_answer(built, answer.query, answer.params) == answer.records(), name


def test_results_convert(g: kg.KG) -> None:
    df = g.partners("CHN Energy").to_df()
    assert isinstance(df, pd.DataFrame) and list(df["partner"]) == [
        "Hangzhou Hikvision Digital Technology", "Huawei Technologies",
    ]  # fmt: skip
    graph = g.document("doc-b788352872a1fbc9").to_networkx()
    assert graph.has_edge("China Energy Investment Corporation", "Huawei Technologies")
    hood = g.neighbourhood_graph("CNPC", depth=1)
    assert {"cnpc", "kunlun-large-model"} <= set(hood.nodes)
    assert all(d["evidence"] for _, _, d in hood.edges(data=True))


def test_names_aliases_and_chinese_names_resolve(g: kg.KG) -> None:
    assert g.resolve("SASAC") == g.resolve("国资委") == g.resolve("sasac") == "sasac"
    assert g.resolve("Zhang Yuzhuo") == g.resolve("张玉卓") == "zhang-yuzhuo"
    evidence = g.evidence("CHN Energy", "Huawei").records()
    assert [e["relationship"] for e in evidence] == ["PARTNERS_WITH"]
    assert any("in collaboration with Huawei" in quote for quote in evidence[0]["evidence"])


def test_timeline_dates_facts_by_their_event(g: kg.KG) -> None:
    rows = g.timeline("2025-01-01", "2025-12-31").records()
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert "LAUNCHES" in {r["relationship"] for r in rows}
    assert all(r["evidence"] for r in rows)  # facts only, each with its sentences
    # "What did SASAC do in 2026?": its meeting, dated by the event it organised
    sasac = g.timeline("2026-01-01", "2026-12-31").records()
    organised = [r for r in sasac if r["relationship"] == "ORGANISES"]
    assert [(r["date"], r["dated_by"]) for r in organised] == [("2026-02-10", organised[0]["target"])]
    assert organised[0]["source"].startswith("State-owned Assets Supervision")
    # ... asked of SASAC alone, by name, with years as the range: the same fact, nothing else
    only = g.timeline("2026", "2026", entity="国资委").records()
    assert [(r["date"], r["relationship"]) for r in only] == [("2026-02-10", "ORGANISES")]
    assert all(organised[0]["source"] in (r["source"], r["target"]) for r in only)
    # a year range takes every day of that year, on both ends
    assert len(g.timeline("2025", "2025")) == len(rows) > 0


def test_date_ranges_compare_at_the_coarser_precision() -> None:
    from kg.export.views import _in_range

    assert _in_range("2026-12-31", "2026", "2026") and _in_range("2026", "2026-03-01", "2026-03-31")
    assert not _in_range("2027-01-01", "2026", "2026") and not _in_range("2025-12-31", "2026", None)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: g.partners("Sinopeck"), "no entity called 'Sinopeck' (close matches:"),
        (
            lambda g: g.run("partners"),
            "no library query 'partners' (close: company_partners, partners_of_soe",
        ),
        (lambda g: g.run("partners_of_soe"), "needs soe (for example: --param soe=chn-energy)"),
        (lambda g: g.run("partners_of_soe", soe="x", year=3), "has no parameter 'year'"),
        (lambda g: g.run("neighbourhood", id="cnpc", depth="two"), "'depth' must be a whole number"),
        (lambda g: g.neighbourhood("cnpc", depth=9), "parameter 'depth' must be from 1 to 3, got 9"),
        (lambda g: g.run("people_roles", limit="all"), "parameter 'limit' must be a whole number"),
        (lambda g: g.cypher("MATCH (n RETURN n"), "query failed: Parser exception"),
        (lambda g: g.cypher("MATCH (n:SOE) DETACH DELETE n"), "read-only"),
    ],
)
def test_bad_questions_get_one_clear_message(g: kg.KG, call: object, message: str) -> None:
    with pytest.raises(KGError) as info:
        call(g)  # type: ignore[operator]
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_ambiguous_names_list_the_choices(built: BuildReport, tmp_path: object) -> None:
    graph = kg.open(built.db_path)
    # "Central" alone is no entity; two entities share no alias in the seeds, so make a tie
    graph._index()
    assert graph._names is not None
    graph._names["acme"] = {"cnpc", "crrc"}
    with pytest.raises(
        KGError, match=r"'Acme' is ambiguous: China National Petroleum Corporation \(cnpc, SOE\), CRRC"
    ):
        graph.resolve("Acme")
    graph.close()


@pytest.mark.slow
def test_pages_cover_the_whole_answer(g: kg.KG, built: BuildReport) -> None:
    whole = g.run("document_facts", doc="doc-b788352872a1fbc9").rows
    assert len(whole) > 10
    pages = [
        g.run("document_facts", doc="doc-b788352872a1fbc9", skip=k, limit=4).rows
        for k in range(0, len(whole), 4)
    ]
    assert [row for page in pages for row in page] == whole
    assert all(len(page) == 4 for page in pages[:-1])
    # A full page from the CLI says how to get the next one (on stderr: --json stays clean).
    cli = run_cli("query", "document_facts", "-p", "doc=doc-b788352872a1fbc9", "-p", "limit=4", "--json",
                  "--db", str(built.db_path))  # fmt: skip
    assert len(json.loads(cli.stdout)) == 4 and "--param skip=4" in cli.stderr
    last = run_cli("query", "document_facts", "-p", "doc=doc-b788352872a1fbc9", "--db", str(built.db_path))
    assert "more may follow" not in last.stderr


@pytest.mark.slow
def test_cli_usage_errors(built: BuildReport) -> None:
    result = run_cli("query", "partners_of_soe", "--db", str(built.db_path))
    assert result.returncode == 1 and "needs soe" in result.stderr and "Traceback" not in result.stderr
    listing = run_cli("query", "--list", "--db", str(built.db_path))
    assert listing.returncode == 0 and "shortest_paths" in listing.stdout


def test_importing_kg_leaves_the_pinyin_dictionaries_unloaded() -> None:
    # 190,000 objects every full garbage collection of a notebook would walk (the query outliers)
    import subprocess
    import sys

    code = "import sys, kg; kg.open; print('pypinyin' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
