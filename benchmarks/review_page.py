"""The review page with a large review: how fast it answers a decision.

A synthetic review of ``proposals`` facts (one sentence each, every one naming a new company and
a catalog SOE) is served by ``soekg review`` and decided in headless Chromium by key presses;
for each press it records the time until the page shows the decision (the handler and the next
frame) and until the file is written and the page holds the server's new state.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from kg.seeds.review_files import review_text
from kg.seeds.yamlio import dump_yaml

SOES = [("cnpc", "CNPC"), ("sinopec", "Sinopec"), ("state-grid", "State Grid"), ("chn-energy", "CHN Energy")]


def synthetic_review(seeds: Path, proposals: int) -> Path:
    """A document and its review file with ``proposals`` PARTNERS_WITH facts, into ``seeds``."""
    import hashlib

    sentences, mentions, candidates, facts = [], [], [], []
    at = 0
    for i in range(proposals):
        key, name = SOES[i % len(SOES)]
        company = f"Acme Robotics {i:04d} Co"
        sentence = f"{name} signed an agreement with {company} on industrial models."
        mentions.append({"text": name, "proposed": key, "entity": key, "rule": "catalog", "score": 100.0,
                         "at": [at]})  # fmt: skip
        mentions.append({"text": company, "proposed": f"acme-{i}", "entity": f"acme-{i}", "rule": "new",
                         "score": 0.0, "at": [at + sentence.index(company)]})  # fmt: skip
        candidates.append({"key": f"acme-{i}", "type": "Company", "name": company, "accept": True})
        facts.append({"type": "PARTNERS_WITH", "source": key, "target": f"acme-{i}", "evidence": sentence,
                      "confidence": 0.7, "rule": "partner", "accept": True})  # fmt: skip
        sentences.append(sentence)
        at += len(sentence) + 1
    text = "\n".join(sentences) + "\n"
    (seeds / "documents" / "bench.txt").write_text(text, encoding="utf-8")
    meta = {"id": "doc-bench", "title": "A large synthetic article", "publisher": None, "author": None,
            "published": "2025", "date_basis": "stated", "language": "en", "url": None,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "note": "benchmark"}  # fmt: skip
    (seeds / "documents" / "bench.meta.yaml").write_text(dump_yaml(meta), encoding="utf-8")
    review = seeds / "review" / "bench.yaml"
    review.parent.mkdir(exist_ok=True)
    data = {"document": "doc-bench", "mentions": mentions, "candidates": candidates, "facts": facts}
    review.write_text(review_text(review, data, "benchmark"), encoding="utf-8")
    return review


def bench_review_page(work: Path, proposals: int = 500, decisions: int = 60) -> dict[str, Any]:
    """Key press to decision shown, and to the file written and the page updated (ms)."""
    from playwright.sync_api import sync_playwright

    from kg.review import review_server

    seeds = work / "seeds"
    shutil.copytree(Path("seeds"), seeds)
    synthetic_review(seeds, proposals)
    server = review_server(None, seeds, rebuild=False).start()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1500, "height": 950})
            started = time.perf_counter()
            page.goto(server.url)
            page.wait_for_function("() => window.soekg && window.soekg.ready === true", timeout=120_000)
            opened = time.perf_counter() - started
            for i in range(decisions):
                page.keyboard.press("a" if i % 3 else "x")
                page.wait_for_function("() => window.soekg.state.busy === 0", timeout=60_000)
            timings = page.evaluate("window.soekg.timings")
            browser.close()
    finally:
        server.stop()
    shown = [t["answered"] for t in timings if "answered" in t]
    written = [t["roundTrip"] for t in timings if "roundTrip" in t]
    server_side = [t["server"] for t in timings if "server" in t]
    return {
        "proposals": proposals,
        "page_open_s": round(opened, 2),
        "decision_shown_ms_median": round(statistics.median(shown), 1),
        "decision_shown_ms_p95": round(sorted(shown)[int(len(shown) * 0.95) - 1], 1),
        "decision_written_ms_median": round(statistics.median(written), 1),
        "decision_written_ms_p95": round(sorted(written)[int(len(written) * 0.95) - 1], 1),
        "of_which_request_ms_median": round(statistics.median(server_side), 1),
    }
