"""`soekg ingest`, the review loop and `soekg eval`, run as a user runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg.store import EmbeddedStore
from tests.conftest import ROOT, run_cli

# The weekly update's article (README, notebook 03), as a reader of the README ingests it.
ARTICLE = (ROOT / "examples" / "news" / "sinopec-baidu.md").read_text(encoding="utf-8")

HTML = """<html><head><title>Grid AI</title></head><body>
<nav><a href="/">Home</a> | <a href="/markets">Markets</a> | Subscribe to our newsletter</nav>
<article><h1>State Grid expands AI inspection</h1>
<p>State Grid Corporation of China has deployed the Guangming Large Model across its substations,
the company said on Monday, adding that inspection robots now cover most of its transmission lines.</p>
<p>State Grid developed the model jointly with Huawei Technologies and plans to extend it to
distribution networks in several provinces over the coming year, according to the company.</p>
</article>
<footer>Copyright 2025 Example Media. All rights reserved. Cookie settings.</footer>
</body></html>"""


def _ingest(seeds: Path, tmp: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(
        "ingest", *args, "--seeds", str(seeds), "--db", str(tmp / "kg.lbug"), "--out", str(tmp / "out")
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.slow
def test_ingest_review_and_accept(seeds_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "sinopec-baidu.md"
    article.write_text(ARTICLE, encoding="utf-8")
    code, _out, err = _ingest(seeds_copy, tmp_path, str(article))
    assert code == 0, err
    review_path = seeds_copy / "review" / "sinopec-baidu.yaml"
    meta = yaml.safe_load((seeds_copy / "documents" / "sinopec-baidu.meta.yaml").read_text(encoding="utf-8"))
    assert (meta["publisher"], meta["published"], meta["date_basis"]) == (
        "Example News",
        "2025-06-12",
        "stated",
    )
    text = (seeds_copy / "documents" / "sinopec-baidu.txt").read_text(encoding="utf-8")
    assert "---" not in text

    proposals = yaml.safe_load(review_path.read_text(encoding="utf-8"))
    assert {"text": "5 percent", "value": 5.0, "unit": "%", "qualifier": "exact"}.items() <= proposals[
        "figures"
    ][0].items()
    assert {"text": "May", "date": "2025-05", "note": "May; year from the publication date"} in proposals[
        "dates"
    ]
    # Every name is placed: where the text gives it, and what it resolved to.
    for mention in proposals["mentions"]:
        assert all(text[at : at + len(mention["text"])] == mention["text"] for at in mention["at"])
    sinopec = next(m for m in proposals["mentions"] if m["text"] == "Sinopec")
    assert (sinopec["entity"], sinopec["rule"], len(sinopec["at"])) == ("sinopec", "gazetteer", 3)

    # Unreviewed facts are in the database, marked as extracted by rule; candidates are flagged.
    with EmbeddedStore(tmp_path / "kg.lbug") as store:
        rows = store.query(
            "MATCH (a)-[r:PARTNERS_WITH]->(b:Company) WHERE r.method = 'rule' RETURN a.id AS a, b.name AS b, "
            "r.confidence AS c"
        ).records()
        assert rows and rows[0]["b"] == "Baidu" and 0 < rows[0]["c"] < 1
        assert store.query("MATCH (p:Person {id: 'li-zhen'})-[r:HOLDS_ROLE]->(o) RETURN r.method").rows == [
            ["curated"]  # the same fact found again keeps its curated provenance
        ]
        # The document MENTIONS every entity it names, with the names' offsets: a gazetteer SOE
        # that entered the graph with it, and a candidate no fact uses.
        placed = store.query(
            "MATCH (d:Document {id: 'doc-sinopec-baidu'})-[m:MENTIONS]->(e) "
            "RETURN e.id AS id, e.candidate AS candidate, m.names AS names, m.name_starts AS at"
        ).records()
        by_id = {r["id"]: r for r in placed}
        assert by_id["sinopec"]["names"].count("Sinopec") == 3 and not by_id["sinopec"]["candidate"]
        assert [text[s : s + 7] for s in by_id["sinopec"]["at"] if text[s : s + 7] == "Sinopec"] == [
            "Sinopec"
        ] * 3
        assert by_id["ma-yongsheng"]["candidate"] is True

    # The analyst edits the review: drops one fact, re-points Baidu to a known company, drops a candidate.
    review = yaml.safe_load(review_path.read_text(encoding="utf-8"))
    for mention in review["mentions"]:
        if mention["text"] == "Baidu":
            mention["entity"] = "huawei"
    for fact in review["facts"]:
        if fact["type"] == "LAUNCHES":
            fact["accept"] = False
    kept = {c["key"] for c in review["candidates"]}
    review_path.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False), encoding="utf-8")

    code, out, err = _ingest(seeds_copy, tmp_path, "--accept", str(review_path))
    assert code == 0, err
    assert re.search(
        r"\d+ entities accepted \(\d+ new to the catalog(, \d+ already known)?\), \d+ facts and \d+ mentions curated",
        out,
    )
    assert not review_path.exists()
    curated = yaml.safe_load((seeds_copy / "facts" / "sinopec-baidu.yaml").read_text(encoding="utf-8"))
    facts, mentions = curated["facts"], curated["mentions"]
    assert {"PARTNERS_WITH", "HOLDS_ROLE"} <= {f["type"] for f in facts}
    assert "LAUNCHES" not in {f["type"] for f in facts}
    assert any(f["type"] == "PARTNERS_WITH" and f["target"] == "huawei" for f in facts)
    assert {"entity": "huawei", "text": "Baidu"} in [{k: m[k] for k in ("entity", "text")} for m in mentions]
    catalog = yaml.safe_load((seeds_copy / "catalog" / "ingested.yaml").read_text(encoding="utf-8"))
    assert {e["id"] for e in catalog} == kept  # every accepted candidate, used by a fact or not
    assert "sinopec" not in {e["id"] for e in catalog}  # the gazetteer's, not a new one
    with EmbeddedStore(tmp_path / "kg.lbug") as store:
        assert store.query(
            "MATCH (a)-[r:PARTNERS_WITH]->(b:Company {id: 'huawei'}) WHERE a.id = 'sinopec' RETURN r.method"
        ).rows == [["curated"]]
        (candidate,) = store.query(
            "MATCH (:Document {id: 'doc-sinopec-baidu'})-[m:MENTIONS]->(e {id: 'ma-yongsheng'}) RETURN e.candidate"
        ).rows
        assert not candidate[0]  # curated now


@pytest.mark.slow
def test_reingest_unchanged_and_changed(seeds_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "grid.html"
    article.write_text(HTML, encoding="utf-8")
    assert _ingest(seeds_copy, tmp_path, str(article), "--no-build")[0] == 0
    stored = (seeds_copy / "documents" / "grid.txt").read_text(encoding="utf-8")
    assert "Guangming Large Model" in stored and "Subscribe" not in stored and "Cookie" not in stored
    review = seeds_copy / "review" / "grid.yaml"
    first = review.read_text(encoding="utf-8")
    assert "guangming-large-model" in first

    code, out, _ = _ingest(seeds_copy, tmp_path, str(article))
    assert code == 0 and "unchanged" in out
    assert "nothing new: the database is unchanged (not rebuilt)" in out and "rebuilt /" not in out
    assert review.read_text(encoding="utf-8") == first

    # A killed ingest leaves half-written files behind; the next one sweeps them away.
    leftovers = [
        seeds_copy / "documents" / ".grid.txt.tmp-999999999",
        seeds_copy / "review" / ".grid.yaml.tmp-999999999",
    ]
    for leftover in leftovers:
        leftover.write_text("half", encoding="utf-8")
    article.write_text(HTML.replace("Huawei Technologies", "China Mobile"), encoding="utf-8")
    seed_facts = (seeds_copy / "facts" / "000_b788352872a1fbc9.yaml").read_bytes()
    code, out, _ = _ingest(seeds_copy, tmp_path, str(article), "--no-build")
    assert code == 0 and "-> doc-grid" in out
    changed = review.read_text(encoding="utf-8")
    assert "china-mobile" in changed and "huawei" not in changed.split("facts:")[1]
    assert (seeds_copy / "facts" / "000_b788352872a1fbc9.yaml").read_bytes() == seed_facts
    assert not any(leftover.exists() for leftover in leftovers)


BAD_FILES = {
    "empty.txt": (b"", "empty document"),
    "binary.txt": (b"\x00\x01\x02PNG", "binary file"),
    "latin1.txt": ("Société Générale investit.".encode("latin-1"), "not UTF-8"),
    "unclosed.md": (b"---\ntitle: x\nSOE news without end of front matter\n", "never closed"),
    "badyaml.md": (b"---\ntitle: [unclosed\n---\nText.\n", "invalid front matter"),
    "unknownkey.md": (b"---\nheadline: x\n---\nText.\n", "unknown front matter key 'headline'"),
    "baddate.md": (b"---\ndate: sometime soon\n---\nSASAC met.\n", "does not parse"),
    "nav.html": (b"<html><body><nav>Home | About</nav></body></html>", "no article text"),
    # 1.4 KB of aliases of aliases: 10**9 values once expanded (it took 3.6 GB, then MemoryError)
    "aliases.md": (
        (
            "---\ntitle: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
            + "---\nSASAC met.\n"
        ).encode(),
        "too many values once its aliases are expanded",
    ),
    "deep.md": (
        b"---\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\n---\nSASAC met.\n",
        "nested more than 50 levels",
    ),
    "notes.pdf": (b"%PDF-1.4", None),  # not an article suffix: ignored inside a folder
}


@pytest.mark.slow
def test_bad_files_fail_alone(seeds_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "good.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"SASAC met. " * 600_000)
    (folder / "long.txt").write_bytes(b"SASAC met. " * 100_000)  # over spaCy's own 1M-character limit
    code, out, err = _ingest(seeds_copy, tmp_path, str(folder))
    assert code == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    for name, (_, message) in BAD_FILES.items():
        if message:
            line = next(x for x in lines if f"/{name}" in x)
            assert message in line, line
    assert any("huge.txt" in x and "too large" in x for x in lines)
    assert len(lines) == sum(1 for _, m in BAD_FILES.values() if m) + 1
    assert "-> doc-good" in out and (seeds_copy / "review" / "good.yaml").exists()
    assert "-> doc-long" in out
    assert (tmp_path / "kg.lbug").exists()  # the good file was still built into the database


@pytest.mark.slow
def test_file_names_that_differ_only_by_common_words_are_two_documents(
    seeds_copy: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "The CNPC Corp.md").write_text("CNPC met Huawei in Beijing.", encoding="utf-8")
    (folder / "cnpc.md").write_text("CNPC signed a deal with Baidu.", encoding="utf-8")
    (folder / "a.md").write_text("Sinopec met iFlytek.", encoding="utf-8")
    code, out, err = _ingest(seeds_copy, tmp_path, str(folder))
    assert code == 0, err
    assert {"-> doc-the-cnpc-corp", "-> doc-cnpc", "-> doc-a"} <= {
        x[x.index("->") :] for x in out.splitlines() if "->" in x
    }
    assert {p.name for p in (seeds_copy / "review").glob("*.yaml")} >= {
        "the-cnpc-corp.yaml",
        "cnpc.yaml",
        "a.yaml",
    }


@pytest.mark.slow
def test_files_named_alike_in_two_folders_are_two_documents(seeds_copy: Path, tmp_path: Path) -> None:
    for folder, text in (
        ("monday", "CNPC met Huawei in Beijing."),
        ("tuesday", "Sinopec signed a deal with Baidu."),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    code, out, err = _ingest(seeds_copy, tmp_path, str(tmp_path / "monday"), str(tmp_path / "tuesday"))
    assert code == 0, err
    assert {x[x.index("->") :] for x in out.splitlines() if "->" in x} >= {"-> doc-report", "-> doc-report-2"}
    texts = {
        (seeds_copy / "documents" / f"{stem}.txt").read_text(encoding="utf-8")
        for stem in ("report", "report-2")
    }
    assert texts == {
        "CNPC met Huawei in Beijing.",
        "Sinopec signed a deal with Baidu.",
    }  # neither overwrote the other


@pytest.mark.slow
def test_nothing_to_ingest_is_a_usage_error(seeds_copy: Path, tmp_path: Path) -> None:
    code, _, err = _ingest(seeds_copy, tmp_path)
    assert code == 1 and "give article files or folders" in err


@pytest.mark.slow
def test_options_override_front_matter(seeds_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "plain.txt"
    article.write_text("CNPC developed a new model with Huawei.\n", encoding="utf-8")
    code, _, err = _ingest(seeds_copy, tmp_path, str(article), "--publisher", "Xinhua", "--date", "March 4, 2025",
                           "--no-build")  # fmt: skip
    assert code == 0, err
    meta = yaml.safe_load((seeds_copy / "documents" / "plain.meta.yaml").read_text(encoding="utf-8"))
    assert (meta["publisher"], meta["published"]) == ("Xinhua", "2025-03-04")


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, float]]:
    result = run_cli("eval", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["overall"]  # type: ignore[no-any-return]


@pytest.mark.slow
def test_eval_reports_precision_recall_f1(scores: dict[str, dict[str, float]]) -> None:
    for what in ("entities", "new entities", "relationships", "pairs"):
        assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= scores[what].keys()
        assert 0 <= scores[what]["f1"] <= 1


@pytest.mark.slow
def test_eval_floors(scores: dict[str, dict[str, float]]) -> None:
    """Regression floors: recall a little under what the rules reach, precision a little under
    what they reach. The curated seeds list no application scenarios ("gas exploration",
    "predictive maintenance"), which extraction proposes as initiatives since the descriptive
    entities of issue 26: on these seeds that reads as precision 0.88 (entities) and 0.73
    (relationships), while on the development set, whose gold lists every entity, entity
    precision stays 0.93."""
    assert scores["entities"]["precision"] >= 0.86 and scores["entities"]["recall"] >= 0.60
    assert scores["new entities"]["recall"] >= 0.48
    assert scores["relationships"]["recall"] >= 0.16
    assert scores["relationships"]["precision"] >= 0.71


CORPUS = Path(__file__).parent / "data" / "corpus"


@pytest.mark.slow
def test_eval_on_an_annotated_corpus(seeds_copy: Path) -> None:
    """What the graph receives from each article, scored against gold: per article and in total."""
    before = _tree(seeds_copy)
    result = run_cli("eval", "--corpus", str(CORPUS / "articles"), "--gold", str(CORPUS / "gold.yaml"),
                     "--seeds", str(seeds_copy), "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    scored = json.loads(result.stdout)
    assert set(scored["articles"]) == {"a1_sinochem.md", "a2_crrc.md"} and scored["missing"] == []
    total = scored["overall"]
    assert {"entities", "entities+type", "relationships", "pairs"} <= total.keys()
    assert total["entities"]["recall"] >= 0.85 and total["entities"]["precision"] >= 0.85
    assert total["pairs"]["recall"] >= 0.6 and total["pairs"]["precision"] >= 0.6
    assert _tree(seeds_copy) == before  # scored in a scratch copy
    table = run_cli("eval", "--corpus", str(CORPUS / "articles"), "--gold", str(CORPUS / "gold.yaml"))
    assert table.returncode == 0 and "a2_crrc" in table.stdout and "all articles" in table.stdout


@pytest.mark.slow
def test_eval_needs_both_corpus_and_gold() -> None:
    result = run_cli("eval", "--corpus", str(CORPUS / "articles"))
    assert result.returncode == 1 and "give both --corpus DIR and --gold FILE" in result.stderr
    result = run_cli("eval", "--corpus", str(CORPUS / "nowhere"), "--gold", str(CORPUS / "gold.yaml"))
    assert (
        result.returncode == 1
        and "no such corpus folder" in result.stderr
        and "Traceback" not in result.stderr
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_bad_accept_changes_no_seed_file(seeds_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "sinopec-baidu.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert _ingest(seeds_copy, tmp_path, str(article), "--no-build")[0] == 0
    review_path = seeds_copy / "review" / "sinopec-baidu.yaml"
    review = yaml.safe_load(review_path.read_text(encoding="utf-8"))
    review["facts"][0]["target"] = "no-such-entity"  # the analyst's typo
    review_path.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = _tree(seeds_copy)
    code, _out, err = _ingest(seeds_copy, tmp_path, "--accept", str(review_path), "--no-build")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "no-such-entity" in err and str(seeds_copy) in err
    assert _tree(seeds_copy) == before  # catalog, facts and the review itself as they were
    assert not list(seeds_copy.rglob(".*.tmp-*"))


@pytest.mark.slow
def test_two_accepts_at_once_both_land(seeds_copy: Path, tmp_path: Path) -> None:
    """Two `--accept` runs started together: the second waits for the first (the seeds lock),
    so neither loses the other's catalog entries, and the seeds still build."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "alpha.md").write_text(
        "Beijing Zhiyuan Robotics Co., Ltd. signed a strategic cooperation agreement with China Mobile.",
        encoding="utf-8",
    )
    (inbox / "beta.md").write_text(
        "Shenzhen Lingxi Semiconductor Co., Ltd. partnered with CNPC on seismic data processing.",
        encoding="utf-8",
    )
    code, _, err = _ingest(seeds_copy, tmp_path, str(inbox), "--no-build")
    assert code == 0, err
    reviews = [seeds_copy / "review" / "alpha.yaml", seeds_copy / "review" / "beta.yaml"]
    keys = {
        r.name: {c["key"] for c in yaml.safe_load(r.read_text(encoding="utf-8"))["candidates"]}
        for r in reviews
    }
    assert all(keys.values()), keys  # each proposes entities of its own
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kg",
                "ingest",
                "--seeds",
                str(seeds_copy),
                "--accept",
                str(review),
                "--no-build",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for review in reviews
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    catalog = yaml.safe_load((seeds_copy / "catalog" / "ingested.yaml").read_text(encoding="utf-8"))
    accepted = {e["id"] for e in catalog}
    assert keys["alpha.yaml"] <= accepted and keys["beta.yaml"] <= accepted
    built = run_cli(
        "build", "--seeds", str(seeds_copy), "--db", str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "o")
    )
    assert built.returncode == 0, built.stderr


def _at_once(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start every ``soekg`` command together and wait for all of them."""
    pipe = subprocess.PIPE
    runs = [
        subprocess.Popen([sys.executable, "-m", "kg", *a], stdout=pipe, stderr=pipe, text=True)
        for a in commands
    ]
    return [subprocess.CompletedProcess(r.args, r.wait(300), *r.communicate()) for r in runs]


@pytest.mark.slow
def test_two_ingests_at_once_both_land(seeds_copy: Path, tmp_path: Path) -> None:
    for name in ("alpha", "beta"):
        (tmp_path / f"{name}.md").write_text(ARTICLE.replace("Changjiang", name.title()), encoding="utf-8")
    runs = _at_once(*(["ingest", str(tmp_path / f"{n}.md"), "--seeds", str(seeds_copy), "--no-build"]
                      for n in ("alpha", "beta")))  # fmt: skip
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    for name in ("alpha", "beta"):
        assert (seeds_copy / "documents" / f"{name}.meta.yaml").is_file()
        assert (seeds_copy / "review" / f"{name}.yaml").is_file()
    built = run_cli(
        "build", "--seeds", str(seeds_copy), "--db", str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "o")
    )
    assert built.returncode == 0 and "Document  " in built.stdout, built.stderr


@pytest.mark.slow
def test_an_accept_during_a_build_waits_for_it(seeds_copy: Path, tmp_path: Path) -> None:
    """The build reads the seeds before or after the accept, never half-way: both succeed,
    and the database holds the seeds as one of them saw them."""
    article = tmp_path / "sinopec-baidu.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert _ingest(seeds_copy, tmp_path, str(article), "--no-build")[0] == 0
    db = tmp_path / "kg.lbug"
    review = seeds_copy / "review" / "sinopec-baidu.yaml"
    build_run, accept_run = _at_once(
        ["build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(tmp_path / "o")],
        ["ingest", "--accept", str(review), "--seeds", str(seeds_copy), "--no-build"],
    )
    assert build_run.returncode == 0 and accept_run.returncode == 0, (build_run.stderr, accept_run.stderr)
    assert not review.exists() and (seeds_copy / "facts" / "sinopec-baidu.yaml").is_file()
    with EmbeddedStore(db) as store:
        methods = store.query(
            "MATCH (:Document {id: 'doc-sinopec-baidu'})-[:MENTIONS]->(n) RETURN count(n) AS n"
        )
        assert methods.rows[0][0] > 0  # the article is in the graph, reviewed or not
    again = run_cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(tmp_path / "o"))
    assert again.returncode == 0, again.stderr


@pytest.mark.slow
def test_a_review_using_another_reviews_candidate_builds_and_accepts_alone(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """Ingested in the order beta, alpha, the second review uses the first one's new person by
    key and proposes it again, so that each review stands alone: both build unreviewed (files
    are read in name order, alpha first) and either may be accepted alone."""
    for name in ("beta", "alpha"):
        (tmp_path / f"{name}.md").write_text(ARTICLE.replace("Changjiang", name.title()), encoding="utf-8")
        assert _ingest(seeds_copy, tmp_path, str(tmp_path / f"{name}.md"), "--no-build")[0] == 0
    alpha = yaml.safe_load((seeds_copy / "review" / "alpha.yaml").read_text(encoding="utf-8"))
    assert "ma-yongsheng" in {c["key"] for c in alpha["candidates"]}  # beta proposed it first
    assert "ma-yongsheng" in {f["source"] for f in alpha["facts"]}
    built = run_cli(
        "build", "--seeds", str(seeds_copy), "--db", str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "o")
    )
    assert built.returncode == 0, built.stderr  # both unreviewed
    code, _, err = _ingest(seeds_copy, tmp_path, "--accept", str(seeds_copy / "review" / "alpha.yaml"))
    assert code == 0, err  # the build with beta unreviewed, after alpha's accept, also succeeded
    catalog = yaml.safe_load((seeds_copy / "catalog" / "ingested.yaml").read_text(encoding="utf-8"))
    assert "ma-yongsheng" in {e["id"] for e in catalog}
    code, _, err = _ingest(seeds_copy, tmp_path, "--accept", str(seeds_copy / "review" / "beta.yaml"))
    assert code == 0, err


@pytest.mark.slow
def test_builds_share_the_seeds_and_writers_wait(seeds_copy: Path, tmp_path: Path) -> None:
    """Builds only read the seeds: one runs while another holds them. A writer (ingest,
    accept) waits for readers, and readers wait for a writer, saying who holds it."""
    from kg.seeds.lock import seeds_lock

    with seeds_lock(seeds_copy, "soekg build", shared=True):
        built = run_cli(
            "build",
            "--seeds",
            str(seeds_copy),
            "--db",
            str(tmp_path / "kg.lbug"),
            "--out",
            str(tmp_path / "o"),
        )
        assert built.returncode == 0 and "waiting" not in built.stderr, built.stderr
    with seeds_lock(seeds_copy, "soekg ingest"):
        waiting = subprocess.Popen([sys.executable, "-m", "kg", "build", "--seeds", str(seeds_copy), "--db",
                                    str(tmp_path / "kg.lbug"), "--out", str(tmp_path / "o")],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert line.startswith(f"waiting for {os.getpid()} soekg ingest"), line
    assert waiting.wait(300) == 0
