"""`soekg diff`: every kind of change between two builds, through the API, the command and the map."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kg
from kg.diff import diff
from kg.export.html import MapPage
from kg.export.json import write_json
from kg.model.records import (
    Document,
    Entity,
    Evidence,
    KnowledgeGraph,
    Provenance,
    Relationship,
    relationship_id,
)
from kg.seeds.load import SeedSet
from tests.conftest import CHROMIUM, Page, cli, offline_page

SHA = "0" * 64


def _doc(doc_id: str, sha: str = SHA) -> Document:
    return Document(id=doc_id, title=f"Report {doc_id}", publisher="Xinhua", published="2025-03-13", sha256=sha,
                    path=f"{doc_id}.txt")  # fmt: skip


def _fact(kind: str, a: str, b: str, quotes: list[tuple[str, str]], **prov: Any) -> Relationship:
    evidence = [Evidence(doc_id=d, quote=q, start=0, end=len(q)) for d, q in quotes]
    props = prov.pop("properties", {})
    return Relationship(id=relationship_id(kind, a, b), type=kind, source=a, target=b, properties=props,
                        provenance=Provenance(evidence=evidence, **prov))  # fmt: skip


@pytest.fixture(scope="module")
def before_after() -> tuple[KnowledgeGraph, KnowledgeGraph]:
    """Two builds between which every kind of change happens once."""
    docs = [_doc("doc-a"), _doc("doc-b"), _doc("doc-gone")]
    ents = [Entity(id="cm", type="SOE", name="China Mobile", aliases=["CM"]),
            Entity(id="hw", type="Company", name="Huawei"),
            Entity(id="old-co", type="Company", name="Old Co"),
            Entity(id="zl", type="Person", name="Zhang Li", candidate=True),
            Entity(id="jt", type="AIModel", name="Jiutian", properties={"parameters": "9 billion parameters"})]  # fmt: skip
    facts = [
        _fact(
            "PARTNERS_WITH",
            "cm",
            "hw",
            [("doc-a", "CM and Huawei signed.")],
            date="2025-03",
            method="rule",
            confidence=0.7,
        ),
        _fact("DEVELOPS", "cm", "jt", [("doc-a", "CM developed Jiutian.")], status="announced"),
        _fact("HOLDS_ROLE", "zl", "cm", [("doc-b", "Zhang Li of CM.")], properties={"role": "manager"}),
        _fact("PARTNERS_WITH", "cm", "old-co", [("doc-gone", "CM and Old Co.")]),
        _fact("DEPLOYS", "cm", "jt", [("doc-a", "CM deployed Jiutian."), ("doc-b", "Jiutian runs at CM.")]),
    ]
    old = KnowledgeGraph(documents=docs, entities=ents, relationships=facts)
    docs2 = [_doc("doc-a"), _doc("doc-b", "1" * 64), _doc("doc-new")]
    ents2 = [Entity(id="cm", type="SOE", name="China Mobile", aliases=["CM", "中国移动"]),
             Entity(id="hw", type="Company", name="Huawei"),
             Entity(id="zl", type="Person", name="Zhang Li"),
             Entity(id="jt", type="AIModel", name="Jiutian", properties={"parameters": "13.9 billion parameters"}),
             Entity(id="bd", type="Company", name="Baidu", candidate=True)]  # fmt: skip
    facts2 = [
        _fact(
            "PARTNERS_WITH",
            "cm",
            "hw",
            [("doc-a", "CM and Huawei signed."), ("doc-new", "Huawei joined CM.")],
            date="2025-03-12",
        ),
        _fact("DEVELOPS", "cm", "jt", [("doc-a", "CM developed Jiutian.")], status="deployed"),
        _fact("HOLDS_ROLE", "zl", "cm", [("doc-b", "Zhang Li of CM.")], properties={"role": "chairman"}),
        _fact("PARTNERS_WITH", "cm", "bd", [("doc-new", "CM and Baidu.")], method="rule", confidence=0.6),
        _fact("DEPLOYS", "cm", "jt", [("doc-a", "CM deployed Jiutian.")]),
    ]
    return old, KnowledgeGraph(documents=docs2, entities=ents2, relationships=facts2)


def test_every_kind_of_change_is_found(before_after: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    changes = {(c.kind, c.item, c.name): c.details for c in diff(*before_after).changes}
    assert changes == {
        ("added", "document", "Report doc-new"): ("Xinhua", "13 March 2025"),
        ("removed", "document", "Report doc-gone"): (),
        ("changed", "document", "Report doc-b"): ("text changed",),
        ("added", "entity", "Baidu"): ("unreviewed",),
        ("removed", "entity", "Old Co"): (),
        ("changed", "entity", "China Mobile"): ("aliases: CM → CM, 中国移动",),
        ("changed", "entity", "Jiutian"): ("parameters: 9 billion parameters → 13.9 billion parameters",),
        ("changed", "entity", "Zhang Li"): ("reviewed (was a candidate)",),
        ("added", "fact", "China Mobile PARTNERS_WITH Baidu"): ("unreviewed",),
        ("removed", "fact", "China Mobile PARTNERS_WITH Old Co"): (),
        ("changed", "fact", "China Mobile PARTNERS_WITH Huawei"): (
            "date: 2025-03 → 2025-03-12", "reviewed (was unreviewed)", "new sentence in doc-new: “Huawei joined CM.”"),
        ("changed", "fact", "China Mobile DEVELOPS Jiutian"): ("status: announced → deployed",),
        ("changed", "fact", "Zhang Li HOLDS_ROLE China Mobile"): ("role: manager → chairman",),
        ("changed", "fact", "China Mobile DEPLOYS Jiutian"): ("sentence gone from doc-b: “Jiutian runs at CM.”",),
    }  # fmt: skip
    result = diff(*before_after)
    assert result.summary() == ("1 document added, 1 document removed, 1 document changed, 1 entity added, "
                                "1 entity removed, 3 entities changed, 1 fact added, 1 fact removed, 4 facts changed")  # fmt: skip
    assert diff(before_after[0], before_after[0]).summary() == "no changes"


def test_the_command_gives_the_api_answer(
    before_after: tuple[KnowledgeGraph, KnowledgeGraph], tmp_path: Path
) -> None:
    old, new = (
        write_json(before_after[0], tmp_path / "old.json"),
        write_json(before_after[1], tmp_path / "new.json"),
    )
    printed = cli("diff", str(old), str(new), "--json")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout) == diff(*before_after, str(old), str(new)).as_dict()
    markdown = cli("diff", str(old), str(new), "--markdown").stdout
    assert (
        "## Facts changed (4)" in markdown
        and "- PARTNERS\\_WITH **China Mobile PARTNERS\\_WITH Baidu**" in markdown
    )
    table = cli("diff", str(old), str(new)).stdout
    assert "reviewed (was unreviewed)" in table and "1 fact added" in table
    broken = tmp_path / "broken.json"
    broken.write_text('{"nodes": 3}', encoding="utf-8")
    refused = cli("diff", str(broken), str(new))
    assert refused.returncode == 1 and refused.stderr.startswith(
        f"error: {broken}: not a soe-ai-kg JSON export"
    )


@pytest.mark.slow
def test_a_build_is_compared_with_the_build_before(
    seeds_copy: Path, tmp_path: Path, seedset: SeedSet
) -> None:
    """The weekly loop: build, ingest an article (which rebuilds), diff, accept, diff again."""
    from tests.test_ingest import ARTICLE

    db, out = tmp_path / "kg.lbug", tmp_path / "out"
    assert cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(out)).returncode == 0
    refused = cli("diff", "--db", str(db))
    assert refused.returncode == 1 and "no build of this database kept before the last one" in refused.stderr
    article = tmp_path / "sinopec-baidu.md"
    article.write_text(ARTICLE, encoding="utf-8")
    ingested = cli("ingest", str(article), "--seeds", str(seeds_copy), "--db", str(db), "--out", str(out))
    assert "what this adds: 1 document added" in ingested.stdout, ingested.stdout
    g = kg.open(db)
    changes = g.changes()
    assert changes.summary() == ingested.stdout.split("what this adds: ")[1].splitlines()[0]
    assert {c.name for c in changes.changes if c.item == "document"} == {
        "Sinopec and Baidu team up on industrial AI"
    }
    assert g.changes(since="2100").summary() == "no changes"  # the last build on or before 2100: this one
    accepted = cli("ingest", "--accept", str(seeds_copy / "review" / "sinopec-baidu.yaml"), "--seeds", str(seeds_copy),
                   "--db", str(db), "--out", str(out))  # fmt: skip
    assert accepted.returncode == 0, accepted.stderr
    reviewed = kg.open(db).changes()
    assert reviewed.changes and all(c.kind == "changed" for c in reviewed.changes if c.item == "fact")
    assert any("reviewed (was unreviewed)" in c.details for c in reviewed.changes)
    listed = cli("diff", "--list", "--db", str(db))
    assert listed.returncode == 0 and listed.stdout.count(".json") == 3  # build, ingest, accept


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    with offline_page(browser, 1400, 900) as page:
        yield page


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)")
def test_the_change_map_shows_what_changed_alone(
    before_after: tuple[KnowledgeGraph, KnowledgeGraph], page: Page, tmp_path: Path
) -> None:
    changes = diff(*before_after)
    path = MapPage(before_after[1], changes=changes.ids(), changes_label="last week").save(
        tmp_path / "changes.html"
    )
    page.open(path)
    assert page.errors == [] and page.remote_requests == []
    assert "only what changed since last week" in page.page.inner_text("#side")
    page.page.check("#only-changed")
    shown = page.js("window.soekg.edges.get({filter: e => !e.hidden}).map(e => e.id)")
    facts = {c.id for c in changes.changes if c.item == "fact" and c.kind != "removed"}
    assert set(shown) == facts
    widths = page.js("window.soekg.edges.get({filter: e => !e.hidden}).map(e => e.width)")
    assert set(widths) == {4}


@pytest.mark.slow
def test_since_compares_with_the_last_build_before_that_date_or_the_oldest(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Three builds dated 1, 10 and 20 January: --since picks the last one from before the day
    asked, or the oldest when none is that old, and says which."""
    db, out = tmp_path / "kg.lbug", tmp_path / "out"
    catalog = seeds_copy / "catalog" / "organisations.yaml"
    text = catalog.read_text("utf-8")
    old = "description: The enterprises SASAC supervises on behalf of the central government, addressed collectively."
    for week in (1, 2, 3):
        catalog.write_text(text.replace(old, f"description: Week {week}."), "utf-8")
        assert cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(out)).returncode == 0
    index = db.with_name(db.name + ".builds") / "index.json"
    kept = json.loads(index.read_text("utf-8"))
    for row, day in zip(kept, ("2026-01-01T09:00:00+00:00", "2026-01-10T09:00:00+00:00", "2026-01-20T09:00:00+00:00"),
                        strict=True):  # fmt: skip
        row["built"] = day
    index.write_text(json.dumps(kept), "utf-8")
    g = kg.open(db)
    for since, label, week in (("2026-01-15", "the build of 2026-01-10 09:00 UTC", 2),
                               ("2026-01-10", "the build of 2026-01-01 09:00 UTC", 1),
                               ("2025-12", "the build of 2026-01-01 09:00 UTC (the oldest kept; none is from before 2025-12)", 1)):  # fmt: skip
        changes = g.changes(since=since)
        assert changes.old == label
        assert [c.details for c in changes.changes] == [(f"description: Week {week}. → Week 3.",)]
    printed = cli("diff", "--since", "2025-12", "--map", str(tmp_path / "changes.html"), "--db", str(db))
    assert printed.returncode == 0 and printed.stdout.splitlines() == [
        f"wrote {tmp_path / 'changes.html'}: 1 entity changed; compared with the build of 2026-01-01 09:00 UTC "
        "(the oldest kept; none is from before 2025-12)"
    ]
    as_markdown = cli("diff", "--since", "2026-01-15", "--markdown", "--db", str(db))
    assert as_markdown.stdout.startswith("# Changes from the build of 2026-01-10 09:00 UTC to this database")
    assert as_markdown.stderr == "1 entity changed; compared with the build of 2026-01-10 09:00 UTC\n"
