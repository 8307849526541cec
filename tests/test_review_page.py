"""The review page in headless Chromium: a real ingested article reviewed by keyboard alone, and
its seeds compared with those of the same decisions typed into the YAML; hostile text; the
command's link, ``--open`` and Ctrl-C.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kg.build import ingest
from kg.review import review_server
from kg.review.server import ReviewServer
from kg.seeds.load import load_seeds
from tests.conftest import CHROMIUM, SEEDS, Page, at_a_terminal

STEM = "a2-crrc"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)"),
]


def _copy(ingested: Path, where: Path) -> Path:
    shutil.copytree(ingested, where)
    return where


@pytest.fixture(scope="module")
def local_browser(playwright: Any) -> Iterator[Any]:
    """Chromium that reaches 127.0.0.1 and nothing else (Playwright's offline mode blocks the
    loopback too): every other name resolves nowhere, and the tests check each request."""
    instance = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
              "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"],
    )  # fmt: skip
    yield instance
    instance.close()


@pytest.fixture
def page(local_browser: Any) -> Iterator[Page]:
    context = local_browser.new_context(viewport={"width": 1500, "height": 950})
    try:
        yield Page(context.new_page())
    finally:
        context.close()


def _open(page: Page, server: ReviewServer) -> None:
    page.page.goto(server.url)
    page.page.wait_for_function("() => window.soekg && window.soekg.ready === true", timeout=30_000)


def _settled(page: Page) -> None:
    page.page.wait_for_function("() => window.soekg.state.busy === 0", timeout=30_000)


def _press(page: Page, *keys: str) -> None:
    for key in keys:
        page.page.keyboard.press(key)


def _view(page: Page) -> Any:
    return page.js("window.soekg.state.view")


def _row(view: Any, type_: str, source: str, target: str) -> int:
    return next(
        f["row"] for f in view["facts"] if (f["type"], f["source"], f["target"]) == (type_, source, target)
    )


def _graph(seeds: Path) -> tuple[Any, Any]:
    graph = load_seeds(seeds).graph
    rels = sorted(r.model_dump_json() for r in graph.relationships)
    entities = sorted(e.model_dump_json() for e in graph.entities)
    return rels, entities


def test_review_an_article_by_keyboard_alone(page: Page, ingested: Path, tmp_path: Path) -> None:
    seeds = _copy(ingested, tmp_path / "page" / "seeds")
    server = review_server(None, seeds, db=tmp_path / "kg.lbug", out=tmp_path / "out").start()
    try:
        _open(page, server)
        view = _view(page)
        facts = len(view["facts"])
        retype = _row(view, "USES", "crrc", "deepseek-r1")
        reject = {_row(view, "USES", "crrc", "qwen"), _row(view, "ACHIEVES", "tianyu", "30-percent-a2-crrc")}
        repoint = _row(view, "DEVELOPS", "crrc-qingdao-sifang", "tianyu")
        crrc_name = view["entities"]["crrc"]["name"]
        presses = 0
        for row in range(facts):  # the page starts on the first proposal and `a`/`x` move on
            assert page.js("window.soekg.state.focus") == row
            if row == retype:
                allowed = view["facts"][row]["allowed"]
                _press(page, str(allowed.index("DEPLOYS") + 1), "j")  # one key: the third type allowed
            elif row == repoint:
                _press(page, "f")  # re-point the "from" end: the chooser lists this sentence's names first
                page.page.keyboard.type(crrc_name)
                _press(page, "Enter", "j")
            else:
                _press(page, "x" if row in reject else "a")
            presses += 1
        # A fact the rules missed, between two names of one sentence: m, then the first name
        # (typed to filter), then the second among that sentence's names, then the type.
        _press(page, "m")
        page.page.keyboard.type("Ministry of Industry")
        _press(page, "Enter")
        page.page.keyboard.type("Qingdao")
        _press(page, "Enter", "1")
        _settled(page)
        view = _view(page)
        assert all(f["reviewed"] for f in view["facts"]) and len(view["facts"]) == facts + 1
        assert (
            page.js("document.getElementById('progress').textContent")
            == f"{facts + 1} of {facts + 1} decided"
        )
        _press(page, "Shift+A", "Enter")
        page.page.wait_for_function("() => window.soekg.accepted !== undefined", timeout=120_000)
        assert page.errors == [] and page.dialogs == []
        assert all(
            u.startswith(f"http://127.0.0.1:{server.port}/") or u.startswith("data:") for u in page.requests
        )
        timings = [t["answered"] for t in page.js("window.soekg.timings") if "answered" in t]
        assert len(timings) >= presses
    finally:
        server.stop()
    assert not (seeds / "review" / f"{STEM}.yaml").exists() and (seeds / "reviewed" / f"{STEM}.yaml").exists()
    assert (tmp_path / "kg.lbug").exists()  # the accept rebuilt the database, as --accept does

    # The same decisions made by editing the YAML, then `soekg ingest --accept`.
    by_hand = _copy(ingested, tmp_path / "hand" / "seeds")
    path = by_hand / "review" / f"{STEM}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = (by_hand / "documents" / f"{STEM}.txt").read_text(encoding="utf-8")
    for fact in data["facts"]:
        key = (fact["type"], fact["source"], fact["target"])
        if key in (("USES", "crrc", "qwen"), ("ACHIEVES", "tianyu", "30-percent-a2-crrc")):
            fact["accept"] = False
        elif key == ("USES", "crrc", "deepseek-r1"):
            fact["type"] = "DEPLOYS"
        elif key == ("DEVELOPS", "crrc-qingdao-sifang", "tianyu"):
            fact["source"] = "crrc"
    sentence = next(s for s in text.split("\n") if s.startswith("Xinhua reported"))
    data["facts"].append({"type": "LOCATED_IN", "source": "miit", "target": "qingdao", "evidence": sentence})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ingest([], by_hand, accept=[path], rebuild=False)
    mine, theirs = _graph(seeds), _graph(by_hand)
    assert set(mine[0]) - set(theirs[0]) == set() and set(theirs[0]) - set(mine[0]) == set()
    assert mine == theirs
    for name in ("catalog/ingested.yaml", f"facts/{STEM}.yaml"):
        assert yaml.safe_load((seeds / name).read_text()) == yaml.safe_load((by_hand / name).read_text()), (
            name
        )


HOSTILE = """---
title: <img src=x onerror="window.pwned=1"> report
---
CNPC worked with <script>window.pwned=2</script> Acme<img src=x onerror=window.pwned=3> Technologies Co on a platform.
The Evil<svg onload=window.pwned=4> Platform was launched by CNPC in 2025.
"""


def test_hostile_text_stays_text(page: Page, tmp_path: Path) -> None:
    seeds = _copy(SEEDS, tmp_path / "seeds")
    article = tmp_path / "hostile.md"
    article.write_text(HOSTILE, encoding="utf-8")
    ingest([article], seeds, rebuild=False)
    server = review_server(None, seeds, rebuild=False).start()
    try:
        _open(page, server)
        _press(page, "m")  # the chooser shows names and sentences too
        page.page.wait_for_timeout(200)
        _press(page, "Escape", "?")
        assert page.js("window.pwned") is None
        assert (
            page.js(
                "document.querySelectorAll('#text img, #text script, #text svg, #detail img, h1 img').length"
            )
            == 0
        )
        assert "<img src=x" in page.js("document.getElementById('doc-title').textContent")
        assert "<script>" in page.js("document.getElementById('text').textContent")
        assert page.dialogs == []
    finally:
        server.stop()


def test_the_command_opens_the_browser_and_stops_on_ctrl_c(tmp_path: Path, ingested: Path) -> None:
    seeds = _copy(ingested, tmp_path / "seeds")
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": f"{browser} %s"}
    process = subprocess.Popen([sys.executable, "-m", "kg", "review", "--seeds", str(seeds), "--open", "--no-build"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               preexec_fn=at_a_terminal)  # fmt: skip
    try:
        line = process.stdout.readline() if process.stdout else ""
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
        assert url, line
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text().strip() == url.group(0)
        import http.client
        import json

        port = int(url.group(0).split(":")[2].split("/")[0])
        token = url.group(0).split("token=")[1]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/api/review/0", headers={"X-Soekg-Token": token})
        version = json.loads(connection.getresponse().read())["version"]
        body = json.dumps({"version": version, "op": "reject", "args": {"fact": 0}})
        connection.request("POST", "/api/review/0/decide", body=body,
                           headers={"X-Soekg-Token": token, "Content-Type": "application/json"})  # fmt: skip
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=90)  # a loaded machine stops slowly
    assert process.returncode == 0, err
    assert "stopped" in out and err == ""
    data = yaml.safe_load((seeds / "review" / f"{STEM}.yaml").read_text(encoding="utf-8"))
    assert data["facts"][0]["accept"] is False  # the file whole, with the decision
