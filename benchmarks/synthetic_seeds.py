"""A synthetic seeds folder of any size, for timing ``soekg build`` end to end.

Deterministic (same size, same files). Shaped like the curated seeds: documents with their
metadata and sha256, a catalog file per node type, one facts file per document citing its own
sentences (sometimes one sentence for two facts, through a YAML anchor). About a quarter of the
facts restate a fact another document states, most often the hubs' ("the commission
supervises the group" in thousands of articles), sometimes with another date: those merge
into one relationship with many sentences, and a dispute.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from pathlib import Path

from benchmarks.synthetic import NODE_SHARE, REL_SHARE

__all__ = ["FACTS_PER_DOCUMENT", "write_seeds"]

FACTS_PER_DOCUMENT = 50
REPEATED = 0.26  # share of facts that restate a fact another document states
_VERBS = ["announced that", "reported that", "confirmed that", "said that", "noted that"]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_seeds(root: Path, facts: int, seed: int = 7) -> dict[str, int]:
    """Write a seeds folder of ``facts`` facts under ``root``; return what it holds.

    >>> import tempfile
    >>> write_seeds(Path(tempfile.mkdtemp()) / "seeds", 500)
    {'documents': 10, 'entities': 200, 'facts': 500}
    """
    rnd = random.Random(seed)
    entity_count = max(200, facts // 8)
    counts = {t: max(2, int(entity_count * share)) for t, share in NODE_SHARE.items()}
    for sub in ("documents", "catalog", "facts"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for node_type, n in counts.items():
        lines = [f"# Synthetic {node_type} entities.\n"]
        lines += [
            f"- {{id: {node_type.lower()}-{i}, type: {node_type}, name: {node_type} {i}}}\n" for i in range(n)
        ]
        (root / "catalog" / f"{node_type.lower()}.yaml").write_text("".join(lines), encoding="utf-8")

    keys, weights = list(REL_SHARE), list(REL_SHARE.values())

    def endpoint(node_type: str, hubs: float) -> str:
        n = counts[node_type]
        rank = int(rnd.paretovariate(1.2)) - 1 if rnd.random() < hubs else n  # a few hubs, many small nodes
        return f"{node_type.lower()}-{rank if rank < n else rnd.randrange(n)}"

    universe: list[tuple[str, str, str]] = []  # the facts stated so far, in order

    def fact() -> tuple[str, str, str]:
        if universe and rnd.random() < REPEATED:  # restated: the popular facts most often
            return universe[min(int(rnd.paretovariate(0.6)) - 1, len(universe) - 1)]
        rel_type, src, dst = rnd.choices(keys, weights)[0]
        universe.append((rel_type, endpoint(src, 0.3), endpoint(dst, 0.05)))
        return universe[-1]

    documents = max(1, -(-facts // FACTS_PER_DOCUMENT))
    for d in range(documents):
        stated: dict[tuple[str, str, str], None] = {}
        while len(stated) < min(FACTS_PER_DOCUMENT, facts - d * FACTS_PER_DOCUMENT):
            stated[fact()] = None  # a document states a fact once
        _write_document(root, d, list(stated), rnd)
    return {"documents": documents, "entities": sum(counts.values()), "facts": facts}


def _write_document(root: Path, d: int, facts: list[tuple[str, str, str]], rnd: random.Random) -> None:
    doc_id = f"doc-{d:06d}"
    sentences: list[str] = []
    rows: list[list[str]] = []  # [the fact's keys, its evidence]
    for k, (rel_type, source, target) in enumerate(facts):
        props = f"{{type: {rel_type}, source: {source}, target: {target}"
        if rnd.random() < 0.5:
            props += f", date: {rnd.randint(2021, 2026)}-{rnd.randint(1, 12):02d}"
        if rel_type == "DEPLOYS":
            props += ", status: deployed"
        if rows and rnd.random() < 0.1 and not rows[-1][1].startswith("*"):
            # The sentence before states this fact too: cited through an anchor, as curators do.
            anchor = f"s{len(rows) - 1}"
            if not rows[-1][1].startswith("&"):
                rows[-1][1] = f"&{anchor} {rows[-1][1]}"
            rows.append([props, f"*{anchor}"])
            continue
        verb = rel_type.lower().replace("_", " ")
        sentence = (
            f"In statement {k} of this report, officials {rnd.choice(_VERBS)} {source} {verb} {target}."
        )
        sentences.append(sentence)
        rows.append([props, _quote(sentence)])
    text = f"Synthetic report {d}\n\n" + "\n".join(sentences) + "\n"
    data = text.encode("utf-8")
    name = f"{d:06d}"
    (root / "documents" / f"{name}.txt").write_bytes(data)
    meta = (f"id: {doc_id}\ntitle: Synthetic report {d}\npublisher: Synthetic News\n"
            f"published: \"{2021 + d % 6}-{1 + d % 12:02d}\"\ndate_basis: stated\nlanguage: en\n"
            f"sha256: {hashlib.sha256(data).hexdigest()}\n")  # fmt: skip
    (root / "documents" / f"{name}.meta.yaml").write_text(meta, encoding="utf-8")
    body = "".join(f"  - {props}, evidence: {evidence}}}\n" for props, evidence in rows)
    (root / "facts" / f"{name}.yaml").write_text(f"document: {doc_id}\nfacts:\n{body}", encoding="utf-8")


def facts_by_type(root: Path) -> dict[str, int]:
    """Facts per relationship type in a written folder (a quick count, for the benchmark's report)."""
    out: dict[str, int] = defaultdict(int)
    for path in (root / "facts").glob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("  - {type: "):
                out[line.split(",", 1)[0].removeprefix("  - {type: ")] += 1
    return dict(out)
