"""``soekg review``: decisions written to the review file, the server's token, origin and path
rules tried from another client, bad input, and what ``soekg eval --reviews`` reads back.

The browser itself is tested in ``tests/test_review_page.py``.
"""

from __future__ import annotations

import http.client
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.errors import KGError
from kg.review import review_server
from kg.review.record import evaluate_reviews
from kg.review.server import ReviewServer
from kg.seeds.load import load_seeds
from kg.seeds.review_files import read_review
from tests.conftest import SEEDS, cli, run_cli

STEM = "a2-crrc"


@pytest.fixture
def seeds(ingested: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(ingested, copy)
    return copy


@pytest.fixture
def server(seeds: Path) -> Iterator[ReviewServer]:
    running = review_server(None, seeds, rebuild=False).start()
    yield running
    running.stop()


def request(
    server: ReviewServer, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    """A request from another client (no browser), with the token unless ``headers`` say otherwise."""
    sent = {"X-Soekg-Token": server.token, **(headers or {})}
    sent = {k: v for k, v in sent.items() if v is not None}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        sent["Content-Type"] = "application/json"
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, raw.decode("utf-8", "replace")


def decide(server: ReviewServer, op: str, **args: Any) -> dict[str, Any]:
    version = request(server, "GET", "/api/review/0")[1]["version"]
    status, view = request(
        server, "POST", "/api/review/0/decide", {"version": version, "op": op, "args": args}
    )
    assert status == 200, view
    return view  # type: ignore[no-any-return]


def review_yaml(seeds: Path) -> dict[str, Any]:
    return yaml.safe_load((seeds / "review" / f"{STEM}.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def fact_index(data: dict[str, Any], type_: str, source: str, target: str) -> int:
    return next(
        i
        for i, f in enumerate(data["facts"])
        if (f["type"], f["source"], f["target"]) == (type_, source, target)
    )


def test_each_decision_is_written_to_the_file_at_once(server: ReviewServer, seeds: Path) -> None:
    data = review_yaml(seeds)
    uses = fact_index(data, "USES", "crrc", "qwen")
    launch = fact_index(data, "LAUNCHES", "crrc", "tianyu")
    develops = fact_index(data, "DEVELOPS", "crrc-qingdao-sifang", "tianyu")
    decide(server, "reject", fact=uses)
    assert review_yaml(seeds)["facts"][uses]["accept"] is False
    decide(server, "retype", fact=launch, type="DEVELOPS")
    row = review_yaml(seeds)["facts"][launch]
    assert (row["type"], row["proposed_type"], row["reviewed"]) == ("DEVELOPS", "LAUNCHES", True)
    decide(server, "repoint", fact=develops, end="source", to="crrc")
    count = len(review_yaml(seeds)["facts"])
    assert review_yaml(seeds)["facts"][develops]["source"] == "crrc"
    text = (seeds / "documents" / f"{STEM}.txt").read_text(encoding="utf-8")
    miit, qingdao = text.index("Ministry of Industry"), text.rindex("Qingdao")
    view = decide(server, "add", type="LOCATED_IN",
                  a={"start": miit, "text": "Ministry of Industry and Information Technology", "entity": "miit"},
                  b={"start": qingdao, "text": "Qingdao", "entity": "qingdao"})  # fmt: skip
    added = review_yaml(seeds)["facts"][-1]
    assert added["evidence"].startswith("Xinhua reported") and added["evidence"] in text and added["added"]
    assert view["facts"][-1]["source"] == "miit"
    # The file is still a review file the accept reads, and the seeds load with it.
    review = read_review(seeds / "review" / f"{STEM}.yaml")
    assert ("LOCATED_IN", "miit", "qingdao") in {(f["type"], f["source"], f["target"]) for f in review.facts}
    assert all("reviewed" not in f and "proposed_type" not in f for f in review.facts)
    load_seeds(seeds)
    # Undo puts the file back as it was before the last decision.
    version = request(server, "GET", "/api/review/0")[1]["version"]
    assert request(server, "POST", "/api/review/0/undo", {"version": version})[0] == 200
    assert len(review_yaml(seeds)["facts"]) == count
    assert review_yaml(seeds)["facts"][develops]["source"] == "crrc"  # the decision before it stays
    assert not any(f.get("added") for f in review_yaml(seeds)["facts"])


def test_entities_merge_split_and_new(server: ReviewServer, seeds: Path) -> None:
    text = (seeds / "documents" / f"{STEM}.txt").read_text(encoding="utf-8")
    # A wrong resolution fixed by picking another entity: every fact follows.
    decide(server, "resolve", entity="qwen", to="deepseek-r1")
    assert fact_index(review_yaml(seeds), "USES", "crrc", "deepseek-r1") >= 0
    # "CRRC" split off CRRC Corporation: its sentence's facts go with it.
    row = next(i for i, m in enumerate(review_yaml(seeds)["mentions"]) if m["text"] == "CRRC")
    view = decide(server, "split", mention=row)
    mention = view["mentions"][row]
    assert mention["split_from"] == "crrc" and mention["entity"] != "crrc"
    assert any(f["target"] == mention["entity"] for f in view["facts"] if f["type"] == "PART_OF")
    # A name the recogniser missed, marked as a new entity.
    start = text.index("launch ceremony")
    view = decide(server, "new_entity", start=start, end=start + len("launch ceremony"), type="Event")
    assert view["mentions"][-1]["text"] == "launch ceremony" and view["candidates"][-1]["type"] == "Event"
    # Two candidates merged: the names of one become the other's aliases.
    decide(server, "new_entity", start=text.index("Tianyu"), end=text.index("Tianyu") + 6, type="Platform")
    new_key = review_yaml(seeds)["candidates"][-1]["key"]
    decide(server, "merge", entity=new_key, to="tianyu")
    tianyu = next(c for c in review_yaml(seeds)["candidates"] if c["key"] == "tianyu")
    assert "Tianyu" not in tianyu.get("aliases", [])  # the same name is not an alias of itself
    load_seeds(seeds)


def test_view_shows_types_alternatives_and_conflicts(server: ReviewServer) -> None:
    status, view = request(server, "GET", "/api/review/0")
    assert status == 200
    fact = next(f for f in view["facts"] if f["type"] == "USES" and f["target"] == "qwen")
    assert fact["allowed"][:4] == ["LAUNCHES", "DEVELOPS", "DEPLOYS", "USES"]  # SOE → AIModel, from the model
    assert view["text"][fact["start"] : fact["end"]] == fact["evidence"]
    crrc = view["entities"]["crrc"]
    assert crrc["kind"] in ("gazetteer", "catalog") and crrc["type"] == "SOE"
    assert "crrc" not in {a["key"] for a in crrc["alternatives"]}
    colours = request(server, "GET", "/api/reviews")[1]["types"]
    assert colours["SOE"] == "#1f77b4"  # kg/model.yaml's style


def test_conflict_shows_what_each_source_says(seeds: Path) -> None:
    from kg.review.context import SeedContext

    context = SeedContext.load(seeds)
    (key, curated) = next((k, r) for k, r in context.facts.items() if r.provenance.date)
    fact = {"type": key[0], "source": key[1], "target": key[2], "date": "1999", "evidence": "A sentence."}
    said = context.conflicts(fact, "doc-x")
    assert said[-1] == {"doc": "doc-x", "title": "this article", "quote": "A sentence.", "says": "date 1999"}
    assert said[0]["quote"] == curated.provenance.evidence[0].quote and "date" in said[0]["says"]
    assert context.conflicts({**fact, "date": curated.provenance.date}, "doc-x") == []


def test_token_origin_and_path_rules(server: ReviewServer, seeds: Path) -> None:
    before = {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()}
    own = f"http://127.0.0.1:{server.port}"
    assert request(server, "GET", f"/?token={server.token}", headers={"X-Soekg-Token": None})[0] == 200
    assert request(server, "GET", "/", headers={"X-Soekg-Token": None})[0] == 403
    assert request(server, "GET", "/api/reviews", headers={"X-Soekg-Token": "wrong"})[0] == 403
    assert (
        request(
            server, "GET", f"/static/review.js?token={server.token[:-1]}", headers={"X-Soekg-Token": None}
        )[0]
        == 403
    )
    assert request(server, "GET", "/api/reviews", headers={"Origin": own})[0] == 200
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{server.port + 1}"):
        assert request(server, "GET", "/api/reviews", headers={"Origin": origin})[0] == 403
        assert request(server, "POST", "/api/review/0/decide", {"op": "reject", "args": {"fact": 0}},
                       headers={"Origin": origin})[0] == 403  # fmt: skip
    assert request(server, "GET", "/api/reviews", headers={"Host": "evil.example"})[0] == 403  # DNS rebinding
    assert request(server, "GET", "/api/reviews", headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
    for path in ("/static/../../seeds/catalog/events.yaml", "/static/review.html", "/static/%2e%2e/server.py",
                 "/api/review/..%2F..%2Fcatalog", "/api/review/-1", "/etc/passwd", "/api/review/0/../../x"):  # fmt: skip
        assert request(server, "GET", path)[0] in (403, 404), path
    assert request(server, "GET", "/api/review/7")[0] == 400  # only the files the command was given
    hostile = [{"op": "repoint", "args": {"fact": 0, "end": "source", "to": "../../etc/passwd"}},
               {"op": "repoint", "args": {"fact": 0, "end": "../x", "to": "crrc"}},
               {"op": "retype", "args": {"fact": 0, "type": "MENTIONS"}}, {"op": "reject", "args": {"fact": 999}},
               {"op": "rm -rf", "args": {}}, {"op": "add", "args": {"type": "USES", "a": {"start": 0, "text": "x"}}}]  # fmt: skip
    for body in hostile:
        version = request(server, "GET", "/api/review/0")[1]["version"]
        assert request(server, "POST", "/api/review/0/decide", {**body, "version": version})[0] == 400, body
    assert {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file() and p.name != ".soekg.lock"} == {
        p: b for p, b in before.items() if p.name != ".soekg.lock"
    }
    headers = http.client.HTTPConnection("127.0.0.1", server.port)
    headers.request("GET", f"/?token={server.token}")
    response = headers.getresponse()
    assert "script-src 'self'" in response.getheader("Content-Security-Policy", "")
    assert response.getheader("Referrer-Policy") == "no-referrer"
    headers.close()


def test_bound_to_loopback_only(server: ReviewServer) -> None:
    assert server.httpd.socket.getsockname()[0] == "127.0.0.1"
    assert server.url.startswith(f"http://127.0.0.1:{server.port}/?token=")


def test_a_change_on_disk_is_noticed_not_overwritten(server: ReviewServer, seeds: Path) -> None:
    path = seeds / "review" / f"{STEM}.yaml"
    version = request(server, "GET", "/api/review/0")[1]["version"]
    edited = path.read_text(encoding="utf-8").replace("accept: true", "accept: false", 1)
    path.write_text(edited, encoding="utf-8")  # an analyst's editor, while the page is open
    assert request(server, "GET", "/api/review/0/version")[1]["changed"]
    status, answer = request(
        server, "POST", "/api/review/0/decide", {"version": version, "op": "reject", "args": {"fact": 1}}
    )
    assert status == 409 and answer["changed"] and "reload" in answer["error"]
    assert path.read_text(encoding="utf-8") == edited
    status, view = request(server, "POST", "/api/review/0/reload", {})
    assert status == 200 and view["version"] != version
    decide(server, "reject", fact=1)
    assert review_yaml(seeds)["candidates"][0]["accept"] is False  # the hand edit kept
    assert review_yaml(seeds)["facts"][1]["accept"] is False


def test_accept_keeps_the_decisions_and_eval_reads_them(server: ReviewServer, seeds: Path) -> None:
    data = review_yaml(seeds)
    decide(server, "reject", fact=fact_index(data, "USES", "crrc", "qwen"))
    decide(server, "retype", fact=fact_index(data, "USES", "crrc", "deepseek-r1"), type="DEPLOYS")
    decide(server, "accept", fact=fact_index(data, "LAUNCHES", "crrc", "tianyu"))
    text = (seeds / "documents" / f"{STEM}.txt").read_text(encoding="utf-8")
    decide(server, "add", type="LOCATED_IN",
           a={"start": text.index("Ministry of"), "text": "Ministry of Industry and Information Technology", "entity": "miit"},
           b={"start": text.rindex("Qingdao"), "text": "Qingdao", "entity": "qingdao"})  # fmt: skip
    version = request(server, "GET", "/api/review/0")[1]["version"]
    status, answer = request(server, "POST", "/api/review/0/accept", {"version": version})
    assert status == 200, answer
    assert not (seeds / "review" / f"{STEM}.yaml").exists()
    kept = seeds / "reviewed" / f"{STEM}.yaml"
    assert kept.is_file() and "kept in" in answer["accepted"][0]
    assert request(server, "GET", "/api/reviews")[1]["reviews"][0]["accepted"]
    result = evaluate_reviews(seeds)
    assert result.reviews == 1
    assert (result.rules["use"].proposed, result.rules["use"].rejected, result.rules["use"].retyped) == (
        2,
        1,
        1,
    )
    assert result.rules["launch"].accepted == 1 and result.rules["launch"].undecided == 0
    assert [(a["type"], a["source"], a["target"]) for a in result.added] == [
        ("LOCATED_IN", "miit", "qingdao")
    ]
    # The command says the same as the function.
    answer = cli("eval", "--reviews", "--seeds", str(seeds), "--json")
    assert answer.returncode == 0 and json.loads(answer.stdout) == json.loads(json.dumps(result.as_dict()))
    table = cli("eval", "--reviews", "--seeds", str(seeds)).stdout
    assert "use" in table and "LOCATED_IN" in table and "facts analysts added by hand" in table
    load_seeds(seeds)


def test_bad_input_one_line_each(seeds: Path, tmp_path: Path) -> None:
    review = seeds / "review" / f"{STEM}.yaml"
    original = review.read_text(encoding="utf-8")

    def fails(*args: str, expect: str) -> None:
        result = cli("review", "--seeds", str(seeds), *args)
        assert result.returncode == 1, result.stdout
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and expect in lines[0] and "Traceback" not in result.stderr, result.stderr

    review.write_text("document: [unclosed\n", encoding="utf-8")
    fails(str(review), expect=f"{review}")
    review.write_text(original.replace("accept: true", "accept: 'no'", 1), encoding="utf-8")
    fails(expect="'accept' must be true or false")
    review.write_text(original.replace(f"document: doc-{STEM}", "document: doc-gone"), encoding="utf-8")
    fails(expect="'doc-gone' is no longer in")
    review.write_text(original, encoding="utf-8")
    fails(str(tmp_path / "elsewhere.yaml"), expect="not a review file in")
    fails(str(seeds / "catalog" / "events.yaml"), expect="not a review file in")
    with _listening(seeds) as busy:
        fails("--port", str(busy.port), expect=f"port {busy.port} on 127.0.0.1 is in use")
    assert review.read_text(encoding="utf-8") == original
    empty = tmp_path / "empty"
    shutil.copytree(SEEDS, empty)
    result = cli("review", "--seeds", str(empty))
    assert result.returncode == 1 and "no review files to decide" in result.stderr


class _listening:
    """A review server listening (not serving) for the length of a block."""

    def __init__(self, seeds: Path):
        self.server = review_server(None, seeds, rebuild=False)

    def __enter__(self) -> ReviewServer:
        return self.server

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


@pytest.mark.slow
def test_a_browser_that_cannot_be_opened(
    seeds: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER", str(tmp_path / "no-such-browser"))
    result = run_cli("review", "--seeds", str(seeds), "--open")
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "error: cannot open a browser here; run without --open and open the printed link yourself"
    )


def test_review_file_errors_name_the_file(seeds: Path) -> None:
    with pytest.raises(KGError, match="no such review file"):
        review_server([seeds / "review" / "missing.yaml"], seeds)


def test_rows_kept_between_writes_give_the_plain_yaml(server: ReviewServer, seeds: Path) -> None:
    """The writer that keeps each row's YAML writes what dump_yaml writes of the whole file."""
    from kg.seeds.yamlio import dump_yaml

    file = server.session.file(0)
    for fact in range(3):
        decide(server, "reject" if fact % 2 else "accept", fact=fact)
        assert file.content == file.header + dump_yaml(file.data, width=1_000_000)
        assert (seeds / "review" / f"{STEM}.yaml").read_text(encoding="utf-8") == file.content


def test_the_notebook_twin_serves_the_same_page(seeds: Path, built: Any) -> None:
    """``g.review()`` serves what ``soekg review`` serves, from a background thread."""
    import re

    import kg

    with kg.open(built.db_path) as g:
        notebook = g.review(seeds=seeds)
        try:
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{32}", notebook.url)
            assert f'href="{notebook.url}"' in notebook._repr_html_()
            command = review_server(None, seeds, rebuild=False).start()
            try:
                assert (
                    request(notebook, "GET", "/api/reviews")[1] == request(command, "GET", "/api/reviews")[1]
                )
                assert (
                    request(notebook, "GET", "/api/review/0")[1]
                    == request(command, "GET", "/api/review/0")[1]
                )
            finally:
                command.stop()
        finally:
            notebook.stop()
        assert notebook.session.db == built.db_path  # its accept rebuilds this database
